import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  openCachedOsvDatabase,
  osvDatabaseFreshness,
  osvDatabaseZipPath,
  updateOsvDatabase,
} from '../../../src/checks/advisories/database-update';
import { fixturePath } from '../../helpers/shared';

const ZIP = fs.readFileSync(fixturePath('advisories', 'osv-pypi-acceptance.zip'));
const ETAG = '"acceptance-1"';

interface Server {
  url: string;
  requests: { url: string; ifNoneMatch?: string }[];
  body: Buffer;
  close(): Promise<void>;
}

async function startBulkServer(): Promise<Server> {
  const state: Server = { url: '', requests: [], body: ZIP, close: async () => undefined };
  const server = http.createServer((req, res) => {
    state.requests.push({ url: req.url ?? '', ...(req.headers['if-none-match'] ? { ifNoneMatch: String(req.headers['if-none-match']) } : {}) });
    if (req.url !== '/PyPI/all.zip') {
      res.writeHead(404).end();
      return;
    }
    if (req.headers['if-none-match'] === ETAG && state.body === ZIP) {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/zip', etag: ETAG, 'last-modified': 'Tue, 02 Jan 2024 03:04:05 GMT' }).end(state.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

describe('updateOsvDatabase / osvDatabaseFreshness', () => {
  let server: Server;
  let cacheDir: string;
  beforeAll(async () => {
    server = await startBulkServer();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-osv-cache-'));
  });
  afterAll(() => server.close());

  it('downloads the export with its source, time, validators, checksum and record count', async () => {
    const [result] = await updateOsvDatabase({ ecosystems: ['PyPI'], cacheDir, baseUrl: server.url, now: () => new Date('2025-01-01T00:00:00Z') });
    expect(result).toEqual({
      ecosystem: 'PyPI',
      status: 'updated',
      path: osvDatabaseZipPath(cacheDir, 'PyPI'),
      meta: {
        ecosystem: 'PyPI',
        source: `${server.url}/PyPI/all.zip`,
        fetchedAt: '2025-01-01T00:00:00.000Z',
        checkedAt: '2025-01-01T00:00:00.000Z',
        etag: ETAG,
        lastModified: 'Tue, 02 Jan 2024 03:04:05 GMT',
        sha256: createHash('sha256').update(ZIP).digest('hex'),
        bytes: ZIP.length,
        records: 27,
        skippedFiles: 0,
      },
    });
    expect(fs.readFileSync(path.join(cacheDir, 'osv', 'PyPI', 'all.zip')).equals(ZIP)).toBe(true);
    const db = await openCachedOsvDatabase(cacheDir, ['PyPI']);
    expect(db.match('PyPI', 'py', '1.11.0').vulnerabilities.map((record) => record.id)).toEqual(['PYSEC-2022-42969']);
  });

  it('revalidates with the ETag and keeps the data on a 304', async () => {
    const [result] = await updateOsvDatabase({ ecosystems: ['PyPI'], cacheDir, baseUrl: server.url, now: () => new Date('2025-01-03T00:00:00Z') });
    expect(result).toMatchObject({ status: 'not-modified', meta: { fetchedAt: '2025-01-01T00:00:00.000Z', checkedAt: '2025-01-03T00:00:00.000Z' } });
    expect(server.requests.at(-1)).toEqual({ url: '/PyPI/all.zip', ifNoneMatch: ETAG });
  });

  it('reports age and verifies the checksum', () => {
    const [fresh, missing] = osvDatabaseFreshness(cacheDir, { ecosystems: ['PyPI', 'npm'], now: new Date('2025-01-02T00:00:00Z'), verify: true });
    expect(fresh).toMatchObject({ ecosystem: 'PyPI', present: true, ageMs: 24 * 3600 * 1000, integrity: 'ok' });
    expect(missing).toMatchObject({ ecosystem: 'npm', present: false, integrity: 'missing' });
    const zipPath = osvDatabaseZipPath(cacheDir, 'PyPI');
    const original = fs.readFileSync(zipPath);
    fs.appendFileSync(zipPath, 'tampered');
    expect(osvDatabaseFreshness(cacheDir, { ecosystems: ['PyPI'], verify: true })[0]!.integrity).toBe('mismatch');
    fs.writeFileSync(zipPath, original);
  });

  it('keeps the previous database when a download fails or is not a usable zip', async () => {
    const before = fs.readFileSync(osvDatabaseZipPath(cacheDir, 'PyPI'));
    server.body = Buffer.from('<html>captive portal</html>');
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-osv-cache-'));
    const [bad] = await updateOsvDatabase({ ecosystems: ['PyPI'], cacheDir: fresh, baseUrl: server.url });
    expect(bad).toMatchObject({ status: 'failed', reason: expect.stringMatching(/not a usable zip/) });
    expect(fs.existsSync(osvDatabaseZipPath(fresh, 'PyPI'))).toBe(false);
    const [missing] = await updateOsvDatabase({ ecosystems: ['npm'], cacheDir, baseUrl: server.url });
    expect(missing).toMatchObject({ status: 'failed', reason: `${server.url}/npm/all.zip: HTTP 404` });
    server.body = ZIP;
    expect(fs.readFileSync(osvDatabaseZipPath(cacheDir, 'PyPI')).equals(before)).toBe(true);
    await expect(openCachedOsvDatabase(cacheDir, ['npm'])).rejects.toThrow(/OSV database not found/);
  });
});
