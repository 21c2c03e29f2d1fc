// Proxy support: with HTTP_PROXY set, registry requests go through the proxy (here a loopback forward proxy);
// NO_PROXY exempts hosts from it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PypiClient } from '../../src/registries/pypi';
import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { pypiProjectDoc } from '../fake-registry/pypi-doc';
import { fakeOptions, instantHooks } from './registry-test-options';

let fake: FakeRegistry;
let proxy: http.Server;
let proxyUrl: string;
const proxied: string[] = [];
const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };

beforeAll(async () => {
  fake = await startFakeRegistry();
  fake.addPypiProject(pypiProjectDoc({ name: 'six', releases: [{ version: '1.16.0', uploaded: '2021-05-05T14:18:17.000000Z' }], license: 'MIT' }));
  // A forward proxy: requests arrive in absolute form (`GET http://host:port/path`) and are relayed.
  proxy = http.createServer((req, res) => {
    proxied.push(req.url ?? '');
    const target = new URL(req.url ?? '');
    const upstream = http.request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await fake.close();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
});

beforeEach(() => {
  proxied.length = 0;
  for (const key of Object.keys(saved)) delete process.env[key];
});

it('sends registry requests through HTTP_PROXY', async () => {
  process.env.HTTP_PROXY = proxyUrl;
  const client = new PypiClient(fakeOptions(fake, { noCache: true }), instantHooks());
  const result = await client.getRelease('six', '1.16.0');
  expect(result.status).toBe('found');
  expect(proxied).toEqual([`${fake.pypiUrl}/pypi/six/1.16.0/json`]);
});

it('NO_PROXY exempts a host from the proxy', async () => {
  process.env.HTTP_PROXY = proxyUrl;
  process.env.NO_PROXY = '127.0.0.1';
  const client = new PypiClient(fakeOptions(fake, { noCache: true }), instantHooks());
  expect((await client.getRelease('six', '1.16.0')).status).toBe('found');
  expect(proxied).toEqual([]);
});
