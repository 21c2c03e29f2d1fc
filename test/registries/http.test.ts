import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { HttpClient, Semaphore, parseRetryAfter } from '../../src/registries/http';
import { PypiClient } from '../../src/registries/pypi';
import { RegistryError } from '../../src/registries/result';
import { fakeOptions, instantHooks, useFakeRegistry } from './registry-test-options';

let fake: FakeRegistry;

useFakeRegistry((started) => {
  fake = started;
});

function pypi(overrides = {}) {
  const hooks = instantHooks();
  return { client: new PypiClient(fakeOptions(fake, { noCache: true, ...overrides }), hooks), waits: hooks.waits };
}

function expectFailed(result: { status: string; error?: RegistryError }, kind: string, attempts: number): RegistryError {
  expect(result.status).toBe('failed');
  const error = result.error!;
  expect(error).toBeInstanceOf(RegistryError);
  expect(error.code).toBe('E_REGISTRY');
  expect(error.kind).toBe(kind);
  expect(error.attempts).toBe(attempts);
  return error;
}

describe('HTTP core fault handling (through the PyPI client)', () => {
  test('a delay beyond the timeout is retried, then reported as timeout', async () => {
    fake.inject({ kind: 'delay', route: 'pypi-project', delayMs: 2000 });
    const { client } = pypi({ timeoutMs: 150, retries: 1 });
    const result = await client.getProject('requests');
    const error = expectFailed(result, 'timeout', 2);
    expect(error.url).toBe(`${fake.pypiUrl}/pypi/requests/json`);
    expect(fake.requests('pypi-project')).toBe(2);
  });

  test('a delay within the timeout is just slow', async () => {
    fake.inject({ kind: 'delay', route: 'pypi-project', delayMs: 50, times: 1 });
    const { client } = pypi({ timeoutMs: 2000 });
    const result = await client.getProject('requests');
    expect(result.status).toBe('found');
    expect(fake.requests('pypi-project')).toBe(1);
  });

  test('429 with Retry-After is retried after the announced wait, to success', async () => {
    fake.inject({ kind: 'status-429', route: 'pypi-project', times: 2, retryAfter: '7' });
    const { client, waits } = pypi({ retries: 3 });
    const result = await client.getProject('requests');
    expect(result.status).toBe('found');
    expect(waits).toEqual([7000, 7000]);
    expect(fake.requests('pypi-project')).toBe(3);
  });

  test('a Retry-After beyond the cap waits only the cap', async () => {
    fake.inject({ kind: 'status-429', route: 'pypi-project', times: 1, retryAfter: '86400' });
    const { client, waits } = pypi({ maxRetryAfterMs: 30_000 });
    expect((await client.getProject('requests')).status).toBe('found');
    expect(waits).toEqual([30_000]);
  });

  test('500 is retried with full-jitter exponential backoff, to success', async () => {
    fake.inject({ kind: 'status-500', route: 'pypi-project', times: 2 });
    const { client, waits } = pypi({ retries: 2, retryBaseDelayMs: 100, retryMaxDelayMs: 10_000 });
    const result = await client.getProject('requests');
    expect(result.status).toBe('found');
    // random() = 0.5 of ceilings 100 and 200.
    expect(waits).toEqual([50, 100]);
    expect(fake.requests('pypi-project')).toBe(3);
  });

  test('persistent 500 fails after retries+1 attempts with the status', async () => {
    fake.inject({ kind: 'status-500', route: 'pypi-project' });
    const { client } = pypi({ retries: 2 });
    const error = expectFailed(await client.getProject('requests'), 'http-status', 3);
    expect(error.status).toBe(500);
    expect(fake.requests('pypi-project')).toBe(3);
  });

  test('a connection reset is retried, to success', async () => {
    fake.inject({ kind: 'connection-reset', route: 'pypi-project', times: 1 });
    const { client } = pypi();
    expect((await client.getProject('requests')).status).toBe('found');
    expect(fake.requests('pypi-project')).toBe(2);
  });

  test('persistent connection resets fail as connection', async () => {
    fake.inject({ kind: 'connection-reset', route: 'pypi-project' });
    const { client } = pypi({ retries: 1 });
    expectFailed(await client.getProject('requests'), 'connection', 2);
    expect(fake.requests('pypi-project')).toBe(2);
  });

  test('a truncated body is retried as a connection error, to success', async () => {
    fake.inject({ kind: 'truncated-body', route: 'pypi-project', times: 1 });
    const { client } = pypi();
    const result = await client.getProject('requests');
    expect(result.status).toBe('found');
    expect(fake.requests('pypi-project')).toBe(2);
  });

  test('persistently truncated bodies fail as connection, never as a parsed value', async () => {
    fake.inject({ kind: 'truncated-body', route: 'pypi-project' });
    const { client } = pypi({ retries: 1 });
    expectFailed(await client.getProject('requests'), 'connection', 2);
  });

  test('invalid JSON is a typed failure and is not retried', async () => {
    fake.inject({ kind: 'invalid-json', route: 'pypi-project' });
    const { client } = pypi();
    const error = expectFailed(await client.getProject('requests'), 'invalid-json', 1);
    expect(error.status).toBe(200);
    expect(fake.requests('pypi-project')).toBe(1);
  });

  test('a body over the size cap is too-large and is not retried', async () => {
    fake.inject({ kind: 'oversized-body', route: 'pypi-project', sizeBytes: 300_000 });
    const { client } = pypi({ maxResponseBytes: 100_000 });
    expectFailed(await client.getProject('requests'), 'too-large', 1);
    expect(fake.requests('pypi-project')).toBe(1);
  });

  test('a redirect loop is redirect-loop after the redirect cap', async () => {
    fake.inject({ kind: 'redirect-loop', route: 'pypi-project' });
    const { client } = pypi({ maxRedirects: 3 });
    expectFailed(await client.getProject('requests'), 'redirect-loop', 1);
    // The first request and three followed redirects.
    expect(fake.requests('pypi-project')).toBe(4);
  });

  test('a valid JSON body of the wrong shape is a schema failure naming the field', async () => {
    fake.addPypiProject({ info: { name: 'bad-shape', version: '1.0' }, releases: { '1.0': 'not a list' as never } });
    const { client } = pypi();
    const error = expectFailed(await client.getProject('bad-shape'), 'schema', 1);
    expect(error.message).toContain('/releases/1.0');
  });

  test('other 4xx statuses fail at once as http-status', async () => {
    const client = new HttpClient(fakeOptions(fake, { noCache: true }), { kind: 'osv', baseUrl: fake.osvUrl }, instantHooks());
    const { validatePypiProject } = await import('../../src/registries/pypi');
    const result = await client.requestJson({ method: 'POST', url: `${fake.osvUrl}/v1/querybatch`, body: {}, validate: validatePypiProject });
    const error = expectFailed(result, 'http-status', 1);
    expect(error.status).toBe(400);
  });

  test('a refused connection to a host that never answered is unreachable at once: no retry, no backoff', async () => {
    // A registry that has just gone away: its port now refuses connections.
    const gone = await startFakeRegistry();
    await gone.close();
    const hooks = instantHooks();
    const client = new PypiClient(fakeOptions(gone, { noCache: true, retries: 3 }), hooks);
    const error = expectFailed(await client.getProject('requests'), 'unreachable', 1);
    expect(error.detail).toMatch(/ECONNREFUSED/);
    expect(hooks.waits).toEqual([]);
  });
});

describe('HTTP core helpers', () => {
  test('Retry-After accepts seconds and HTTP dates, and ignores junk', () => {
    const now = Date.parse('2024-05-01T00:00:00Z');
    expect(parseRetryAfter('12', now)).toBe(12_000);
    expect(parseRetryAfter('Wed, 01 May 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 30 Apr 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  test('the semaphore never runs more than its limit at once', async () => {
    const semaphore = new Semaphore(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        semaphore.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setImmediate(resolve));
          active--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  test('concurrency bounds requests in flight against the server', async () => {
    fake.inject({ kind: 'delay', route: 'pypi-release', delayMs: 30 });
    const client = new PypiClient(fakeOptions(fake, { noCache: true, concurrency: 2 }), instantHooks());
    const versions = ['2.19.1', '2.30.0', '2.31.0', '2.32.0', '2.32.3'];
    const results = await Promise.all(versions.map((version) => client.getRelease('requests', version)));
    expect(results.every((result) => result.status === 'found')).toBe(true);
    expect(fake.requests('pypi-release')).toBe(5);
    expect(fake.peakConcurrency()).toBe(2);
  });

  test('identical requests in flight share one round trip', async () => {
    const client = new PypiClient(fakeOptions(fake, { noCache: true }), instantHooks());
    const results = await Promise.all([client.getProject('requests'), client.getProject('requests')]);
    expect(results.map((result) => result.status)).toEqual(['found', 'found']);
    expect(fake.requests('pypi-project')).toBe(1);
  });
});
