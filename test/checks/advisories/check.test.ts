import fs from 'node:fs';
import path from 'node:path';
import { LocalAdvisorySource, OnlineAdvisorySource, type AdvisorySource } from '../../../src/checks/advisories/advisory-source';
import { checkAdvisories, type PackageReleases } from '../../../src/checks/advisories/check';
import { LocalOsvDatabase } from '../../../src/checks/advisories/osv-database';
import type { PackageRef } from '../../../src/model';
import { normalizeName } from '../../../src/normalize';
import { OsvClient } from '../../../src/registries/osv';
import type { OsvVulnerability } from '../../../src/registries/osv-record';
import { startFakeRegistry, type FakeRegistry } from '../../fake-registry/server';
import { fixturePath } from '../../helpers/shared';
import { fakeOptions, instantHooks } from '../../registries/registry-test-options';

const FIXTURES = fixturePath('advisories', 'osv-pypi-acceptance');

function ref(name: string, version: string | undefined, line = 1, specifier?: string): PackageRef {
  return {
    ecosystem: 'PyPI',
    name,
    normalizedName: normalizeName('PyPI', name),
    ...(version !== undefined ? { version } : {}),
    ...(specifier !== undefined ? { specifier } : {}),
    extras: [],
    relation: 'direct',
    location: { file: 'requirements.txt', line },
  };
}

// Pinned versions whose affected set, by OSV's rules, equals the records' explicit versions[] lists: the fake
// OSV server matches on those lists only, so online and offline answers come from two implementations.
const PINNED = [
  ref('pydantic', '1.7.3', 1),
  ref('paramiko', '2.0.7', 2),
  ref('gevent', '23.9.0.post1', 3),
  ref('redis', '4.5.2', 4),
  ref('redis', '3.0.0', 5),
  ref('py', '1.11.0', 6),
  ref('gratient', '0.5', 7),
  ref('loguru', '0.5.0', 8),
  ref('aiohttp', '3.8.4', 9),
  ref('JW.Util', '1.0a', 10),
  ref('pydantic', '1.9.0', 11),
];

function findingIds(findings: { package: { normalizedName: string; version?: string }; evidence: Record<string, unknown> }[]): string[] {
  return findings.map((finding) => `${finding.package.normalizedName}@${finding.package.version}:${(finding.evidence.recordIds as string[]).join('+')}`).sort();
}

describe('checkAdvisories offline', () => {
  let source: AdvisorySource;
  beforeAll(async () => {
    source = new LocalAdvisorySource(await LocalOsvDatabase.load(FIXTURES));
  });

  it('reports every non-withdrawn advisory of each pinned version', async () => {
    const result = await checkAdvisories(PINNED, source, { now: new Date('2025-01-01') });
    expect(findingIds(result.findings)).toEqual([
      'aiohttp@3.8.4:PYSEC-2023-120',
      'aiohttp@3.8.4:PYSEC-2023-246',
      'aiohttp@3.8.4:PYSEC-2023-250',
      'aiohttp@3.8.4:PYSEC-2023-251',
      'aiohttp@3.8.4:PYSEC-2024-24',
      'aiohttp@3.8.4:PYSEC-2024-26',
      'gevent@23.9.0.post1:PYSEC-2023-177',
      'gratient@0.5:PYSEC-2024-1',
      'jw-util@1.0a:PYSEC-2020-341',
      'loguru@0.5.0:PYSEC-2022-14',
      'paramiko@2.0.7:PYSEC-2018-19',
      'paramiko@2.0.7:PYSEC-2018-69',
      'paramiko@2.0.7:PYSEC-2022-166',
      'py@1.11.0:PYSEC-2022-42969',
      'pydantic@1.7.3:PYSEC-2021-47',
      'redis@4.5.2:PYSEC-2023-45',
      'redis@4.5.2:PYSEC-2023-46',
    ]);
    expect(result.withdrawnSkipped).toEqual(['PYSEC-2022-43059', 'PYSEC-2023-73']);
    expect(result.couldNotCheck).toEqual([]);
    expect(result.source).toBe(`OSV database ${FIXTURES}`);
  });

  it('states id, aliases, severity, fixed versions and the smallest upgrade', async () => {
    const result = await checkAdvisories([ref('pydantic', '1.7.3')], source);
    const finding = result.findings[0]!;
    const record = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'PYSEC-2021-47.json'), 'utf8')) as OsvVulnerability;
    expect(finding).toMatchObject({ check: 'advisories', kind: 'advisory', severity: 'medium', location: { file: 'requirements.txt', line: 1 } });
    expect(finding.evidence).toMatchObject({
      id: record.aliases!.find((alias) => alias.startsWith('GHSA'))!,
      recordIds: ['PYSEC-2021-47'],
      ids: [...record.aliases!, 'PYSEC-2021-47'].sort(),
      severity: { level: 'medium', source: 'unknown' },
      fixedVersions: ['1.7.4', '1.8.2'],
      upgrade: { version: '1.7.4', basis: 'fixed-versions' },
    });
    expect(finding.message).toMatch(/^pydantic 1\.7\.3: GHSA-.* \[severity unknown, treated as medium\] .*; fixed in 1\.7\.4, 1\.8\.2; upgrade to 1\.7\.4 clears it$/);
    expect(result.failing).toEqual([finding]);
  });

  it('computes one upgrade that clears all of a package\u2019s advisories', async () => {
    const result = await checkAdvisories([ref('paramiko', '2.0.7')], source);
    const upgrades = new Set(result.findings.map((finding) => (finding.evidence.upgrade as { version?: string }).version));
    expect(upgrades.size).toBe(1);
    const [upgrade] = [...upgrades];
    const db = await LocalOsvDatabase.load(FIXTURES);
    expect(db.match('PyPI', 'paramiko', upgrade!).vulnerabilities.filter((record) => !record.withdrawn)).toEqual([]);
  });

  it('applies ignores by alias and scope, and reports used, expired and unused ones', async () => {
    const ignores = [
      { id: 'PYSEC-2021-47', reason: 'validated inputs only', package: 'pydantic' },
      { id: 'PYSEC-2022-42969', reason: 'old', expires: '2024-06-30' },
      { id: 'PYSEC-2024-1', reason: 'wrong version scope', versions: '>=1.0' },
      { id: 'CVE-0000-0000', reason: 'nothing has it' },
    ];
    const result = await checkAdvisories([ref('pydantic', '1.7.3'), ref('py', '1.11.0'), ref('gratient', '0.5')], source, {
      ignores,
      now: new Date('2025-01-01'),
    });
    expect(result.ignored.map((item) => [item.finding.evidence.recordIds, item.ignore.id])).toEqual([[['PYSEC-2021-47'], 'PYSEC-2021-47']]);
    expect(findingIds(result.findings)).toEqual(['gratient@0.5:PYSEC-2024-1', 'py@1.11.0:PYSEC-2022-42969']);
    expect(result.findings.find((f) => f.package.name === 'py')!.evidence.expiredIgnores).toEqual([
      { id: 'PYSEC-2022-42969', expires: '2024-06-30', reason: 'old' },
    ]);
    expect(result.ignoresUsed.map((ignore) => ignore.id)).toEqual(['PYSEC-2021-47']);
    expect(result.ignoresExpired.map((ignore) => ignore.id)).toEqual(['PYSEC-2022-42969']);
    expect(result.ignoresUnused.map((ignore) => ignore.id)).toEqual(['PYSEC-2024-1', 'CVE-0000-0000']);
  });

  it('fails on findings at or above the threshold, and always on malicious packages', async () => {
    const mal: OsvVulnerability = {
      id: 'MAL-2024-1',
      modified: '2024-01-01T00:00:00Z',
      summary: 'Malicious code in evil-pkg',
      affected: [{ package: { ecosystem: 'PyPI', name: 'evil-pkg' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }],
    };
    const low: OsvVulnerability = {
      id: 'GHSA-low',
      modified: '2024-01-01T00:00:00Z',
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N' }],
      affected: [{ package: { ecosystem: 'PyPI', name: 'meh' }, versions: ['1.0'] }],
    };
    const local = new LocalAdvisorySource(LocalOsvDatabase.fromRecords([mal, low], 'memory'));
    const result = await checkAdvisories([ref('evil_pkg', '0.0.1'), ref('meh', '1.0')], local, { failOnSeverity: 'high' });
    expect(result.findings.map((finding) => [finding.evidence.id, finding.kind, finding.severity])).toEqual([
      ['MAL-2024-1', 'malicious', 'critical'],
      ['GHSA-low', 'advisory', 'low'],
    ]);
    expect(result.failing.map((finding) => finding.evidence.id)).toEqual(['MAL-2024-1']);
    expect(result.findings[0]!.message).toMatch(/malicious package: remove it/);
    expect((await checkAdvisories([ref('meh', '1.0')], local, { failOnSeverity: 'low' })).failing).toHaveLength(1);
  });

  it('records what it could not check, never treating it as clean', async () => {
    const unvettable: PackageRef = { ...ref('thing', undefined, 3), unvettable: { kind: 'vcs', reference: 'git+https://x/y', reason: 'no registry release' } };
    const result = await checkAdvisories([ref('pydantic', undefined, 1, '>=1.0'), ref('jw.util', '-class.-jw.util.version.Version-', 2), unvettable], source);
    expect(result.couldNotCheck.map((item) => [item.package.name, item.reason])).toEqual([
      ['pydantic', 'not pinned (">=1.0") and no registry to resolve the version from'],
      ['thing', 'vcs requirement (git+https://x/y): no registry release'],
      ['jw.util', expect.stringMatching(/is not a valid PEP 440 version: only advisories listing it exactly could be matched/)],
    ]);
    // The exact listing still matched.
    expect(findingIds(result.findings)).toEqual(['jw-util@-class.-jw.util.version.Version-:PYSEC-2020-341']);
  });

  it('resolves unpinned requirements the way pip would, says so, and uses the release list for the upgrade', async () => {
    const releases: PackageReleases = {
      listReleases: async (ecosystem, name) =>
        name === 'pydantic'
          ? {
              status: 'found',
              origin: 'https://pypi.example/pypi/pydantic/json',
              releases: ['1.6.1', '1.7.3', '1.7.4', '1.8.0', '1.8.1', '1.8.2', '1.9.0a1'].map((version) => ({ version, yanked: version === '1.7.4', fileCount: 1 })),
            }
          : { status: 'failed', reason: `${ecosystem} ${name}: HTTP 404` },
    };
    const result = await checkAdvisories([ref('pydantic', undefined, 4, '<1.8.2'), ref('loguru', undefined, 5, '>=0.5')], source, { releases, pythonVersion: '3.11' });
    expect(result.resolved).toEqual([
      expect.objectContaining({ package: expect.objectContaining({ version: '1.8.1' }), specifier: '<1.8.2', description: expect.stringMatching(/^resolved "<1.8.2" to 1.8.1: .*from https:\/\/pypi.example/) }),
    ]);
    const finding = result.findings[0]!;
    expect(finding.package.version).toBe('1.8.1');
    expect(finding.evidence.resolvedFrom).toMatch(/resolved "<1.8.2" to 1.8.1/);
    expect(finding.evidence.upgrade).toEqual({ version: '1.8.2', basis: 'release-list' });
    expect(result.couldNotCheck.map((item) => item.reason)).toEqual([expect.stringMatching(/^not pinned; could not resolve the version to check: PyPI loguru: HTTP 404/)]);
  });
});

describe('checkAdvisories online through the fake OSV API', () => {
  let fake: FakeRegistry;
  beforeAll(async () => {
    fake = await startFakeRegistry();
    for (const file of fs.readdirSync(FIXTURES)) fake.addOsv(JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as OsvVulnerability);
  });
  afterAll(() => fake.close());

  it('gives the same findings as the local database, hydrating each id once', async () => {
    const online = new OnlineAdvisorySource(new OsvClient(fakeOptions(fake), instantHooks()));
    const offline = new LocalAdvisorySource(await LocalOsvDatabase.load(FIXTURES));
    const now = new Date('2025-01-01');
    const [a, b] = [await checkAdvisories(PINNED, online, { now }), await checkAdvisories(PINNED, offline, { now })];
    expect(a.findings).toEqual(b.findings);
    expect(a.withdrawnSkipped).toEqual(b.withdrawnSkipped);
    expect(a.couldNotCheck).toEqual([]);
    expect(fake.requests('osv-querybatch')).toBe(1);
    const distinct = new Set(b.findings.flatMap((finding) => finding.evidence.recordIds as string[]).concat(b.withdrawnSkipped));
    expect(fake.requests('osv-vuln')).toBe(distinct.size);
    fake.assertNoUnexpectedRequests();
  });

  it('turns an OSV failure into could-not-check for the packages it carried', async () => {
    fake.inject({ kind: 'status-500', route: 'osv-querybatch' });
    const online = new OnlineAdvisorySource(new OsvClient(fakeOptions(fake, { retries: 0, noCache: true }), instantHooks()));
    const result = await checkAdvisories([ref('pydantic', '1.7.3')], online);
    fake.clearFaults();
    expect(result.findings).toEqual([]);
    expect(result.couldNotCheck).toEqual([
      expect.objectContaining({ check: 'advisories', reason: expect.stringMatching(/^OSV query failed: .*500/) }),
    ]);
  });
});
