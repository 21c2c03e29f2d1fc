// Issue 15 "Snapshots are trusted input": a hand-edited snapshot entry never answers quietly. Reproduced on main
// first: recording requests==2.19.1 (FAIL: PYSEC-2018-28), then editing the querybatch entry so its requestBody names
// other packages and its body is `{"results":[{},{}]}`, replayed as PASS, exit 0.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bodyDigest, canonicalJson, type SnapshotEntry } from '../../src/registries/snapshot';
import { runCli } from '../cli/run-cli';
import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';

let fake: FakeRegistry;
let work: string;
beforeAll(async () => {
  fake = await startFakeRegistry({ fixturesDir: fixturePath('registry') });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-snapshot-trust-'));
  fs.mkdirSync(path.join(work, 'project'));
  fs.writeFileSync(path.join(work, 'project', 'requirements.txt'), 'requests==2.19.1\npackaging==24.2\n');
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

type Report = {
  findings: { kind: string; failing: boolean; package: { name: string }; location?: { file: string }; evidence: Record<string, unknown> }[];
  diagnostics: { severity: string; code: string; message: string; location?: { file: string } }[];
  summary: { outcome: string };
};

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=depvet test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: work, encoding: 'utf8' });

// --no-deps: these are about the answers of the two pinned releases; the fixture registry serves every release of a
// project with its newest metadata, so resolving their dependencies would only add a conflict of the fixture's own.
async function recordSnapshot(): Promise<void> {
  const run = await runCli(['snapshot', 'project', '--checks', 'advisories', '--no-deps', '--pypi-url', fake.pypiUrl, '--osv-url', fake.osvUrl, '--no-cache', '--out', 'snap'], { cwd: work });
  expect(run.code).toBe(1);
}

/** The querybatch entry that answers for requests 2.19.1 (the vulnerable version). */
function vulnerableEntry(): { file: string; entry: SnapshotEntry } {
  for (const name of fs.readdirSync(path.join(work, 'snap'))) {
    if (name === 'index.json') continue;
    const entry = JSON.parse(fs.readFileSync(path.join(work, 'snap', name), 'utf8')) as SnapshotEntry;
    if (entry.path === '/v1/querybatch' && canonicalJson(entry.requestBody).includes('"2.19.1"')) return { file: path.join('snap', name), entry };
  }
  throw new Error('no querybatch entry for requests 2.19.1');
}

const replay = (...extra: string[]) => runCli(['scan', 'project', '--checks', 'advisories', '--no-deps', '--snapshot', 'snap', '--no-cache', '--format', 'json', ...extra], { cwd: work });

describe('snapshots are trusted input', () => {
  it('forged querybatch: other packages in the request and an empty answer no longer replay as PASS; the error names the file', async () => {
    await recordSnapshot();
    const { file, entry } = vulnerableEntry();
    const forged = {
      ...entry,
      requestBody: { queries: [{ package: { ecosystem: 'PyPI', name: 'six' }, version: '1.16.0' }, { package: { ecosystem: 'PyPI', name: 'idna' }, version: '3.7' }] },
      body: { results: [{}, {}] },
    };
    fs.writeFileSync(path.join(work, file), JSON.stringify(forged, null, 2));
    const run = await replay();
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.summary.outcome).toBe('incomplete');
    const refused = report.diagnostics.filter((d) => d.code === 'snapshot-entry-invalid');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ severity: 'error', location: { file: path.join(work, file) } });
    expect(refused[0]!.message).toContain(path.join(work, file));
  });

  it('an edited body with a recomputed digest replays (a digest cannot stop that), so --diff reports the edited file as a failing finding', async () => {
    git('init', '-q');
    await recordSnapshot();
    git('add', '.');
    git('commit', '-q', '-m', 'recorded snapshot');
    const { file, entry } = vulnerableEntry();
    const body = { results: [{}] };
    fs.writeFileSync(path.join(work, file), JSON.stringify({ ...entry, body, digest: { ...entry.digest, body: bodyDigest({ body }) } }, null, 2));

    // Replayed alone, the forgery passes: the snapshot is as trusted as the branch it comes from.
    expect((await replay()).code).toBe(0);

    const run = await replay('--diff', 'HEAD');
    expect(run.code).toBe(1);
    const changed = (JSON.parse(run.stdout) as Report).findings.filter((f) => f.kind === 'registry-answers-changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      failing: true,
      package: { name: 'requests' },
      location: { file },
      evidence: { file, change: 'modified', registry: 'osv', request: 'OSV POST /v1/querybatch' },
    });

    // A team that reviews snapshot refreshes another way can turn the gate off; the finding is still reported.
    const off = await replay('--diff', 'HEAD', '--fail-on', 'snapshot-changes=off');
    expect(off.code).toBe(0);
    expect((JSON.parse(off.stdout) as Report).findings.filter((f) => f.kind === 'registry-answers-changed').map((f) => f.failing)).toEqual([false]);
  });

  it('--diff reports every snapshot entry the change adds, and nothing when the snapshot is unchanged', async () => {
    git('init', '-q');
    fs.writeFileSync(path.join(work, 'project', 'requirements.txt'), 'packaging==24.2\n');
    await runCli(['snapshot', 'project', '--checks', 'advisories', '--no-deps', '--pypi-url', fake.pypiUrl, '--osv-url', fake.osvUrl, '--no-cache', '--out', 'snap'], { cwd: work });
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    expect((JSON.parse((await replay('--diff', 'HEAD')).stdout) as Report).findings.filter((f) => f.kind === 'registry-answers-changed')).toEqual([]);

    // The change adds a package and refreshes the snapshot for it.
    fs.writeFileSync(path.join(work, 'project', 'requirements.txt'), 'packaging==24.2\nrequests==2.19.1\n');
    await recordSnapshot();
    const run = await replay('--diff', 'HEAD');
    const added = (JSON.parse(run.stdout) as Report).findings.filter((f) => f.kind === 'registry-answers-changed');
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((f) => f.evidence['change'] === 'added' && f.failing)).toBe(true);
    expect(added.map((f) => f.package.name)).toContain('requests');
    expect(run.code).toBe(1);
  });
});
