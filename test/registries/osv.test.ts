import type { FakeRegistry } from '../fake-registry/server';
import { OsvClient, type OsvQuery } from '../../src/registries/osv';
import type { OsvVulnerability } from '../../src/registries/osv-record';
import { measureWorkAsync } from '../../src/work-meter';
import { fakeOptions, instantHooks, useFakeRegistry } from './registry-test-options';

let fake: FakeRegistry;

useFakeRegistry((started) => {
  fake = started;
});

function osv(overrides = {}): OsvClient {
  return new OsvClient(fakeOptions(fake, { noCache: true, ...overrides }), instantHooks());
}

function record(id: string, name: string, versions: string[]): OsvVulnerability {
  return { id, modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'PyPI', name }, versions }] };
}

describe('OSV client', () => {
  test('queryBatch returns ids per query, matching PEP 503-normalized names', async () => {
    const results = await osv().queryBatch([
      { ecosystem: 'PyPI', name: 'Requests', version: '2.19.1' },
      { ecosystem: 'PyPI', name: 'requests', version: '2.30.0' },
      { ecosystem: 'PyPI', name: 'requests', version: '2.32.3' },
    ]);
    expect(results).toEqual([
      { status: 'found', value: ['PYSEC-2018-28', 'PYSEC-2023-74'], source: 'network' },
      { status: 'found', value: ['PYSEC-2023-74'], source: 'network' },
      { status: 'found', value: [], source: 'network' },
    ]);
    expect(fake.requests('osv-querybatch')).toBe(1);
  });

  test('2,500 queries go in ceil(2500/1000) = 3 batch requests', async () => {
    const queries: OsvQuery[] = Array.from({ length: 2500 }, (_, i) => ({ ecosystem: 'PyPI', name: `pkg-${i}`, version: '1.0' }));
    fake.addOsv(record('TEST-2499', 'pkg_2499', ['1.0']));
    const results = await osv().queryBatch(queries);
    expect(results).toHaveLength(2500);
    expect(results[2499]).toEqual({ status: 'found', value: ['TEST-2499'], source: 'network' });
    expect(results.filter((result) => result.status === 'found' && result.value.length > 0)).toHaveLength(1);
    expect(fake.requests('osv-querybatch')).toBe(3);
  });

  test('next_page_token is followed for just the queries that carry it', async () => {
    fake.setOsvPageSize(2);
    for (let i = 0; i < 5; i++) fake.addOsv(record(`TEST-${i}`, 'many-advisories', ['1.0']));
    fake.addOsv(record('TEST-ONE', 'one-advisory', ['1.0']));
    const results = await osv().queryBatch([
      { ecosystem: 'PyPI', name: 'many-advisories', version: '1.0' },
      { ecosystem: 'PyPI', name: 'one-advisory', version: '1.0' },
    ]);
    expect(results[0]).toEqual({ status: 'found', value: ['TEST-0', 'TEST-1', 'TEST-2', 'TEST-3', 'TEST-4'], source: 'network' });
    expect(results[1]).toEqual({ status: 'found', value: ['TEST-ONE'], source: 'network' });
    // Pages of 2 for five ids: the first batch and two follow-ups carrying only the paged query.
    const batches = fake.log().filter((entry) => entry.route === 'osv-querybatch');
    expect(batches.map((entry) => (entry.body as { queries: unknown[] }).queries.length)).toEqual([2, 1, 1]);
  });

  test('a failed batch fails exactly its queries, never yields an empty answer', async () => {
    fake.inject({ kind: 'status-500', route: 'osv-querybatch' });
    const results = await osv({ retries: 1 }).queryBatch([{ ecosystem: 'PyPI', name: 'requests', version: '2.30.0' }]);
    expect(results[0]!.status).toBe('failed');
    expect(results[0]!.status === 'failed' && results[0]!.error.kind).toBe('http-status');
  });

  test('getVulnerability fetches each distinct id once per client', async () => {
    const client = osv();
    const ids = ['PYSEC-2023-74', 'PYSEC-2018-28', 'PYSEC-2023-74', 'PYSEC-2023-74'];
    const results = await Promise.all(ids.map((id) => client.getVulnerability(id)));
    expect(results.map((result) => result.status === 'found' && result.value.id)).toEqual(ids);
    const again = await client.getVulnerability('PYSEC-2018-28');
    expect(again.status).toBe('found');
    expect(fake.requests('osv-vuln')).toBe(2);
  });

  test('an unknown advisory id is not-found', async () => {
    expect(await osv().getVulnerability('PYSEC-0000-0')).toEqual({ status: 'not-found', source: 'network' });
  });

  test('query returns full records across pages', async () => {
    fake.setOsvPageSize(1);
    const result = await osv().query({ ecosystem: 'PyPI', name: 'requests', version: '2.19.1' });
    if (result.status !== 'found') throw new Error(`expected found, got ${result.status}`);
    expect(result.value.map((vuln) => vuln.id)).toEqual(['PYSEC-2018-28', 'PYSEC-2023-74']);
    expect(result.value[1]!.affected?.[0]?.ranges?.length).toBeGreaterThan(0);
    expect(fake.requests('osv-query')).toBe(2);
  });

  test('a record missing required fields is a schema failure', async () => {
    fake.addOsv({ id: 'BROKEN-1' } as OsvVulnerability);
    const result = await osv().getVulnerability('BROKEN-1');
    expect(result.status === 'failed' && result.error.kind).toBe('schema');
  });
});

describe('OSV pagination loop (issue 15 item 1): a server that never stops paging', () => {
  const queries = (n: number): OsvQuery[] => Array.from({ length: n }, (_, i) => ({ ecosystem: 'PyPI', name: `pkg-${i}`, version: '1.0' }));

  test.each([
    [1, 10],
    [4, 10],
    [4, 20],
  ])('a new token on every page: %i queries stop at the cap of %i pages each, could-not-check with the reason', async (count, cap) => {
    fake.inject({ kind: 'osv-endless-pages', route: 'osv-querybatch' });
    let results: Awaited<ReturnType<OsvClient['queryBatch']>> = [];
    const work = await measureWorkAsync(async () => {
      results = await osv({ maxPagesPerQuery: cap }).queryBatch(queries(count));
    });
    // Work is pages per query times queries: linear in the packages, bounded by the cap.
    expect(work['osv.pages']).toBe(count * cap);
    expect(fake.requests('osv-querybatch')).toBe(cap);
    for (const result of results) {
      expect(result.status).toBe('failed');
      const error = (result as { error: { kind: string; detail: string } }).error;
      expect(error.kind).toBe('pagination');
      expect(error.detail).toBe(`OSV still had more pages after ${cap} pages for this query: stopped at the cap of ${cap}`);
    }
  });

  test.each([1, 4])('the same token again: %i queries stop at the second page', async (count) => {
    fake.inject({ kind: 'osv-endless-pages', route: 'osv-querybatch', token: 'again' });
    let results: Awaited<ReturnType<OsvClient['queryBatch']>> = [];
    const work = await measureWorkAsync(async () => {
      results = await osv().queryBatch(queries(count));
    });
    expect(work['osv.pages']).toBe(count * 2);
    for (const result of results) {
      expect(result.status === 'failed' && result.error.detail).toBe('OSV sent page token "again" a second time after 2 pages: stopped (the answer would never end)');
    }
  });

  test('a single query (/v1/query) is bounded the same way', async () => {
    fake.inject({ kind: 'osv-endless-pages', route: 'osv-query' });
    const work = await measureWorkAsync(async () => {
      const result = await osv({ maxPagesPerQuery: 7 }).query({ ecosystem: 'PyPI', name: 'pkg', version: '1.0' });
      expect(result.status === 'failed' && result.error.kind).toBe('pagination');
    });
    expect(work['osv.pages']).toBe(7);
  });

  test('only the paging query is given up: the others in its batch are answered', async () => {
    fake.setOsvPageSize(1);
    const results = await osv({ maxPagesPerQuery: 2 }).queryBatch([
      { ecosystem: 'PyPI', name: 'requests', version: '2.19.1' },
      { ecosystem: 'PyPI', name: 'requests', version: '2.30.0' },
    ]);
    // 2.19.1 has two advisories: two pages of one, the second without a token: within the cap.
    expect(results[0]).toEqual({ status: 'found', value: ['PYSEC-2018-28', 'PYSEC-2023-74'], source: 'network' });
    expect(results[1]).toEqual({ status: 'found', value: ['PYSEC-2023-74'], source: 'network' });
  });
});
