import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cacheKey, freshForMs, isStorable, ResponseCache } from '../../src/registries/cache';
import { HttpClient } from '../../src/registries/http';
import { PypiClient, validatePypiProject } from '../../src/registries/pypi';
import { compileSchema } from '../../src/registries/schema';
import { fakeOptions, instantHooks, tempDir } from './registry-test-options';

let fake: FakeRegistry;

beforeEach(async () => {
  fake = await startFakeRegistry({ fixturesDir: fixturePath('registry'), maxAgeSeconds: 300 });
});

afterEach(async () => {
  fake.assertNoUnexpectedRequests();
  await fake.close();
});

describe('disk cache', () => {
  test('a second run within max-age makes zero requests and answers from the cache', async () => {
    const cacheDir = tempDir();
    const first = await new PypiClient(fakeOptions(fake, { cacheDir }), instantHooks()).getProject('requests');
    expect(first).toMatchObject({ status: 'found', source: 'network' });
    fake.resetCounts();
    const second = await new PypiClient(fakeOptions(fake, { cacheDir }), instantHooks()).getProject('requests');
    expect(fake.requests()).toBe(0);
    expect(second).toMatchObject({ status: 'found', source: 'cache' });
    expect(second.status === 'found' && first.status === 'found' && second.value).toEqual(first.status === 'found' && first.value);
  });

  test('after max-age a revalidation gets 304 and the body is not downloaded again', async () => {
    const cacheDir = tempDir();
    let now = Date.parse('2024-06-01T00:00:00Z');
    const hooks = { ...instantHooks(), now: () => now };
    await new PypiClient(fakeOptions(fake, { cacheDir }), hooks).getRelease('requests', '2.31.0');
    now += 301_000;
    fake.resetCounts();
    const revalidated = await new PypiClient(fakeOptions(fake, { cacheDir }), hooks).getRelease('requests', '2.31.0');
    expect(revalidated).toMatchObject({ status: 'found', source: 'cache' });
    expect(revalidated.status === 'found' && revalidated.value.info.version).toBe('2.31.0');
    expect(fake.requests('pypi-release')).toBe(1);
    expect(fake.notModified('pypi-release')).toBe(1);
    // The 304 refreshed the fetch time: a run right after needs no request at all.
    fake.resetCounts();
    await new PypiClient(fakeOptions(fake, { cacheDir }), hooks).getRelease('requests', '2.31.0');
    expect(fake.requests()).toBe(0);
  });

  test('with max-age 0 every run revalidates, and only 304s come back', async () => {
    fake.setMaxAge(0);
    const cacheDir = tempDir();
    await new PypiClient(fakeOptions(fake, { cacheDir }), instantHooks()).getProject('packaging');
    fake.resetCounts();
    for (let run = 0; run < 3; run++) {
      const result = await new PypiClient(fakeOptions(fake, { cacheDir }), instantHooks()).getProject('packaging');
      expect(result.status).toBe('found');
    }
    expect(fake.requests('pypi-project')).toBe(3);
    expect(fake.notModified('pypi-project')).toBe(3);
  });

  test('an answer is kept in the form of its schema, and another schema on the same URL does not reuse it', async () => {
    const cacheDir = tempDir();
    const first = await new PypiClient(fakeOptions(fake, { cacheDir }), instantHooks()).getProject('requests');
    expect(first.status).toBe('found');
    const files = fs.readdirSync(path.join(cacheDir, 'http-v2'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.entry'));
    expect(files).toHaveLength(1);
    const stored = fs.readFileSync(path.join(cacheDir, 'http-v2', files[0]!), 'utf8');
    const body = JSON.parse(stored.slice(stored.indexOf('\n') + 1)) as { info: Record<string, unknown> };
    // The fixture's info has description, author, downloads…; only what the schema names is kept.
    expect(Object.keys(body.info).sort()).toEqual(Object.keys((validatePypiProject.schema as { properties: { info: { properties: object } } }).properties.info.properties).filter((k) => k in body.info).sort());
    expect(body.info).not.toHaveProperty('description');
    expect(validatePypiProject(body)).toBe(true);

    fake.resetCounts();
    const narrower = compileSchema<{ info: { name: string } }>({ type: 'object', required: ['info'], properties: { info: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } });
    const client = new HttpClient(fakeOptions(fake, { cacheDir }), { kind: 'pypi', baseUrl: fake.pypiUrl }, instantHooks());
    const other = await client.requestJson({ method: 'GET', url: `${fake.pypiUrl}/pypi/requests/json`, validate: narrower });
    expect(other).toMatchObject({ status: 'found', source: 'network', value: { info: { name: 'requests' } } });
    expect(other.status === 'found' && Object.keys(other.value.info)).toEqual(['name']);
    expect(fake.requests('pypi-project')).toBe(1);
    const again = await client.requestJson({ method: 'GET', url: `${fake.pypiUrl}/pypi/requests/json`, validate: validatePypiProject });
    expect(again).toMatchObject({ status: 'found', source: 'cache' });
  });

  test('not-found answers are cached too', async () => {
    const cacheDir = tempDir();
    expect((await new PypiClient(fakeOptions(fake, { cacheDir }), instantHooks()).getProject('no-such-project')).status).toBe('not-found');
    fake.resetCounts();
    const again = await new PypiClient(fakeOptions(fake, { cacheDir, offline: true }), instantHooks()).getProject('no-such-project');
    expect(again).toEqual({ status: 'not-found', source: 'cache' });
    expect(fake.requests()).toBe(0);
  });

  test('offline with an empty cache is offline-miss, with no request', async () => {
    const result = await new PypiClient(fakeOptions(fake, { offline: true }), instantHooks()).getProject('requests');
    expect(result.status).toBe('failed');
    expect(result.status === 'failed' && result.error.kind).toBe('offline-miss');
    expect(result.status === 'failed' && result.error.attempts).toBe(0);
    expect(fake.requests()).toBe(0);
  });

  test('offline answers from a stale cache entry', async () => {
    fake.setMaxAge(0);
    const cacheDir = tempDir();
    await new PypiClient(fakeOptions(fake, { cacheDir }), instantHooks()).getProject('requests');
    fake.resetCounts();
    const result = await new PypiClient(fakeOptions(fake, { cacheDir, offline: true }), instantHooks()).getProject('requests');
    expect(result).toMatchObject({ status: 'found', source: 'cache' });
    expect(fake.requests()).toBe(0);
  });

  test('noCache neither reads nor writes the cache', async () => {
    const cacheDir = tempDir();
    await new PypiClient(fakeOptions(fake, { cacheDir, noCache: true }), instantHooks()).getProject('requests');
    await new PypiClient(fakeOptions(fake, { cacheDir, noCache: true }), instantHooks()).getProject('requests');
    expect(fake.requests('pypi-project')).toBe(2);
    const offline = await new PypiClient(fakeOptions(fake, { cacheDir, offline: true }), instantHooks()).getProject('requests');
    expect(offline.status === 'failed' && offline.error.kind).toBe('offline-miss');
  });

  test('failed answers are not cached', async () => {
    const cacheDir = tempDir();
    fake.inject({ kind: 'invalid-json', route: 'pypi-project', times: 1 });
    expect((await new PypiClient(fakeOptions(fake, { cacheDir }), instantHooks()).getProject('requests')).status).toBe('failed');
    expect((await new PypiClient(fakeOptions(fake, { cacheDir }), instantHooks()).getProject('requests')).status).toBe('found');
    expect(fake.requests('pypi-project')).toBe(2);
  });
});

describe('cache helpers', () => {
  test('freshness is max-age minus Age; no-cache and missing max-age are stale at once', () => {
    expect(freshForMs({ 'cache-control': 'max-age=900, public' })).toBe(900_000);
    expect(freshForMs({ 'cache-control': 'public, max-age=900', age: '100' })).toBe(800_000);
    expect(freshForMs({ 'cache-control': 'no-cache, max-age=900' })).toBe(0);
    expect(freshForMs({})).toBe(0);
    expect(isStorable({ 'cache-control': 'no-store' })).toBe(false);
    expect(isStorable({})).toBe(true);
  });

  test('POST keys differ by body; GET keys by URL', () => {
    expect(cacheKey('POST', 'http://x/v1/query', '{"a":1}')).not.toBe(cacheKey('POST', 'http://x/v1/query', '{"a":2}'));
    expect(cacheKey('GET', 'http://x/a')).not.toBe(cacheKey('GET', 'http://x/b'));
  });

  test('an unreadable cache folder is a miss, not a crash', async () => {
    const cache = new ResponseCache('/dev/null/not-a-folder');
    await expect(cache.get(cacheKey('GET', 'http://x/a'))).resolves.toBeUndefined();
  });

  test('a body is stored byte for byte (newlines and all), and a torn or foreign entry is a miss', async () => {
    const dir = tempDir();
    const cache = new ResponseCache(dir);
    const key = cacheKey('GET', 'http://x/pypi/a/json');
    const body = Buffer.from('{\n  "info": {"summary": "two\\nlines \u00e9"}\n}\n', 'utf8');
    await cache.put(key, { url: 'http://x/pypi/a/json', method: 'GET', status: 200, headers: { etag: '"1"', 'x-other': 'dropped' }, fetchedAt: 1000, body });
    const entry = await cache.get(key);
    expect(entry?.body.equals(body)).toBe(true);
    expect(entry?.headers).toEqual({ etag: '"1"' });
    const files = fs.readdirSync(path.join(dir, 'http-v2'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.entry'));
    expect(files).toHaveLength(1);
    const file = path.join(dir, 'http-v2', files[0]!);
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, whole.length - 3));
    await expect(cache.get(key)).resolves.toBeUndefined();
    fs.writeFileSync(file, 'not json at all\n{}');
    await expect(cache.get(key)).resolves.toBeUndefined();
    fs.writeFileSync(file, whole);
    // An entry copied to another key's place never answers for that key (the header names its own key).
    const otherKey = cacheKey('GET', 'http://x/pypi/b/json');
    const otherHash = createHash('sha256').update(otherKey).digest('hex');
    fs.mkdirSync(path.join(dir, 'http-v2', otherHash.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'http-v2', otherHash.slice(0, 2), `${otherHash}.entry`), whole);
    await expect(cache.get(otherKey)).resolves.toBeUndefined();
    expect((await cache.get(key))?.body.equals(body)).toBe(true);
  });
});
