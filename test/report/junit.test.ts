import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJunit, xmlAttr, xmlText } from '../../src/report/junit';
import { FIXTURE_NAMES, largeResult, loadResult } from './load-result';

interface TestCase {
  '@_classname': string;
  '@_name': string;
  failure?: { '#text'?: string; '@_message': string; '@_type': string };
  error?: { '#text'?: string; '@_message': string; '@_type': string };
  skipped?: { '@_message': string };
  'system-out'?: string;
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testcase: TestCase[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => name === 'testsuite' || name === 'testcase',
});

function parse(xml: string): { root: Record<string, string>; suites: Suite[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml);
  return { root: doc.testsuites, suites: doc.testsuites.testsuite ?? [] };
}

function suite(suites: Suite[], name: string): Suite {
  const found = suites.find((s) => s['@_name'] === name);
  expect(found).toBeDefined();
  return found!;
}

describe('renderJunit', () => {
  it.each(FIXTURE_NAMES)('renders %s as well-formed XML whose counts match its test cases', (name) => {
    const { root, suites } = parse(renderJunit(loadResult(name)));
    let tests = 0;
    let failures = 0;
    let errors = 0;
    let skipped = 0;
    for (const s of suites) {
      expect(Number(s['@_tests'])).toBe(s.testcase.length);
      expect(Number(s['@_failures'])).toBe(s.testcase.filter((c) => c.failure).length);
      expect(Number(s['@_errors'])).toBe(s.testcase.filter((c) => c.error).length);
      expect(Number(s['@_skipped'])).toBe(s.testcase.filter((c) => c.skipped).length);
      tests += s.testcase.length;
      failures += Number(s['@_failures']);
      errors += Number(s['@_errors']);
      skipped += Number(s['@_skipped']);
    }
    expect([Number(root['@_tests']), Number(root['@_failures']), Number(root['@_errors']), Number(root['@_skipped'])]).toEqual([tests, failures, errors, skipped]);
  });

  it('has a suite per check and a case per checked package, passing when nothing was found', () => {
    const { root, suites } = parse(renderJunit(loadResult('pass-all-clean')));
    expect(suites.map((s) => s['@_name'])).toEqual(['depvet license', 'depvet names', 'depvet advisories']);
    for (const s of suites) {
      expect(s.testcase.map((c) => [c['@_classname'], c['@_name']])).toEqual([
        ['python3', 'requests==2.32.3'],
        ['python3', 'urllib3==2.2.3'],
      ]);
      expect(s.testcase.every((c) => !c.failure && !c.error && !c.skipped)).toBe(true);
    }
    expect(root['@_name']).toBe('depvet (pass)');
  });

  it('makes failing findings <failure> with the message and file:line', () => {
    const { suites } = parse(renderJunit(loadResult('fail-license-and-advisory')));
    const license = suite(suites, 'depvet license');
    const chardet = license.testcase.find((c) => c['@_name'] === 'chardet==3.0.4')!;
    expect(chardet['@_classname']).toBe('crypto');
    expect(chardet.failure!['@_type']).toBe('license-denied');
    expect(chardet.failure!['@_message']).toBe('chardet 3.0.4 is licensed LGPL-2.1-only, which the policy denies');
    expect(chardet.failure!['#text']).toContain('crypto/Pipfile.lock:20: [failing] high license-denied');
    expect(license['@_failures']).toBe('2');
    // A warning does not fail its test case, but is shown.
    const names = suite(suites, 'depvet names');
    const reqeusts = names.testcase.find((c) => c['@_name'] === 'reqeusts==1.0.0')!;
    expect(reqeusts.failure).toBeUndefined();
    expect(reqeusts['system-out']).toContain('[warning] medium typosquat');
  });

  it('makes could-not-check entries <error> test cases, never passes', () => {
    const { root, suites } = parse(renderJunit(loadResult('incomplete-registry-unavailable')));
    const license = suite(suites, 'depvet license');
    const internal = license.testcase.find((c) => c['@_name'] === 'internal-lib==1.4.0')!;
    expect(internal.error!['@_type']).toBe('incomplete');
    expect(internal.error!['@_message']).toBe('could not check: PyPI answered 503 Service Unavailable after 3 retries');
    const mylib = license.testcase.find((c) => c['@_name'] === 'mylib')!;
    expect(mylib.error!['@_message']).toContain('VCS requirement');
    expect(suite(suites, 'depvet advisories').testcase.find((c) => c['@_name'] === 'internal-lib==1.4.0')!.error).toBeDefined();
    expect(root['@_errors']).toBe('3');
    expect(root['@_name']).toBe('depvet (incomplete)');
  });

  it('makes fully suppressed findings <skipped> with the reason, and lists policy notes', () => {
    const { suites } = parse(renderJunit(loadResult('suppressed-approval-and-ignore')));
    const chardet = suite(suites, 'depvet license').testcase.find((c) => c['@_name'] === 'chardet==3.0.4')!;
    expect(chardet.skipped!['@_message']).toBe('suppressed by approval: used unmodified as a dynamically linked library; legal ticket LEGAL-42');
    const policy = suite(suites, 'depvet policy');
    expect(policy.testcase.map((c) => c['@_name'])).toEqual([
      'approval-unused: approval for pycryptodome (LicenseRef-OCB) matched no package',
      'ignore-expired: ignore of GHSA-9wx4-h78v-vm56 for requests expired on 2026-01-01',
    ]);
  });

  it('does not fail a finding already there in diff mode', () => {
    const { suites } = parse(renderJunit(loadResult('diff-existing-and-new')));
    const advisories = suite(suites, 'depvet advisories');
    const urllib3 = advisories.testcase.find((c) => c['@_name'] === 'urllib3==1.24.1')!;
    expect(urllib3.failure).toBeUndefined();
    expect(urllib3['system-out']).toContain('[already there, not failing]');
    expect(advisories.testcase.find((c) => c['@_name'] === 'pyyaml==5.3')!.failure).toBeDefined();
  });

  it('escapes hostile names so that they come back unchanged from an XML parser', () => {
    const { suites } = parse(renderJunit(loadResult('hostile-package-names')));
    const names = suite(suites, 'depvet names').testcase.map((c) => c['@_name']);
    expect(names).toEqual(
      expect.arrayContaining(['<script>alert(1)</script>==1.0.0', 'a|b|c==1.0.0', '`rm -rf`==1.0.0', 'pct%0Aname%25==1.0.0', '@org/team-mention@1.0.0', 'evil\nname::error::injected==1.0\n::warning::x']),
    );
    expect(suite(suites, 'depvet names').testcase.every((c) => c['@_classname'] === 'img<b>')).toBe(true);
    const error = suite(suites, 'depvet advisories').testcase.find((c) => c.error)!;
    expect(error.error!['#text']).toContain('</details><script>x</script>');
  });

  it('escapes text, attributes and characters XML cannot hold', () => {
    expect(xmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(xmlAttr(`"x"\n'y'\t`)).toBe('&quot;x&quot;&#10;&apos;y&apos;&#9;');
    expect(xmlText('bell\u0007 nul\u0000')).toBe('bell\\u0007 nul\\u0000');
    expect(XMLValidator.validate(`<a b="${xmlAttr('\u0001]]>--')}">${xmlText('\u0001]]>')}</a>`)).toBe(true);
  });

  it('renders thousands of findings with consistent counts', () => {
    const { root } = parse(renderJunit(largeResult(3000)));
    expect(root['@_failures']).toBe('3000');
    expect(root['@_errors']).toBe('50');
  });
});
