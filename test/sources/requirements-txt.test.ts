import fs from 'node:fs';
import type { PackageRef, ParsedManifest } from '../../src/model';
import { parseRequirementsTxt, type RequirementsTxtOptions } from '../../src/sources/requirements-txt';
import { fixturePath } from '../helpers/shared';

function parseFixture(name: string, options: RequirementsTxtOptions = {}): ParsedManifest {
  return parseRequirementsTxt(fs.readFileSync(fixturePath('requirements-txt', name), 'utf8'), name, options);
}

/** The fields a test cares about, so expectations stay readable. */
function brief(pkg: PackageRef): Record<string, unknown> {
  const out: Record<string, unknown> = { name: pkg.name, line: pkg.location.line };
  if (pkg.version !== undefined) out.version = pkg.version;
  if (pkg.specifier !== undefined) out.specifier = pkg.specifier;
  if (pkg.extras.length > 0) out.extras = pkg.extras;
  if (pkg.marker !== undefined) out.marker = pkg.marker;
  if (pkg.hashes !== undefined) out.hashes = pkg.hashes;
  if (pkg.unvettable !== undefined) out.unvettable = `${pkg.unvettable.kind} ${pkg.unvettable.reference}`;
  if (pkg.index !== undefined) out.index = pkg.index;
  return out;
}


describe('parseRequirementsTxt', () => {
  it('returns a requirements.txt manifest with PyPI direct references and normalized names', () => {
    const manifest = parseRequirementsTxt('Django_REST.framework==3.15.1\n', 'requirements.txt');
    expect(manifest).toEqual({
      kind: 'requirements.txt',
      file: 'requirements.txt',
      packages: [
        {
          ecosystem: 'PyPI',
          name: 'Django_REST.framework',
          normalizedName: 'django-rest-framework',
          version: '3.15.1',
          extras: [],
          relation: 'direct',
          location: { file: 'requirements.txt', line: 1 },
        },
      ],
      includes: [],
      indexes: [],
      diagnostics: [],
    });
  });

  it('parses a constraints file as constraints.txt', () => {
    const manifest = parseFixture('constraints.txt', { kind: 'constraints' });
    expect(manifest.kind).toBe('constraints.txt');
    expect(manifest.packages.map(brief)).toEqual([
      { name: 'requests', line: 1, version: '2.31.0' },
      { name: 'urllib3', line: 2, specifier: '<3' },
    ]);
    expect(manifest.packages.every((pkg) => pkg.relation === 'direct')).toBe(true);
  });

  it('drops comments at line start and after whitespace, but not a # inside a token', () => {
    expect(parseFixture('comments-and-blank-lines.txt').packages.map(brief)).toEqual([
      { name: 'requests', line: 4, version: '2.31.0' },
      { name: 'pkg', line: 5, unvettable: 'url https://example.com/pkg-1.0.tar.gz#egg=pkg' },
      { name: 'django', line: 7 },
    ]);
  });

  it('joins backslash continuations and reports the first physical line', () => {
    expect(parseFixture('continuations.txt').packages.map(brief)).toEqual([
      { name: 'numpy', line: 1, version: '1.26.4', hashes: ['sha256:aaaa', 'sha256:bbbb'] },
      { name: 'pandas', line: 4, specifier: '>=2.0,<3' },
      // line 7 is a comment ending in a backslash: it does not continue
      { name: 'scipy', line: 8, version: '1.11.0' },
      // a backslash on the last line of the file still ends the logical line
      { name: 'pytest', line: 10 },
    ]);
  });

  it('counts lines across CRLF endings and ignores a byte-order mark', () => {
    expect(parseFixture('crlf-line-endings.txt').packages.map(brief)).toEqual([
      { name: 'requests', line: 1, version: '2.31.0' },
      { name: 'flask', line: 2, specifier: '>=2' },
      { name: 'django', line: 5 },
    ]);
    expect(parseFixture('byte-order-mark.txt').packages.map(brief)).toEqual([
      { name: 'requests', line: 1, version: '2.31.0' },
    ]);
  });

  it('returns -r and -c lines as includes for the loader, in all their spellings', () => {
    const manifest = parseFixture('includes.txt');
    expect(manifest.packages).toEqual([]);
    expect(manifest.includes.map((include) => [include.kind, include.path, include.location.line])).toEqual([
      ['requirements', 'base.txt', 1],
      ['requirements', 'dev/extra.txt', 2],
      ['constraints', 'constraints.txt', 3],
      ['constraints', '${CONSTRAINTS_DIR}/pins.txt', 4],
      ['requirements', 'compact.txt', 5],
    ]);
  });

  it('reads index options, warns about find-links and trusted hosts, and accepts install-behaviour options', () => {
    const manifest = parseFixture('options.txt');
    expect(manifest.indexes.map((index) => [index.role, index.url, index.location.line])).toEqual([
      ['primary', 'https://pypi.example.com/simple', 1],
      ['extra', 'https://extra.example.com/simple', 2],
      ['primary', 'https://mirror.example.com/simple', 3],
      // optparse accepts an unambiguous prefix of a long option
      ['extra', 'https://abbreviated.example.com/simple', 13],
    ]);
    // pip applies --index-url to the whole file; the last one wins
    expect(manifest.packages.map(brief)).toEqual([
      { name: 'requests', line: 14, version: '2.31.0', index: 'https://mirror.example.com/simple' },
    ]);
    expect(manifest.diagnostics.map((d) => [d.severity, d.code, d.location.line])).toEqual([
      ['warning', 'find-links', 5],
      ['warning', 'trusted-host', 6],
    ]);
  });

  it('collects --hash values and accepts per-requirement options', () => {
    expect(parseFixture('hashes.txt').packages.map(brief)).toEqual([
      {
        name: 'requests',
        line: 1,
        version: '2.31.0',
        hashes: ['sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f', 'sha512:abcd'],
      },
      { name: 'urllib3', line: 2, version: '2.2.1' },
    ]);
  });

  it('keeps environment markers as written', () => {
    expect(parseFixture('markers.txt').packages.map(brief)).toEqual([
      { name: 'pywin32', line: 1, version: '306', marker: 'sys_platform == "win32"' },
      { name: 'uvloop', line: 2, specifier: '>=0.19', marker: `sys_platform != 'win32' and python_version >= "3.8"` },
      { name: 'importlib-metadata', line: 3, marker: 'python_version<"3.10"' },
    ]);
  });

  it('reads extras', () => {
    expect(parseFixture('extras.txt').packages.map(brief)).toEqual([
      { name: 'requests', line: 1, version: '2.31.0', extras: ['socks', 'security'] },
      { name: 'uvicorn', line: 2, specifier: '>=0.29', extras: ['standard'] },
      { name: 'Celery', line: 3, extras: ['Redis'] },
    ]);
  });

  it('keeps URL, archive, wheel and path requirements as unvettable, named when the link says the name', () => {
    expect(parseFixture('url-requirements.txt').packages.map(brief)).toEqual([
      {
        name: 'pip',
        line: 1,
        unvettable: 'url https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686',
      },
      {
        name: 'Some-Project',
        line: 2,
        version: '1.2.3',
        unvettable: 'url https://files.example.com/packages/Some_Project-1.2.3-py3-none-any.whl',
      },
      {
        name: 'tarballed',
        line: 3,
        version: '2.0',
        unvettable: 'url https://example.com/archive/master.tar.gz#egg=tarballed==2.0',
      },
      { name: '', line: 4, unvettable: 'path ./downloads/SomePackage-1.0.4.tar.gz' },
      { name: 'six', line: 5, version: '1.16.0', unvettable: 'path ../wheels/six-1.16.0-py2.py3-none-any.whl' },
      { name: '', line: 6, unvettable: 'path local/dir/project' },
      { name: 'localproject', line: 7, unvettable: 'path file:///opt/src/localproject' },
    ]);
    const unnamed = parseFixture('url-requirements.txt').packages[3] as PackageRef;
    expect(unnamed.normalizedName).toBe('');
    expect(unnamed.unvettable?.reason).toMatch(/local path/);
  });

  it('keeps VCS requirements as unvettable vcs', () => {
    expect(parseFixture('vcs.txt').packages.map(brief)).toEqual([
      { name: 'click', line: 1, unvettable: 'vcs git+https://github.com/pallets/click.git@8.1.7#egg=click' },
      {
        name: 'private_pkg',
        line: 2,
        extras: ['extra'],
        unvettable: 'vcs git+ssh://git@github.com/org/private.git@v1.0#egg=private_pkg[extra]',
      },
      { name: 'MyProject', line: 3, unvettable: 'vcs hg+https://hg.example.com/MyProject#egg=MyProject' },
      { name: 'MyProject', line: 4, unvettable: 'vcs svn+https://svn.example.com/MyProject/trunk@2019#egg=MyProject' },
      { name: 'sampleproject', line: 5, unvettable: 'vcs git+https://github.com/pypa/sampleproject.git@main' },
      { name: '', line: 6, unvettable: 'vcs git+https://github.com/pypa/unnamed.git' },
    ]);
    expect(parseFixture('vcs.txt').packages[1]?.normalizedName).toBe('private-pkg');
  });

  it('keeps editable requirements as unvettable editable', () => {
    expect(parseFixture('editable.txt').packages.map(brief)).toEqual([
      { name: '', line: 1, unvettable: 'editable .' },
      { name: '', line: 2, extras: ['dev', 'test'], unvettable: 'editable ./subpackage' },
      { name: 'pip', line: 3, unvettable: 'editable git+https://github.com/pypa/pip.git@main#egg=pip' },
      { name: 'pkg', line: 4, unvettable: 'editable git+https://github.com/org/repo.git#egg=pkg&subdirectory=python' },
      { name: '', line: 5, unvettable: 'editable path/to/project' },
    ]);
  });

  it('expands ${VAR} from options.env, leaves unset ones literal with a warning, and ignores lower-case names', () => {
    const manifest = parseFixture('env-vars.txt', { env: { PYPI_USER: 'ci', PRIVATE_VERSION: '1.2.3', PYPI_TOKEN: '' } });
    expect(manifest.indexes.map((index) => index.url)).toEqual([
      'https://ci:${PYPI_TOKEN}@pypi.example.com/simple',
      'https://extra.example.com/${lower_case_is_not_expanded}/simple',
    ]);
    expect(manifest.packages.map(brief)).toEqual([
      { name: 'private-pkg', line: 2, version: '1.2.3', index: 'https://ci:${PYPI_TOKEN}@pypi.example.com/simple' },
      { name: 'pkg', line: 3, unvettable: 'url https://${UNSET_HOST}/pkg-1.0.tar.gz#egg=pkg' },
    ]);
    // pip treats an empty value like an unset one
    expect(manifest.diagnostics.map((d) => [d.code, d.location.line, d.message.split(' ')[0]])).toEqual([
      ['unset-env-var', 1, '${PYPI_TOKEN}'],
      ['unset-env-var', 3, '${UNSET_HOST}'],
    ]);
  });

  it('does not read the process environment on its own', () => {
    process.env.DEPVET_TEST_ONLY_HOST = 'leaked.example.com';
    try {
      const manifest = parseRequirementsTxt('--index-url https://${DEPVET_TEST_ONLY_HOST}/simple\n', 'r.txt');
      expect(manifest.indexes[0]?.url).toBe('https://${DEPVET_TEST_ONLY_HOST}/simple');
    } finally {
      delete process.env.DEPVET_TEST_ONLY_HOST;
    }
  });

  // One bad line never hides the rest: each is an error diagnostic at its line and column, the others are read.
  it.each([
    ['invalid-version-specifier.txt', 2, 7, 'requirement-invalid', /^invalid requirement 'fabric==dev': expected a version specifier/, ['ok']],
    ['invalid-unknown-option.txt', 3, 1, 'option-invalid', /^unknown option --unknown-option$/, ['ok']],
    ['invalid-unclosed-quote.txt', 2, 20, 'option-invalid', /^cannot split options: no closing quotation$/, []],
    ['invalid-hash-algorithm.txt', 1, 16, 'requirement-invalid', /sha256, sha384, sha512/, []],
    ['invalid-global-option-on-requirement.txt', 1, 15, 'option-invalid', /^option --no-binary is not allowed on a requirement line$/, []],
    ['invalid-trailing-argument.txt', 2, 45, 'option-invalid', /^unexpected argument\(s\) after options: SomePackage$/, []],
    ['invalid-marker.txt', 1, 23, 'requirement-invalid', /^invalid environment marker 'python_version <': expected a marker variable or quoted string, found end of input$/, []],
    ['invalid-hash-without-requirement.txt', 1, 1, 'option-invalid', /^option --hash belongs on a requirement line$/, []],
    ['invalid-option-missing-value.txt', 1, 1, 'option-invalid', /^option --index-url requires a value$/, []],
    ['invalid-ambiguous-option.txt', 1, 1, 'option-invalid', /^ambiguous option --no-/, []],
  ])('%s: an error diagnostic at line %i, column %i; the other lines are read', (name, line, column, code, message, names) => {
    const manifest = parseFixture(name);
    expect(manifest.diagnostics).toEqual([{ severity: 'error', code, message: expect.stringMatching(message), location: { file: name, line, column } }]);
    expect(manifest.packages.map((p) => p.name)).toEqual(names);
  });

  it.each([
    ['-e .\npkg==1 -e ./x\n', 2, 8, /either a requirement or -e/, ['']],
    ['-e . --hash=sha256:abc\n', 1, 6, /--hash is not allowed on a editable requirement line/, []],
    ['pkg==1 --pre\n', 1, 8, /--pre is not allowed/, []],
    ['--pre=yes\n', 1, 1, /does not take a value/, []],
    ['-x foo\n', 1, 1, /unknown option -x/, []],
    ['pkg==1 --hash=nocolon\n', 1, 15, /algorithm:digest/, []],
    ['name @ \n', 1, 7, /invalid requirement/, []],
    ['a==1\nb==\nc==3\n--nope\nd==4 --hash=md5:x\ne==5\n', 2, 2, /invalid requirement 'b=='/, ['a', 'c', 'e']],
  ])('reports %j at line %i, column %i, and reads the other lines', (text, line, column, message, names) => {
    const manifest = parseRequirementsTxt(text, 'r.txt');
    const first = manifest.diagnostics.find((d) => d.severity === 'error');
    expect(first?.location).toEqual({ file: 'r.txt', line, column });
    expect(first?.message).toMatch(message);
    expect(manifest.packages.map((p) => p.name)).toEqual(names);
  });

  it('reports every bad line of a file, not just the first', () => {
    const manifest = parseRequirementsTxt('a==1\nb==\nc==3\n--nope\nd==4 --hash=md5:x\ne==5\n', 'r.txt');
    expect(manifest.diagnostics.map((d) => `${d.location.line}:${d.location.column} ${d.code}`)).toEqual([
      '2:2 requirement-invalid',
      '4:1 option-invalid',
      '5:13 requirement-invalid',
    ]);
  });

  it('points into the physical line of a continuation and through ${VAR} expansion', () => {
    const manifest = parseRequirementsTxt('a==1 \\\n  --hash=sha256:x \\\n  --bogus\nb==${V}x y\n', 'r.txt', { env: { V: '1.0' } });
    expect(manifest.diagnostics.map((d) => [d.location, d.code])).toEqual([
      [{ file: 'r.txt', line: 3, column: 3 }, 'option-invalid'],
      [{ file: 'r.txt', line: 4, column: 8 }, 'requirement-invalid'],
    ]);
    expect(manifest.packages).toEqual([]);
  });

  it('leaves the manifest as it was for a bad line: an index or include on it is not taken either', () => {
    const manifest = parseRequirementsTxt('-i https://a.example/simple --hash=sha256:x\n-r other.txt --nope\nok==1\n', 'r.txt');
    expect(manifest.indexes).toEqual([]);
    expect(manifest.includes).toEqual([]);
    expect(manifest.packages.map((p) => [p.name, p.index])).toEqual([['ok', undefined]]);
    expect(manifest.diagnostics.map((d) => d.code)).toEqual(['option-invalid', 'option-invalid']);
  });

  it('gives an include the place of its path, so a loader error about it points there', () => {
    expect(parseRequirementsTxt('ok==1\n  -r  more.txt\n', 'r.txt').includes).toEqual([
      { kind: 'requirements', path: 'more.txt', location: { file: 'r.txt', line: 2, column: 7 } },
    ]);
  });

  it('splits options the way Python shlex does (quotes, escapes inside double quotes only)', () => {
    const manifest = parseRequirementsTxt(`pkg==1 --hash="sha256:ab\\"c" --hash='sha256:d\\e' --hash=sha256:f\\ g\n`, 'r.txt');
    expect(manifest.packages[0]?.hashes).toEqual(['sha256:ab"c', 'sha256:d\\e', 'sha256:f g']);
  });

  it('warns about the legacy --install-option and still reads the requirement', () => {
    const manifest = parseRequirementsTxt('FooProject >= 1.2 --install-option="--prefix=/usr/local"\n', 'r.txt');
    expect(manifest.packages.map(brief)).toEqual([{ name: 'FooProject', line: 1, specifier: '>=1.2' }]);
    expect(manifest.diagnostics.map((d) => d.code)).toEqual(['legacy-option']);
  });

  it('splits markers after a URL only at "; " because URLs may contain ";"', () => {
    const manifest = parseRequirementsTxt(
      'https://example.com/a;b/pkg-1.0.tar.gz#egg=pkg; python_version >= "3"\n',
      'r.txt',
    );
    expect(manifest.packages.map(brief)).toEqual([
      {
        name: 'pkg',
        line: 1,
        marker: 'python_version >= "3"',
        unvettable: 'url https://example.com/a;b/pkg-1.0.tar.gz#egg=pkg',
      },
    ]);
  });
});
