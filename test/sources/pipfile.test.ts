import { parsePipfile, pipenvVersion } from '../../src/sources/pipfile';
import { errorsIn } from '../helpers/errors';
import { byName, manifestFixtures } from '../helpers/manifest-fixtures';

const { parse: parseFixture } = manifestFixtures('pipfile', parsePipfile);


describe('parsePipfile on corpus files', () => {
  it('keeps a git entry without ref or version as unvettable vcs (blueliv)', () => {
    const manifest = parseFixture('git-without-ref.Pipfile');
    expect(manifest.kind).toBe('Pipfile');
    expect(manifest.pythonVersion).toBe('2.7');
    expect(manifest.indexes).toEqual([{ name: 'pypi', url: 'https://pypi.org/simple', role: 'primary', location: { file: 'img/git-without-ref.Pipfile', line: 1 } }]);
    expect(manifest.packages).toEqual([
      {
        ecosystem: 'PyPI',
        name: 'v2-3-0',
        normalizedName: 'v2-3-0',
        extras: [],
        relation: 'direct',
        group: 'default',
        location: { file: 'img/git-without-ref.Pipfile', line: 9 },
        unvettable: {
          kind: 'vcs',
          reference: 'https://github.com/Blueliv/api-python-sdk',
          reason: 'a git checkout of the default branch (no ref), not a registry release',
        },
      },
    ]);
  });

  it('reads an editable git entry with a ref as vcs at that ref (privx-api)', () => {
    const manifest = parseFixture('git-editable-with-ref.Pipfile');
    const ref = byName(manifest, 'privx-api');
    expect(ref.location.line).toBe(14);
    expect(ref.version).toBeUndefined();
    expect(ref.unvettable).toEqual({
      kind: 'vcs',
      reference: 'https://github.com/SSHcom/privx-sdk-for-python.git@v34.0.1',
      reason: 'a git checkout at v34.0.1, not a registry release',
    });
    expect(byName(manifest, 'ruamel.yaml')).toMatchObject({ normalizedName: 'ruamel-yaml', specifier: '*', location: { line: 7 } });
    expect(byName(manifest, 'pytest')).toMatchObject({ group: 'develop', location: { line: 17 } });
    expect(manifest.packages).toHaveLength(9);
  });

  it('takes extras from a quoted key (genericsql trino[sqlalchemy])', () => {
    const ref = byName(parseFixture('extras-in-key.Pipfile'), 'trino');
    expect(ref).toMatchObject({ normalizedName: 'trino', extras: ['sqlalchemy'], specifier: '*', location: { line: 10 } });
  });

  it('reads a version without an operator as an exact pin (flask-nginx Flask-Cors = "5.0.0")', () => {
    const manifest = parseFixture('version-without-operator.Pipfile');
    const ref = byName(manifest, 'Flask-Cors');
    expect(ref).toMatchObject({ normalizedName: 'flask-cors', version: '5.0.0', location: { line: 9 } });
    expect(ref.specifier).toBeUndefined();
    expect(byName(manifest, 'setuptools')).toMatchObject({ specifier: '>=80.9.0', location: { line: 15 } });
  });

  it('keeps a pre-release pin exactly (python_pancloud_v2)', () => {
    expect(byName(parseFixture('pre-release.Pipfile'), 'pan-cortex-data-lake').version).toBe('2.0.0b1');
  });

  it('treats pypi.python.org as PyPI (glpi)', () => {
    const manifest = parseFixture('legacy-pypi-host.Pipfile');
    expect(manifest.indexes.map((i) => i.url)).toEqual(['https://pypi.python.org/simple']);
    expect(manifest.packages.every((p) => p.index === undefined)).toBe(true);
    expect(manifest.diagnostics).toEqual([]);
  });
});

describe('parsePipfile on hand-written cases', () => {
  const manifest = parseFixture('platform-keys-custom-category-private-index-synthetic.Pipfile');

  it('prefers python_full_version and reads every source', () => {
    expect(manifest.pythonVersion).toBe('3.11.4');
    expect(manifest.indexes.map((i) => [i.name, i.url, i.role, i.location.line])).toEqual([
      ['pypi', 'https://pypi.org/simple', 'primary', 1],
      ['internal', 'https://pypi.internal.example.com/simple', 'extra', 6],
    ]);
  });

  it('turns platform keys into markers, joined with the markers key', () => {
    expect(byName(manifest, 'pywin32')).toMatchObject({ version: '306', marker: "sys_platform == 'win32'", location: { line: 12 } });
    expect(byName(manifest, 'uvloop').marker).toBe("python_version >= '3.8' and platform_system != 'Windows'");
  });

  it('sets index to the URL of a non-PyPI source, and not for the pypi source', () => {
    expect(byName(manifest, 'internal-tool')).toMatchObject({ specifier: '~=2.1', index: 'https://pypi.internal.example.com/simple' });
    expect(byName(manifest, 'requests').index).toBeUndefined();
  });

  it('keeps path, file and editable entries as unvettable', () => {
    expect(byName(manifest, 'localpkg').unvettable).toMatchObject({ kind: 'editable', reference: './libs/localpkg' });
    expect(byName(manifest, 'wheelpkg').unvettable).toMatchObject({ kind: 'url', reference: 'https://files.example.com/wheelpkg-1.0-py3-none-any.whl' });
    expect(byName(manifest, 'tarball').unvettable).toMatchObject({ kind: 'path', reference: './vendor/tarball-1.0.tar.gz' });
  });

  it('names dev-packages "develop" and custom categories by their name', () => {
    expect(byName(manifest, 'pytest')).toMatchObject({ group: 'develop', specifier: '>=7', location: { line: 21 } });
    expect(byName(manifest, 'sphinx')).toMatchObject({ group: 'docs', version: '7.2.6', location: { line: 24 } });
    expect(manifest.packages.every((p) => p.relation === 'direct' && p.ecosystem === 'PyPI')).toBe(true);
  });

  it('warns about an index no source defines and keeps the name', () => {
    const m = parsePipfile('[packages]\nfoo = {version = "*", index = "nowhere"}\n', 'Pipfile');
    expect(m.packages[0]?.index).toBe('nowhere');
    expect(m.diagnostics).toEqual([expect.objectContaining({ code: 'unknown-index', location: { file: 'Pipfile', line: 2 } })]);
  });

  it('warns about a marker PEP 508 cannot read, keeping its text', () => {
    const m = parsePipfile('[packages]\nfoo = {version = "*", markers = "python_version >>> 3"}\n', 'Pipfile');
    expect(m.packages[0]?.marker).toBe('python_version >>> 3');
    expect(m.diagnostics.map((d) => d.code)).toEqual(['invalid-marker']);
  });
});

describe('parsePipfile errors', () => {
  it('reports a TOML syntax error as one error diagnostic at the line and column smol-toml names, not a throw', () => {
    const manifest = parseFixture('invalid-toml-unclosed-inline-table.Pipfile');
    // The inline table is unclosed; smol-toml notices at the end of input, the line after the last one.
    expect(manifest.diagnostics).toEqual([
      { severity: 'error', code: 'manifest-syntax', message: 'invalid TOML: incomplete key-value: cannot find end of key', location: { file: 'img/invalid-toml-unclosed-inline-table.Pipfile', line: 8, column: 1 } },
    ]);
    expect(manifest.packages).toEqual([]);
  });

  it('reports an entry that is neither a string nor a table at its line, and reads the others', () => {
    const manifest = parseFixture('invalid-entry-not-a-string.Pipfile');
    expect(errorsIn(manifest)).toEqual(['3:1 entry-invalid: entry "urllib3" must be a version string or a table']);
    expect(manifest.packages.map((p) => p.name)).toEqual(['requests']);
  });

  it('reports a key that is not a package name', () => {
    expect(errorsIn(parsePipfile('[packages]\n"foo>=1" = "*"\nok = "*"\n', 'Pipfile'))).toEqual(['2:1 entry-invalid: invalid package name "foo>=1": a key holds only a name and extras']);
    expect(errorsIn(parsePipfile('[packages]\n"-x" = "*"\n', 'Pipfile'))).toEqual([`2:1 entry-invalid: invalid package name "-x": expected package name, found '-'`]);
  });

  it('reports a [[source]] without url, and keeps the others', () => {
    const manifest = parsePipfile('[[source]]\nname = "x"\n[[source]]\nurl = "https://m.example/simple"\nname = "m"\n', 'Pipfile');
    expect(errorsIn(manifest)).toEqual(['1:1 entry-invalid: each source needs a string "url"']);
    expect(manifest.indexes.map((i) => i.url)).toEqual(['https://m.example/simple']);
  });
});

describe('pipenvVersion', () => {
  const at = { file: 'Pipfile', line: 1 };
  it.each([
    ['*', { specifier: '*' }],
    ['', { specifier: '*' }],
    ['==1.0', { version: '1.0' }],
    ['== 1.0', { version: '1.0' }],
    ['===1.0-custom', { version: '1.0-custom' }],
    ['1.0', { version: '1.0' }],
    ['1.*', { specifier: '==1.*' }],
    ['>=1,<2', { specifier: '>=1,<2' }],
    ['~=1.4', { specifier: '~=1.4' }],
  ])('%j', (raw, expected) => {
    const diagnostics: never[] = [];
    expect(pipenvVersion(raw, 'x', at, diagnostics)).toEqual(expected);
    expect(diagnostics).toEqual([]);
  });

  it('keeps an invalid specifier as written, with a warning', () => {
    const diagnostics: import('../../src/model').Diagnostic[] = [];
    expect(pipenvVersion('latest', 'x', at, diagnostics)).toEqual({ specifier: 'latest' });
    expect(diagnostics.map((d) => d.code)).toEqual(['invalid-specifier']);
  });
});

describe('parsePipfile [requires]', () => {
  it('warns about an unquoted python_version instead of reading 3.10 as 3.1', () => {
    const m = parsePipfile('[packages]\n\n[requires]\npython_version = 3.10\n', 'Pipfile');
    expect(m.pythonVersion).toBeUndefined();
    expect(m.diagnostics.map((d) => [d.code, d.location.line])).toEqual([['python-version-not-a-string', 4]]);
  });
});
