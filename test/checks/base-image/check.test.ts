import fs from 'node:fs';
import { checkBaseImages } from '../../../src/checks/base-image/check';
import { defaultBasePolicy, type BaseImagePolicy } from '../../../src/checks/base-image/policy';
import { UsageError } from '../../../src/errors';
import type { Finding } from '../../../src/findings';
import { parseDockerfile } from '../../../src/sources/dockerfile';
import { fixturePath } from '../../helpers/shared';

function judge(fixture: string, policy: BaseImagePolicy = defaultBasePolicy('demisto'), image?: string): Finding[] {
  const file = `base-image/${fixture}`;
  const manifest = parseDockerfile(fs.readFileSync(fixturePath('base-image', fixture), 'utf8'), file);
  return checkBaseImages([{ manifest, ...(image !== undefined ? { image } : {}) }], policy);
}

function brief(findings: Finding[]): string[] {
  return findings.map((f) => `${f.kind}@${f.location?.line}`);
}

describe('defaultBasePolicy', () => {
  it('allows the tree namespace and the official python image, requires a tag, not a digest', () => {
    expect(defaultBasePolicy('demisto')).toEqual({ allowed: ['demisto/', 'python'], requireTag: true, requireDigest: false });
    expect(defaultBasePolicy('demisto/')).toEqual(defaultBasePolicy('demisto'));
    expect(defaultBasePolicy(undefined).allowed).toEqual(['python']);
  });
});

describe('checkBaseImages', () => {
  it('judges every stage: a foreign build stage is reported, a FROM naming an earlier stage is not', () => {
    const findings = judge('multi-stage-with-alias-and-foreign-build-stage.Dockerfile', defaultBasePolicy('demisto'), 'yolo');
    expect(brief(findings)).toEqual(['base-not-allowed@2']);
    const [finding] = findings as [Finding];
    expect(finding).toMatchObject({
      check: 'base-image',
      severity: 'high',
      location: { file: 'base-image/multi-stage-with-alias-and-foreign-build-stage.Dockerfile', line: 2 },
      evidence: {
        image: 'alpine:3.18',
        resolved: null,
        registry: null,
        namespace: null,
        repository: 'alpine',
        tag: '3.18',
        digest: null,
        canonical: 'docker.io/library/alpine',
        rule: 'allowed: demisto/, python',
        stage: 0,
        alias: 'files-src',
        finalStage: false,
        dockerImage: 'yolo',
      },
    });
    expect(finding.message).toContain('yolo: FROM of build stage files-src alpine:3.18');
  });

  it('reports an ARG without default as unresolvable (could not verify), with the ARG named', () => {
    const findings = judge('arg-without-default-in-from.Dockerfile');
    // The repository is literal and allowed; only the tag is unknown.
    expect(brief(findings)).toEqual(['base-unresolvable@2']);
    expect(findings[0]).toMatchObject({ severity: 'medium', evidence: { unresolvedArgs: ['BASE_TAG'], image: 'demisto/python3:${BASE_TAG}' } });
    expect(String(findings[0]?.evidence.explanation)).toMatch(/could not be checked/);
  });

  it('does not judge the allow-list when the registry or namespace itself is a variable', () => {
    const findings = judge('arg-without-default-in-registry.Dockerfile');
    expect(brief(findings)).toEqual(['base-unresolvable@2']);
    expect(findings[0]?.evidence.canonical).toBeNull();
  });

  it('resolves ARG defaults and judges the resolved image in every stage', () => {
    const findings = judge('arg-defaults-resolve-to-foreign-registry.Dockerfile');
    expect(brief(findings)).toEqual(['base-not-allowed@3', 'base-not-allowed@5']);
    expect(findings[1]?.evidence).toMatchObject({
      image: 'registry.access.redhat.com/${BASE_UBI_VERSION}:${BASE_UBI_TAG}',
      resolved: 'registry.access.redhat.com/ubi9:9.4',
      registry: 'registry.access.redhat.com',
      repository: 'ubi9',
      tag: '9.4',
      canonical: 'registry.access.redhat.com/ubi9',
      resolvedFrom: 'ARG defaults',
      finalStage: true,
    });
    // Allowing the registry path clears both stages.
    expect(judge('arg-defaults-resolve-to-foreign-registry.Dockerfile', { allowed: ['registry.access.redhat.com/'], requireTag: true, requireDigest: false })).toEqual([]);
  });

  it('reports a missing tag and `latest` as untagged; the official image in any spelling is allowed', () => {
    const findings = judge('untagged-and-latest-bases.Dockerfile');
    expect(brief(findings)).toEqual(['base-untagged@1', 'base-untagged@2']);
    expect(findings.map((f) => f.severity)).toEqual(['medium', 'medium']);
    expect(findings[0]?.message).toMatch(/no tag/);
    expect(findings[1]?.message).toMatch(/latest/);
    expect(judge('untagged-and-latest-bases.Dockerfile', { allowed: ['demisto/', 'python'], requireTag: false, requireDigest: false })).toEqual([]);
  });

  it('accepts scratch and a digest-only reference; requires a digest only when asked', () => {
    expect(judge('scratch-and-digest-pinned.Dockerfile')).toEqual([]);
    const strict = { allowed: ['demisto/', 'python'], requireTag: true, requireDigest: true };
    expect(judge('scratch-and-digest-pinned.Dockerfile', strict)).toEqual([]);
    const findings = judge('untagged-and-latest-bases.Dockerfile', strict);
    expect(brief(findings)).toEqual(['base-untagged@1', 'base-no-digest@1', 'base-untagged@2', 'base-no-digest@2', 'base-no-digest@3']);
    expect(findings.filter((f) => f.kind === 'base-no-digest').every((f) => f.severity === 'low')).toBe(true);
  });

  it('matches registry paths exactly and namespace prefixes by prefix', () => {
    expect(brief(judge('registry-path-base.Dockerfile'))).toEqual(['base-not-allowed@1']);
    expect(judge('registry-path-base.Dockerfile', { allowed: ['mcr.microsoft.com/powershell'], requireTag: true, requireDigest: false })).toEqual([]);
    expect(judge('registry-path-base.Dockerfile', { allowed: ['mcr.microsoft.com/'], requireTag: true, requireDigest: false })).toEqual([]);
    // A longer name sharing the text of an exact entry is a different repository.
    expect(brief(judge('registry-path-base.Dockerfile', { allowed: ['mcr.microsoft.com/power'], requireTag: true, requireDigest: false }))).toEqual(['base-not-allowed@1']);
  });

  it('does not let a namespace prefix match a longer namespace (demisto/ vs devdemisto/)', () => {
    const manifest = parseDockerfile('FROM devdemisto/gitlab-content-ci:1.0.0.1\nFROM demistox/python3:3.12\nFROM demisto/python3:3.12.1\n', 'x/Dockerfile');
    expect(brief(checkBaseImages([{ manifest }], defaultBasePolicy('demisto')))).toEqual(['base-not-allowed@1', 'base-not-allowed@2']);
  });

  it('treats docker.io spellings of the same repository as one and keeps registries apart', () => {
    const manifest = parseDockerfile(
      'FROM library/python:3.12 AS a\nFROM docker.io/library/python:3.12 AS b\nFROM index.docker.io/library/python:3.12 AS c\nFROM ghcr.io/library/python:3.12 AS d\nFROM docker.io/demisto/python3:3.12.1\n',
      'y/Dockerfile',
    );
    expect(brief(checkBaseImages([{ manifest }], defaultBasePolicy('demisto')))).toEqual(['base-not-allowed@4']);
  });

  it('gives each finding a stable package key naming the image', () => {
    const [finding] = judge('registry-path-base.Dockerfile');
    expect(finding?.package).toEqual({ ecosystem: 'PyPI', name: 'mcr.microsoft.com/powershell:7.5-alpine-3.20', normalizedName: 'mcr.microsoft.com/powershell:7.5-alpine-3.20' });
  });

  it('refuses malformed allow-list entries with a usage error', () => {
    const manifest = parseDockerfile('FROM python:3.12\n', 'z/Dockerfile');
    for (const bad of ['', 'python:3.12', 'python@sha256:00', '${NS}/', 'a b']) {
      expect(() => checkBaseImages([{ manifest }], { allowed: [bad], requireTag: true, requireDigest: false })).toThrow(UsageError);
    }
  });
});
