import { ConfigError } from '../../../src/errors';
import type { PackageKey } from '../../../src/findings';
import { applyApprovals, approvalsReport, validateLicenseApprovals, type LicenseApproval } from '../../../src/checks/license/approvals';
import { judgeLicense } from '../../../src/checks/license/policy';
import { resolveLicense } from '../../../src/checks/license/resolve';

const NOW = new Date('2026-06-15T12:00:00Z');
const pkg = (name: string, version?: string, ecosystem: 'PyPI' | 'npm' = 'PyPI'): PackageKey => ({ ecosystem, name, normalizedName: name.toLowerCase().replace(/[-_.]+/g, '-'), ...(version ? { version } : {}) });
const approval = (fields: Partial<LicenseApproval>): LicenseApproval => ({ package: 'psycopg2', license: 'LGPL-3.0-or-later', reason: 'dynamic linking only', approvedBy: 'legal@example.com', ...fields });

function outcome(p: PackageKey, meta: Parameters<typeof resolveLicense>[0], approvals: LicenseApproval[], image?: string) {
  const resolved = resolveLicense(meta);
  const verdict = judgeLicense(resolved);
  return applyApprovals(p, resolved, verdict, approvals, { now: NOW, ...(image ? { image } : {}) });
}

const psycopg = { ecosystem: 'PyPI' as const, name: 'psycopg2', license: 'LGPL with exceptions', classifiers: ['License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)'] };

describe('applyApprovals', () => {
  test('an approval naming a candidate of an ambiguous license covers it', () => {
    expect(outcome(pkg('psycopg2', '2.9.9'), psycopg, [approval({})]).approval).toBeDefined();
  });

  test('the license must cover what failed', () => {
    expect(outcome(pkg('psycopg2', '2.9.9'), psycopg, [approval({ license: 'MIT' })]).approval).toBeUndefined();
    const gpl = { ecosystem: 'PyPI' as const, name: 'psycopg2', licenseExpression: 'GPL-3.0-only AND MIT' };
    expect(outcome(pkg('psycopg2', '1.0'), gpl, [approval({ license: 'GPL-3.0-only' })]).approval).toBeDefined();
    expect(outcome(pkg('psycopg2', '1.0'), gpl, [approval({ license: 'GPL-2.0-only' })]).approval).toBeUndefined();
  });

  test('an unknown license is covered only by "*"', () => {
    const unknown = { ecosystem: 'PyPI' as const, name: 'psycopg2', license: 'UNKNOWN' };
    expect(outcome(pkg('psycopg2', '1.0'), unknown, [approval({ license: 'MIT' })]).approval).toBeUndefined();
    expect(outcome(pkg('psycopg2', '1.0'), unknown, [approval({ license: '*' })]).approval).toBeDefined();
  });

  test('version ranges: PEP 440 for PyPI, semver for npm; an unknown version is not in range', () => {
    expect(outcome(pkg('psycopg2', '2.9.9'), psycopg, [approval({ versions: '>=2.9,<3' })]).approval).toBeDefined();
    expect(outcome(pkg('psycopg2', '3.0.0'), psycopg, [approval({ versions: '>=2.9,<3' })]).approval).toBeUndefined();
    expect(outcome(pkg('psycopg2'), psycopg, [approval({ versions: '>=2.9,<3' })]).approval).toBeUndefined();
    const npmMeta = { ecosystem: 'npm' as const, name: 'lgpl-lib', license: 'LGPL-3.0-only' };
    const npmApproval = approval({ package: 'lgpl-lib', ecosystem: 'npm', license: 'LGPL-3.0-only', versions: '^1.2.0' });
    expect(outcome(pkg('lgpl-lib', '1.4.0', 'npm'), npmMeta, [npmApproval]).approval).toBeDefined();
    expect(outcome(pkg('lgpl-lib', '2.0.0', 'npm'), npmMeta, [npmApproval]).approval).toBeUndefined();
  });

  test('names are compared after normalization; ecosystems must match', () => {
    expect(outcome(pkg('psycopg2', '2.9.9'), psycopg, [approval({ package: 'Psycopg2' })]).approval).toBeDefined();
    expect(outcome(pkg('psycopg2', '2.9.9'), psycopg, [approval({ ecosystem: 'npm' })]).approval).toBeUndefined();
  });

  test('image scope: an entry matches an image whose name contains it; no image means no match', () => {
    const scoped = approval({ images: ['pymisp'] });
    expect(outcome(pkg('psycopg2', '2.9.9'), psycopg, [scoped], 'pymisp').approval).toBeDefined();
    expect(outcome(pkg('psycopg2', '2.9.9'), psycopg, [scoped], 'python3').approval).toBeUndefined();
    expect(outcome(pkg('psycopg2', '2.9.9'), psycopg, [scoped]).approval).toBeUndefined();
  });

  test('an expired approval does not apply and is reported with the outcome', () => {
    const expired = approval({ expires: '2026-06-14' });
    const result = outcome(pkg('psycopg2', '2.9.9'), psycopg, [expired]);
    expect(result.approval).toBeUndefined();
    expect(result.expired).toEqual([expired]);
    // A date-only expiry covers that whole day.
    expect(outcome(pkg('psycopg2', '2.9.9'), psycopg, [approval({ expires: '2026-06-15' })]).approval).toBeDefined();
  });

  test('allowed packages need no approval', () => {
    const mit = { ecosystem: 'PyPI' as const, name: 'psycopg2', license: 'MIT' };
    expect(outcome(pkg('psycopg2', '1.0'), mit, [approval({ license: '*' })]).approval).toBeUndefined();
  });
});

describe('approvalsReport', () => {
  test('splits used, expired and unused', () => {
    const used = approval({});
    const expired = approval({ package: 'old', expires: '2020-01-01' });
    const unused = approval({ package: 'never-seen' });
    const report = approvalsReport([used, expired, unused], new Set([used]), NOW);
    expect(report).toEqual({ used: [used], expired: [expired], unused: [unused] });
  });
});

describe('validateLicenseApprovals', () => {
  test.each([
    [{ reason: '' }, /a reason is required/],
    [{ approvedBy: ' ' }, /approvedBy is required/],
    [{ license: 'Apache 2' }, /not an SPDX expression/],
    [{ expires: 'next year' }, /is not a date/],
    [{ versions: 'latest!' }, /is not a version or range/],
    [{ package: '' }, /without a package/],
  ])('%j is refused', (fields, message) => {
    const bad = approval({ ...fields, source: { file: 'depvet.config.json', pointer: '/license/approvals/0' } } as Partial<LicenseApproval>);
    expect(() => validateLicenseApprovals([bad])).toThrow(ConfigError);
    expect(() => validateLicenseApprovals([bad])).toThrow(message);
    expect(() => validateLicenseApprovals([bad])).toThrow(/^depvet\.config\.json at \/license\/approvals\/0: /);
  });
  test('good entries pass', () => {
    expect(() => validateLicenseApprovals([approval({ versions: '>=2.9', expires: '2027-01-01', images: ['x'] }), approval({ license: '*' })])).not.toThrow();
  });
});
