import fc from 'fast-check';
import { parsePipfileLock } from '../../src/sources/pipfile-lock';
import { errorsIn } from '../helpers/errors';
import { byName, manifestFixtures } from '../helpers/manifest-fixtures';
import { mutatedText, parseOutcome } from '../helpers/fuzz';
import { LINEAR_GROWTH_BOUND, workGrowth } from '../helpers/work';

const { names: FIXTURES, read: readFixture, parse: parseFixture } = manifestFixtures('pipfile-lock', parsePipfileLock, '.Pipfile.lock');


describe('parsePipfileLock on corpus files', () => {
  it('reads locked entries with exact versions, hashes, markers and the key line (blueliv)', () => {
    const manifest = parseFixture('git-without-version.Pipfile.lock');
    expect(manifest.kind).toBe('Pipfile.lock');
    expect(manifest.pythonVersion).toBe('2.7');
    expect(manifest.indexes).toEqual([{ name: 'pypi', url: 'https://pypi.org/simple', role: 'primary', location: { file: 'img/git-without-version.Pipfile.lock', line: 11 } }]);
    expect(byName(manifest, 'python-dateutil')).toEqual({
      ecosystem: 'PyPI',
      name: 'python-dateutil',
      normalizedName: 'python-dateutil',
      version: '2.8.2',
      extras: [],
      marker: "python_version >= '2.7' and python_version not in '3.0, 3.1, 3.2, 3.3'",
      relation: 'transitive',
      group: 'default',
      location: { file: 'img/git-without-version.Pipfile.lock', line: 19 },
      hashes: [
        'sha256:0123cacc1627ae19ddf3c27a5de5bd67ee4586fbdd6440d9748f8abb483d3e86',
        'sha256:961d03dc3453ebbc59dbdea9e4e11c5651520a876d0f4db161e8674aae935da9',
      ],
    });
    expect(manifest.diagnostics).toEqual([]);
  });

  it('keeps a git entry without a version as unvettable vcs at its ref (blueliv v2-3-0)', () => {
    const ref = byName(parseFixture('git-without-version.Pipfile.lock'), 'v2-3-0');
    expect(ref.version).toBeUndefined();
    expect(ref.unvettable).toEqual({
      kind: 'vcs',
      reference: 'https://github.com/Blueliv/api-python-sdk@be56ca3b9aaacdbeaedce6cf6e0be42a67a4448b',
      reason: 'a git checkout at be56ca3b9aaacdbeaedce6cf6e0be42a67a4448b, not a registry release',
    });
  });

  it('keeps an editable git entry as vcs (privx-api)', () => {
    const ref = byName(parseFixture('git-editable-with-ref.Pipfile.lock'), 'privx-api');
    expect(ref.unvettable).toMatchObject({ kind: 'vcs', reference: 'https://github.com/SSHcom/privx-sdk-for-python.git@9d94ecde9a2edd780a8f1a175d0e24a332ef2e9c' });
  });

  it('reads an empty lock as no packages (cyberchef)', () => {
    const manifest = parseFixture('empty.Pipfile.lock');
    expect(manifest.packages).toEqual([]);
    expect(manifest.pythonVersion).toBe('3.12');
    expect(manifest.indexes).toHaveLength(1);
  });

  it('reads extras and markers; the key carries no extras in a lock (genericsql trino)', () => {
    const ref = byName(parseFixture('extras-and-markers.Pipfile.lock'), 'trino');
    expect(ref).toMatchObject({ version: '0.338.0', extras: ['sqlalchemy'], marker: "python_version >= '3.9'", location: { line: 28 } });
    expect(ref.hashes).toHaveLength(2);
  });

  it('keeps a pre-release version exactly (python_pancloud_v2)', () => {
    expect(byName(parseFixture('pre-release.Pipfile.lock'), 'pan-cortex-data-lake').version).toBe('2.0.0b1');
  });

  it('treats index "pypi" on pypi.python.org as PyPI (glpi)', () => {
    const manifest = parseFixture('legacy-pypi-host.Pipfile.lock');
    expect(manifest.indexes.map((i) => i.url)).toEqual(['https://pypi.python.org/simple']);
    expect(manifest.packages.length).toBeGreaterThan(0);
    expect(manifest.packages.every((p) => p.index === undefined && p.version !== undefined)).toBe(true);
  });
});

describe('parsePipfileLock on hand-written cases', () => {
  it('reads a version without "==" as the exact version', () => {
    const ref = byName(parseFixture('version-without-operator-synthetic.Pipfile.lock'), 'flask-cors');
    expect(ref.version).toBe('5.0.0');
    expect(ref.specifier).toBeUndefined();
  });

  it('sets index to the URL of a non-PyPI source', () => {
    const manifest = parseFixture('private-index-synthetic.Pipfile.lock');
    expect(manifest.indexes.map((i) => [i.name, i.role])).toEqual([
      ['pypi', 'primary'],
      ['internal', 'extra'],
    ]);
    expect(byName(manifest, 'flask-cors').index).toBe('https://pypi.internal.example.com/simple');
    expect(byName(manifest, 'flask').index).toBeUndefined();
  });

  it('reads develop and custom categories under their names', () => {
    const manifest = parsePipfileLock(
      JSON.stringify({ _meta: {}, default: { a: { version: '==1' } }, develop: { b: { version: '==2' } }, docs: { c: { version: '==3' } } }),
      'Pipfile.lock',
    );
    expect(manifest.packages.map((p) => [p.name, p.group, p.version])).toEqual([
      ['a', 'default', '1'],
      ['b', 'develop', '2'],
      ['c', 'docs', '3'],
    ]);
  });

  it('warns about an entry locked without an exact version', () => {
    const manifest = parsePipfileLock('{"default": {"a": {"version": ">=1"}, "b": {}}}', 'Pipfile.lock');
    expect(manifest.packages.map((p) => p.specifier)).toEqual(['>=1', undefined]);
    expect(manifest.diagnostics.map((d) => [d.code, d.location.line])).toEqual([
      ['lock-entry-unpinned', 1],
      ['lock-entry-unpinned', 1],
    ]);
  });
});

describe('parsePipfileLock errors', () => {
  it('reports truncated JSON as one error diagnostic at the line and column where it ends, not a throw', () => {
    const text = readFixture('invalid-json-truncated.Pipfile.lock');
    const manifest = parsePipfileLock(text, 'x/Pipfile.lock');
    expect(manifest.packages).toEqual([]);
    expect(manifest.diagnostics).toEqual([
      { severity: 'error', code: 'manifest-syntax', message: expect.stringMatching(/^invalid JSON: /), location: { file: 'x/Pipfile.lock', line: text.split('\n').length, column: expect.any(Number) } },
    ]);
  });

  it.each([
    ['[]', '1:1 manifest-syntax: a Pipfile.lock must hold a JSON object'],
    ['{\n"default": []\n}', '2:1 entry-invalid: category "default" must be an object of packages'],
    ['{\n"default": {\n"a": 1\n}}', '3:1 entry-invalid: entry "a" must be a version string or a table'],
    ['{\n"default": {\n"a": {"version": 1}\n}}', '3:1 entry-invalid: "version" of "a" must be a string'],
    ['{\n"default": {\n"a": {"hashes": "sha256:x"}\n}}', '3:1 entry-invalid: "hashes" of "a" must be an array of strings'],
    ['{"_meta": {\n"sources": [{"name": "x"}]}}', '2:13 entry-invalid: each source needs a string "url"'],
    ['{"_meta": []}', '1:2 entry-invalid: "_meta" must be an object'],
  ])('reports %j as an error diagnostic', (text, expected) => {
    expect(errorsIn(parsePipfileLock(text, 'Pipfile.lock'))).toEqual([expected]);
  });

  it('a bad entry never hides the others', () => {
    const text = '{"_meta": {"sources": [{"name": "x"}, {"url": "https://pypi.org/simple"}]},\n"default": {\n"a": {"version": "==1"},\n"b": 7,\n"c": {"version": "==3"}\n},\n"bad": [],\n"develop": {"d": {"version": "==4"}}}';
    const manifest = parsePipfileLock(text, 'Pipfile.lock');
    expect(manifest.packages.map((p) => `${p.name}==${p.version}`)).toEqual(['a==1', 'c==3', 'd==4']);
    expect(manifest.indexes.map((i) => [i.url, i.role])).toEqual([['https://pypi.org/simple', 'extra']]);
    expect(errorsIn(manifest)).toEqual([
      '1:24 entry-invalid: each source needs a string "url"',
      '4:1 entry-invalid: entry "b" must be a version string or a table',
      '7:1 entry-invalid: category "bad" must be an object of packages',
    ]);
  });
});

function outcome(text: string): string {
  return parseOutcome(() => parsePipfileLock(text, 'Pipfile.lock'));
}

function mutatedFixture(): fc.Arbitrary<string> {
  return mutatedText(FIXTURES.map(readFixture));
}

/** Structural mutations: a real lock with one value replaced by arbitrary JSON. */
function structurallyMutatedFixture(): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...FIXTURES.filter((f) => !f.startsWith('invalid-'))), fc.nat(), fc.jsonValue({ maxDepth: 3 })).map(([name, at, replacement]) => {
    const root = JSON.parse(readFixture(name)) as unknown;
    const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach((v, i) => (slots.push([node, i]), walk(v)));
      else if (typeof node === 'object' && node !== null) for (const [k, v] of Object.entries(node)) (slots.push([node as Record<string, unknown>, k]), walk(v));
    };
    walk(root);
    const slot = slots[at % slots.length];
    if (slot !== undefined) (slot[0] as Record<string | number, unknown>)[slot[1]] = replacement;
    return JSON.stringify(root, null, 4);
  });
}

describe('parsePipfileLock properties', () => {
  it('throws nothing (bad input is an error diagnostic with a place) on random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => void outcome(text)), { numRuns: 500 });
  });

  it('throws nothing (bad input is an error diagnostic with a place) on random JSON', () => {
    fc.assert(fc.property(fc.json({ maxDepth: 5 }), (text) => void outcome(text)), { numRuns: 500 });
  });

  it('throws nothing (bad input is an error diagnostic with a place) on text mutations of real locks', () => {
    fc.assert(fc.property(mutatedFixture(), (text) => void outcome(text)), { numRuns: 500 });
  });

  it('throws nothing (bad input is an error diagnostic with a place) on structural mutations of real locks', () => {
    fc.assert(fc.property(structurallyMutatedFixture(), (text) => void outcome(text)), { numRuns: 500 });
  });

  it('reads any well-formed lock it is given back, entry for entry', () => {
    const entry = fc.record({ version: fc.constantFrom('==1.0', '==2.0.0b1', '3.1', '==1!2.0+local'), markers: fc.constantFrom("python_version >= '3.8'", "sys_platform == 'win32'") }, { requiredKeys: ['version'] });
    const name = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,10}[A-Za-z0-9])?$/);
    fc.assert(
      fc.property(fc.dictionary(name, entry, { maxKeys: 20 }), (entries) => {
        const manifest = parsePipfileLock(JSON.stringify({ _meta: { sources: [] }, default: entries }, null, 4), 'Pipfile.lock');
        const names = Object.keys(entries);
        expect(manifest.packages.map((p) => p.name)).toEqual(names);
        const lines = JSON.stringify({ _meta: { sources: [] }, default: entries }, null, 4).split('\n');
        for (const p of manifest.packages) expect(p.location.line).toBe(lines.indexOf(`        ${JSON.stringify(p.name)}: {`) + 1);
        for (const p of manifest.packages) expect(p.version).toBe((entries[p.name]?.version ?? '').replace(/^==/, ''));
      }),
      { numRuns: 200 },
    );
  });
});

describe('parsePipfileLock scaling', () => {
  function hostileLock(bytes: number): string {
    // One line: many entries, each with a long marker, no newline anywhere.
    const entry = (i: number) => `"pkg${i}":{"version":"==1.0","markers":"python_version >= '3.8' and (sys_platform != 'win32' or os_name == 'posix')"}`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < bytes; i++) {
      const e = entry(i);
      parts.push(e);
      size += e.length + 1;
    }
    return `{"_meta":{},"default":{${parts.join(',')}}}`;
  }

  it('parses a 1 MB single-line lock with under 20x the work of 100 KB', () => {
    const small = hostileLock(100_000);
    const large = hostileLock(1_000_000);
    expect(large.includes('\n')).toBe(false);
    // Characters the JSON reader and the marker scanner examine, and object members visited.
    const growth = workGrowth((text: string) => parsePipfileLock(text, 'Pipfile.lock'), small, large, ['json.', 'pep508.']);
    expect(growth.small).toBeGreaterThan(small.length);
    expect(growth.ratio).toBeLessThan(LINEAR_GROWTH_BOUND);
  });

  it('reports a 1 MB line of nested brackets as an error diagnostic, not a stack overflow', () => {
    expect(outcome('['.repeat(1_000_000))).toBe('input-error');
    expect(outcome(`{"default":{"a":{"version":"==1","markers":"${'('.repeat(1_000_000)}"}}}`)).toBe('ok');
  });
});
