import fs from 'node:fs';
import path from 'node:path';
import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';
import { RegistryActivity } from '../../src/registries/activity';
import { NpmClient } from '../../src/registries/npm';
import { OsvClient } from '../../src/registries/osv';
import { PypiClient } from '../../src/registries/pypi';
import {
  SNAPSHOT_INDEX,
  bodyDigest,
  canonicalJson,
  openSnapshotForRecording,
  readSnapshotForReplay,
  requestDigest,
  snapshotFileName,
  type SnapshotEntry,
  type SnapshotIndex,
} from '../../src/registries/snapshot';
import { fakeOptions, instantHooks, tempDir } from './registry-test-options';

let fake: FakeRegistry;

beforeEach(async () => {
  fake = await startFakeRegistry({ fixturesDir: fixturePath('registry') });
});

afterEach(async () => {
  await fake.close();
});

async function askEverything(pypi: PypiClient, osv: OsvClient, npm: NpmClient) {
  return {
    project: await pypi.getProject('requests'),
    release: await pypi.getRelease('packaging', '24.2'),
    missing: await pypi.getProject('no-such-project'),
    batch: await osv.queryBatch([{ ecosystem: 'PyPI', name: 'requests', version: '2.30.0' }]),
    vuln: await osv.getVulnerability('PYSEC-2023-74'),
    query: await osv.query({ ecosystem: 'PyPI', name: 'requests', version: '2.19.1' }),
    packument: await npm.getPackument('@legacy/licenses-array'),
  };
}

function withoutSource(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'source' ? undefined : v)));
}

function entriesOf(dir: string): Map<string, SnapshotEntry> {
  const out = new Map<string, SnapshotEntry>();
  for (const name of fs.readdirSync(dir).filter((f) => f !== SNAPSHOT_INDEX).sort()) {
    out.set(name, JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as SnapshotEntry);
  }
  return out;
}

function clients(options: ReturnType<typeof fakeOptions>, activity?: RegistryActivity, now?: () => number) {
  const hooks = { ...instantHooks(), ...(activity ? { activity } : {}), ...(now ? { now } : {}) };
  return [new PypiClient(options, hooks), new OsvClient(options, hooks), new NpmClient(options, hooks)] as const;
}

async function record(dir: string, batch: { name: string; version: string }[] = [], now?: () => number) {
  openSnapshotForRecording(dir);
  const options = fakeOptions(fake, { noCache: true, snapshotDir: dir, snapshotMode: 'record' });
  const [pypi, osv, npm] = clients(options, undefined, now);
  const answers = await askEverything(pypi, osv, npm);
  if (batch.length) await osv.queryBatch(batch.map((q) => ({ ecosystem: 'PyPI', ...q })));
  return { answers, options };
}

describe('snapshots', () => {
  test('record then replay with the registry closed gives identical answers', async () => {
    const snapshotDir = tempDir('depvet-snapshot-');
    const { answers: recorded, options } = await record(snapshotDir);
    const requestCount = fake.requests();
    await fake.close();

    const replay = { ...options, snapshotMode: 'replay' as const };
    const replayed = await askEverything(...clients(replay));
    expect(replayed.project).toMatchObject({ status: 'found', source: 'snapshot' });
    expect(withoutSource(replayed)).toEqual(withoutSource(recorded));

    const index = JSON.parse(fs.readFileSync(path.join(snapshotDir, SNAPSHOT_INDEX), 'utf8')) as SnapshotIndex;
    expect(index.format).toBe(2);
    expect(Object.keys(index.entries)).toHaveLength(requestCount);
    const entries = [...entriesOf(snapshotDir).values()];
    expect(entries).toHaveLength(requestCount);
    const batch = entries.find((entry) => entry.path === '/v1/querybatch')!;
    expect(batch).toMatchObject({ registry: 'osv', method: 'POST', status: 200, requestBody: { queries: [{ version: '2.30.0' }] } });
    expect(entries.find((entry) => entry.path === '/pypi/no-such-project/json')!.status).toBe(404);
    fake = await startFakeRegistry();
  });

  test('answers are keyed by registry kind and request, not host: a snapshot recorded from one URL replays under another', async () => {
    const snapshotDir = tempDir('depvet-snapshot-');
    await record(snapshotDir);
    const index = readSnapshotForReplay(snapshotDir);
    expect(index.registries).toEqual({ pypi: fake.pypiUrl, osv: fake.osvUrl, npm: fake.npmUrl });
    for (const entry of entriesOf(snapshotDir).values()) {
      expect(JSON.stringify(entry)).not.toContain('127.0.0.1');
      expect(entry.path.startsWith('/')).toBe(true);
    }
    await fake.close();
    // The default URLs (and a closed port for npm): nothing is asked of them.
    const elsewhere = fakeOptions(fake, { pypiUrl: 'https://pypi.org', osvUrl: 'https://api.osv.dev', npmRegistry: 'http://127.0.0.1:9', snapshotDir, snapshotMode: 'replay' });
    const replayed = await askEverything(...clients(elsewhere));
    for (const answer of Object.values(replayed)) {
      const results = Array.isArray(answer) ? answer : [answer];
      for (const result of results) expect(result.status === 'failed' ? result.error.message : 'answered').toBe('answered');
    }
    fake = await startFakeRegistry();
  });

  test('replay of a request never recorded is offline-miss, with no network', async () => {
    const snapshotDir = tempDir('depvet-snapshot-');
    await record(snapshotDir);
    const replay = fakeOptions(fake, { snapshotDir, snapshotMode: 'replay' });
    fake.resetCounts();
    const result = await new PypiClient(replay, instantHooks()).getProject('six');
    expect(result.status === 'failed' && result.error.kind).toBe('offline-miss');
    expect(fake.requests()).toBe(0);
  });

  test('querybatch answers are recorded one query per entry, so a batch with one more query replays the others', async () => {
    const snapshotDir = tempDir('depvet-snapshot-');
    const { options } = await record(snapshotDir, [
      { name: 'requests', version: '2.19.1' },
      { name: 'packaging', version: '24.2' },
    ]);
    const batches = [...entriesOf(snapshotDir).values()].filter((e) => e.path === '/v1/querybatch');
    // One entry per query: 2.30.0 from askEverything, then 2.19.1 and packaging from the two-query batch.
    expect(batches.map((e) => (e.requestBody as { queries: { version: string }[] }).queries.map((q) => q.version))).toEqual(
      expect.arrayContaining([['2.30.0'], ['2.19.1'], ['24.2']]),
    );
    expect(batches).toHaveLength(3);
    expect(batches.every((e) => (e.body as { results: unknown[] }).results.length === 1)).toBe(true);

    const replay = new OsvClient({ ...options, snapshotMode: 'replay' }, instantHooks());
    const answers = await replay.queryBatch([
      { ecosystem: 'PyPI', name: 'requests', version: '2.19.1' },
      { ecosystem: 'PyPI', name: 'six', version: '1.16.0' },
      { ecosystem: 'PyPI', name: 'packaging', version: '24.2' },
    ]);
    expect(answers[0]).toEqual({ status: 'found', value: ['PYSEC-2018-28', 'PYSEC-2023-74'], source: 'snapshot' });
    expect(answers[1]!.status === 'failed' && answers[1]!.error.kind).toBe('offline-miss');
    expect(answers[2]).toEqual({ status: 'found', value: [], source: 'snapshot' });
  });

  test('re-recording keeps the file of an answer that did not change, so a refresh shows only what changed', async () => {
    const snapshotDir = tempDir('depvet-snapshot-');
    await record(snapshotDir, [], () => Date.parse('2024-01-01T00:00:00Z'));
    const before = entriesOf(snapshotDir);
    const changedProject = fs.readFileSync(fixturePath('registry', 'pypi', 'requests.json'), 'utf8').replace('"summary"', '"summary_changed"');
    fake.addPypiProject({ ...(JSON.parse(changedProject) as Parameters<FakeRegistry['addPypiProject']>[0]), info: { ...(JSON.parse(changedProject) as { info: { name: string; version: string } }).info, license: 'changed-license' } });
    await record(snapshotDir, [], () => Date.parse('2024-02-01T00:00:00Z'));
    const after = entriesOf(snapshotDir);
    const rewritten = [...after].filter(([file, entry]) => entry.fetchedAt !== before.get(file)!.fetchedAt).map(([, entry]) => entry.path);
    expect(rewritten).toEqual(['/pypi/requests/json']);
  });

  test('credentials in a registry URL authenticate the request but appear nowhere in the snapshot', async () => {
    const snapshotDir = tempDir('depvet-snapshot-');
    openSnapshotForRecording(snapshotDir);
    const withCredentials = fake.pypiUrl.replace('http://', 'http://mirror-user:s3cr3t-pypi@');
    const options = fakeOptions(fake, { pypiUrl: withCredentials, noCache: true, snapshotDir, snapshotMode: 'record' });
    expect((await new PypiClient(options, instantHooks()).getProject('requests')).status).toBe('found');
    expect(fake.log()[0]!.authorization).toBe(`Basic ${Buffer.from('mirror-user:s3cr3t-pypi').toString('base64')}`);
    for (const file of fs.readdirSync(snapshotDir)) expect(fs.readFileSync(path.join(snapshotDir, file), 'utf8')).not.toContain('s3cr3t');
    expect(readSnapshotForReplay(snapshotDir).registries.pypi).toBe(fake.pypiUrl.replace('http://', 'http://mirror-user:****@'));
  });
});

describe('snapshot integrity', () => {
  async function recordedEntry(dir: string, predicate: (entry: SnapshotEntry) => boolean): Promise<{ file: string; entry: SnapshotEntry }> {
    await record(dir, [
      { name: 'requests', version: '2.19.1' },
      { name: 'packaging', version: '24.2' },
    ]);
    const [file, entry] = [...entriesOf(dir)].find(([, e]) => predicate(e))!;
    return { file, entry };
  }

  function replayBatch(dir: string, activity = new RegistryActivity()) {
    const options = fakeOptions(fake, { snapshotDir: dir, snapshotMode: 'replay' });
    return { osv: new OsvClient(options, { ...instantHooks(), activity }), activity };
  }

  const vulnQuery = (e: SnapshotEntry) => e.path === '/v1/querybatch' && canonicalJson(e.requestBody).includes('"2.19.1"');

  test('each entry carries digests of its canonical request and body, and the file is named by the request digest', async () => {
    const dir = tempDir('depvet-snapshot-');
    const { file, entry } = await recordedEntry(dir, vulnQuery);
    const request = { registry: entry.registry, method: 'POST' as const, path: entry.path, body: entry.requestBody };
    expect(entry.digest.request).toBe(requestDigest(request));
    expect(entry.digest.body).toBe(bodyDigest(entry));
    expect(file).toBe(snapshotFileName(request));
    expect(file).toMatch(/^osv-[0-9a-f]{32}\.json$/);
    // Key order and spacing do not change a digest; values do.
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  test('forged querybatch: a request edited to name other packages and a body emptied is refused, naming the file', async () => {
    const dir = tempDir('depvet-snapshot-');
    const { file, entry } = await recordedEntry(dir, vulnQuery);
    const forged = { ...entry, requestBody: { queries: [{ package: { ecosystem: 'PyPI', name: 'six' }, version: '1.16.0' }] }, body: { results: [{}] } };
    fs.writeFileSync(path.join(dir, file), JSON.stringify(forged, null, 2));
    const { osv, activity } = replayBatch(dir);
    const [answer] = await osv.queryBatch([{ ecosystem: 'PyPI', name: 'requests', version: '2.19.1' }]);
    expect(answer!.status).toBe('failed');
    const error = (answer as { error: { kind: string; message: string } }).error;
    expect(error.kind).toBe('snapshot-invalid');
    expect(error.message).toContain(path.join(dir, file));
    expect(activity.diagnostics()).toEqual([
      expect.objectContaining({ severity: 'error', code: 'snapshot-entry-invalid', location: { file: path.join(dir, file), line: 1 } }),
    ]);
  });

  test('a body edited after recording is refused (body digest)', async () => {
    const dir = tempDir('depvet-snapshot-');
    const { file, entry } = await recordedEntry(dir, vulnQuery);
    fs.writeFileSync(path.join(dir, file), JSON.stringify({ ...entry, body: { results: [{}] } }, null, 2));
    const [answer] = await replayBatch(dir).osv.queryBatch([{ ecosystem: 'PyPI', name: 'requests', version: '2.19.1' }]);
    expect(answer!.status === 'failed' && answer!.error.detail).toMatch(/body does not match its body digest/);
  });

  test('an answer moved under another request file is refused even with matching digests (swap)', async () => {
    const dir = tempDir('depvet-snapshot-');
    const { file } = await recordedEntry(dir, vulnQuery);
    const [otherFile] = [...entriesOf(dir)].find(([, e]) => e.path === '/v1/querybatch' && canonicalJson(e.requestBody).includes('"packaging"'))!;
    // The clean answer for packaging, copied over the file that answers requests 2.19.1.
    fs.copyFileSync(path.join(dir, otherFile), path.join(dir, file));
    const [answer] = await replayBatch(dir).osv.queryBatch([{ ecosystem: 'PyPI', name: 'requests', version: '2.19.1' }]);
    expect(answer!.status === 'failed' && answer!.error.detail).toMatch(/holds the answer to OSV POST \/v1\/querybatch, not to the request its name stands for/);
  });

  test('reformatting an entry (indentation, key order) keeps it valid', async () => {
    const dir = tempDir('depvet-snapshot-');
    const { file, entry } = await recordedEntry(dir, vulnQuery);
    const reordered = Object.fromEntries(Object.entries(entry).reverse());
    fs.writeFileSync(path.join(dir, file), JSON.stringify(reordered));
    const [answer] = await replayBatch(dir).osv.queryBatch([{ ecosystem: 'PyPI', name: 'requests', version: '2.19.1' }]);
    expect(answer).toEqual({ status: 'found', value: ['PYSEC-2018-28', 'PYSEC-2023-74'], source: 'snapshot' });
  });

  test('a folder that is not a snapshot, holds the old URL-keyed format or no answer is refused before replay', async () => {
    const dir = tempDir('depvet-snapshot-');
    expect(() => readSnapshotForReplay(path.join(dir, 'nope'))).toThrow(/snapshot folder not found/);
    expect(() => readSnapshotForReplay(dir)).toThrow(/not a snapshot: no index.json/);
    fs.writeFileSync(path.join(dir, SNAPSHOT_INDEX), JSON.stringify({ 'a.json': { method: 'GET', url: 'https://pypi.org/pypi/x/json', status: 200 } }));
    expect(() => readSnapshotForReplay(dir)).toThrow(/old format, keyed by URL/);
    expect(() => openSnapshotForRecording(dir)).toThrow(/cannot extend/);
    fs.writeFileSync(path.join(dir, SNAPSHOT_INDEX), JSON.stringify({ format: 2, registries: {}, entries: {} }));
    expect(() => readSnapshotForReplay(dir)).toThrow(/holds no registry answers/);
  });
});
