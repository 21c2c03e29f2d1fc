// Disk cache of registry answers, keyed by method + URL (+ body hash for POST, + the schema the answer is kept in).
// Stores the body, the headers freshness and revalidation need, and the fetch time. Freshness follows
// Cache-Control max-age. One file per answer, written atomically (temp file + rename): a warm scan of a large tree
// reads thousands of entries, and one read per entry costs a quarter of what a content-addressed store's index +
// content reads do. The file is a one-line JSON header, a newline, then the body as the HTTP core hands it over (a
// found answer in its schema's form), so a read parses the body once (a body stored as a JSON string had to be
// unescaped and then parsed again).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-file';

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

/** `form` names the shape the answer is kept in (the schema it is projected to, see schema.ts). */
export function cacheKey(method: string, url: string, bodyText?: string, form?: string): string {
  const bodyHash = bodyText === undefined ? '' : `:${createHash('sha256').update(bodyText).digest('hex')}`;
  return `depvet:v1:${method.toUpperCase()}:${url}${bodyHash}${form === undefined ? '' : `#${form}`}`;
}

// A registry sends the same few Cache-Control values on every answer; a warm scan checks thousands of entries.
const parsedCacheControl = new Map<string, ReadonlyMap<string, string>>();
const MAX_PARSED_CACHE_CONTROL = 256;

function cacheControl(headers: Record<string, string>): ReadonlyMap<string, string> {
  const header = headers['cache-control'] ?? '';
  const known = parsedCacheControl.get(header);
  if (known) return known;
  const directives = new Map<string, string>();
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name) directives.set(name.toLowerCase(), (value ?? '').replace(/^"|"$/g, ''));
  }
  if (parsedCacheControl.size < MAX_PARSED_CACHE_CONTROL) parsedCacheControl.set(header, directives);
  return directives;
}

/** `no-store` responses are never written to disk. */
export function isStorable(headers: Record<string, string>): boolean {
  return !cacheControl(headers).has('no-store');
}

/**
 * How long a "not found" answer (404, 410) that says nothing of its own freshness stays fresh. RFC 9111 §4.2.2 lets a
 * cache give such answers a heuristic lifetime (both statuses are heuristically cacheable, RFC 9110 §15.1); without
 * one, every warm scan would ask again for each name it already learnt does not exist (a misspelt requirement, the
 * popular name a look-alike imitates on a mirror that lacks it), and such an answer has no validator to revalidate
 * with. Short, and failing closed: a name registered meanwhile reads as not on the registry (a failing finding, or a
 * could-not-check) until it expires; `--no-cache` asks at once.
 */
export const NOT_FOUND_FRESH_MS = 15 * 60_000;

/**
 * How long after fetchedAt the entry is fresh: max-age minus the Age the response already had; a not-found answer
 * without max-age, Expires or no-cache gets NOT_FOUND_FRESH_MS.
 */
export function freshForMs(headers: Record<string, string>, status = 200): number {
  const directives = cacheControl(headers);
  if (directives.has('no-cache')) return 0;
  const maxAge = Number.parseInt(directives.get('max-age') ?? '', 10);
  if (!Number.isFinite(maxAge)) return (status === 404 || status === 410) && headers.expires === undefined ? NOT_FOUND_FRESH_MS : 0;
  if (maxAge <= 0) return 0;
  const age = Number.parseInt(headers.age ?? '0', 10);
  return Math.max(0, maxAge - (Number.isFinite(age) ? age : 0)) * 1000;
}

export function isFresh(entry: CachedResponse, now: number): boolean {
  return now - entry.fetchedAt < freshForMs(entry.headers, entry.status);
}

/** Conditional request headers for revalidating a cached entry. */
export function revalidationHeaders(entry: CachedResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  if (entry.headers.etag) headers['if-none-match'] = entry.headers.etag;
  if (entry.headers['last-modified']) headers['if-modified-since'] = entry.headers['last-modified'];
  return headers;
}

/** The header line of one entry (`version` guards against reading another depvet's layout). */
interface StoredHeader {
  version: 2;
  key: string;
  url: string;
  method: string;
  status: number;
  headers: Record<string, string>;
  fetchedAt: number;
  /** Bytes of body after the header line: a shorter file is a torn or damaged entry. */
  bodyBytes: number;
}

const NEWLINE = 0x0a;

export class ResponseCache {
  constructor(readonly dir: string) {}

  private fileOf(key: string): string {
    const hash = createHash('sha256').update(key).digest('hex');
    return path.join(this.dir, 'http-v2', hash.slice(0, 2), `${hash}.entry`);
  }

  /**
   * A missing, unreadable or foreign entry is a miss: a damaged cache costs a request, never a wrong answer.
   * Read synchronously on purpose: `fs.promises.readFile` takes four thread-pool round trips per file (open, stat,
   * read, close), and for the ~2,000 small entries of a warm corpus scan that was 140-230 ms against 16-18 ms.
   */
  async get(key: string): Promise<CachedResponse | undefined> {
    try {
      const file = readFileSync(this.fileOf(key));
      const newline = file.indexOf(NEWLINE);
      if (newline < 0) return undefined;
      const stored = JSON.parse(file.toString('utf8', 0, newline)) as StoredHeader;
      const body = file.subarray(newline + 1);
      if (stored.version !== 2 || stored.key !== key || typeof stored.status !== 'number' || typeof stored.fetchedAt !== 'number' || stored.bodyBytes !== body.length) {
        return undefined;
      }
      return { url: stored.url, method: stored.method, status: stored.status, headers: stored.headers ?? {}, fetchedAt: stored.fetchedAt, body };
    } catch {
      return undefined;
    }
  }

  async put(key: string, entry: CachedResponse): Promise<void> {
    const stored: StoredHeader = {
      version: 2,
      key,
      url: entry.url,
      method: entry.method,
      status: entry.status,
      headers: keptHeaders(entry.headers),
      fetchedAt: entry.fetchedAt,
      bodyBytes: entry.body.length,
    };
    const file = this.fileOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Readers never see half a file: concurrent scans sharing a cache each rename a complete one into place.
    // JSON.stringify escapes every newline, so the first one in the file ends the header.
    await writeFileAtomic(file, Buffer.concat([Buffer.from(`${JSON.stringify(stored)}\n`, 'utf8'), entry.body]));
  }
}
