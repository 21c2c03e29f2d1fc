import fs from 'node:fs';
import { evaluateMarker, markerEnvironment } from '../../src/sources/pep508';
import { parseUvLock } from '../../src/sources/uv-lock';
import { measureWork } from '../../src/work-meter';
import { fixturePath } from '../helpers/shared';

const read = (...parts: string[]) => fs.readFileSync(fixturePath('uv-lock', ...parts), 'utf8');
const byName = (m: ReturnType<typeof parseUvLock>) => new Map(m.packages.map((p) => [p.name, p]));

describe('parseUvLock on real lock files', () => {
  test('grumpyfuk: every locked package but the virtual project, on the line of its name, with versions and hashes', () => {
    const m = parseUvLock(read('grumpyfuk', 'uv.lock'), 'grumpyfuk/uv.lock');
    expect(m.kind).toBe('uv.lock');
    expect(m.diagnostics).toEqual([]);
    expect(m.pythonVersion).toBe('>=3.13');
    expect(m.packages.map((p) => p.name)).toEqual([
      'asgiref', 'boto3', 'botocore', 'brotli', 'django', 'django-storages', 'jmespath', 'markdown', 'pillow',
      'python-dateutil', 'python-dotenv', 's3transfer', 'six', 'sqlparse', 'tzdata', 'urllib3', 'whitenoise',
    ]);
    const pkgs = byName(m);
    expect(pkgs.get('django')).toMatchObject({ version: '6.0.5', relation: 'direct', group: 'main', location: { file: 'grumpyfuk/uv.lock', line: 71 } });
    expect(pkgs.get('django')!.hashes![0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pkgs.get('asgiref')).toMatchObject({ relation: 'transitive', resolvedFrom: [{ name: 'django', version: '6.0.5', requirement: 'asgiref' }] });
  });

  test('an extra on an edge reaches the optional dependencies it names (django-storages[s3] -> boto3 -> botocore)', () => {
    const pkgs = byName(parseUvLock(read('grumpyfuk', 'uv.lock'), 'uv.lock'));
    expect(pkgs.get('boto3')).toMatchObject({ group: 'main', resolvedFrom: [{ name: 'django-storages', version: '1.14.6', requirement: 'boto3' }] });
    expect(pkgs.get('botocore')!.resolvedFrom!.map((s) => s.name)).toEqual(['django-storages', 'boto3']);
    expect(pkgs.get('brotli')!.resolvedFrom).toEqual([{ name: 'whitenoise', version: '6.12.0', requirement: 'brotli' }]);
  });

  test('an edge marker becomes the package marker, false on a Linux image (tzdata only on Windows)', () => {
    const tzdata = byName(parseUvLock(read('grumpyfuk', 'uv.lock'), 'uv.lock')).get('tzdata')!;
    expect(tzdata.marker).toBe("sys_platform == 'win32'");
    expect(evaluateMarker(tzdata.marker!, markerEnvironment('3.13'))).toBe(false);
  });

  test("uv's Docker example: the dev group is its own group, compound markers are kept whole", () => {
    const m = parseUvLock(read('uv-docker-example', 'uv.lock'), 'uv.lock');
    expect(m.diagnostics).toEqual([]);
    expect(m.packages).toHaveLength(41);
    const pkgs = byName(m);
    expect(pkgs.has('uv-docker-example')).toBe(false);
    expect(pkgs.get('ruff')).toMatchObject({ group: 'dev', relation: 'direct' });
    // fastapi-cli is in the dev group too, but fastapi[standard] already installs it: main wins.
    expect(pkgs.get('fastapi-cli')).toMatchObject({ group: 'main', relation: 'transitive' });
    expect(pkgs.get('uvloop')!.marker).toBe("platform_python_implementation != 'PyPy' and sys_platform != 'cygwin' and sys_platform != 'win32'");
    expect(pkgs.get('colorama')!.marker).toBe("sys_platform == 'win32'");
    expect(pkgs.get('typing-extensions')!.marker).toBeUndefined();
  });
});

const lock = (body: string) => `version = 1\nrevision = 3\nrequires-python = ">=3.10"\n\n${body}`;

describe('parseUvLock on graphs the real files do not show', () => {
  test('markers along a path are joined with and; two paths with or; an unconditional path wins', () => {
    const m = parseUvLock(
      lock(`[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "a", marker = "python_full_version < '3.11'" },
    { name = "b", marker = "sys_platform == 'win32'" },
    { name = "d" },
]

[[package]]
name = "a"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "c", marker = "platform_machine == 'x86_64'" }]

[[package]]
name = "b"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "c" }]

[[package]]
name = "c"
version = "1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "d"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "a" }]
`),
      'uv.lock',
    );
    const pkgs = byName(m);
    // a is reached unconditionally through d, so the marker of the direct edge does not restrict it.
    expect(pkgs.get('a')!.marker).toBeUndefined();
    expect(pkgs.get('c')!.marker).toBe("platform_machine == 'x86_64' or sys_platform == 'win32'");
    expect(evaluateMarker(pkgs.get('c')!.marker!, markerEnvironment('3.12'))).toBe(true);
  });

  test('a nested condition is one conjunction: false on Linux for 3.12', () => {
    const m = parseUvLock(
      lock(`[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "a", marker = "python_full_version < '3.11'" }]

[[package]]
name = "a"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "c", marker = "sys_platform == 'linux'" }]

[[package]]
name = "c"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
`),
      'uv.lock',
    );
    const c = byName(m).get('c')!;
    expect(c.marker).toBe("python_full_version < '3.11' and sys_platform == 'linux'");
    expect(evaluateMarker(c.marker!, markerEnvironment('3.12'))).toBe(false);
    expect(evaluateMarker(c.marker!, markerEnvironment('3.10'))).toBe(true);
  });

  test('forks: the edge version picks the locked release', () => {
    const m = parseUvLock(
      lock(`[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [
    { name = "numpy", version = "1.26.4", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.12'" },
    { name = "numpy", version = "2.1.0", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.12'" },
]

[[package]]
name = "numpy"
version = "1.26.4"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "numpy"
version = "2.1.0"
source = { registry = "https://pypi.org/simple" }
`),
      'uv.lock',
    );
    const env = markerEnvironment('3.12');
    const installed = m.packages.filter((p) => evaluateMarker(p.marker!, env)).map((p) => p.version);
    expect(installed).toEqual(['2.1.0']);
  });

  test('sources no registry can vet are kept with the reason; another index is recorded', () => {
    const m = parseUvLock(
      lock(`[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [{ name = "gitdep" }, { name = "lib" }, { name = "tarball" }, { name = "wheel" }, { name = "private" }, { name = "vendored" }]

[[package]]
name = "gitdep"
version = "1.2.0"
source = { git = "https://github.com/example/gitdep?rev=v1.2.0#0123456789abcdef0123456789abcdef01234567" }

[[package]]
name = "lib"
version = "0.1.0"
source = { editable = "packages/lib" }

[[package]]
name = "tarball"
version = "2.0"
source = { url = "https://example.com/tarball-2.0.tar.gz" }

[[package]]
name = "wheel"
version = "1.0"
source = { path = "wheels/wheel-1.0-py3-none-any.whl" }

[[package]]
name = "vendored"
version = "1.0"
source = { directory = "vendor/vendored" }

[[package]]
name = "private"
version = "3.0"
source = { registry = "https://pypi.example.com/simple" }
`),
      'uv.lock',
    );
    const pkgs = byName(m);
    expect(pkgs.get('gitdep')!.unvettable).toEqual({ kind: 'vcs', reference: 'https://github.com/example/gitdep@0123456789abcdef0123456789abcdef01234567', reason: expect.stringContaining('git checkout') });
    expect(pkgs.get('lib')!.unvettable).toMatchObject({ kind: 'editable', reference: 'packages/lib' });
    expect(pkgs.get('tarball')!.unvettable).toMatchObject({ kind: 'url', reference: 'https://example.com/tarball-2.0.tar.gz' });
    expect(pkgs.get('wheel')!.unvettable).toMatchObject({ kind: 'path' });
    expect(pkgs.get('vendored')!.unvettable).toMatchObject({ kind: 'path', reference: 'vendor/vendored' });
    expect(pkgs.get('private')!.index).toBe('https://pypi.example.com/simple');
    expect(pkgs.get('private')!.unvettable).toBeUndefined();
  });

  test('one bad entry is an error at its line; the rest is still read', () => {
    const m = parseUvLock(
      lock(`[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "good" }, { name = "ghost" }, { name = "noversion" }]

[[package]]
name = 42

[[package]]
name = "good"
version = "1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "noversion"
source = { registry = "https://pypi.org/simple" }
`),
      'uv.lock',
    );
    expect(m.packages.map((p) => p.name)).toEqual(['good']);
    expect(m.diagnostics.map((d) => [d.severity, d.code, d.location.line])).toEqual([
      ['error', 'lock-entry-invalid', 12],
      ['error', 'lock-dependency-unknown', 9],
      ['error', 'lock-entry-invalid', 20],
    ]);
    expect(m.diagnostics[1]!.message).toContain('ghost');
  });

  test('the marker walk stays linear in the size of a long chain (work counted, not timed)', () => {
    const chain = (n: number) => {
      let body = `[[package]]\nname = "app"\nversion = "0.1.0"\nsource = { virtual = "." }\ndependencies = [{ name = "p0", marker = "sys_platform == 'linux'" }]\n\n`;
      for (let i = 0; i < n; i++) {
        const next = i + 1 < n ? `dependencies = [{ name = "p${i + 1}", marker = "python_full_version >= '3.${i % 9}'" }]\n` : '';
        body += `[[package]]\nname = "p${i}"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\n${next}\n`;
      }
      return lock(body);
    };
    const small = measureWork(() => parseUvLock(chain(100), 'uv.lock'))['uvlock.markerPaths'] ?? 0;
    const large = measureWork(() => parseUvLock(chain(1000), 'uv.lock'))['uvlock.markerPaths'] ?? 0;
    expect(small).toBe(100);
    expect(large).toBe(1000);
  });
});
