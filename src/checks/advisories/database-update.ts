// `depvet db update`: download OSV's bulk exports (`<base>/<ECOSYSTEM>/all.zip`) into the cache folder, with a
// meta.json beside each recording where it came from, when, its validators and sha256, so freshness and integrity
// can be checked later without the network. A download is verified (it must open and hold OSV records) before it
// replaces the previous file; a failed update leaves the old database in place.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../../atomic-file';
import type { Ecosystem } from '../../model';
import { axiosTransport, TransportFailure, type Transport } from '../../registries/http';
import { EmptyOsvDatabaseError, LocalOsvDatabase } from './osv-database';

export const DEFAULT_OSV_BULK_URL = 'https://osv-vulnerabilities.storage.googleapis.com';

export interface OsvDatabaseMeta {
  ecosystem: Ecosystem;
  /** The URL the zip was downloaded from. */
  source: string;
  /** When the current zip was downloaded (ISO 8601). */
  fetchedAt: string;
  /** When the server was last asked (a 304 refreshes this, not fetchedAt). */
  checkedAt: string;
  etag?: string;
  lastModified?: string;
  sha256: string;
  bytes: number;
  records: number;
  /** Entries of the zip that were not OSV records. */
  skippedFiles: number;
}

export interface UpdateOsvDatabaseOptions {
  ecosystems: Ecosystem[];
  cacheDir: string;
  baseUrl?: string;
  /** The HTTP transport (default: axios, honouring HTTPS_PROXY); tests pass one aimed at a loopback server. */
  http?: Transport;
  timeoutMs?: number;
  /** The npm export is several hundred MB; refuse anything larger than this. */
  maxBytes?: number;
  userAgent?: string;
  now?: () => Date;
}

export type OsvDatabaseUpdate =
  | { ecosystem: Ecosystem; status: 'updated' | 'not-modified'; path: string; meta: OsvDatabaseMeta }
  | { ecosystem: Ecosystem; status: 'failed'; path: string; reason: string };

export function osvDatabaseDir(cacheDir: string, ecosystem: Ecosystem): string {
  return path.join(cacheDir, 'osv', ecosystem);
}

export function osvDatabaseZipPath(cacheDir: string, ecosystem: Ecosystem): string {
  return path.join(osvDatabaseDir(cacheDir, ecosystem), 'all.zip');
}

function metaPath(cacheDir: string, ecosystem: Ecosystem): string {
  return path.join(osvDatabaseDir(cacheDir, ecosystem), 'meta.json');
}

export function readOsvDatabaseMeta(cacheDir: string, ecosystem: Ecosystem): OsvDatabaseMeta | undefined {
  try {
    return JSON.parse(fs.readFileSync(metaPath(cacheDir, ecosystem), 'utf8')) as OsvDatabaseMeta;
  } catch {
    return undefined;
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function updateOne(ecosystem: Ecosystem, options: UpdateOsvDatabaseOptions): Promise<OsvDatabaseUpdate> {
  const baseUrl = (options.baseUrl ?? DEFAULT_OSV_BULK_URL).replace(/\/+$/, '');
  const url = `${baseUrl}/${encodeURIComponent(ecosystem)}/all.zip`;
  const zipPath = osvDatabaseZipPath(options.cacheDir, ecosystem);
  const now = options.now ?? (() => new Date());
  const previous = fs.existsSync(zipPath) ? readOsvDatabaseMeta(options.cacheDir, ecosystem) : undefined;
  const headers: Record<string, string> = { accept: 'application/zip' };
  if (options.userAgent) headers['user-agent'] = options.userAgent;
  if (previous?.etag) headers['if-none-match'] = previous.etag;
  if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;

  let response;
  try {
    response = await (options.http ?? axiosTransport)(
      { method: 'GET', url, headers },
      { timeoutMs: options.timeoutMs ?? 300_000, maxResponseBytes: options.maxBytes ?? 2 * 1024 ** 3, maxRedirects: 5 },
    );
  } catch (err) {
    const kind = err instanceof TransportFailure ? `${err.kind}: ` : '';
    return { ecosystem, status: 'failed', path: zipPath, reason: `${url}: ${kind}${(err as Error).message}` };
  }
  if (response.status === 304 && previous) {
    const meta = { ...previous, checkedAt: now().toISOString() };
    writeFileAtomicSync(metaPath(options.cacheDir, ecosystem), `${JSON.stringify(meta, null, 2)}\n`);
    return { ecosystem, status: 'not-modified', path: zipPath, meta };
  }
  if (response.status !== 200) {
    return { ecosystem, status: 'failed', path: zipPath, reason: `${url}: HTTP ${response.status}` };
  }

  fs.mkdirSync(osvDatabaseDir(options.cacheDir, ecosystem), { recursive: true });
  const staged = `${zipPath}.${process.pid}.download`;
  fs.writeFileSync(staged, response.body);
  let db: LocalOsvDatabase;
  try {
    db = await LocalOsvDatabase.load(staged);
  } catch (err) {
    fs.rmSync(staged, { force: true });
    // The same wording as `--osv-db` for a database with no record (noRecordsReason).
    const reason = err instanceof EmptyOsvDatabaseError ? `the download ${err.reason}` : `the download is not a usable zip: ${(err as Error).message}`;
    return { ecosystem, status: 'failed', path: zipPath, reason: `${url}: ${reason}` };
  }
  fs.renameSync(staged, zipPath);
  const fetchedAt = now().toISOString();
  const meta: OsvDatabaseMeta = {
    ecosystem,
    source: url,
    fetchedAt,
    checkedAt: fetchedAt,
    ...(response.headers.etag ? { etag: response.headers.etag } : {}),
    ...(response.headers['last-modified'] ? { lastModified: response.headers['last-modified'] } : {}),
    sha256: sha256(response.body),
    bytes: response.body.length,
    records: db.stats.records,
    skippedFiles: db.stats.skippedFiles.length,
  };
  writeFileAtomicSync(metaPath(options.cacheDir, ecosystem), `${JSON.stringify(meta, null, 2)}\n`);
  return { ecosystem, status: 'updated', path: zipPath, meta };
}

/** Downloads (or revalidates) each ecosystem's export in turn; one failure does not stop the others. */
export async function updateOsvDatabase(options: UpdateOsvDatabaseOptions): Promise<OsvDatabaseUpdate[]> {
  const results: OsvDatabaseUpdate[] = [];
  for (const ecosystem of options.ecosystems) results.push(await updateOne(ecosystem, options));
  return results;
}

export interface OsvDatabaseFreshness {
  ecosystem: Ecosystem;
  path: string;
  present: boolean;
  meta?: OsvDatabaseMeta;
  /** Time since the data was downloaded, in ms. */
  ageMs?: number;
  /** 'ok' when the zip's sha256 equals meta.json's; 'not-checked' unless `verify` is set. */
  integrity: 'ok' | 'mismatch' | 'no-meta' | 'not-checked' | 'missing';
}

/** What is in the cache, how old it is, and (with `verify`) whether the zip is the one that was downloaded. */
export function osvDatabaseFreshness(
  cacheDir: string,
  options: { ecosystems?: Ecosystem[]; now?: Date; verify?: boolean } = {},
): OsvDatabaseFreshness[] {
  const now = options.now ?? new Date();
  return (options.ecosystems ?? (['PyPI', 'npm'] as Ecosystem[])).map((ecosystem) => {
    const zipPath = osvDatabaseZipPath(cacheDir, ecosystem);
    if (!fs.existsSync(zipPath)) return { ecosystem, path: zipPath, present: false, integrity: 'missing' as const };
    const meta = readOsvDatabaseMeta(cacheDir, ecosystem);
    if (!meta) return { ecosystem, path: zipPath, present: true, integrity: 'no-meta' as const };
    const integrity = options.verify ? (sha256(fs.readFileSync(zipPath)) === meta.sha256 ? 'ok' : 'mismatch') : 'not-checked';
    return { ecosystem, path: zipPath, present: true, meta, ageMs: now.getTime() - Date.parse(meta.fetchedAt), integrity };
  });
}

/** The cached exports of these ecosystems as one database; an ecosystem never downloaded is an InputError. */
export function openCachedOsvDatabase(cacheDir: string, ecosystems: Ecosystem[]): Promise<LocalOsvDatabase> {
  return LocalOsvDatabase.load(...ecosystems.map((ecosystem) => osvDatabaseZipPath(cacheDir, ecosystem)));
}
