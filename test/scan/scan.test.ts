import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as popularIndex from '../../src/checks/names/popular-index';
import { scan } from '../../src/scan/scan';
import type { ScanResult } from '../../src/scan/result';
import type { FakeRegistry } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';
import { startTreeRegistry } from './tree-registry';
import { pypiProjectDoc } from '../fake-registry/pypi-doc';

const TREE = path.relative(process.cwd(), fixturePath('inventory', 'tree'));
const NOW = new Date('2024-10-01T00:00:00Z');
const instant = { sleep: async () => undefined, random: () => 0.5 };

let fake: FakeRegistry;
const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
const cacheDir = (): string => tempDir('depvet-scan-cache-');

/** A folder holding only a requirements.txt with these lines. */
function requirementsFolder(text: string): string {
  const dir = tempDir('depvet-requirements-');
  fs.writeFileSync(path.join(dir, 'requirements.txt'), text);
  return dir;
}

beforeAll(async () => {
  fake = await startTreeRegistry();
});
afterAll(async () => {
  await fake.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.clearFaults();
  fake.resetCounts();
});

function registry(extra: Record<string, unknown> = {}) {
  return { pypiUrl: fake.pypiUrl, osvUrl: fake.osvUrl, npmRegistry: fake.npmUrl, cacheDir: cacheDir(), retries: 2, timeoutMs: 2000, ...extra };
}

async function scanTree(extra: Record<string, unknown> = {}, options: Record<string, unknown> = {}): Promise<ScanResult> {
  return scan([TREE], { now: NOW, env: {}, registry: registry(extra), httpHooks: instant, ...options });
}

describe('scan of the test tree through the fake registry', () => {
  let result: ScanResult;
  beforeAll(async () => {
    result = await scanTree();
  });

  it('fails on the unapproved weak-copyleft licenses, where they are declared, naming every image that installs them', () => {
    const license = result.findings.filter((f) => f.check === 'license' && f.failing);
    expect(license.map((f) => `${f.kind} ${f.package.name} ${f.location?.file.split('/').slice(-2).join('/')}`).sort()).toEqual([
      'license-needs-approval certifi python3/Pipfile.lock',
      'license-needs-approval chardet legacy/extra-requirements.txt',
    ]);
    const certifi = license.find((f) => f.package.name === 'certifi')!;
    // The declaring image first, then every image that inherits the package.
    expect(certifi.images[0]).toBe('python3');
    expect([...certifi.images].sort()).toEqual(['crypto', 'legacy', 'python3', 'teams']);
    expect(certifi.evidence['expression']).toBe('MPL-2.0');
  });

  it('finds the real advisory of idna 3.6 (PYSEC-2024-60, CVSS 7.5) and fails on it', () => {
    const idna = result.findings.find((f) => f.check === 'advisories' && f.package.name === 'idna')!;
    expect(idna).toBeDefined();
    expect(idna.severity).toBe('high');
    expect(idna.failing).toBe(true);
    expect(JSON.stringify(idna.evidence)).toContain('PYSEC-2024-60');
    expect(idna.images).toEqual(['legacy']);
  });

  it('resolves unpinned requirements the way pip would and says so', () => {
    const lxml = result.packages.find((p) => p.name === 'lxml')!;
    expect(lxml.version).toBe('5.2.1');
    expect(lxml.resolved?.from).toBe('>=5.2.0');
  });

  it('judges base images: a foreign registry is not allowed', () => {
    const bases = result.findings.filter((f) => f.check === 'base-image');
    expect(bases.map((f) => `${f.kind} ${f.location?.file.split('/').slice(-2).join('/')}:${f.location?.line}`)).toEqual(['base-not-allowed powershell/Dockerfile:1']);
  });

  it('the outcome is fail, with every package checked and nothing incomplete', () => {
    expect(result.couldNotCheck).toEqual([]);
    expect(result.summary.outcome).toBe('fail');
    expect(result.packages.every((p) => p.license !== undefined || p.unvettable !== undefined)).toBe(true);
  });

  it('asks each PyPI document once: a project document only for what the closure resolves, one OSV batch, one GET per advisory', async () => {
    fake.resetCounts();
    await scanTree();
    const pypi = fake.log().filter((r) => r.route === 'pypi-project' || r.route === 'pypi-release').map((r) => r.path);
    expect(new Set(pypi).size).toBe(pypi.length);
    // Release lists are read for what the resolver resolves (requirements of unlocked manifests and what they pull
    // in), never for what a lock pins.
    const unlocked = (file: string) => !/(\.lock|package-lock\.json)$/.test(file);
    const resolvedNames = new Set(result.packages.filter((p) => p.occurrences.some((o) => o.resolvedFrom || (!o.inheritedFrom && unlocked(o.location.file)))).map((p) => p.normalizedName));
    const projects = fake.log().filter((r) => r.route === 'pypi-project').map((r) => r.path.split('/')[2]!);
    expect(projects.filter((name) => !resolvedNames.has(name))).toEqual([]);
    expect(fake.requests('pypi-release')).toBeLessThanOrEqual(result.packages.filter((p) => !p.unvettable).length);
    expect(fake.requests('osv-querybatch')).toBe(1);
    expect(fake.requests('osv-vuln')).toBe(1);
    fake.assertNoUnexpectedRequests();
  });
});

describe('failure semantics', () => {
  it('a transient fault retried to success changes nothing', async () => {
    const clean = await scanTree();
    fake.inject({ kind: 'status-500', route: 'pypi-release', times: 2 });
    fake.inject({ kind: 'connection-reset', route: 'osv-querybatch', times: 1 });
    const retried = await scanTree();
    expect(retried.findings.map((f) => f.fingerprint).sort()).toEqual(clean.findings.map((f) => f.fingerprint).sort());
    expect(retried.summary.outcome).toBe(clean.summary.outcome);
    expect(retried.couldNotCheck).toEqual([]);
  });

  it('a fault that outlasts the retries makes the scan incomplete, naming each affected package and the reason', async () => {
    fake.inject({ kind: 'status-500', path: /\/pypi\/six\// });
    const approveCertifi = { license: { approvals: [{ package: 'certifi', license: 'MPL-2.0', reason: 'test', approvedBy: 'test' }] } };
    const result = await scanTree({}, { checks: ['license', 'names'], images: ['python3'], config: approveCertifi });
    const six = result.couldNotCheck.filter((c) => c.package.name === 'six');
    expect(six.length).toBeGreaterThan(0);
    expect(six[0]!.reason).toMatch(/500/);
    expect(result.summary.outcome).toBe('incomplete');
  });

  it('offline with an empty cache: everything is could-not-check, never a pass', async () => {
    const result = await scanTree({ offline: true }, { checks: ['license'] });
    expect(result.summary.outcome).toBe('incomplete');
    expect(result.couldNotCheck.length).toBeGreaterThan(0);
    expect(fake.requests()).toBe(0);
  });

  it('an OSV outage makes advisories incomplete for every package', async () => {
    fake.inject({ kind: 'status-500', route: 'osv-querybatch' });
    const result = await scanTree({}, { checks: ['advisories'] });
    expect(result.summary.outcome).toBe('incomplete');
    expect(new Set(result.couldNotCheck.map((c) => c.package.name))).toEqual(new Set(result.packages.filter((p) => !p.unvettable).map((p) => p.name)));
  });
});

describe('policy', () => {
  it('an approval suppresses a license finding, reports it with its reason, and unused approvals are reported', async () => {
    const result = await scanTree({}, {
      checks: ['license'],
      config: {
        license: {
          approvals: [
            { package: 'certifi', license: 'MPL-2.0', reason: 'CA bundle, unmodified', approvedBy: 'legal' },
            { package: 'chardet', license: 'LGPL-2.1-or-later', reason: 'dynamic use', approvedBy: 'legal', images: ['legacy'] },
            { package: 'nothing-here', license: 'MIT', reason: 'stale', approvedBy: 'legal' },
          ],
        },
      },
    });
    const certifi = result.findings.find((f) => f.package.name === 'certifi' && f.kind === 'license-needs-approval')!;
    expect(certifi.failing).toBe(false);
    expect(certifi.suppressed).toMatchObject({ by: 'approval', reason: 'CA bundle, unmodified', approvedBy: 'legal' });
    expect(result.policyNotes.map((n) => n.kind)).toContain('approval-unused');
  });

  it('--fail-on thresholds: advisories=critical lets the high idna advisory pass', async () => {
    const result = await scanTree({}, { checks: ['advisories'], config: { failOn: { advisories: 'critical' } } });
    const idna = result.findings.find((f) => f.package.name === 'idna')!;
    expect(idna.failing).toBe(false);
    expect(result.summary.outcome).toBe('pass');
  });

  it('advisory ignores match aliases and report unused ones', async () => {
    const result = await scanTree({}, {
      checks: ['advisories'],
      config: { advisories: { ignores: [{ id: 'CVE-2024-3651', reason: 'not reachable', expires: '2099-01-01' }, { id: 'GHSA-xxxx-xxxx-xxxx', reason: 'old' }] } },
    });
    const idna = result.findings.find((f) => f.package.name === 'idna')!;
    expect(idna.suppressed?.by).toBe('ignore');
    expect(idna.failing).toBe(false);
    expect(result.policyNotes.map((n) => n.kind)).toEqual(['ignore-unused']);
  });
});

describe('advisories online and offline', () => {
  it('give the same findings for the same inputs (fake OSV API vs a local folder of the same records)', async () => {
    const online = await scanTree({}, { checks: ['advisories'] });
    const offline = await scanTree({}, { checks: ['advisories'], osvDb: fixturePath('scan', 'osv') });
    const ids = (r: ScanResult) => r.findings.map((f) => `${f.fingerprint} ${f.severity} ${String(f.evidence['id'])}`).sort();
    expect(ids(offline)).toEqual(ids(online));
    expect(online.findings.length).toBeGreaterThan(0);
    expect(fake.requests('osv-querybatch')).toBe(1);
  });
});

describe('names', () => {
  it('a typosquat that PyPI does not know: a look-alike finding and a not-on-registry finding, both failing', async () => {
    const dir = requirementsFolder('urlib3==1.26.0\nsix==1.16.0\n');
    const result = await scan([dir], { now: NOW, env: {}, checks: ['names'], registry: registry(), httpHooks: instant });
    const kinds = result.findings.map((f) => `${f.package.name} ${f.kind} ${f.severity} ${f.failing}`).sort();
    expect(kinds).toEqual(['urlib3 not-on-registry high true', 'urlib3 typosquat high true']);
    expect(result.findings.find((f) => f.kind === 'typosquat')!.evidence['target']).toBe('urllib3');
    expect(result.summary.outcome).toBe('fail');
  });

  it('npm took crossenv down: its security holding package is a critical known-malicious finding, and `*` resolves to it', async () => {
    // The registry's shape for a package npm replaced (npm/security-holder): one `0.0.1-security` release, latest.
    fake.addNpm({
      name: 'crossenv',
      versions: { '0.0.1-security': { name: 'crossenv', version: '0.0.1-security', description: 'security holding package' } },
      time: { created: '2017-08-02T00:00:00.000Z', modified: '2017-08-02T00:00:00.000Z', '0.0.1-security': '2017-08-02T00:00:00.000Z' },
      'dist-tags': { latest: '0.0.1-security' },
    } as never);
    const dir = tempDir('depvet-npm-');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { crossenv: '*' } }));
    const result = await scan([dir], { now: NOW, env: {}, checks: ['names', 'license'], registry: registry(), httpHooks: instant });
    const holding = result.findings.filter((f) => f.kind === 'security-holding-package');
    expect(holding).toHaveLength(1);
    expect(holding[0]).toMatchObject({ severity: 'critical', failing: true, package: { name: 'crossenv', version: '0.0.1-security' }, evidence: { holdingVersion: '0.0.1-security', imitates: 'cross-env' } });
    expect(holding[0]!.message).toMatch(/^crossenv: the npm registry replaced this package with its security holding package \(0\.0\.1-security\): npm took it down as malicious; it imitated cross-env/);
    // One finding, not a look-alike warning beside it; and the licence check looked at the holder, not nothing.
    expect(result.findings.filter((f) => f.kind === 'typosquat')).toEqual([]);
    expect(result.couldNotCheck.filter((c) => c.package.name === 'crossenv')).toEqual([]);
    expect(result.summary.outcome).toBe('fail');
  });

  it('registry upload dates weigh a look-alike: older than its target is downgraded, brand-new is raised', async () => {
    // requestss first uploaded before requests (2023-05-22 in the fake registry): no imitation of it.
    fake.addPypiProject(pypiProjectDoc({ name: 'requestss', releases: [{ version: '1.0', uploaded: '2015-01-01T00:00:00.000000Z' }], license: 'MIT' }));
    // acqusition: a brand-new project (10 days before NOW) one slip from acquisition.
    fake.addPypiProject(pypiProjectDoc({ name: 'acqusition', releases: [{ version: '0.1', uploaded: '2024-09-21T00:00:00.000000Z' }], license: 'MIT' }));
    const dir = requirementsFolder('requestss==1.0\nacqusition==0.1\n');
    const result = await scan([dir], { now: NOW, env: {}, checks: ['names'], registry: registry(), httpHooks: instant });
    const old = result.findings.find((f) => f.kind === 'typosquat' && f.package.name === 'requestss')!;
    expect(old).toMatchObject({ severity: 'low', failing: false, evidence: { registryFacts: { adjustment: 'downgraded', from: 'high', firstUpload: '2015-01-01T00:00:00.000000Z' } } });
    expect(old.message).toMatch(/\[downgraded from high: first uploaded 2015-01-01, before requests \(2023-05-22\): it cannot have been made to imitate it\]$/);
    const young = result.findings.find((f) => f.kind === 'typosquat' && f.package.name === 'acqusition')!;
    expect(young.evidence['registryFacts']).toMatchObject({ adjustment: 'raised', from: 'low' });
    expect(young.severity).toBe('medium');
    expect(young.message).toMatch(/\[raised from low: first uploaded 10 days ago \(2024-09-21\): a brand-new project this close to a popular name\]$/);
  });

  it('an allowlisted pair is not flagged and an unused allowlist entry is reported', async () => {
    const dir = requirementsFolder('six==1.16.0\n');
    const result = await scan([dir], {
      now: NOW,
      env: {},
      checks: ['names'],
      registry: registry(),
      httpHooks: instant,
      config: { names: { allowlist: [{ name: 'urlib3', target: 'urllib3', reason: 'test' }] } },
    });
    expect(result.findings).toEqual([]);
    expect(result.policyNotes.map((n) => n.kind)).toEqual(['allowlist-unused']);
  });

  it('a warm scan takes each name screen from the memo in the cache: same findings, no pass over the popular list, allowlist still applied', async () => {
    const dir = requirementsFolder('urlib3==1.26.0\nsix==1.16.0\nreqeusts==2.31.0\n');
    const shared = registry();
    const names = (r: ScanResult) => r.findings.map((f) => `${f.package.name} ${f.kind} ${String(f.evidence['target'] ?? '')} ${f.failing}`).sort();
    const cold = await scan([dir], { now: NOW, env: {}, checks: ['names'], registry: shared, httpHooks: instant });
    expect(names(cold)).toContain('urlib3 typosquat urllib3 true');
    expect(names(cold)).toContain('reqeusts typosquat requests true');
    expect(fs.readdirSync(path.join(shared.cacheDir as string, 'names-v2'))).toHaveLength(1);

    const load = jest.spyOn(popularIndex, 'loadPopularIndex');
    try {
      const warm = await scan([dir], { now: NOW, env: {}, checks: ['names'], registry: shared, httpHooks: instant });
      expect(load).not.toHaveBeenCalled();
      expect(warm.findings).toEqual(cold.findings);
      const allowed = await scan([dir], {
        now: NOW,
        env: {},
        checks: ['names'],
        registry: shared,
        httpHooks: instant,
        config: { names: { allowlist: [{ name: 'urlib3', target: 'urllib3', reason: 'ours' }] } },
      });
      expect(load).not.toHaveBeenCalled();
      expect(names(allowed).filter((n) => n.includes('typosquat'))).toEqual(['reqeusts typosquat requests true']);
      expect(allowed.policyNotes).toEqual([]);
      // Without a cache nothing is remembered: the list is read again.
      const uncached = await scan([dir], { now: NOW, env: {}, checks: ['names'], registry: { ...shared, noCache: true }, httpHooks: instant });
      expect(load).toHaveBeenCalled();
      expect(uncached.findings).toEqual(cold.findings);
    } finally {
      load.mockRestore();
    }
  });

  it('a project first released days ago gets a new-project warning that does not fail the gate', async () => {
    const dir = requirementsFolder('lxml==5.2.1\n');
    const soon = new Date('2024-04-10T00:00:00Z');
    const result = await scan([dir], { now: soon, env: {}, checks: ['names'], registry: registry(), httpHooks: instant });
    expect(result.findings).toHaveLength(0);
    const young = await scan([dir], { now: new Date('2023-01-10T00:00:00Z'), env: {}, checks: ['names'], registry: registry(), httpHooks: instant });
    const finding = young.findings.find((f) => f.kind === 'new-project')!;
    expect(finding).toBeDefined();
    expect(finding.failing).toBe(false);
    expect(young.summary.outcome).toBe('pass');
  });
});

describe('requirements no registry can vet', () => {
  it('a git requirement makes the scan incomplete, naming it and why', async () => {
    const dir = requirementsFolder('six==1.16.0\ngit+https://github.com/example/tool.git@v1.0#egg=tool\n');
    const result = await scan([dir], { now: NOW, env: {}, registry: registry(), httpHooks: instant });
    expect(result.summary.outcome).toBe('incomplete');
    expect(result.couldNotCheck).toHaveLength(1);
    expect(result.couldNotCheck[0]!.reason).toMatch(/^vcs requirement git\+https:\/\/github\.com\/example\/tool\.git@v1\.0#egg=tool: .*cannot be checked$/);
    expect(result.couldNotCheck[0]!.location?.line).toBe(2);
    expect(result.packages.find((p) => p.unvettable)?.name).toBe('tool');
  });
});

describe('resolved versions', () => {
  it('a finding about a version resolved from a specifier says which version, from what and how', async () => {
    const dir = requirementsFolder('chardet>=5\n');
    const result = await scan([dir], { now: NOW, env: {}, checks: ['license'], registry: registry(), httpHooks: instant });
    const finding = result.findings.find((f) => f.package.name === 'chardet')!;
    expect(finding.package.version).toBe('5.2.0');
    expect(finding.message).toMatch(/\[version 5\.2\.0 resolved from >=5: .+\]$/);
    expect(finding.evidence['resolved']).toMatchObject({ from: '>=5' });
  });
});

describe('cache', () => {
  it('a second scan within max-age makes no request; after max-age it revalidates (304) and downloads nothing', async () => {
    const cached = await startTreeRegistry({ maxAgeSeconds: 3600 });
    try {
      const reg = { pypiUrl: cached.pypiUrl, osvUrl: cached.osvUrl, npmRegistry: cached.npmUrl, cacheDir: cacheDir(), retries: 0 };
      // A fake clock for the cache's ages: the answers are stored at NOW and read again at NOW, then two hours on.
      const atNow = { ...instant, now: () => NOW.getTime() };
      const first = await scan([TREE], { now: NOW, env: {}, checks: ['license'], registry: reg, httpHooks: atNow });
      expect(cached.requests()).toBeGreaterThan(0);
      cached.resetCounts();
      const second = await scan([TREE], { now: NOW, env: {}, checks: ['license'], registry: reg, httpHooks: atNow });
      expect(cached.requests()).toBe(0);
      expect(second.findings.map((f) => f.fingerprint)).toEqual(first.findings.map((f) => f.fingerprint));
      // Two hours later the cached answers are stale: each is revalidated, answered 304, and not downloaded again.
      cached.resetCounts();
      const later = { ...instant, now: () => NOW.getTime() + 2 * 3600 * 1000 };
      const third = await scan([TREE], { now: NOW, env: {}, checks: ['license'], registry: reg, httpHooks: later });
      expect(cached.requests()).toBeGreaterThan(0);
      expect(cached.notModified()).toBe(cached.requests());
      expect(third.findings.map((f) => f.fingerprint)).toEqual(first.findings.map((f) => f.fingerprint));
    } finally {
      await cached.close();
    }
  });
});

describe('warm scans ask nothing within max-age', () => {
  it('not even again for what was not found: a look-alike\'s target the registry lacks, a name it does not know', async () => {
    const cached = await startTreeRegistry({ maxAgeSeconds: 3600 });
    try {
      // acqusition is one slip from acquisition, which this registry does not hold: the upload-date lookup of the
      // target is a 404 (the fake, like a registry that says nothing of a 404's freshness, sends no Cache-Control).
      cached.addPypiProject(pypiProjectDoc({ name: 'acqusition', releases: [{ version: '0.1', uploaded: '2024-09-21T00:00:00.000000Z' }], license: 'MIT' }));
      const dir = requirementsFolder('acqusition==0.1\nurlib3==1.26.0\nsix==1.16.0\n');
      const reg = { pypiUrl: cached.pypiUrl, osvUrl: cached.osvUrl, npmRegistry: cached.npmUrl, cacheDir: cacheDir(), retries: 0 };
      const at = (ms: number) => ({ ...instant, now: () => ms });
      const run = (ms: number) => scan([dir], { now: NOW, env: {}, checks: ['names', 'license'], registry: reg, httpHooks: at(ms) });
      const cold = await run(NOW.getTime());
      const notFound = cached.log().filter((r) => r.status === 404).map((r) => r.path).sort();
      expect(notFound).toEqual(['/pypi/acquisition/json', '/pypi/urlib3/1.26.0/json', '/pypi/urlib3/json']);
      expect(cold.findings.find((f) => f.package.name === 'acqusition' && f.kind === 'typosquat')!.evidence['registryFacts']).toMatchObject({ targetFirstUploadUnknown: expect.stringMatching(/acquisition: not found$/) });

      cached.resetCounts();
      const warm = await run(NOW.getTime() + 60_000);
      expect(cached.log()).toEqual([]);
      expect(warm.findings).toEqual(cold.findings);

      // Sixteen minutes on, the not-found answers (which carry no freshness of their own) are asked again; the found
      // ones are still within their max-age.
      cached.resetCounts();
      await run(NOW.getTime() + 16 * 60_000);
      expect(cached.log().map((r) => r.path).sort()).toEqual(notFound);
    } finally {
      await cached.close();
    }
  });
  it('a snapshot records the not-found answers too, and replays them with no registry at all', async () => {
    const recording = await startTreeRegistry({ maxAgeSeconds: 3600 });
    const snapshotDir = tempDir('depvet-names-snapshot-');
    const dir = requirementsFolder('acqusition==0.1\nsix==1.16.0\n');
    try {
      recording.addPypiProject(pypiProjectDoc({ name: 'acqusition', releases: [{ version: '0.1', uploaded: '2024-09-21T00:00:00.000000Z' }], license: 'MIT' }));
      const reg = { pypiUrl: recording.pypiUrl, osvUrl: recording.osvUrl, npmRegistry: recording.npmUrl, cacheDir: cacheDir(), retries: 0 };
      const recorded = await scan([dir], { now: NOW, env: {}, checks: ['names', 'license'], registry: { ...reg, snapshotDir, snapshotMode: 'record' }, httpHooks: instant });
      expect(recording.log().filter((r) => r.status === 404).map((r) => r.path)).toEqual(['/pypi/acquisition/json']);
      await recording.close();
      // The registry is gone: every answer, the 404 of the look-alike's target included, comes from the snapshot.
      const replayed = await scan([dir], { now: NOW, env: {}, checks: ['names', 'license'], registry: { ...reg, noCache: true, snapshotDir, snapshotMode: 'replay' }, httpHooks: instant });
      expect(replayed.findings).toEqual(recorded.findings);
      expect(replayed.diagnostics).toEqual([]);
      expect(replayed.couldNotCheck).toEqual([]);
    } finally {
      await recording.close().catch(() => undefined);
    }
  });
});

describe('demisto/dockerfiles license policy files', () => {
  function treeWithPolicy(): string {
    const dir = tempDir('depvet-dfpolicy-');
    fs.cpSync(fixturePath('inventory', 'tree'), path.join(dir, 'docker'), { recursive: true });
    for (const file of ['approved_licenses.json', 'known_licenses.json', 'packages_license_check_exclude.json']) {
      fs.copyFileSync(fixturePath('license', 'dockerfiles-policy', file), path.join(dir, 'docker', file));
    }
    return dir;
  }

  it('are used automatically when they sit beside the image folders: their approved LGPL and MPL pass', async () => {
    const dir = treeWithPolicy();
    const result = await scan(['docker'], { cwd: dir, now: NOW, env: {}, checks: ['license'], registry: registry(), httpHooks: instant });
    expect(result.findings.filter((f) => f.failing)).toEqual([]);
    expect(result.packages.find((p) => p.name === 'certifi')?.license?.verdict).toBe('allowed');
  });

  it('--dockerfiles-policy off falls back to the default policy', async () => {
    const dir = treeWithPolicy();
    const result = await scan(['docker'], { cwd: dir, now: NOW, env: {}, checks: ['license'], dockerfilesPolicy: 'off', registry: registry(), httpHooks: instant });
    expect(result.findings.filter((f) => f.failing).map((f) => f.package.name).sort()).toEqual(['certifi', 'chardet']);
  });
});

describe('one bad line never hides the rest, through the scan (issue 12 §2)', () => {
  it('checks every valid line of a file with bad lines, and reports each bad line and missing include as an error diagnostic', async () => {
    const dir = requirementsFolder('chardet==5.2.0\nfabric==dev\nsix==1.16.0\n-r missing.txt\n');
    const result = await scan([dir], { now: NOW, env: {}, checks: ['license'], registry: registry(), httpHooks: instant });
    expect(result.packages.map((p) => p.name).sort()).toEqual(['chardet', 'six']);
    // the valid lines are checked: chardet's license finding is there, beside the bad line
    expect(result.findings.filter((f) => f.failing).map((f) => `${f.kind} ${f.package.name}`)).toEqual(['license-needs-approval chardet']);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.location?.line}:${d.location?.column} ${d.code}`)).toEqual([
      '2:7 requirement-invalid',
      '4:4 include-unreadable',
    ]);
    expect(result.summary.outcome).toBe('fail');
  });
});
