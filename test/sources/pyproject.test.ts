import { parseMarker } from '../../src/sources/pep508';
import { parsePyproject, poetryConstraint, poetryPythonMarker } from '../../src/sources/pyproject';
import { indexTomlLines, parseTomlWithLines } from '../../src/sources/toml-lines';
import { errorsIn } from '../helpers/errors';
import { byName, manifestFixtures } from '../helpers/manifest-fixtures';
import { LINEAR_GROWTH_BOUND, workGrowth } from '../helpers/work';

const { parse: parseFixture } = manifestFixtures('pyproject', parsePyproject);


describe('parsePyproject on corpus files (poetry)', () => {
  it('reads [tool.poetry.dependencies]: python as pythonVersion, an extras table, a bare version as exact (netutils)', () => {
    const manifest = parseFixture('poetry-extras-table-bare-version.pyproject.toml');
    expect(manifest.kind).toBe('pyproject.toml');
    expect(manifest.pythonVersion).toBe('~3.12');
    expect(manifest.packages.map((p) => p.name)).not.toContain('python');
    expect(byName(manifest, 'requests')).toEqual({
      ecosystem: 'PyPI',
      name: 'requests',
      normalizedName: 'requests',
      extras: ['socks'],
      specifier: '*',
      relation: 'direct',
      group: 'main',
      location: { file: 'img/poetry-extras-table-bare-version.pyproject.toml', line: 10 },
    });
    expect(byName(manifest, 'psutil')).toMatchObject({ version: '7.1.3', location: { line: 18 } });
    expect(byName(manifest, 'urllib3')).toMatchObject({ specifier: '>=2.7.0', location: { line: 11 } });
    expect(manifest.packages).toHaveLength(9);
  });

  it('maps an explicit [[tool.poetry.source]] to the entries that name it (media-analysis)', () => {
    const manifest = parseFixture('poetry-explicit-source.pyproject.toml');
    expect(manifest.indexes).toEqual([
      { name: 'pytorch-cpu', url: 'https://download.pytorch.org/whl/cpu', role: 'extra', location: { file: 'img/poetry-explicit-source.pyproject.toml', line: 7 } },
    ]);
    expect(byName(manifest, 'torch')).toMatchObject({ specifier: '*', index: 'https://download.pytorch.org/whl/cpu', location: { line: 15 } });
    expect(byName(manifest, 'easyocr').index).toBeUndefined();
  });

  it('reads python wherever it stands, and ~= / == constraints (ansible-runner)', () => {
    const manifest = parseFixture('poetry-python-last.pyproject.toml');
    expect(manifest.pythonVersion).toBe('~3.12');
    expect(byName(manifest, 'psutil')).toMatchObject({ specifier: '~=7.1.3', location: { line: 9 } });
    expect(byName(manifest, 'azure-mgmt-hdinsight')).toMatchObject({ version: '9.0.1' });
    expect(byName(manifest, 'PyYAML').normalizedName).toBe('pyyaml');
  });
});

describe('parsePyproject on hand-written cases', () => {
  it('reads PEP 621 dependencies, optional-dependencies and PEP 735 groups', () => {
    const manifest = parseFixture('pep621-and-dependency-groups-synthetic.pyproject.toml');
    expect(manifest.pythonVersion).toBe('>=3.10');
    expect(manifest.packages.map((p) => [p.name, p.group, p.version ?? p.specifier, p.location.line])).toEqual([
      ['requests', 'main', '>=2.31,<3', 10],
      ['urllib3', 'main', '2.2.1', 11],
      ['pywin32', 'main', '>=306', 12],
      ['internal-sdk', 'main', undefined, 13],
      ['prebuilt', 'main', undefined, 14],
      ['localpkg', 'main', undefined, 15],
      ['attrs', 'main', undefined, 16],
      ['cryptography', 'optional:crypto', '>=42', 20],
      ['pytest', 'test', '>=8', 23],
      ['coverage', 'test', undefined, 23],
      ['ruff', 'dev', '0.4.4', 24],
    ]);
    expect(byName(manifest, 'requests').extras).toEqual(['socks']);
    expect(byName(manifest, 'pywin32').marker).toBe('sys_platform == "win32"');
    expect(byName(manifest, 'internal-sdk').unvettable).toMatchObject({ kind: 'vcs', reference: 'git+https://github.com/example/internal-sdk.git@v1.4.0' });
    expect(byName(manifest, 'prebuilt').unvettable?.kind).toBe('url');
    expect(byName(manifest, 'localpkg').unvettable?.kind).toBe('path');
  });

  const poetry = parseFixture('poetry-groups-vcs-path-multiple-constraints-synthetic.pyproject.toml');

  it('reads poetry sources with their priority as role', () => {
    expect(poetry.indexes.map((i) => [i.name, i.role])).toEqual([
      ['internal', 'extra'],
      ['mirror', 'primary'],
    ]);
    expect(byName(poetry, 'private-lib')).toMatchObject({ version: '1.2.3', index: 'https://pypi.internal.example.com/simple' });
  });

  it('keeps caret and tilde constraints as written', () => {
    expect(byName(poetry, 'requests').specifier).toBe('^2.31');
    expect(byName(poetry, 'flask').specifier).toBe('~2.3');
  });

  it('gives one entry per alternative of a multiple-constraints array, with the python condition as marker', () => {
    const numpy = poetry.packages.filter((p) => p.name === 'numpy');
    expect(numpy.map((p) => [p.specifier, p.marker, p.location.line])).toEqual([
      ['<=1.24', 'python_version >= "3.8" and python_version < "3.9"', 22],
      ['^1.26', 'python_version >= "3.9" and python_version < "4"', 23],
    ]);
  });

  it('keeps git, path and url entries as unvettable', () => {
    expect(byName(poetry, 'internal-sdk').unvettable).toMatchObject({ kind: 'vcs', reference: 'https://github.com/example/internal-sdk.git@v1.4.0' });
    expect(byName(poetry, 'head-only').unvettable).toMatchObject({ kind: 'vcs', reason: 'a git checkout of the default branch (no ref), not a registry release' });
    expect(byName(poetry, 'vendored').unvettable?.kind).toBe('editable');
    expect(byName(poetry, 'archive').unvettable?.kind).toBe('path');
    expect(byName(poetry, 'prebuilt').unvettable?.kind).toBe('url');
  });

  it('turns platform into a marker and keeps markers', () => {
    expect(byName(poetry, 'pywin32')).toMatchObject({ version: '306', marker: 'sys_platform == "win32"' });
    expect(byName(poetry, 'zope.interface')).toMatchObject({ normalizedName: 'zope-interface', marker: "python_version >= '3.10'", location: { line: 32 } });
  });

  it('names groups: main, [tool.poetry.group.<name>] and legacy dev-dependencies as dev', () => {
    expect(byName(poetry, 'pytest')).toMatchObject({ group: 'test', specifier: '>=7,<9', location: { line: 35 } });
    expect(byName(poetry, 'black')).toMatchObject({ group: 'dev', version: '24.4.2', location: { line: 38 } });
    expect(poetry.diagnostics).toEqual([]);
  });

  it('warns about a source no [[tool.poetry.source]] defines', () => {
    const m = parsePyproject('[tool.poetry.dependencies]\nfoo = {version = "*", source = "nowhere"}\n', 'pyproject.toml');
    expect(m.packages[0]?.index).toBe('nowhere');
    expect(m.diagnostics.map((d) => [d.code, d.location.line])).toEqual([['unknown-index', 2]]);
  });

  it('reads a file without dependencies as empty', () => {
    expect(parsePyproject('[build-system]\nrequires = ["setuptools"]\n', 'pyproject.toml').packages).toEqual([]);
  });
});

describe('parsePyproject errors', () => {
  it('reports an invalid PEP 508 string at its own line and column, and reads the others', () => {
    const manifest = parseFixture('invalid-pep508-string.pyproject.toml');
    expect(errorsIn(manifest)).toEqual([
      `6:14 entry-invalid: invalid requirement "urllib3 >=< 2": expected a version specifier, '[', '@', ';' or end after name, found '>'`,
    ]);
    expect(manifest.packages.map((p) => p.name)).toEqual(['requests']);
  });

  it.each([
    ['[project]\ndependencies = "requests"', '2:1 entry-invalid: project.dependencies must be an array of PEP 508 strings'],
    ['[project]\ndependencies = [\n  1,\n]', '3:3 entry-invalid: project.dependencies[0] must be a PEP 508 string'],
    ['[tool.poetry.dependencies]\n"bad name!" = "*"', '2:1 entry-invalid: invalid package name "bad name!"'],
    ['[tool.poetry.dependencies]\nfoo = 1', '2:1 entry-invalid: dependency "foo" must be a constraint string or a table'],
    ['[tool.poetry]\ndependencies = 3', '2:1 entry-invalid: tool.poetry.dependencies must be a table'],
    ['[[tool.poetry.source]]\nurl = "https://x"', '1:1 entry-invalid: each poetry source needs a string "name"'],
    ['x = [', '1:5 manifest-syntax: invalid TOML: unfinished array'],
  ])('reports %j as an error diagnostic, not a throw', (text, expected) => {
    expect(errorsIn(parsePyproject(text, 'pyproject.toml'))).toEqual([expected]);
  });

  it('a bad entry never hides the others', () => {
    const text = '[project]\ndependencies = ["a==1", "b===", 3, "c>=2"]\n[tool.poetry.dependencies]\nd = "1.0"\ne = 5\nf = {version = "2.0"}\n';
    const manifest = parsePyproject(text, 'pyproject.toml');
    expect(manifest.packages.map((p) => p.name)).toEqual(['a', 'c', 'd', 'f']);
    expect(errorsIn(manifest).map((line) => line.split(' entry-invalid')[0])).toEqual(['2:27', '2:33', '5:1']);
  });
});

describe('poetryConstraint', () => {
  it.each([
    ['*', { specifier: '*' }],
    ['1.2.3', { version: '1.2.3' }],
    ['==1.2.3', { version: '1.2.3' }],
    ['=1.2.3', { version: '1.2.3' }],
    ['2.0.0rc1', { version: '2.0.0rc1' }],
    ['1.2.*', { specifier: '1.2.*' }],
    ['^1.2', { specifier: '^1.2' }],
    ['~1.2', { specifier: '~1.2' }],
    ['>=1,<2', { specifier: '>=1,<2' }],
    ['>=1 <2', { specifier: '>=1 <2' }],
    ['1.0 || 2.0', { specifier: '1.0 || 2.0' }],
  ])('%j', (raw, expected) => expect(poetryConstraint(raw)).toEqual(expected));
});

describe('poetryPythonMarker', () => {
  it.each([
    ['^3.8', 'python_version >= "3.8" and python_version < "4"'],
    ['^0.2', 'python_version >= "0.2" and python_version < "0.3"'],
    ['~3.8', 'python_version >= "3.8" and python_version < "3.9"'],
    ['~3.8.1', 'python_full_version >= "3.8.1" and python_version < "3.9"'],
    ['~=3.8', 'python_version >= "3.8" and python_version < "4"'],
    ['>=3.6 <3.10', 'python_version >= "3.6" and python_version < "3.10"'],
    ['>= 3.6, < 4', 'python_version >= "3.6" and python_version < "4"'],
    ['3.8.*', 'python_version == "3.8.*"'],
    ['<3.8 || >=3.10', '(python_version < "3.8") or (python_version >= "3.10")'],
    ['*', ''],
  ])('%j', (raw, expected) => {
    const marker = poetryPythonMarker(raw);
    expect(marker).toBe(expected);
    if (marker) expect(() => parseMarker(marker)).not.toThrow();
  });

  it('gives undefined for what it cannot read', () => {
    expect(poetryPythonMarker('latest')).toBeUndefined();
  });
});

describe('TOML line index (src/sources/toml-lines.ts)', () => {
  const text = [
    '# comment', // 1
    '[packages]', // 2
    'requests = "*"', // 3
    '"trino[sqlalchemy]" = {version = "*",', // 4
    '  extras = ["a"]}', // 5
    "x = '''", // 6
    'a = "not a key" # [[package]]', // 7
    "'''", // 8
    'a.b . c = 1979-05-27 07:32:00Z', // 9
    '[[package]]', // 10
    'name = "a"', // 11
    '[package.source]', // 12
    'url = "u"', // 13
    '[[package]]', // 14
    "name = 'b' # x", // 15
    'files = [', // 16
    '  {file = "f", hash = "h"},', // 17
    '  # between', // 18
    '  {file = "g", hash = "i"},', // 19
    ']', // 20
    'esc = "a\\"b = 1"', // 21
    '"k\\u0041" = """', // 22
    'x""""', // 23
    'after = 1', // 24
  ].join('\n');

  const lines = parseTomlWithLines(text, 'f').lines;

  it.each([
    [['packages'], 2],
    [['packages', 'requests'], 3],
    [['packages', 'trino[sqlalchemy]'], 4],
    [['packages', 'trino[sqlalchemy]', 'extras', 0], 5],
    [['packages', 'x'], 6],
    [['packages', 'a', 'b', 'c'], 9],
    [['package', 0], 10],
    [['package', 0, 'name'], 11],
    [['package', 0, 'source', 'url'], 13],
    [['package', 1, 'name'], 15],
    [['package', 1, 'files', 1, 'hash'], 19],
    [['package', 1, 'esc'], 21],
    [['package', 1, 'kA'], 22],
    [['package', 1, 'after'], 24],
  ] as Array<[Array<string | number>, number]>)('%j is on line %i', (path, line) => {
    expect(lines.exact(path)).toBe(line);
  });

  it('does not record keys inside strings', () => {
    expect(lines.exact(['packages', 'a', 'b'])).toBe(9);
    expect(lines.exact(['a'])).toBeUndefined();
  });

  it('falls back to the nearest named ancestor', () => {
    expect(lines.lineOf(['package', 1, 'files', 1, 'nope'])).toBe(19);
    expect(lines.lineOf(['nothing'])).toBe(1);
  });

  it('indexes 1 MB on one line linearly', () => {
    const row = (n: number) => `a = [${Array.from({ length: n }, (_, i) => `"v${i}"`).join(', ')}]`;
    const small = row(12_000);
    const large = row(120_000);
    expect(large.length).toBeGreaterThan(1_000_000);
    // Characters the line scanner examines and key-path parts it walks: ~10x for 10x the input when linear.
    const growth = workGrowth(indexTomlLines, small, large, ['toml.']);
    expect(growth.small).toBeGreaterThan(small.length);
    expect(growth.ratio).toBeLessThan(LINEAR_GROWTH_BOUND);
    expect(indexTomlLines(large).exact(['a', 119_999])).toBe(1);
  });
});
