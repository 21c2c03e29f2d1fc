import {
  evaluateMarker,
  exactPinOf,
  formatMarker,
  MarkerEvaluationError,
  markerEnvironment,
  parseMarker,
  parseRequirement,
  Pep508SyntaxError,
} from '../../src/sources/pep508';
import fc from 'fast-check';
import { UsageError } from '../../src/errors';

function syntaxErrorOf(text: string): Pep508SyntaxError {
  try {
    parseRequirement(text);
  } catch (error) {
    if (error instanceof Pep508SyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseRequirement', () => {
  it.each([
    ['A', { name: 'A', extras: [], specifier: '' }],
    ['A.B-C_D', { name: 'A.B-C_D', extras: [], specifier: '' }],
    ['name<=1', { name: 'name', extras: [], specifier: '<=1' }],
    ['name>=3,<2', { name: 'name', extras: [], specifier: '>=3,<2' }],
    ['  name >= 3 , < 4  ', { name: 'name', extras: [], specifier: '>=3,<4' }],
    ['name (>=1.0, !=1.5)', { name: 'name', extras: [], specifier: '>=1.0,!=1.5' }],
    ['name()', { name: 'name', extras: [], specifier: '' }],
    ['name==1.*', { name: 'name', extras: [], specifier: '==1.*' }],
    ['name!=2.0.*', { name: 'name', extras: [], specifier: '!=2.0.*' }],
    ['name~=1.4.2', { name: 'name', extras: [], specifier: '~=1.4.2' }],
    ['name===foobar', { name: 'name', extras: [], specifier: '===foobar' }],
    ['name==1.0+local.7', { name: 'name', extras: [], specifier: '==1.0+local.7' }],
    ['name==1!2.0rc1.post2.dev3', { name: 'name', extras: [], specifier: '==1!2.0rc1.post2.dev3' }],
    ['name== v1.0', { name: 'name', extras: [], specifier: '==v1.0' }],
    ['name>=1,', { name: 'name', extras: [], specifier: '>=1' }],
    ['requests[socks, security]>=2', { name: 'requests', extras: ['socks', 'security'], specifier: '>=2' }],
    ['name[]', { name: 'name', extras: [], specifier: '' }],
  ])('parses %j', (text, expected) => {
    expect(parseRequirement(text)).toEqual(expected);
  });

  it('parses name @ url with a marker', () => {
    expect(parseRequirement("name [fred,bar] @ http://foo.com ; python_version=='2.7'")).toEqual({
      name: 'name',
      extras: ['fred', 'bar'],
      specifier: '',
      url: 'http://foo.com',
      marker: "python_version=='2.7'",
    });
    expect(parseRequirement('name@http://foo.com')).toEqual({
      name: 'name',
      extras: [],
      specifier: '',
      url: 'http://foo.com',
    });
  });

  it('keeps the marker text as written, trimmed', () => {
    expect(parseRequirement("name[quux, strange];python_version<'2.7' and platform_version=='2'  ").marker).toBe(
      "python_version<'2.7' and platform_version=='2'",
    );
  });

  it.each([
    ['', 1],
    ['-name', 1],
    ['name==', 5],
    ['fabric==dev', 7],
    ['test>>1.2.0', 5],
    ['test=>1.2.0', 5],
    ['Lasagne==0.2.git', 13],
    ['pytest >= 2.0.0 [tests]', 17],
    ['name>=1.0.*', 10],
    ['name>=1.0+local', 10],
    ['name~=1', 5],
    ['name (>=1', 10],
    ['name[foo', 9],
    ['name[foo,]', 10],
    ['name @ ', 8],
    ['name @ notaurl', 8],
    ['name; ', 7],
    ['name; python_version', 21],
    ['name; python_version < "3" garbage', 28],
    ['name; unknown_var == "x"', 7],
    ["name; os_name == 'posix", 18],
    ['name; (os_name == "posix"', 26],
    ['name; os_name not  "x"', 20],
  ])('rejects %j at column %i', (text, column) => {
    const error = syntaxErrorOf(text);
    expect(error.column).toBe(column);
    expect(error.message).toMatch(/column \d+/);
  });

  it('reads `;` without whitespace after a URL as part of the URL, as packaging does', () => {
    expect(parseRequirement('name @ http://x.org/a.whl;python_version<"3"').url).toBe(
      'http://x.org/a.whl;python_version<"3"',
    );
  });

  it('quotes a non-URL after @ on one line: a newline in it (from a quoted shell word) is shown escaped', () => {
    // Found by test/sources/dockerfile-property.test.ts: `RUN pip install "f@<tab>INSTALL<newline>"`.
    const error = syntaxErrorOf('f@\tINSTALL\n');
    expect(error.message).toContain("found 'INSTALL\\n'");
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('fails cleanly on deeply nested marker parentheses', () => {
    const deep = `name; ${'('.repeat(5000)}os_name == "a"${')'.repeat(5000)}`;
    expect(() => parseRequirement(deep)).toThrow(Pep508SyntaxError);
  });
});

describe('exactPinOf', () => {
  it.each([
    ['==1.2.3', '1.2.3'],
    ['===1.2.3-custom', '1.2.3-custom'],
    ['==1.0+local', '1.0+local'],
    ['==1.*', undefined],
    ['>=1.2', undefined],
    ['==1.2,!=1.3', undefined],
    ['', undefined],
    ['~=1.2', undefined],
  ])('%j -> %j', (spec, pin) => {
    expect(exactPinOf(spec)).toBe(pin);
  });
});

describe('markers', () => {
  const env = markerEnvironment('3.12');

  it('PEP 751 sets: "name" in extras / dependency_groups, names normalized; other operators are undefined', () => {
    const withGroups = markerEnvironment('3.12', { dependency_groups: 'dev,Test_Suite', extras: 'socks' });
    expect(evaluateMarker('"dev" in dependency_groups', withGroups)).toBe(true);
    expect(evaluateMarker("'test-suite' in dependency_groups and 'docs' not in dependency_groups", withGroups)).toBe(true);
    expect(evaluateMarker('"SOCKS" in extras', withGroups)).toBe(true);
    // Membership, not substring: "de" is not in {"dev"}.
    expect(evaluateMarker('"de" in dependency_groups', withGroups)).toBe(false);
    expect(evaluateMarker('"dev" in dependency_groups', env)).toBe(false);
    expect(() => evaluateMarker('dependency_groups == "dev"', withGroups)).toThrow(/sets, compared only as "name" in/);
  });

  it('builds a Linux x86_64 CPython environment', () => {
    expect(env).toEqual({
      python_version: '3.12',
      python_full_version: '3.12.0',
      os_name: 'posix',
      sys_platform: 'linux',
      platform_release: '',
      platform_system: 'Linux',
      platform_version: '',
      platform_machine: 'x86_64',
      platform_python_implementation: 'CPython',
      implementation_name: 'cpython',
      implementation_version: '3.12.0',
      extra: '',
      extras: '',
      dependency_groups: '',
    });
    expect(markerEnvironment('3.11.4', { platform_machine: 'aarch64' })).toMatchObject({
      python_version: '3.11',
      python_full_version: '3.11.4',
      platform_machine: 'aarch64',
    });
    expect(() => markerEnvironment('3')).toThrow(UsageError);
    expect(() => markerEnvironment('python3.12')).toThrow(UsageError);
  });

  it.each([
    ['python_version >= "3.8"', true],
    ['python_version < "3.8"', false],
    // PEP 440, not string order: "3.12" < "3.9" as strings but not as versions
    ['python_version < "3.9"', false],
    ['python_version > "3.9"', true],
    ['python_full_version >= "3.12.0"', true],
    ['python_version == "3.*"', true],
    ['python_version == "3.1*"', false],
    ['python_version ~= "3.10"', true],
    ['python_version != "3.12"', false],
    ['"3.12" == python_version', true],
    ['sys_platform == "win32"', false],
    ['sys_platform != "win32"', true],
    ['platform_system == "Linux" and platform_machine == "x86_64"', true],
    ['os_name == "nt" or os_name == "posix"', true],
    ["'linux' in sys_platform", true],
    ["'lin' in sys_platform", true],
    ["'win' not in sys_platform", true],
    ['implementation_name === "CPYTHON"', true],
    ['platform_python_implementation == "CPython"', true],
    ['python_implementation == "CPython"', true],
    ['os.name == "posix"', true],
    ['extra == "test"', false],
    // and binds tighter than or: (a and b) or c
    ['os_name == "nt" and os_name == "nt" or os_name == "posix"', true],
    // a and (b or c)
    ['os_name == "nt" and (os_name == "nt" or os_name == "posix")', false],
    // a or (b and c)
    ['os_name == "posix" or os_name == "nt" and os_name == "nt"', true],
    ['(os_name == "posix" or os_name == "nt") and os_name == "nt"', false],
    ['platform_release >= "5"', false],
  ])('%s -> %s', (marker, expected) => {
    expect(evaluateMarker(marker, env)).toBe(expected);
  });

  it('compares extras PEP 503-normalized', () => {
    const withExtra = markerEnvironment('3.12', { extra: 'Test_Extra' });
    expect(evaluateMarker('extra == "test-extra"', withExtra)).toBe(true);
    expect(evaluateMarker('extra == "test.extra"', withExtra)).toBe(true);
    expect(evaluateMarker('extra == "other"', withExtra)).toBe(false);
  });

  it('refuses ~= on values that are not versions', () => {
    expect(() => evaluateMarker('sys_platform ~= "linux"', env)).toThrow(MarkerEvaluationError);
  });

  it('evaluates an AST as well as text', () => {
    const node = parseMarker('python_version >= "3"');
    expect(evaluateMarker(node, env)).toBe(true);
    expect(evaluateMarker(node, markerEnvironment('2.7'))).toBe(false);
  });

  it('formats markers the way packaging normalizes them', () => {
    expect(formatMarker(parseMarker("os_name=='a' and (os_name=='b' or os_name=='c')"))).toBe(
      'os_name == "a" and (os_name == "b" or os_name == "c")',
    );
    expect(formatMarker(parseMarker("os_name=='a' or os_name=='b' and os_name=='c'"))).toBe(
      'os_name == "a" or os_name == "b" and os_name == "c"',
    );
    expect(formatMarker(parseMarker("python_implementation=='CPython'and'x'not in extra"))).toBe(
      'platform_python_implementation == "CPython" and "x" not in extra',
    );
  });

  it('rejects invalid markers with a column', () => {
    expect(() => parseMarker('python_version')).toThrow(Pep508SyntaxError);
    expect(() => parseMarker('python_version < "3" and')).toThrow(Pep508SyntaxError);
    expect(() => parseMarker('python_versionand == "3"')).toThrow(Pep508SyntaxError);
    expect(() => parseMarker('os_name notin "x"')).toThrow(Pep508SyntaxError);
  });
});

describe('parseRequirement on generated valid requirements', () => {
  const name = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,12}[A-Za-z0-9])?$/);
  const version = fc
    .tuple(fc.nat(99), fc.nat(99), fc.nat(99), fc.constantFrom('', 'a1', 'rc2', '.post1', '.dev3'))
    .map(([major, minor, patch, suffix]) => `${major}.${minor}.${patch}${suffix}`);
  const specifier = fc
    .tuple(fc.constantFrom('==', '!=', '<=', '>=', '<', '>', '~='), version)
    .map(([op, v]) => `${op}${v}`);
  const ws = fc.constantFrom('', ' ', '\t', '  ');
  const marker = fc.constantFrom(
    'python_version >= "3.8"',
    "sys_platform != 'win32' and (os_name == \"posix\" or extra == 'dev')",
    'platform_machine in "x86_64 aarch64"',
  );

  it('returns exactly the parts it was built from', () => {
    fc.assert(
      fc.property(
        name,
        fc.array(name, { maxLength: 3 }),
        fc.array(specifier, { maxLength: 4 }),
        fc.option(marker, { nil: undefined }),
        ws,
        fc.boolean(),
        (reqName, extras, specs, mark, space, parenthesize) => {
          const extrasText = extras.length > 0 ? `${space}[${space}${extras.join(`${space},${space}`)}${space}]` : '';
          const specText = specs.join(`${space},${space}`);
          const specPart = parenthesize ? `${space}(${space}${specText}${space})` : `${space}${specText}`;
          const text = `${space}${reqName}${extrasText}${specPart}${mark !== undefined ? `${space};${space}${mark}` : ''}${space}`;
          const expected: Record<string, unknown> = { name: reqName, extras, specifier: specs.join(',') };
          if (mark !== undefined) expected.marker = mark;
          expect(parseRequirement(text)).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
