import fs from 'node:fs';
import path from 'node:path';
import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';
import { NpmClient } from '../../src/registries/npm';
import { OsvClient } from '../../src/registries/osv';
import { PypiClient } from '../../src/registries/pypi';
import { SNAPSHOT_INDEX, type SnapshotEntry } from '../../src/registries/snapshot';
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

describe('snapshots', () => {
  test('record then replay with the registry closed gives identical answers', async () => {
    const snapshotDir = tempDir('depvet-snapshot-');
    const record = fakeOptions(fake, { noCache: true, snapshotDir, snapshotMode: 'record' });
    const recorded = await askEverything(
      new PypiClient(record, instantHooks()),
      new OsvClient(record, instantHooks()),
      new NpmClient(record, instantHooks()),
    );
    const requestCount = fake.requests();
    await fake.close();

    const replay = { ...record, snapshotMode: 'replay' as const };
    const replayed = await askEverything(
      new PypiClient(replay, instantHooks()),
      new OsvClient(replay, instantHooks()),
      new NpmClient(replay, instantHooks()),
    );
    expect(replayed.project).toMatchObject({ status: 'found', source: 'snapshot' });
    expect(withoutSource(replayed)).toEqual(withoutSource(recorded));

    const index = JSON.parse(fs.readFileSync(path.join(snapshotDir, SNAPSHOT_INDEX), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(index)).toHaveLength(requestCount);
    const files = fs.readdirSync(snapshotDir).filter((name) => name !== SNAPSHOT_INDEX);
    expect(files).toHaveLength(requestCount);
    const entries = files.map((name) => JSON.parse(fs.readFileSync(path.join(snapshotDir, name), 'utf8')) as SnapshotEntry);
    const batch = entries.find((entry) => entry.url.endsWith('/v1/querybatch'))!;
    expect(batch).toMatchObject({ method: 'POST', status: 200, requestBody: { queries: [{ version: '2.30.0' }] } });
    expect(entries.find((entry) => entry.url.endsWith('/pypi/no-such-project/json'))!.status).toBe(404);
    fake = await startFakeRegistry();
  });

  test('replay of a request never recorded is offline-miss, with no network', async () => {
    const snapshotDir = tempDir('depvet-snapshot-');
    const replay = fakeOptions(fake, { snapshotDir, snapshotMode: 'replay' });
    const result = await new PypiClient(replay, instantHooks()).getProject('requests');
    expect(result.status === 'failed' && result.error.kind).toBe('offline-miss');
    expect(fake.requests()).toBe(0);
  });
});
