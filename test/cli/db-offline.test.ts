// `depvet db update` / `db status` and `depvet scan --offline` through the CLI: download OSV's bulk export from a
// loopback server into the cache folder, then match offline from it with no OSV API request.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FakeRegistry } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';
import { startTreeRegistry } from '../scan/tree-registry';
import { runCli } from './run-cli';
import { storedZip } from '../helpers/zip';

// The bulk export holds the real records of the scan fixtures (idna's PYSEC-2024-60 among them).
const OSV_DIR = fixturePath('scan', 'osv');
const ZIP = storedZip(fs.readdirSync(OSV_DIR).map((name) => ({ name, data: fs.readFileSync(path.join(OSV_DIR, name)) })));
const TREE = path.relative(process.cwd(), fixturePath('inventory', 'tree'));

let bulk: http.Server;
let bulkUrl: string;
let fake: FakeRegistry;
let cache: string;

beforeAll(async () => {
  bulk = http.createServer((req, res) => {
    if (req.url === '/PyPI/all.zip') res.writeHead(200, { 'content-type': 'application/zip', etag: '"1"' }).end(ZIP);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => bulk.listen(0, '127.0.0.1', resolve));
  bulkUrl = `http://127.0.0.1:${(bulk.address() as AddressInfo).port}`;
  fake = await startTreeRegistry();
  cache = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-db-cli-'));
});
afterAll(async () => {
  await new Promise<void>((resolve) => bulk.close(() => resolve()));
  await fake.close();
  fs.rmSync(cache, { recursive: true, force: true });
});

it('db status before any download says so and exits 3', async () => {
  const run = await runCli(['db', 'status', '--ecosystem', 'PyPI', '--cache-dir', cache]);
  expect(run.code).toBe(3);
  expect(run.stdout).toMatch(/PyPI: not downloaded/);
});

it('db update downloads the export; db status --verify reports it; a failing ecosystem is exit 3', async () => {
  const update = await runCli(['db', 'update', '--ecosystem', 'PyPI', '--cache-dir', cache, '--osv-bulk-url', bulkUrl]);
  expect(update.stderr).toBe('');
  expect(update.code).toBe(0);
  expect(update.stdout).toMatch(/^PyPI: updated \(\d+ advisories, fetched .* from http:\/\/127\.0\.0\.1:\d+\/PyPI\/all\.zip\)/);
  const status = await runCli(['db', 'status', '--ecosystem', 'PyPI', '--cache-dir', cache, '--verify']);
  expect(status.code).toBe(0);
  expect(status.stdout).toMatch(/integrity ok/);
  const npm = await runCli(['db', 'update', '--ecosystem', 'npm', '--cache-dir', cache, '--osv-bulk-url', bulkUrl]);
  expect(npm.code).toBe(3);
  expect(npm.stderr).toMatch(/npm: update failed/);
});

it('the docs/ci.md recipe: db update --ecosystem PyPI, then db status --verify (no --ecosystem) exits 0', async () => {
  const own = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-db-recipe-'));
  try {
    const before = await runCli(['db', 'status', '--verify', '--cache-dir', own]);
    expect(before.code).toBe(3);
    expect((await runCli(['db', 'update', '--ecosystem', 'PyPI', '--cache-dir', own, '--osv-bulk-url', bulkUrl])).code).toBe(0);
    const status = await runCli(['db', 'status', '--verify', '--cache-dir', own]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^PyPI: \d+ advisories, .*integrity ok\nnpm: not downloaded/);
    // Naming an ecosystem that was never downloaded still fails.
    expect((await runCli(['db', 'status', '--verify', '--ecosystem', 'PyPI,npm', '--cache-dir', own])).code).toBe(3);
  } finally {
    fs.rmSync(own, { recursive: true, force: true });
  }
});

it('--osv-db that holds no records (empty folder, non-OSV JSON, empty zip, zip of {}) is refused: exit 2, one line', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-empty-osvdb-'));
  try {
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    const junk = path.join(dir, 'junk');
    fs.mkdirSync(junk);
    fs.writeFileSync(path.join(junk, 'x.json'), '{"a": 1}');
    fs.writeFileSync(path.join(dir, 'empty.zip'), storedZip([]));
    fs.writeFileSync(path.join(dir, 'braces.zip'), storedZip([{ name: 'A-1.json', data: Buffer.from('{}') }]));
    for (const db of [empty, junk, path.join(dir, 'empty.zip'), path.join(dir, 'braces.zip')]) {
      const run = await runCli(['scan', TREE, '--image', 'python3', '--checks', 'advisories', '--osv-db', db, '--cache-dir', cache]);
      expect([db, run.code]).toEqual([db, 2]);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`^depvet: ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: OSV database holds no OSV records \\(\\d JSON files? read(, \\d of them not OSV records)?\\): refused, since it would clear every package\\n$`));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('db update refuses a download that holds no records, in the same words as --osv-db', async () => {
  const empty = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/zip' }).end(storedZip([{ name: 'A-1.json', data: Buffer.from('{}') }])));
  await new Promise<void>((resolve) => empty.listen(0, '127.0.0.1', resolve));
  const own = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-db-empty-'));
  try {
    const url = `http://127.0.0.1:${(empty.address() as AddressInfo).port}`;
    const run = await runCli(['db', 'update', '--ecosystem', 'PyPI', '--cache-dir', own, '--osv-bulk-url', url]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`depvet: PyPI: update failed: ${url}/PyPI/all.zip: the download holds no OSV records (1 JSON file read, 1 of them not OSV records)\n`);
  } finally {
    await new Promise<void>((resolve) => empty.close(() => resolve()));
    fs.rmSync(own, { recursive: true, force: true });
  }
});

it('scan --offline matches advisories from the downloaded database without asking the OSV API', async () => {
  // Warm the PyPI metadata cache online first; then go offline.
  const common = ['--pypi-url', fake.pypiUrl, '--osv-url', fake.osvUrl, '--cache-dir', cache, '--image', 'legacy', '--checks', 'advisories', '--format', 'json'];
  await runCli(['scan', TREE, ...common]);
  fake.resetCounts();
  const run = await runCli(['scan', TREE, ...common, '--offline']);
  expect(fake.requests()).toBe(0);
  const report = JSON.parse(run.stdout) as { findings: { package: { name: string }; evidence: { id: string } }[]; couldNotCheck: unknown[] };
  expect(report.couldNotCheck).toEqual([]);
  expect(report.findings.map((f) => `${f.package.name} ${f.evidence.id}`)).toContain('idna PYSEC-2024-60');
});
