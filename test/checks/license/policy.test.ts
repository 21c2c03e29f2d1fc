import { DEFAULT_LICENSE_POLICY, judgeLicense, mergeLicensePolicies, type LicensePolicy } from '../../../src/checks/license/policy';
import { resolveLicense, type ResolvedLicense } from '../../../src/checks/license/resolve';

const resolved = (licenseExpression: string): ResolvedLicense => resolveLicense({ ecosystem: 'PyPI', name: 'p', licenseExpression });
const verdictOf = (expression: string, policy: LicensePolicy = DEFAULT_LICENSE_POLICY) => judgeLicense(resolved(expression), policy).verdict;

describe('default policy', () => {
  test.each([
    ['MIT', 'allowed'],
    ['BSD-3-Clause', 'allowed'],
    ['PSF-2.0', 'allowed'],
    ['CNRI-Python', 'allowed'],
    ['LGPL-2.1-only', 'needs-approval'],
    ['MPL-2.0', 'needs-approval'],
    ['EPL-1.0', 'needs-approval'],
    ['GPL-3.0-or-later', 'denied'],
    ['AGPL-3.0-only', 'denied'],
    ['SSPL-1.0', 'denied'],
    ['OSL-3.0', 'denied'],
    ['LicenseRef-Proprietary', 'denied'],
    ['LicenseRef-somebody-custom', 'unknown'],
    // Not named by a list: decided by its ScanCode category.
    ['AFL-3.0', 'allowed'],
    ['CDDL-1.1', 'needs-approval'],
    ['Elastic-2.0', 'denied'],
  ])('%s is %s', (expression, verdict) => {
    expect(verdictOf(expression)).toBe(verdict);
  });
});

describe('expressions', () => {
  test('OR passes when either side passes, AND only when both do', () => {
    expect(verdictOf('GPL-2.0-only OR MIT')).toBe('allowed');
    expect(verdictOf('GPL-2.0-only AND MIT')).toBe('denied');
    expect(verdictOf('LGPL-3.0-only AND MIT')).toBe('needs-approval');
    expect(verdictOf('LGPL-3.0-only OR GPL-3.0-only')).toBe('needs-approval');
    expect(verdictOf('LicenseRef-x AND MIT')).toBe('unknown');
    expect(verdictOf('LicenseRef-x AND GPL-3.0-only')).toBe('denied');
    expect(verdictOf('LicenseRef-x OR GPL-3.0-only')).toBe('unknown');
  });

  test('deciding licenses name the side that decided', () => {
    expect(judgeLicense(resolved('MIT AND (GPL-2.0-only OR LGPL-2.1-only)')).decidingLicenses).toEqual(['LGPL-2.1-only']);
    expect(judgeLicense(resolved('GPL-2.0-only OR MIT')).decidingLicenses).toEqual(['MIT']);
  });

  test('WITH exceptions are honoured: a listed exception decides, else its license does', () => {
    expect(verdictOf('GPL-2.0-only WITH Classpath-exception-2.0')).toBe('needs-approval');
    expect(verdictOf('GPL-2.0-only WITH Autoconf-exception-2.0')).toBe('denied');
    const judgement = judgeLicense(resolved('GPL-2.0-only WITH Autoconf-exception-2.0')).judgements[0]!;
    expect(judgement.rule).toMatch(/exception Autoconf-exception-2.0 not listed/);
  });

  test('an ambiguous classifier is only as good as its worst candidate', () => {
    const bsd = resolveLicense({ ecosystem: 'PyPI', name: 'p', classifiers: ['License :: OSI Approved :: BSD License'] });
    expect(judgeLicense(bsd).verdict).toBe('allowed');
    const strict = mergeLicensePolicies(DEFAULT_LICENSE_POLICY, { denied: ['BSD-4-Clause'] });
    expect(judgeLicense(bsd, strict).verdict).toBe('denied');
    expect(judgeLicense(bsd, strict).judgements[0]!.rule).toMatch(/BSD-4-Clause/);
  });

  test('unknown license (nothing read) is unknown, never allowed', () => {
    expect(judgeLicense(resolveLicense({ ecosystem: 'PyPI', name: 'p', license: 'UNKNOWN' })).verdict).toBe('unknown');
  });
});

describe('custom policies', () => {
  test('exact entries beat globs; later policies override earlier ones', () => {
    const policy = mergeLicensePolicies(DEFAULT_LICENSE_POLICY, { allowed: ['LGPL-2.1-only'], denied: ['MIT'], origin: ['depvet.config.json'] });
    expect(verdictOf('LGPL-2.1-only', policy)).toBe('allowed');
    expect(verdictOf('LGPL-3.0-only', policy)).toBe('needs-approval');
    expect(verdictOf('MIT', policy)).toBe('denied');
    expect(policy.origin).toEqual(['default', 'depvet.config.json']);
  });

  test('a policy without category fallbacks leaves unlisted ids unknown', () => {
    const policy: LicensePolicy = { allowed: ['MIT'], needsApproval: [], denied: [], categoryFallback: {} };
    expect(verdictOf('ISC', policy)).toBe('unknown');
  });

  test('glob matching is case-insensitive and anchored', () => {
    const policy: LicensePolicy = { allowed: ['apache-*'], needsApproval: [], denied: [], categoryFallback: {} };
    expect(verdictOf('Apache-2.0', policy)).toBe('allowed');
    expect(verdictOf('MIT', policy)).toBe('unknown');
  });
});

describe('disagreeing sources', () => {
  const meta = { ecosystem: 'PyPI' as const, name: 'p', license: 'MIT', classifiers: ['License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)'] };
  test('stricter: every reading must pass', () => {
    const result = judgeLicense(resolveLicense(meta));
    expect(result.verdict).toBe('denied');
    expect(result.judgedExpression).toBe('MIT AND GPL-3.0-or-later');
  });
  test('prefer-expression: the highest-precedence source decides', () => {
    expect(judgeLicense(resolveLicense(meta, { disagreement: 'prefer-expression' })).verdict).toBe('allowed');
  });
});
