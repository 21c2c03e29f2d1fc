// Issue 12 §3: each check asks the registries only for the facts it uses, counted on the loopback fake.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHECK_FACT_NEEDS, factNeeds } from '../../src/scan/fact-needs';
import { scan } from '../../src/scan/scan';
import type { CheckName } from '../../src/findings';
import type { FakeRegistry } from '../fake-registry/server';
import { countConnections } from '../helpers/sockets';
import { startTreeRegistry } from './tree-registry';

const NOW = new Date('2024-10-01T00:00:00Z');
const instant = { sleep: async () => undefined, random: () => 0.5 };
const PINNED = 'requests==2.31.0\nsix==1.16.0\ncertifi==2024.2.2\nidna==3.6\n';

let fake: FakeRegistry;
let work: string;
beforeAll(async () => {
  fake = await startTreeRegistry();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-fact-needs-'));
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(work, { recursive: true, force: true });
});
beforeEach(() => fake.resetCounts());

let folders = 0;
function folderWith(files: Record<string, string>): string {
  const dir = path.join(work, `project-${(folders += 1)}`);
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

// These count the facts each check needs of what the manifests name: --no-deps, because resolving an unlocked
// manifest's closure is a need of its own (issue 12 §3), counted at the end of this file.
function run(dir: string, checks: CheckName[], config: Record<string, unknown> = {}, registry: Record<string, unknown> = {}, noDeps = true) {
  return scan([dir], {
    now: NOW,
    env: {},
    checks,
    noDeps,
    config,
    registry: { pypiUrl: fake.pypiUrl, osvUrl: fake.osvUrl, npmRegistry: fake.npmUrl, noCache: true, retries: 0, timeoutMs: 2000, ...registry },
    httpHooks: instant,
  });
}

const pypiRequests = () => fake.requests('pypi-project') + fake.requests('pypi-release');

describe('facts per check', () => {
  it('the one table: license needs the version and its license, names existence and age, advisories the version only', () => {
    expect(CHECK_FACT_NEEDS).toEqual({ license: ['version', 'license'], names: ['existence', 'age'], advisories: ['version'], 'base-image': [] });
    expect([...factNeeds(['advisories'], {})]).toEqual(['version']);
    expect([...factNeeds(['names', 'base-image'], { names: { checkExistence: false } })]).toEqual([]);
  });

  it('an advisories-only scan of pinned requirements makes 0 PyPI requests', async () => {
    const result = await run(folderWith({ 'requirements.txt': PINNED }), ['advisories']);
    expect(pypiRequests()).toBe(0);
    expect(fake.requests('osv-querybatch')).toBe(1);
    expect(result.summary.packages).toBe(4);
    expect(result.couldNotCheck).toEqual([]);
  });

  it('an advisories-only scan of a locked manifest (Pipfile.lock) makes 0 PyPI requests', async () => {
    const lock = {
      _meta: { hash: { sha256: 'x' }, 'pipfile-spec': 6, requires: { python_version: '3.12' }, sources: [{ name: 'pypi', url: 'https://pypi.org/simple', verify_ssl: true }] },
      default: { requests: { version: '==2.31.0' }, urllib3: { version: '==2.2.1' } },
      develop: {},
    };
    const result = await run(folderWith({ 'Pipfile.lock': JSON.stringify(lock, null, 2) }), ['advisories']);
    expect(pypiRequests()).toBe(0);
    expect(result.summary.packages).toBe(2);
    expect(result.couldNotCheck).toEqual([]);
  });

  it('an unpinned requirement in an advisories-only scan asks PyPI for the release list only (to resolve the version)', async () => {
    const result = await run(folderWith({ 'requirements.txt': 'lxml>=5\nsix==1.16.0\n' }), ['advisories']);
    expect(fake.requests('pypi-project')).toBe(1);
    expect(fake.requests('pypi-release')).toBe(0);
    expect(result.packages.find((p) => p.name === 'lxml')!.version).toBe('5.2.1');
  });

  it('a license-only scan asks one release document per pinned version, and no project document for old releases', async () => {
    await run(folderWith({ 'requirements.txt': PINNED }), ['license']);
    expect(fake.requests('pypi-release')).toBe(4);
    expect(fake.requests('pypi-project')).toBe(0);
    expect(fake.requests('osv-querybatch')).toBe(0);
  });

  it('license and names together share the release documents (one request per package)', async () => {
    await run(folderWith({ 'requirements.txt': PINNED }), ['license', 'names']);
    expect(pypiRequests()).toBe(4);
  });

  it('the names check with existence checks off is offline: 0 registry requests', async () => {
    await run(folderWith({ 'requirements.txt': PINNED }), ['names'], { names: { checkExistence: false } });
    expect(fake.requests()).toBe(0);
  });
});

describe('a registry that cannot be reached', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `package-${i}==1.0.${i}`).join('\n') + '\n';

  it.each([10, 40])('refused on every attempt (%i packages): at most `concurrency` connections, no retries, one summary diagnostic', async (packages) => {
    const { value: result, connections } = await countConnections(() =>
      run(folderWith({ 'requirements.txt': many(packages) }), ['license'], {}, { pypiUrl: 'http://127.0.0.1:9', retries: 3, concurrency: 2 }),
    );
    // Two attempts in flight when the first refusal comes back; every other request fails without trying.
    expect(connections).toBeLessThanOrEqual(2);
    const unreachable = result.diagnostics.filter((d) => d.code === 'registry-unreachable');
    expect(unreachable).toHaveLength(1);
    expect(unreachable[0]).toMatchObject({ severity: 'error' });
    expect(unreachable[0]!.location).toBeUndefined();
    expect(unreachable[0]!.message).toMatch(/^cannot reach PyPI at http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED: .*\): \d+ requests failed and none reached it/);
    expect(unreachable[0]!.message).toContain('--offline');
    expect(unreachable[0]!.message).toContain('--snapshot DIR');
    expect(unreachable[0]!.message).toContain('--pypi-url URL');
    // The per-package records stay (JSON, --verbose), each with its reason.
    expect(result.couldNotCheck).toHaveLength(packages);
    expect(result.summary.outcome).toBe('incomplete');
  });

  it('a registry that answered is not summarised as unreachable, even when some requests failed', async () => {
    fake.inject({ kind: 'connection-reset', route: 'pypi-release', path: '/pypi/six/1.16.0/json' });
    try {
      const result = await run(folderWith({ 'requirements.txt': PINNED }), ['license']);
      expect(result.diagnostics.filter((d) => d.code === 'registry-unreachable')).toEqual([]);
      expect(result.couldNotCheck.map((c) => c.package.name)).toEqual(['six']);
    } finally {
      fake.clearFaults();
    }
  });
});

describe('resolving an unlocked manifest is a need of its own', () => {
  it('without --no-deps, a pinned requirements file asks each release list once (the closure); a lock asks none', async () => {
    await run(folderWith({ 'requirements.txt': PINNED }), ['advisories'], {}, {}, false);
    const projects = fake.log().filter((r) => r.route === 'pypi-project').map((r) => r.path);
    expect(projects.length).toBeGreaterThanOrEqual(4);
    expect(new Set(projects).size).toBe(projects.length);
    fake.resetCounts();
    const lock = {
      _meta: { hash: { sha256: 'x' }, 'pipfile-spec': 6, requires: { python_version: '3.12' }, sources: [] },
      default: { requests: { version: '==2.31.0' } },
      develop: {},
    };
    await run(folderWith({ 'Pipfile.lock': JSON.stringify(lock) }), ['advisories'], {}, {}, false);
    expect(pypiRequests()).toBe(0);
  });
});
