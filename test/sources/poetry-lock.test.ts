import fc from 'fast-check';
import { stringify as stringifyToml } from 'smol-toml';
import { parsePoetryLock } from '../../src/sources/poetry-lock';
import { errorsIn } from '../helpers/errors';
import { byName, manifestFixtures } from '../helpers/manifest-fixtures';
import { mutatedText, parseOutcome } from '../helpers/fuzz';
import { LINEAR_GROWTH_BOUND, workGrowth } from '../helpers/work';

const { names: FIXTURES, read: readFixture, parse: parseFixture } = manifestFixtures('poetry-lock', parsePoetryLock, '.poetry.lock');


describe('parsePoetryLock on corpus files', () => {
  it('reads lock-version 1.1: category as group, hashes from [metadata.files] (threatconnect-py3-sdk)', () => {
    const manifest = parseFixture('lock-1.1-category-metadata-files.poetry.lock');
    expect(manifest.kind).toBe('poetry.lock');
    expect(manifest.pythonVersion).toBe('*');
    expect(manifest.packages.map((p) => [p.name, p.version, p.location.line])).toEqual([
      ['certifi', '2021.10.8', 2],
      ['chardet', '3.0.4', 10],
      ['idna', '2.8', 18],
      ['python-dateutil', '2.8.2', 26],
      ['pytz', '2022.6', 37],
      ['requests', '2.21.0', 45],
      ['six', '1.16.0', 63],
      ['threatconnect', '2.4.21', 71],
      ['urllib3', '1.22', 84],
    ]);
    expect(byName(manifest, 'python-dateutil')).toEqual({
      ecosystem: 'PyPI',
      name: 'python-dateutil',
      normalizedName: 'python-dateutil',
      version: '2.8.2',
      extras: [],
      relation: 'transitive',
      group: 'main',
      location: { file: 'img/lock-1.1-category-metadata-files.poetry.lock', line: 26 },
      hashes: [
        'sha256:0123cacc1627ae19ddf3c27a5de5bd67ee4586fbdd6440d9748f8abb483d3e86',
        'sha256:961d03dc3453ebbc59dbdea9e4e11c5651520a876d0f4db161e8674aae935da9',
      ],
    });
    expect(byName(manifest, 'threatconnect').hashes).toEqual(['sha256:4494ea8d7fb6e63198dde1e63d9dcff05314d7b4307ba01ee1f6ec28eff29474']);
    expect(manifest.diagnostics).toEqual([]);
  });

  it('reads lock-version 2.0 without groups, ignoring the extras a package offers (gitlab-docker-ci)', () => {
    const manifest = parseFixture('lock-2.0-no-groups-offered-extras.poetry.lock');
    const attrs = byName(manifest, 'attrs');
    expect(attrs).toMatchObject({ version: '24.3.0', extras: [], location: { line: 18 } });
    expect(attrs.group).toBeUndefined();
    expect(attrs.hashes).toHaveLength(2);
    expect(manifest.pythonVersion).toBe('~3.10');
  });

  it('reads lock-version 2.1 groups and per-package files (sse-client)', () => {
    const manifest = parseFixture('lock-2.1-groups.poetry.lock');
    expect(manifest.packages).toEqual([
      {
        ecosystem: 'PyPI',
        name: 'sseclient-py',
        normalizedName: 'sseclient-py',
        version: '1.9.0',
        extras: [],
        relation: 'transitive',
        group: 'main',
        location: { file: 'img/lock-2.1-groups.poetry.lock', line: 4 },
        hashes: ['sha256:340062b1587fc2880892811e2ab5b176d98ef3eee98b3672ff3a3ba1e8ed0f6f'],
      },
    ]);
    expect(manifest.pythonVersion).toBe('~3.12');
  });

  it('keeps pre-release versions exactly (ansible-runner ansible-core 2.20.7rc1)', () => {
    expect(byName(parseFixture('pre-release.poetry.lock'), 'ansible-core').version).toBe('2.20.7rc1');
  });

  it('reads a string marker (auth-utils cffi)', () => {
    expect(byName(parseFixture('markers-string.poetry.lock'), 'cffi').marker).toBe('platform_python_implementation != "PyPy"');
  });

  it('sets index from a legacy [package.source] that is not PyPI (ml torch)', () => {
    const manifest = parseFixture('legacy-source-non-pypi-index.poetry.lock');
    expect(byName(manifest, 'torch')).toMatchObject({ version: '2.10.0+cpu', index: 'https://download.pytorch.org/whl/cpu', location: { line: 4 } });
    expect(byName(manifest, 'torch').unvettable).toBeUndefined();
    expect(byName(manifest, 'tqdm').index).toBeUndefined();
  });
});

describe('parsePoetryLock on hand-written cases', () => {
  const manifest = parseFixture('sources-and-group-markers-synthetic.poetry.lock');

  it('keeps git, url, directory and file sources as unvettable', () => {
    expect(manifest.packages.map((p) => [p.name, p.unvettable?.kind, p.unvettable?.reference])).toEqual([
      ['internal-sdk', 'vcs', 'https://github.com/example/internal-sdk.git@0123456789abcdef0123456789abcdef01234567'],
      ['vendored', 'editable', 'libs/vendored'],
      ['prebuilt', 'url', 'https://files.example.com/prebuilt-2.0.0-py3-none-any.whl'],
      ['local-archive', 'path', 'dist/local_archive-3.0.0.tar.gz'],
      ['Colorama', undefined, undefined],
    ]);
  });

  it('records main for a package shared by dev and main, with the main marker', () => {
    expect(byName(manifest, 'Colorama')).toMatchObject({ normalizedName: 'colorama', group: 'main', marker: 'platform_system == "Windows"' });
    expect(byName(manifest, 'vendored').group).toBe('dev');
  });

  it('warns about an unknown lock-version and still reads it', () => {
    expect(manifest.diagnostics).toEqual([
      expect.objectContaining({ code: 'lock-version-unknown', location: { file: 'img/sources-and-group-markers-synthetic.poetry.lock', line: 78 } }),
    ]);
    expect(manifest.packages).toHaveLength(5);
  });

  it('reads an empty package list', () => {
    const empty = parseFixture('empty-package-list.poetry.lock');
    expect(empty.packages).toEqual([]);
    expect(empty.pythonVersion).toBe('~3.12');
  });
});

describe('parsePoetryLock errors', () => {
  it('reports a TOML error (duplicate key) as one error diagnostic at its line and column, not a throw', () => {
    const manifest = parseFixture('invalid-toml-duplicate-key.poetry.lock');
    expect(manifest.packages).toEqual([]);
    expect(errorsIn(manifest)).toEqual([expect.stringMatching(/^4:1 manifest-syntax: invalid TOML: [^\n]+$/)]);
  });

  it('reports a package without a version at its name line, and reads the other packages', () => {
    const manifest = parseFixture('invalid-package-without-version.poetry.lock');
    expect(errorsIn(manifest)).toEqual(['6:1 entry-invalid: [[package]] "idna" needs a string "version"']);
    expect(manifest.packages.length).toBeGreaterThan(0);
    expect(manifest.packages.map((p) => p.name)).not.toContain('idna');
  });

  it.each([
    ['package = 1', '1:1 entry-invalid: "package" must be an array of tables ([[package]])'],
    ['[[package]]\nversion = "1"', '1:1 entry-invalid: [[package]] needs a string "name"'],
    ['[[package]]\nname = "a b"\nversion = "1"', '2:1 entry-invalid: invalid package name "a b"'],
    ['[[package]]\nname = "a"\nversion = "1"\nmarkers = 1', '2:1 entry-invalid: "markers" of "a" must be a string or a table'],
    ['[[package]]\nname = "a"\nversion = "1"\n[package.source]\ntype = "svn"\nurl = "x"', '2:1 entry-invalid: [package.source] of "a" has unknown type "svn"'],
  ])('reports %j as an error diagnostic', (text, expected) => {
    expect(errorsIn(parsePoetryLock(text, 'poetry.lock'))).toEqual([expected]);
  });

  it('a bad [[package]] never hides the others', () => {
    const text = '[[package]]\nname = "a"\nversion = "1"\n\n[[package]]\nname = "b"\n\n[[package]]\nname = "c"\nversion = "3"\n';
    const manifest = parsePoetryLock(text, 'poetry.lock');
    expect(manifest.packages.map((p) => `${p.name}==${p.version}`)).toEqual(['a==1', 'c==3']);
    expect(errorsIn(manifest)).toEqual(['6:1 entry-invalid: [[package]] "b" needs a string "version"']);
  });
});

function outcome(text: string): string {
  return parseOutcome(() => parsePoetryLock(text, 'poetry.lock'));
}

function mutatedFixture(): fc.Arbitrary<string> {
  return mutatedText(FIXTURES.map(readFixture));
}

/** Lines of a real lock with one line swapped for a random TOML-ish line. */
function lineMutatedFixture(): fc.Arbitrary<string> {
  const tomlish = fc.oneof(
    fc.constantFrom('[[package]]', '[package.source]', '[metadata]', 'package = []', 'markers = {main = 1}', 'groups = []', 'files = "x"', 'name = 3', 'version = 1.0', '[package]'),
    fc.string({ maxLength: 30 }),
  );
  return fc.tuple(fc.constantFrom(...FIXTURES.map(readFixture)), fc.nat(), tomlish).map(([text, at, line]) => {
    const lines = text.split('\n');
    lines[at % lines.length] = line;
    return lines.join('\n');
  });
}

describe('parsePoetryLock properties', () => {
  it('throws nothing (bad input is an error diagnostic with a place) on random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => void outcome(text)), { numRuns: 500 });
  });

  it('throws nothing (bad input is an error diagnostic with a place) on text mutations of real locks', () => {
    fc.assert(fc.property(mutatedFixture(), (text) => void outcome(text)), { numRuns: 400 });
  });

  it('throws nothing (bad input is an error diagnostic with a place) on line mutations of real locks', () => {
    fc.assert(fc.property(lineMutatedFixture(), (text) => void outcome(text)), { numRuns: 400 });
  });

  it('reads back any well-formed lock, each entry at its name line', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,10}[A-Za-z0-9])?$/);
    const pkg = fc.record({ name, version: fc.constantFrom('1.0', '2.0.0rc1', '1!2.0+cpu'), groups: fc.constantFrom<string[]>(['main'], ['dev'], ['dev', 'main']) });
    fc.assert(
      fc.property(fc.array(pkg, { maxLength: 15 }), (packages) => {
        const text = stringifyToml({ package: packages, metadata: { 'lock-version': '2.1', 'python-versions': '~3.12' } });
        const manifest = parsePoetryLock(text, 'poetry.lock');
        const lines = text.split('\n');
        expect(manifest.packages.map((p) => [p.name, p.version, p.group])).toEqual(
          packages.map((p) => [p.name, p.version, p.groups.includes('main') ? 'main' : p.groups[0]]),
        );
        for (const p of manifest.packages) expect(lines[p.location.line - 1]).toBe(`name = ${JSON.stringify(p.name)}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parsePoetryLock scaling', () => {
  function hostileLock(bytes: number): string {
    // One line of 1 MB: a package whose files array is written inline.
    const file = (i: number) => `{file = "pkg-${i}.whl", hash = "sha256:${'a'.repeat(64)}"}`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < bytes; i++) {
      const f = file(i);
      parts.push(f);
      size += f.length + 2;
    }
    return `[[package]]\nname = "big"\nversion = "1.0"\nfiles = [${parts.join(', ')}]\n`;
  }

  it('parses a lock with a 1 MB line with under 20x the work of a 100 KB one', () => {
    const small = hostileLock(100_000);
    const large = hostileLock(1_000_000);
    expect(parsePoetryLock(large, 'poetry.lock').packages[0]?.hashes?.length).toBeGreaterThan(5000);
    // The TOML line index's characters and key-path parts (smol-toml's own parse is timed in `npm run bench`).
    const growth = workGrowth((text: string) => parsePoetryLock(text, 'poetry.lock'), small, large, ['toml.']);
    expect(growth.small).toBeGreaterThan(small.length);
    expect(growth.ratio).toBeLessThan(LINEAR_GROWTH_BOUND);
  });

  it('reports 1 MB of nested arrays as an error diagnostic', () => {
    expect(outcome(`a = ${'['.repeat(1_000_000)}`)).toBe('input-error');
    expect(outcome(`a = "${'\\'.repeat(1_000_000)}`)).toBe('input-error');
  });
});
