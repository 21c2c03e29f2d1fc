import type { FakeRegistry } from '../fake-registry/server';
import { NpmClient, packumentPath } from '../../src/registries/npm';
import { fakeOptions, instantHooks, useFakeRegistry } from './registry-test-options';

let fake: FakeRegistry;

useFakeRegistry((started) => {
  fake = started;
});

function npm(overrides = {}): NpmClient {
  return new NpmClient(fakeOptions(fake, { noCache: true, ...overrides }), instantHooks());
}

describe('npm client (npm-registry-fetch transport)', () => {
  test('packument: license, per-version license and deprecation, times, dist-tags', async () => {
    const result = await npm().getPackument('left-pad');
    if (result.status !== 'found') throw new Error(`expected found, got ${result.status}`);
    expect(result.value.license).toBe('WTFPL');
    expect(result.value.versions['1.3.0']).toEqual({ license: 'WTFPL', deprecated: 'use String.prototype.padStart()' });
    expect(result.value.time['1.2.0']).toBe('2017-11-10T22:03:03.129Z');
    expect(result.value['dist-tags']).toEqual({ latest: '1.3.0' });
  });

  test('scoped name is requested as /@scope%2fname; legacy licenses arrays and objects are kept', async () => {
    const result = await npm().getPackument('@legacy/licenses-array');
    if (result.status !== 'found') throw new Error(`expected found, got ${result.status}`);
    expect(result.value.versions['0.1.0']!.licenses).toEqual([{ type: 'MIT', url: 'http://opensource.org/licenses/MIT' }]);
    expect(result.value.versions['0.2.0']!.license).toEqual({ type: 'BSD-3-Clause', url: 'https://opensource.org/licenses/BSD-3-Clause' });
    expect(fake.log()[0]!.path).toBe('/npm/@legacy%2Flicenses-array');
    expect(packumentPath('@scope/name')).toBe('/@scope%2Fname');
  });

  test('404 is not-found', async () => {
    expect(await npm().getPackument('no-such-package-xyz')).toEqual({ status: 'not-found', source: 'network' });
  });

  test('500 then success is retried by our core (npm-registry-fetch does not retry)', async () => {
    fake.inject({ kind: 'status-500', route: 'npm-packument', times: 1 });
    expect((await npm().getPackument('left-pad')).status).toBe('found');
    expect(fake.requests('npm-packument')).toBe(2);
  });

  test('429 Retry-After is honoured through the npm transport', async () => {
    fake.inject({ kind: 'status-429', route: 'npm-packument', times: 1, retryAfter: '3' });
    const hooks = instantHooks();
    const client = new NpmClient(fakeOptions(fake, { noCache: true }), hooks);
    expect((await client.getPackument('left-pad')).status).toBe('found');
    expect(hooks.waits).toEqual([3000]);
  });

  test('connection reset, timeout, oversized and invalid JSON map to typed failures', async () => {
    fake.inject({ kind: 'connection-reset', route: 'npm-packument', path: '/npm/left-pad' });
    const reset = await npm({ retries: 1 }).getPackument('left-pad');
    expect(reset.status === 'failed' && [reset.error.kind, reset.error.attempts]).toEqual(['connection', 2]);
    fake.clearFaults();

    fake.inject({ kind: 'delay', route: 'npm-packument', delayMs: 2000 });
    const slow = await npm({ retries: 0, timeoutMs: 100 }).getPackument('left-pad');
    expect(slow.status === 'failed' && slow.error.kind).toBe('timeout');
    fake.clearFaults();

    fake.inject({ kind: 'oversized-body', route: 'npm-packument', sizeBytes: 200_000 });
    const big = await npm({ maxResponseBytes: 50_000 }).getPackument('left-pad');
    expect(big.status === 'failed' && big.error.kind).toBe('too-large');
    fake.clearFaults();

    fake.inject({ kind: 'invalid-json', route: 'npm-packument' });
    const junk = await npm().getPackument('left-pad');
    expect(junk.status === 'failed' && junk.error.kind).toBe('invalid-json');
  });

  test('a redirect loop is redirect-loop', async () => {
    fake.inject({ kind: 'redirect-loop', route: 'npm-packument' });
    const result = await npm().getPackument('left-pad');
    expect(result.status === 'failed' && result.error.kind).toBe('redirect-loop');
  });

  test('cache and 304 revalidation work through the npm transport', async () => {
    const options = fakeOptions(fake);
    await new NpmClient(options, instantHooks()).getPackument('left-pad');
    fake.resetCounts();
    const again = await new NpmClient(options, instantHooks()).getPackument('left-pad');
    expect(again).toMatchObject({ status: 'found', source: 'cache' });
    expect(fake.notModified('npm-packument')).toBe(1);
  });
});
