// Base-image policy: every FROM of every build stage must name an allowed registry/namespace, an explicit tag
// (not `latest`) and, when required, a digest. A FROM naming an earlier stage, and `scratch`, are fine. A FROM
// whose ARG has no default cannot be verified: that is reported (never passed as clean).
import type { Finding, Severity } from '../../findings';
import type { DockerfileManifest, DockerStage } from '../../sources/dockerfile';
import { allowingRule, canonicalRepository, compileAllowed, type AllowRule, type BaseImagePolicy } from './policy';

export type BaseImageFindingKind = 'base-not-allowed' | 'base-untagged' | 'base-no-digest' | 'base-unresolvable';

export const BASE_IMAGE_SEVERITY: Record<BaseImageFindingKind, Severity> = {
  'base-not-allowed': 'high',
  'base-untagged': 'medium',
  'base-no-digest': 'low',
  // Could not verify: as serious as an untagged base, since it may be anything at build time.
  'base-unresolvable': 'medium',
};

export interface DockerfileInput {
  /** The image (folder name) this Dockerfile builds, when scanning a tree. */
  image?: string;
  manifest: DockerfileManifest;
}

export function checkBaseImages(dockerfiles: DockerfileInput[], policy: BaseImagePolicy): Finding[] {
  const rules = compileAllowed(policy.allowed);
  const findings: Finding[] = [];
  for (const dockerfile of dockerfiles) {
    dockerfile.manifest.stages.forEach((stage, index) => {
      for (const finding of judgeStage(dockerfile, stage, index, rules, policy)) findings.push(finding);
    });
  }
  return findings;
}

function judgeStage(dockerfile: DockerfileInput, stage: DockerStage, index: number, rules: AllowRule[], policy: BaseImagePolicy): Finding[] {
  // `FROM builder` builds on an earlier stage, whose own FROM is judged where it is written.
  if (stage.fromStage !== undefined) return [];
  const effective = stage.resolvedImage ?? stage.image;
  if (effective.toLowerCase() === 'scratch') return [];

  const unresolved = stage.unresolvedArgs.length > 0;
  // With unresolved ARGs the stage's parts are those of the text as written; a part holding `$` is unknown.
  const pathKnown = ![stage.registry, stage.namespace, stage.repository].some((part) => part?.includes('$'));
  const canonical = pathKnown ? canonicalRepository(stage) : undefined;
  const rule = canonical !== undefined ? allowingRule(rules, canonical) : undefined;
  const isFinal = index === dockerfile.manifest.finalStage;
  const allowedText = rules.map((r) => r.entry).join(', ');
  const evidence = (ruleText: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    image: stage.image,
    resolved: stage.resolvedImage ?? null,
    registry: stage.registry ?? null,
    namespace: stage.namespace ?? null,
    repository: stage.repository,
    tag: stage.tag ?? null,
    digest: stage.digest ?? null,
    canonical: canonical ?? null,
    rule: ruleText,
    stage: index,
    alias: stage.alias ?? null,
    finalStage: isFinal,
    ...(dockerfile.image !== undefined ? { dockerImage: dockerfile.image } : {}),
    // ARG defaults can be overridden with --build-arg; what is judged is the value the Dockerfile gives.
    ...(stage.resolvedImage !== undefined ? { resolvedFrom: 'ARG defaults' } : {}),
    ...extra,
  });
  const where = `${isFinal ? 'FROM' : `FROM of build stage ${stage.alias ?? index}`} ${stage.image}`;
  const make = (kind: BaseImageFindingKind, message: string, ev: Record<string, unknown>): Finding => ({
    check: 'base-image',
    kind,
    severity: BASE_IMAGE_SEVERITY[kind],
    package: packageKeyOf(effective, canonical, stage.tag),
    message: `${dockerfile.image !== undefined ? `${dockerfile.image}: ` : ''}${where}: ${message}`,
    evidence: ev,
    location: { file: dockerfile.manifest.file, line: stage.line },
  });

  const out: Finding[] = [];
  if (unresolved) {
    out.push(
      make(
        'base-unresolvable',
        `cannot verify the base image: ARG ${stage.unresolvedArgs.join(', ')} has no default, so the image is only known at build time`,
        evidence('ARG used in FROM must have a default', {
          unresolvedArgs: stage.unresolvedArgs,
          explanation: 'The base image depends on build arguments with no default value; depvet cannot tell which image is used, so the allow-list, tag and digest rules could not be checked.',
        }),
      ),
    );
  }
  if (canonical !== undefined && rule === undefined) {
    out.push(make('base-not-allowed', `${canonical} is not an allowed base image (allowed: ${allowedText || 'none'})`, evidence(`allowed: ${allowedText || 'none'}`)));
  }
  const tagKnown = !(stage.tag ?? '').includes('$');
  if (policy.requireTag && tagKnown && stage.digest === undefined) {
    if (stage.tag === undefined || stage.tag === '') {
      out.push(make('base-untagged', 'no tag: the build takes whatever `latest` is at build time', evidence('explicit tag required (not latest)')));
    } else if (stage.tag.toLowerCase() === 'latest') {
      out.push(make('base-untagged', 'tag `latest` moves: pin an explicit version tag', evidence('explicit tag required (not latest)')));
    }
  }
  // Without `@` in the text the digest is certainly missing, even if other parts are unresolved.
  if (policy.requireDigest && stage.digest === undefined && !stage.image.includes('@')) {
    out.push(make('base-no-digest', 'no @sha256 digest: the tag may be moved to a different image', evidence('digest required')));
  }
  return out;
}

/**
 * Base images are not registry packages; PackageKey has no container ecosystem, so the image reference stands
 * in as the name (`python:3.12`) and its canonical form as the identity, which keeps reports grouping per image.
 */
function packageKeyOf(effective: string, canonical: string | undefined, tag: string | undefined): Finding['package'] {
  const identity = canonical !== undefined ? `${canonical}${tag !== undefined ? `:${tag}` : ''}` : effective;
  return { ecosystem: 'PyPI', name: effective, normalizedName: identity.toLowerCase() };
}
