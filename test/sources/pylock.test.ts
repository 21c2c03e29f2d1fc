import fs from 'node:fs';
import { evaluateMarker, markerEnvironment } from '../../src/sources/pep508';
import { parsePylock } from '../../src/sources/pylock';
import { fixturePath } from '../helpers/shared';

const read = (name: string) => fs.readFileSync(fixturePath('pylock', name), 'utf8');
const byName = (m: ReturnType<typeof parsePylock>) => new Map(m.packages.map((p) => [p.name, p]));

describe('parsePylock on real lock files', () => {
  test('uv pip compile output: every package with its version, line, hashes and marker', () => {
    const m = parsePylock(read('grumpyfuk-pylock.toml'), 'pylock.toml');
    expect(m.kind).toBe('pylock.toml');
    expect(m.diagnostics).toEqual([]);
    expect(m.pythonVersion).toBe('>=3.13.12');
    expect(m.packages).toHaveLength(16);
    const pkgs = byName(m);
    expect(pkgs.get('django')).toMatchObject({ version: '6.0.3', relation: 'transitive', group: 'main', location: { file: 'pylock.toml', line: 32 } });
    expect(pkgs.get('django')!.hashes).toEqual([
      'sha256:90be765ee756af8a6cbd6693e56452404b5ad15294f4d5e40c0a55a0f4870fe1',
      'sha256:2e5974441491ddb34c3f13d5e7a9f97b07ba03bf70234c0a9c68b79bbb235bc3',
    ]);
    expect(pkgs.get('urllib3')!.marker).toBe("python_full_version >= '3.10'");
  });

  test('PDM output: dependency_groups tests decided for default-groups; dev packages get the dev group', () => {
    const m = parsePylock(read('h11-pylock.toml'), 'pylock.toml');
    expect(m.diagnostics).toEqual([]);
    const pkgs = byName(m);
    expect(m.packages.filter((p) => p.group === 'main').map((p) => p.name)).toEqual(['typing-extensions']);
    // `"default" in dependency_groups and python_version < "3.12" or "dev" in …`: with default selected, the rest.
    expect(pkgs.get('typing-extensions')!.marker).toBe('python_version < "3.12"');
    expect(evaluateMarker(pkgs.get('typing-extensions')!.marker!, markerEnvironment('3.12'))).toBe(false);
    expect(evaluateMarker(pkgs.get('typing-extensions')!.marker!, markerEnvironment('3.11'))).toBe(true);
    expect(pkgs.get('pytest')).toMatchObject({ group: 'dev', version: '8.4.2' });
    expect(pkgs.get('pytest')!.marker).toBeUndefined();
    // `python_version < "3.11" and "dev" in dependency_groups`: the dev group, and the Python condition kept.
    expect(pkgs.get('tomli')).toMatchObject({ group: 'dev', marker: 'python_version < "3.11"' });
  });
});

const head = 'lock-version = "1.0"\ncreated-by = "test"\ndefault-groups = ["default"]\n';

describe('parsePylock on entries the real files do not show', () => {
  test('vcs, directory and archive sources are unvettable with the reason; another index is recorded', () => {
    const m = parsePylock(
      `${head}
[[packages]]
name = "from-git"
vcs = { type = "git", url = "https://github.com/o/from-git", requested-revision = "v1", commit-id = "0123456789abcdef0123456789abcdef01234567" }

[[packages]]
name = "local"
directory = { path = "libs/local", editable = true }

[[packages]]
name = "tarball"
version = "2.0"
archive = { url = "https://example.com/tarball-2.0.tar.gz", hashes = { sha256 = "aa" } }

[[packages]]
name = "internal"
version = "3.1"
index = "https://pypi.example.com/simple"
wheels = [{ name = "internal-3.1-py3-none-any.whl", hashes = { sha256 = "bb" } }]
`,
      'pylock.toml',
    );
    expect(m.diagnostics).toEqual([]);
    const pkgs = byName(m);
    expect(pkgs.get('from-git')!.unvettable).toMatchObject({ kind: 'vcs', reference: 'https://github.com/o/from-git@0123456789abcdef0123456789abcdef01234567' });
    expect(pkgs.get('local')!.unvettable).toMatchObject({ kind: 'editable', reference: 'libs/local' });
    expect(pkgs.get('tarball')!.unvettable).toMatchObject({ kind: 'url', reference: 'https://example.com/tarball-2.0.tar.gz' });
    expect(pkgs.get('tarball')!.hashes).toEqual(['sha256:aa']);
    expect(pkgs.get('internal')).toMatchObject({ version: '3.1', index: 'https://pypi.example.com/simple', hashes: ['sha256:bb'] });
  });

  test('extras: a package only an extra installs gets the optional:<extra> group', () => {
    const m = parsePylock(
      `${head}extras = ["socks"]

[[packages]]
name = "pysocks"
version = "1.7.1"
marker = "'socks' in extras and sys_platform != 'win32'"
wheels = [{ name = "PySocks-1.7.1-py3-none-any.whl", hashes = { sha256 = "cc" } }]

[[packages]]
name = "always"
version = "1.0"
marker = "'socks' not in extras"
wheels = [{ name = "always-1.0-py3-none-any.whl", hashes = { sha256 = "dd" } }]
`,
      'pylock.toml',
    );
    const pkgs = byName(m);
    expect(pkgs.get('pysocks')).toMatchObject({ group: 'optional:socks', marker: "sys_platform != \"win32\"" });
    expect(pkgs.get('always')).toMatchObject({ group: 'main' });
    expect(pkgs.get('always')!.marker).toBeUndefined();
  });

  test('one bad entry is an error at its line; the rest is still read', () => {
    const m = parsePylock(
      `${head}
[[packages]]
name = "fine"
version = "1.0"
wheels = [{ name = "fine-1.0-py3-none-any.whl", hashes = { sha256 = "ee" } }]

[[packages]]
version = "2.0"

[[packages]]
name = "unpinned"
wheels = [{ name = "unpinned-1.0-py3-none-any.whl", hashes = { sha256 = "ff" } }]

[[packages]]
name = "odd"
version = "1.0"
marker = "python_version <<< '3'"
sdist = { name = "odd-1.0.tar.gz", hashes = { sha256 = "00" } }
`,
      'pylock.toml',
    );
    expect(m.packages.map((p) => p.name)).toEqual(['fine', 'odd']);
    expect(m.diagnostics.map((d) => [d.severity, d.code, d.location.line])).toEqual([
      ['error', 'lock-entry-invalid', 10],
      ['error', 'lock-entry-invalid', 14],
      ['warning', 'invalid-marker', 20],
    ]);
  });

  test('a lock-version 2 is read but reported as an error (PEP 751: refuse an unknown major version)', () => {
    const m = parsePylock('lock-version = "2.0"\n', 'pylock.toml');
    expect(m.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'lock-version-unknown', location: { file: 'pylock.toml', line: 1 } })]);
  });
});
