import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { HttpClient, Semaphore, axiosTransport, classifyNetworkError, parseRetryAfter, type Transport } from '../../src/registries/http';
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
    // Attempts are counted at the transport: on a busy machine the server may not have logged an aborted one.
    let attempts = 0;
    const counting: Transport = (request, limits) => {
      attempts += 1;
      return axiosTransport(request, limits);
    };
    const client = new PypiClient(fakeOptions(fake, { noCache: true, timeoutMs: 150, retries: 1 }), { ...instantHooks(), transport: counting });
    const result = await client.getProject('requests');
    const error = expectFailed(result, 'timeout', 2);
    expect(error.url).toBe(`${fake.pypiUrl}/pypi/requests/json`);
    expect(attempts).toBe(2);
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

  test('a body over the size cap is too-large and is not retried: refused at its Content-Length', async () => {
    fake.inject({ kind: 'oversized-body', route: 'pypi-project', sizeBytes: 300_000 });
    const { client } = pypi({ maxResponseBytes: 100_000 });
    const error = expectFailed(await client.getProject('requests'), 'too-large', 1);
    expect(error.detail).toBe('Content-Length 300000 exceeds 100000 bytes');
    expect(fake.requests('pypi-project')).toBe(1);
  });

  test('a body with no Content-Length is cut off once it grows past the size cap', async () => {
    fake.inject({ kind: 'oversized-body', route: 'pypi-project', sizeBytes: 3_000_000, withoutLength: true });
    const { client } = pypi({ maxResponseBytes: 100_000 });
    const error = expectFailed(await client.getProject('requests'), 'too-large', 1);
    expect(error.detail).toBe('body exceeds 100000 bytes');
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

describe('failures that retrying cannot cure', () => {
  /** A transport that fails every attempt with this code, counting them. */
  function failing(code: string): Transport & { calls: number } {
    const transport: Transport = async () => {
      counted.calls += 1;
      throw Object.assign(new Error(`getaddrinfo ${code} pypi.example`), { code });
    };
    const counted = Object.assign(transport, { calls: 0 });
    return counted;
  }

  test('ENOTFOUND (no such host) is not retried, and requests queued for the host fail without an attempt', async () => {
    const transport = failing('ENOTFOUND');
    const hooks = { ...instantHooks(), transport };
    const client = new PypiClient(fakeOptions(fake, { noCache: true, retries: 3, concurrency: 1 }), hooks);
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => client.getProject(name)));
    expect(transport.calls).toBe(1);
    expect(hooks.waits).toEqual([]);
    const errors = results.map((r) => (r.status === 'failed' ? r.error : undefined));
    expect(errors.map((e) => e?.kind)).toEqual(['unreachable', 'unreachable', 'unreachable', 'unreachable', 'unreachable']);
    expect(errors[0]!.attempts).toBe(1);
    expect(errors[4]!.attempts).toBe(0);
    expect(errors[4]!.detail).toMatch(/^ENOTFOUND: getaddrinfo ENOTFOUND pypi\.example \(not tried: the host could not be reached earlier in this run\)$/);
  });

  test('a TLS failure (https to a plain-HTTP port) is unreachable at once, not retried', async () => {
    let calls = 0;
    const counting: Transport = (request, limits) => {
      calls += 1;
      return axiosTransport(request, limits);
    };
    const options = fakeOptions(fake, { pypiUrl: fake.pypiUrl.replace('http://', 'https://'), noCache: true, retries: 3 });
    const hooks = { ...instantHooks(), transport: counting };
    const result = await new PypiClient(options, hooks).getProject('requests');
    expectFailed(result, 'unreachable', 1);
    expect(result.status === 'failed' && result.error.detail).toMatch(/^EPROTO: /);
    expect(calls).toBe(1);
    expect(hooks.waits).toEqual([]);
  });

  test('certificate and handshake codes are unreachable; a temporary DNS failure (EAI_AGAIN) and a reset stay retryable', () => {
    for (const code of ['ENOTFOUND', 'ECONNREFUSED', 'EPROTO', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER']) {
      expect([code, classifyNetworkError(Object.assign(new Error('x'), { code }), false).kind]).toEqual([code, 'unreachable']);
    }
    for (const code of ['EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH']) {
      expect([code, classifyNetworkError(Object.assign(new Error('x'), { code }), false).kind]).toEqual([code, 'connection']);
    }
  });

  test('EAI_AGAIN is retried with backoff', async () => {
    const transport = failing('EAI_AGAIN');
    const hooks = { ...instantHooks(), transport };
    const result = await new PypiClient(fakeOptions(fake, { noCache: true, retries: 2 }), hooks).getProject('requests');
    expectFailed(result, 'connection', 3);
    expect(transport.calls).toBe(3);
    expect(hooks.waits).toHaveLength(2);
  });

  test('a host that answered earlier in the run gets its retries when it then refuses a connection', async () => {
    let calls = 0;
    const flaky: Transport = async (request, limits) => {
      calls += 1;
      // The first request is answered; the next two attempts are refused (a restart), the third is answered.
      if (calls === 2 || calls === 3) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return axiosTransport(request, limits);
    };
    const hooks = { ...instantHooks(), transport: flaky };
    const client = new PypiClient(fakeOptions(fake, { noCache: true, retries: 3 }), hooks);
    expect((await client.getProject('requests')).status).toBe('found');
    expect((await client.getRelease('packaging', '24.2')).status).toBe('found');
    expect(calls).toBe(4);
    expect(hooks.waits).toHaveLength(2);
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
