import type { PackageKey } from '../../../src/findings';
import { checkLicenses, licenseFindings, licenseMetadataKey, type LicenseMetadataResult } from '../../../src/checks/license/check';
import { DEFAULT_LICENSE_POLICY, judgeLicense } from '../../../src/checks/license/policy';
import { resolveLicense } from '../../../src/checks/license/resolve';

const NOW = new Date('2026-06-15T00:00:00Z');
const key = (name: string, version: string): PackageKey => ({ ecosystem: 'PyPI', name, normalizedName: name.toLowerCase(), version });

describe('checkLicenses', () => {
  const packages = [key('six', '1.16.0'), key('paramiko', '3.4.0'), key('missing', '1.0'), key('failed', '2.0'), key('vendored', '0.1')];
  const metadata = new Map<string, LicenseMetadataResult>([
    [licenseMetadataKey(packages[0]!), { ecosystem: 'PyPI', name: 'six', version: '1.16.0', license: 'MIT' }],
    [licenseMetadataKey(packages[1]!), { ecosystem: 'PyPI', name: 'paramiko', version: '3.4.0', license: 'LGPL' }],
    [licenseMetadataKey(packages[3]!), { error: 'HTTP 503 from https://pypi.org/pypi/failed/2.0/json' }],
    [licenseMetadataKey(packages[4]!), { ecosystem: 'PyPI', name: 'vendored', version: '0.1', license: 'UNKNOWN' }],
  ]);

  test('metadata that is missing or failed is could-not-check, never clean', () => {
    const result = checkLicenses(packages, metadata, DEFAULT_LICENSE_POLICY, { now: NOW });
    expect(result.couldNotCheck.map((entry) => [entry.package.name, entry.reason])).toEqual([
      ['missing', 'no license metadata was fetched for this package'],
      ['failed', 'license metadata unavailable: HTTP 503 from https://pypi.org/pypi/failed/2.0/json'],
    ]);
    expect(result.findings.map((finding) => [finding.package.name, finding.kind])).toEqual([
      ['paramiko', 'license-needs-approval'],
      ['vendored', 'license-unknown'],
    ]);
  });

  test('approvals lift findings and are reported as used, unused and expired', () => {
    const approvals = [
      { package: 'paramiko', license: 'LGPL-2.1-or-later', reason: 'SSH transport, unmodified', approvedBy: 'alice' },
      { package: 'vendored', license: '*', reason: 'checked by hand: MIT', approvedBy: 'bob', expires: '2026-01-01' },
      { package: 'requests', license: 'Apache-2.0', reason: 'stale entry', approvedBy: 'carol' },
    ];
    const result = checkLicenses(packages, metadata, DEFAULT_LICENSE_POLICY, { now: NOW, approvals });
    expect(result.findings.map((finding) => finding.kind)).toEqual(['license-unknown']);
    expect(result.findings[0]!.message).toMatch(/an approval expired on 2026-01-01/);
    expect(result.findings[0]!.evidence.expiredApprovals).toEqual([expect.objectContaining({ package: 'vendored', approvedBy: 'bob' })]);
    expect(result.approvals.used.map((a) => a.package)).toEqual(['paramiko']);
    expect(result.approvals.expired.map((a) => a.package)).toEqual(['vendored']);
    expect(result.approvals.unused.map((a) => a.package)).toEqual(['requests']);
    expect(result.results.find((r) => r.package.name === 'paramiko')!.approval?.approvedBy).toBe('alice');
  });

  test('an override replaces the metadata license and keeps the metadata as evidence', () => {
    const overrides = [{ package: 'vendored', license: 'MIT', recorded: 'License :: MIT License', url: 'https://example.com/LICENSE', origin: 'known_licenses.json' }];
    const result = checkLicenses([packages[4]!], metadata, DEFAULT_LICENSE_POLICY, { now: NOW, overrides });
    expect(result.findings).toEqual([]);
    expect(result.results[0]!.resolved).toMatchObject({ expression: 'MIT', source: 'policy-override', raw: { license: 'UNKNOWN' } });
    expect(result.results[0]!.resolved.notes[0]).toMatch(/license set by known_licenses.json: "License :: MIT License"/);
  });

  test('bad approvals fail the run up front', () => {
    expect(() => checkLicenses([], new Map(), DEFAULT_LICENSE_POLICY, { approvals: [{ package: 'x', license: 'MIT', reason: '', approvedBy: 'a' }] })).toThrow(/reason is required/);
  });
});

describe('licenseFindings', () => {
  test('severity and evidence of each kind', () => {
    const pkg = key('mixedpkg', '1.0');
    const resolved = resolveLicense({ ecosystem: 'PyPI', name: 'mixedpkg', license: 'MIT', classifiers: ['License :: OSI Approved :: GNU General Public License v3 (GPLv3)'] });
    const findings = licenseFindings(pkg, resolved, judgeLicense(resolved), { expired: [] });
    expect(findings.map((f) => [f.kind, f.severity])).toEqual([
      ['license-denied', 'high'],
      ['license-sources-disagree', 'medium'],
    ]);
    expect(findings[0]!.message).toBe('mixedpkg 1.0: license MIT is denied by policy (LicenseRef-depvet-ambiguous-GNU-General-Public-License-v3)');
    expect(findings[1]!.evidence.disagreement).toEqual({
      readings: [
        { source: 'license', expression: 'MIT' },
        { source: 'classifiers', expression: 'LicenseRef-depvet-ambiguous-GNU-General-Public-License-v3' },
      ],
      reading: 'stricter',
    });
    expect(findings[0]!.evidence.raw).toEqual({ license: 'MIT', classifiers: ['License :: OSI Approved :: GNU General Public License v3 (GPLv3)'] });
  });
});
