import fs from 'node:fs';
import type { PackageRef } from '../../src/model';
import { parseDockerfile } from '../../src/sources/dockerfile';
import type { DockerfileManifest } from '../../src/sources/dockerfile';
import { fixturePath } from '../helpers/shared';

function parseFixture(name: string): DockerfileManifest {
  return parseDockerfile(fs.readFileSync(fixturePath('dockerfile', name), 'utf8'), `docker/${name}`);
}

function brief(ref: PackageRef): Record<string, unknown> {
  return {
    eco: ref.ecosystem,
    name: ref.name,
    ...(ref.version !== undefined ? { version: ref.version } : {}),
    ...(ref.specifier !== undefined ? { specifier: ref.specifier } : {}),
    ...(ref.unvettable !== undefined ? { unvettable: ref.unvettable.kind } : {}),
    line: ref.location.line,
  };
}

describe('parseDockerfile on real demisto/dockerfiles files', () => {
  test('pip install -r inside an && chain with continuations becomes an include on its physical line', () => {
    const m = parseFixture('pip-requirements-in-and-chain.Dockerfile');
    expect(m.kind).toBe('Dockerfile');
    expect(m.packages).toEqual([]);
    expect(m.includes).toEqual([{ kind: 'requirements', path: 'requirements.txt', location: { file: 'docker/pip-requirements-in-and-chain.Dockerfile', line: 11, column: 34 } }]);
    expect(m.stages).toHaveLength(1);
    expect(m.stages[0]).toMatchObject({ image: 'demisto/python3:3.12.13.10404775', namespace: 'demisto', repository: 'python3', tag: '3.12.13.10404775', line: 3 });
    expect(m.stages[0]?.includeIndexes).toEqual([0]);
    expect(m.finalStage).toBe(0);
  });

  test('multi-stage with ARGs in FROM: both stages resolved from the global ARG defaults', () => {
    const m = parseFixture('multi-stage-arg-in-from.Dockerfile');
    expect(m.stages.map((s) => [s.image, s.resolvedImage, s.alias, s.registry, s.repository, s.tag, s.line])).toEqual([
      ['registry.access.redhat.com/${BASE_UBI_VERSION}:${BASE_UBI_TAG}', 'registry.access.redhat.com/ubi9:9.4', 'build', 'registry.access.redhat.com', 'ubi9', '9.4', 4],
      ['registry.access.redhat.com/${BASE_UBI_VERSION}:${BASE_UBI_TAG}', 'registry.access.redhat.com/ubi9:9.4', undefined, 'registry.access.redhat.com', 'ubi9', '9.4', 57],
    ]);
    expect(m.finalStage).toBe(1);
    expect(m.args.map((a) => [a.name, a.default, a.line])).toEqual([
      ['BASE_UBI_TAG', '9.4', 1],
      ['BASE_UBI_VERSION', 'ubi9', 2],
      ['PYTHON_VERSION_TO_INSTALL', '3.11.9', 23],
    ]);
    // pip3.11 install -r in the build stage; pip install --upgrade setuptools in the final one.
    expect(m.includes.map((i) => [i.path, i.location.line])).toEqual([['requirements.txt', 55]]);
    expect(m.stages[0]?.includeIndexes).toEqual([0]);
    expect(m.packages.map(brief)).toEqual([{ eco: 'PyPI', name: 'setuptools', line: 108 }]);
    expect(m.stages[1]?.packageIndexes).toEqual([0]);
  });

  test('python3 -m pip install -r, npm install -g with version and latest, npm ci adds no package', () => {
    const m = parseFixture('python-m-pip-and-npm-global.Dockerfile');
    expect(m.includes.map((i) => [i.kind, i.path, i.location.line])).toEqual([['requirements', 'requirements.txt', 35]]);
    expect(m.packages.map((p) => ({ ...brief(p), group: p.group }))).toEqual([
      { eco: 'npm', name: 'npm', specifier: 'latest', line: 36, group: 'global' },
      { eco: 'npm', name: 'jsdoc-to-markdown', version: '9.1.3', line: 38, group: 'global' },
    ]);
  });

  test('comment lines inside a continuation are dropped; VCS install is unvettable; quoted spec is a specifier', () => {
    const m = parseFixture('vcs-spec-and-comments-in-continuation.Dockerfile');
    expect(m.packages.map(brief)).toEqual([
      { eco: 'PyPI', name: 'vsphere-automation-sdk-python', unvettable: 'vcs', line: 10 },
      { eco: 'PyPI', name: 'cryptography', specifier: '>=39.0.1', line: 11 },
    ]);
    expect(m.packages[0]?.unvettable?.reference).toBe('git+https://github.com/vmware/vsphere-automation-sdk-python.git@v8.0.2.0');
    expect(m.includes).toHaveLength(1);
  });

  test('npm install with exact version, in a RUN whose echo writes JSON', () => {
    const m = parseFixture('npm-install-pinned.Dockerfile');
    expect(m.packages.map(brief)).toEqual([
      { eco: 'npm', name: 'npm', version: '8.19.4', line: 32 },
      { eco: 'npm', name: 'puppeteer', version: '5.3.1', line: 37 },
    ]);
    expect(m.packages[0]?.group).toBe('global');
    expect(m.packages[1]?.group).toBeUndefined();
  });

  test('a Dockerfile with no pip or npm has no packages or includes', () => {
    const m = parseFixture('no-pip.Dockerfile');
    expect(m.packages).toEqual([]);
    expect(m.includes).toEqual([]);
    expect(m.stages).toHaveLength(1);
  });

  test('unquoted wheel>=0.46.2 is what sh does: wheel unconstrained, plus a warning', () => {
    const m = parseFixture('unquoted-spec-read-as-redirect.Dockerfile');
    expect(m.packages.map(brief)).toEqual([
      { eco: 'PyPI', name: 'setuptools', line: 18 },
      { eco: 'PyPI', name: 'wheel', line: 19 },
    ]);
    expect(m.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'shell-redirect-in-spec', location: { file: 'docker/unquoted-spec-read-as-redirect.Dockerfile', line: 19 } }),
    ]);
  });

  test('pip install of a pin, an upgrade and a tarball URL', () => {
    const m = parseFixture('pip-url-and-upgrade.Dockerfile');
    expect(m.packages.map(brief)).toEqual([
      { eco: 'PyPI', name: 'pip', version: '24.0', line: 15 },
      { eco: 'PyPI', name: 'pip', line: 17 },
      {
        eco: 'PyPI',
        name: 'https://github.com/vmware/vsphere-automation-sdk-python/archive/refs/tags/v7.0.3.2.tar.gz',
        unvettable: 'url',
        line: 18,
      },
      { eco: 'PyPI', name: 'azure-storage-blob', line: 19 },
    ]);
    expect(m.packages[2]?.normalizedName).toBe('');
  });

  test('a local sdist is unvettable but keeps the name and version its file name gives', () => {
    const m = parseFixture('pip-local-archive.Dockerfile');
    expect(m.packages.map(brief)).toEqual([{ eco: 'PyPI', name: 'demisto_ml', version: '0.2', unvettable: 'path', line: 30 }]);
    expect(m.packages[0]?.normalizedName).toBe('demisto-ml');
    expect(m.stages.map((s) => s.alias)).toEqual(['files-src', undefined]);
    expect(m.stages[1]?.packageIndexes).toEqual([0]);
    expect(m.stages[0]?.packageIndexes).toEqual([]);
  });

  test('npm -g --save with a bare name, and @latest tags', () => {
    const m = parseFixture('npm-global-tags.Dockerfile');
    expect(m.packages.map((p) => ({ ...brief(p), group: p.group }))).toEqual([
      { eco: 'npm', name: 'npm', specifier: 'latest', line: 13, group: 'global' },
      { eco: 'npm', name: 'cyberchef-node', specifier: '*', line: 15, group: 'global' },
      { eco: 'npm', name: 'jsonpath-plus', specifier: 'latest', line: 17, group: undefined },
    ]);
  });

  test('npm install of a git URL is unvettable with no known name', () => {
    const m = parseFixture('npm-git-spec.Dockerfile');
    expect(m.packages.map(brief)).toEqual([
      { eco: 'npm', name: 'https://github.com/shakiba/svgexport#4c144c589050c039cbfc83a37d8e6d1f6f35bd27', unvettable: 'vcs', line: 22 },
    ]);
    expect(m.packages[0]?.normalizedName).toBe('');
  });

  test('several quoted specs in one pip install', () => {
    const m = parseFixture('pip-quoted-specifiers.Dockerfile');
    expect(m.packages.map(brief)).toEqual([
      { eco: 'PyPI', name: 'pyopenssl', specifier: '>=26.0.0', line: 9 },
      { eco: 'PyPI', name: 'cryptography', specifier: '>=48.0.1', line: 9 },
      { eco: 'PyPI', name: 'urllib3', specifier: '>=2.6.3', line: 9 },
    ]);
    expect(m.packages.every((p) => p.relation === 'direct')).toBe(true);
  });
});

describe('parseDockerfile syntax', () => {
  test('heredoc RUN bodies are shell scripts; another interpreter\'s heredoc is not', () => {
    const m = parseFixture('heredoc-run.Dockerfile');
    expect(m.packages.map(brief)).toEqual([
      { eco: 'PyPI', name: 'requests', version: '2.31.0', line: 6 },
      { eco: 'PyPI', name: 'flask', specifier: '>=3', line: 13 },
    ]);
    expect(m.stages).toHaveLength(1);
  });

  test('# escape=` makes the backtick the continuation character', () => {
    const m = parseFixture('escape-backtick-directive.Dockerfile');
    expect(m.packages.map(brief)).toEqual([{ eco: 'PyPI', name: 'six', version: '1.16.0', line: 4 }]);
    expect(m.stages[0]).toMatchObject({ registry: 'mcr.microsoft.com', namespace: 'windows', repository: 'servercore', tag: 'ltsc2022' });
  });

  test('exec form, split over lines, and ["sh","-c", script]', () => {
    const m = parseFixture('exec-form.Dockerfile');
    expect(m.packages.map(brief)).toEqual([
      { eco: 'PyPI', name: 'attrs', version: '23.1.0', line: 3 },
      { eco: 'PyPI', name: 'idna', line: 4 },
      { eco: 'npm', name: 'left-pad', version: '1.3.0', line: 4 },
    ]);
  });

  test('prefixes, options with and without values, index URLs, editables, uv, npm specs and unresolved FROM args', () => {
    const m = parseFixture('prefixes-options-and-specs.Dockerfile');
    const file = 'docker/prefixes-options-and-specs.Dockerfile';
    expect(m.stages[0]).toMatchObject({
      image: '${REGISTRY:-quay.io}/library/python:${TAG:-3.11}@sha256:abc123',
      resolvedImage: 'docker.io/library/python:3.11@sha256:abc123',
      registry: 'docker.io',
      namespace: 'library',
      repository: 'python',
      tag: '3.11',
      digest: 'sha256:abc123',
      alias: 'builder',
      platform: 'linux/amd64',
      unresolvedArgs: [],
    });
    expect(m.stages[1]).toMatchObject({ image: 'builder', fromStage: 0 });
    expect(m.stages[2]).toMatchObject({ image: '$UNKNOWN_BASE', alias: 'final', unresolvedArgs: ['UNKNOWN_BASE'] });
    expect(m.stages[2]?.resolvedImage).toBeUndefined();
    expect(m.finalStage).toBe(2);
    expect(m.args.map((a) => a.name)).toEqual(['REGISTRY', 'TAG', 'PKG_VERSION']);

    expect(m.indexes).toEqual([
      { url: 'https://mirror.example/simple', role: 'primary', location: { file, line: 5 } },
      { url: 'https://extra.example/simple', role: 'extra', location: { file, line: 5 } },
      { url: 'https://npm.example/', role: 'primary', location: { file, line: 14 } },
    ]);
    expect(m.includes).toEqual([
      { kind: 'constraints', path: 'constraints.txt', location: { file, line: 6, column: 36 } },
      { kind: 'requirements', path: 'req/base.txt', location: { file, line: 11, column: 22 } },
    ]);
    const pypi = m.packages.filter((p) => p.ecosystem === 'PyPI');
    expect(pypi.map(brief)).toEqual([
      { eco: 'PyPI', name: 'requests', specifier: '>=2.0,<3', line: 6 },
      { eco: 'PyPI', name: 'mypkg', version: '1.2.3', line: 8 },
      { eco: 'PyPI', name: 'proj', unvettable: 'editable', line: 9 },
      { eco: 'PyPI', name: 'uvpkg', specifier: '~=1.4', line: 10 },
      { eco: 'PyPI', name: './local/dir', unvettable: 'path', line: 10 },
      { eco: 'PyPI', name: 'pkg', version: '2.0', unvettable: 'url', line: 10 },
      // The stage's ARG default, as `docker build` without --build-arg passes it; an undeclared variable stays as written.
      { eco: 'PyPI', name: 'other', version: '1.0', line: 11 },
      { eco: 'PyPI', name: 'third', specifier: '==$SET_BY_THE_BUILD', line: 11 },
    ]);
    expect(pypi[0]).toMatchObject({ extras: ['socks'], marker: "python_version >= '3.8'", index: 'https://mirror.example/simple' });
    expect(pypi[1]?.index).toBeUndefined();
    const npm = m.packages.filter((p) => p.ecosystem === 'npm');
    expect(npm.map((p) => ({ ...brief(p), group: p.group }))).toEqual([
      { eco: 'npm', name: '@scope/tool', specifier: '^2.1.0', line: 13, group: 'dev' },
      { eco: 'npm', name: 'real-pkg', version: '1.0.0', line: 13, group: 'dev' },
      { eco: 'npm', name: 'user/repo', unvettable: 'vcs', line: 13, group: 'dev' },
      { eco: 'npm', name: './tarball.tgz', unvettable: 'path', line: 13, group: 'dev' },
      { eco: 'npm', name: 'plain', specifier: 'next', line: 14, group: undefined },
    ]);
    expect(npm[4]?.index).toBe('https://npm.example/');
    expect(m.stages[1]?.packageIndexes).toHaveLength(5);
    const codes = m.diagnostics.map((d) => [d.code, d.location.line]);
    expect(codes).toEqual(expect.arrayContaining([['shell-variable', 11], ['pip-option-unknown', 11]]));
  });

  test('a pip spec that is not PEP 508 is reported at its line and column, not silently dropped', () => {
    const m = parseDockerfile('FROM python\nRUN pip install ok==1 "bad spec!!"\n', 'Dockerfile');
    expect(m.packages.map((p) => p.name)).toEqual(['ok']);
    expect(m.diagnostics).toEqual([
      { severity: 'error', code: 'pip-spec-invalid', message: "'bad spec!!' is not a valid requirement: expected a version specifier, '[', '@', ';' or end after name, found 's'", location: { file: 'Dockerfile', line: 2, column: 28 } },
    ]);
  });

  test('commands that only mention pip are not installs', () => {
    const m = parseDockerfile(
      'FROM python\nRUN pip uninstall -y foo && echo pip install x && pip list && pip download y && npm cache clean --force\n',
      'Dockerfile',
    );
    expect(m.packages).toEqual([]);
  });

  test.each([
    ['hostile-heredoc-unclosed.Dockerfile', { line: 2, column: 5 }, 'heredoc-unclosed', /^heredoc <<EOF is not closed$/],
    ['unknown-instruction.Dockerfile', { line: 2, column: 1 }, 'instruction-invalid', /^unknown instruction: foo$/],
    ['no-from.Dockerfile', { line: 1 }, 'instruction-invalid', /^no FROM instruction/],
  ])('%s is an error diagnostic at %j, not a throw', (name, place, code, message) => {
    const manifest = parseFixture(name);
    const errors = manifest.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([{ severity: 'error', code, message: expect.stringMatching(message), location: { file: `docker/${name}`, ...place } }]);
  });

  test('one bad instruction or spec never hides the rest of the Dockerfile', () => {
    const m = parseDockerfile('FROM alpine\nfoo bar\nRUN pip install a==1 b=2 c==3\nFROM python:3.12 AS x y\nRUN pip install d==4\nFROM\nRUN <<EOF\npip install e==5\n', 'Dockerfile');
    expect(m.packages.map((p) => `${p.name}==${p.version}`)).toEqual(['a==1', 'c==3', 'd==4', 'e==5']);
    expect(m.stages.map((stage) => stage.image)).toEqual(['alpine', 'python:3.12']);
    expect(m.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.location])).toEqual([
      ['instruction-invalid', { file: 'Dockerfile', line: 2, column: 1 }],
      ['heredoc-unclosed', { file: 'Dockerfile', line: 7, column: 5 }],
      ['pip-spec-invalid', { file: 'Dockerfile', line: 3, column: 23 }],
      ['instruction-invalid', { file: 'Dockerfile', line: 4, column: 23 }],
      ['instruction-invalid', { file: 'Dockerfile', line: 6, column: 5 }],
    ]);
  });

  test('CRLF line endings give the same result as LF', () => {
    const text = fs.readFileSync(fixturePath('dockerfile', 'vcs-spec-and-comments-in-continuation.Dockerfile'), 'utf8');
    expect(parseDockerfile(text.replace(/\n/g, '\r\n'), 'f').packages).toEqual(parseDockerfile(text, 'f').packages);
  });
});

describe('parseDockerfile: ARG and ENV in RUN, as docker build without --build-arg', () => {
  const pypi = (text: string) => parseDockerfile(text, 'Dockerfile').packages.map((p) => `${p.name} ${p.version ?? p.specifier ?? ''}`.trim());

  it("expands a stage's ARG defaults and ENV values, ENV winning over an ARG of the same name", () => {
    const text = [
      'FROM python:3.11',
      'ARG REQUESTS_VERSION=2.31.0',
      'ENV TOOLS="httpie==3.2.2 black" LEVEL=1',
      'ARG LEVEL=2',
      'ENV PIP_SPEC=pyyaml==${PYYAML:-6.0.1}',
      'RUN pip install requests==${REQUESTS_VERSION} $TOOLS "$PIP_SPEC" level==$LEVEL',
    ].join('\n');
    expect(pypi(text)).toEqual(['requests 2.31.0', 'httpie 3.2.2', 'black', 'pyyaml 6.0.1', 'level 1']);
    expect(parseDockerfile(text, 'Dockerfile').diagnostics).toEqual([]);
  });

  it('a global ARG reaches a RUN only when the stage declares it again; ENV carries into FROM <stage>, ARG does not', () => {
    const text = [
      'ARG VERSION=1.0',
      'FROM python:3.11 AS base',
      'ENV FROM_ENV=2.0',
      'ARG LOCAL=3.0',
      'RUN pip install a==$VERSION',
      'FROM base',
      'ARG VERSION',
      'RUN pip install b==$VERSION c==$FROM_ENV d==$LOCAL',
    ].join('\n');
    expect(pypi(text)).toEqual(['a ==$VERSION', 'b 1.0', 'c 2.0', 'd ==$LOCAL']);
    const warned = parseDockerfile(text, 'Dockerfile').diagnostics.filter((d) => d.code === 'shell-variable').map((d) => d.location.line);
    expect(warned).toEqual([5, 8]);
  });

  it('an ARG without a default stays as written (the build passes it), and exec form is never expanded', () => {
    const text = ['FROM python:3.11', 'ARG FROM_BUILD', 'ENV V=1.0', 'RUN pip install a==$FROM_BUILD', 'RUN ["pip", "install", "b==$V"]'].join('\n');
    expect(pypi(text)).toEqual(['a ==$FROM_BUILD']);
    // No shell runs an exec-form RUN: pip gets `b==$V` literally, which is no requirement at all.
    expect(parseDockerfile(text, 'Dockerfile').diagnostics.find((d) => d.code === 'pip-spec-invalid')?.message).toContain("'b==$V'");
  });

  it('reads the legacy ENV form and expands variables in heredoc scripts', () => {
    const text = ['FROM python:3.11', 'ENV SIX_VERSION 1.16.0', 'RUN <<EOF', 'pip install six==$SIX_VERSION', 'EOF'].join('\n');
    expect(pypi(text)).toEqual(['six 1.16.0']);
  });
});

