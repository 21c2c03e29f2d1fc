// Disk cache of registry answers, keyed by method + URL (+ body hash for POST). Stores the body, the headers
// freshness and revalidation need, and the fetch time. Freshness follows Cache-Control max-age.
// One JSON file per answer, written atomically (temp file + rename): a warm scan of a large tree reads thousands
// of entries, and one read per entry costs a quarter of what a content-addressed store's index + content reads do.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface CachedResponse {
  url: string;
  method: string;
  status: number;
  /** Lower-cased header names; only those freshness and revalidation use. */
  headers: Record<string, string>;
  /** Milliseconds since the epoch. */
  fetchedAt: number;
  body: Buffer;
}

const KEPT_HEADERS = ['etag', 'last-modified', 'cache-control', 'age', 'content-type', 'expires', 'date'];

export function keptHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

export function cacheKey(method: string, url: string, bodyText?: string): string {
  const bodyHash = bodyText === undefined ? '' : `:${createHash('sha256').update(bodyText).digest('hex')}`;
  return `depvet:v1:${method.toUpperCase()}:${url}${bodyHash}`;
}

function cacheControl(headers: Record<string, string>): Map<string, string> {
  const directives = new Map<string, string>();
  for (const part of (headers['cache-control'] ?? '').split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name) directives.set(name.toLowerCase(), (value ?? '').replace(/^"|"$/g, ''));
  }
  return directives;
}

/** `no-store` responses are never written to disk. */
export function isStorable(headers: Record<string, string>): boolean {
  return !cacheControl(headers).has('no-store');
}

/** How long after fetchedAt the entry is fresh: max-age minus the Age the response already had. */
export function freshForMs(headers: Record<string, string>): number {
  const directives = cacheControl(headers);
  if (directives.has('no-cache')) return 0;
  const maxAge = Number.parseInt(directives.get('max-age') ?? '', 10);
  if (!Number.isFinite(maxAge) || maxAge <= 0) return 0;
  const age = Number.parseInt(headers.age ?? '0', 10);
  return Math.max(0, maxAge - (Number.isFinite(age) ? age : 0)) * 1000;
}

export function isFresh(entry: CachedResponse, now: number): boolean {
  return now - entry.fetchedAt < freshForMs(entry.headers);
}

/** Conditional request headers for revalidating a cached entry. */
export function revalidationHeaders(entry: CachedResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  if (entry.headers.etag) headers['if-none-match'] = entry.headers.etag;
  if (entry.headers['last-modified']) headers['if-modified-since'] = entry.headers['last-modified'];
  return headers;
}

/** The file format of one entry (`version` guards against reading another depvet's layout). */
interface StoredEntry {
  version: 1;
  key: string;
  url: string;
  method: string;
  status: number;
  headers: Record<string, string>;
  fetchedAt: number;
  body: string;
}

export class ResponseCache {
  constructor(readonly dir: string) {}

  private fileOf(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return path.join(this.dir, 'http-v1', hash.slice(0, 2), `${hash}.json`);
  }

  /** A missing, unreadable or foreign entry is a miss: a damaged cache costs a request, never a wrong answer. */
  async get(key: string): Promise<CachedResponse | undefined> {
    try {
      const stored = JSON.parse(await fs.readFile(this.fileOf(key), 'utf8')) as StoredEntry;
      if (stored.version !== 1 || stored.key !== key || typeof stored.status !== 'number' || typeof stored.fetchedAt !== 'number' || typeof stored.body !== 'string') {
        return undefined;
      }
      return { url: stored.url, method: stored.method, status: stored.status, headers: stored.headers ?? {}, fetchedAt: stored.fetchedAt, body: Buffer.from(stored.body, 'utf8') };
    } catch {
      return undefined;
    }
  }

  async put(key: string, entry: CachedResponse): Promise<void> {
    const stored: StoredEntry = {
      version: 1,
      key,
      url: entry.url,
      method: entry.method,
      status: entry.status,
      headers: keptHeaders(entry.headers),
      fetchedAt: entry.fetchedAt,
      body: entry.body.toString('utf8'),
    };
    const file = this.fileOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Readers never see half a file: concurrent scans sharing a cache each rename a complete one into place.
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(temp, JSON.stringify(stored));
    await fs.rename(temp, file);
  }
}
