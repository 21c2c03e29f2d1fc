// A fake PyPI + OSV + npm registry: a real HTTP server on 127.0.0.1 (port 0 by default) serving fixtures, with
// ETag / Last-Modified / Cache-Control, 304s, fault injection and request counting. OSV matching here uses only
// the records' explicit `affected[].versions` lists, independent of depvet's own advisory matcher, so tests that
// compare online and offline answers compare two implementations.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { normalizeNpmName, normalizePypiName } from '../../src/normalize';
import type { OsvVulnerability } from '../../src/registries/osv-record';
import { buildWheel, coreMetadataText, sha256, type CoreMetadata } from './wheel';

export type RouteName = 'pypi-project' | 'pypi-release' | 'simple-project' | 'simple-file' | 'simple-metadata' | 'osv-querybatch' | 'osv-query' | 'osv-vuln' | 'npm-packument' | 'unknown';

export type FaultKind =
  | 'delay'
  | 'status-429'
  | 'status-500'
  | 'connection-reset'
  | 'truncated-body'
  | 'invalid-json'
  | 'oversized-body'
  | 'redirect-loop'
  /** OSV (querybatch and query) answers every page with a next_page_token: a new one each time, or `token` each time. */
  | 'osv-endless-pages';

export interface Fault {
  kind: FaultKind;
  /** Which requests it hits: a route, a path pattern, or both; neither means every request. */
  route?: RouteName;
  path?: string | RegExp;
  /** How many matching requests it hits; absent = always. */
  times?: number;
  /** delay: how long before answering normally. */
  delayMs?: number;
  /** status-429: the Retry-After header value (seconds or HTTP date). */
  retryAfter?: string;
  /** oversized-body: body size in bytes (default 4 MiB). */
  sizeBytes?: number;
  /** oversized-body: send no Content-Length (chunked), so the size shows only while streaming. */
  withoutLength?: boolean;
  /** osv-endless-pages: the token sent every time; absent: a new token on every page. */
  token?: string;
}

export interface RequestRecord {
  route: RouteName;
  method: string;
  path: string;
  status: number;
  body?: unknown;
  /** The Authorization header, when the request had one (credentials from a registry URL). */
  authorization?: string;
}

export interface PypiProjectDocument {
  info: Record<string, unknown> & { name: string; version: string };
  releases: Record<string, Record<string, unknown>[]>;
  urls?: Record<string, unknown>[];
  vulnerabilities?: unknown[];
  [key: string]: unknown;
}

export interface NpmPackumentDocument {
  name: string;
  [key: string]: unknown;
}

export interface FakeRegistryOptions {
  /** Folder with pypi/<name>.json, npm/<name>.json and osv/<id>.json fixtures. */
  fixturesDir?: string;
  /** Cache-Control max-age on every answer (default 0: always revalidate). */
  maxAgeSeconds?: number;
  /** OSV results per page for /v1/querybatch and /v1/query (default 1000). */
  osvPageSize?: number;
  port?: number;
  host?: string;
}

export interface FakeRegistry {
  url: string;
  pypiUrl: string;
  osvUrl: string;
  npmUrl: string;
  close(): Promise<void>;
  /** Requests received (all statuses, 304s included), on one route or in all. */
  requests(route?: RouteName): number;
  /** The most requests the server was answering at the same moment since the last resetCounts(). */
  peakConcurrency(): number;
  /** 304 answers, on one route or in all. */
  notModified(route?: RouteName): number;
  log(): RequestRecord[];
  resetCounts(): void;
  /** Throws when any request hit no known route. */
  assertNoUnexpectedRequests(): void;
  inject(fault: Fault): void;
  clearFaults(): void;
  setMaxAge(seconds: number): void;
  setOsvPageSize(size: number): void;
  /** `releaseInfo` overrides `info` fields per version, as PyPI serves each release's own metadata. */
  addPypiProject(doc: PypiProjectDocument, releaseInfo?: Record<string, Record<string, unknown>>): void;
  addOsv(record: OsvVulnerability): void;
  addNpm(packument: NpmPackumentDocument): void;
}

const LAST_MODIFIED = new Date('2024-01-02T03:04:05Z').toUTCString();
const OSV_BATCH_LIMIT = 1000;

interface ActiveFault extends Fault {
  remaining: number;
}

function readJsonFolder<T>(dir: string): T[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as T);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function osvNameKey(ecosystem: string, name: string): string {
  if (ecosystem === 'PyPI') return `PyPI:${normalizePypiName(name)}`;
  if (ecosystem === 'npm') return `npm:${normalizeNpmName(name)}`;
  return `${ecosystem}:${name}`;
}

export async function startFakeRegistry(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const pypi = new Map<string, { doc: PypiProjectDocument; releaseInfo: Record<string, Record<string, unknown>> }>();
  /** Wheels built for the simple index, by file name. */
  const wheelCache = new Map<string, Buffer>();
  const npm = new Map<string, NpmPackumentDocument>();
  const osv = new Map<string, OsvVulnerability>();
  let maxAgeSeconds = options.maxAgeSeconds ?? 0;
  let osvPageSize = options.osvPageSize ?? 1000;
  let faults: ActiveFault[] = [];
  let records: RequestRecord[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let peakInFlight = 0;
  let endlessPage = 0;

  const addPypiProject = (doc: PypiProjectDocument, releaseInfo: Record<string, Record<string, unknown>> = {}): void => {
    pypi.set(normalizePypiName(doc.info.name), { doc, releaseInfo });
    wheelCache.clear();
  };
  const addOsv = (record: OsvVulnerability): void => {
    osv.set(record.id, record);
  };
  const addNpm = (packument: NpmPackumentDocument): void => {
    npm.set(normalizeNpmName(packument.name), packument);
  };

  if (options.fixturesDir) {
    for (const doc of readJsonFolder<PypiProjectDocument>(path.join(options.fixturesDir, 'pypi'))) addPypiProject(doc);
    for (const doc of readJsonFolder<NpmPackumentDocument>(path.join(options.fixturesDir, 'npm'))) addNpm(doc);
    for (const record of readJsonFolder<OsvVulnerability>(path.join(options.fixturesDir, 'osv'))) addOsv(record);
  }

  /** Ids of the records whose explicit version lists name this package version, sorted. */
  function matchingIds(ecosystem: string, name: string, version: string): string[] {
    const key = osvNameKey(ecosystem, name);
    const ids: string[] = [];
    for (const record of osv.values()) {
      const hit = (record.affected ?? []).some(
        (affected) =>
          affected.package !== undefined &&
          osvNameKey(affected.package.ecosystem, affected.package.name) === key &&
          (affected.versions ?? []).includes(version),
      );
      if (hit) ids.push(record.id);
    }
    return ids.sort();
  }

  function page<T>(items: T[], token: string | undefined): { items: T[]; next?: string } {
    const start = token ? Number.parseInt(token, 10) : 0;
    const end = start + osvPageSize;
    return { items: items.slice(start, end), ...(end < items.length ? { next: String(end) } : {}) };
  }

  function releaseDocument(doc: PypiProjectDocument, version: string, overrides: Record<string, unknown> | undefined): unknown {
    const files = doc.releases[version] ?? [];
    const { releases: _releases, ...rest } = doc;
    return {
      ...rest,
      info: {
        ...doc.info,
        version,
        // PyPI marks a release yanked when all its files are.
        yanked: files.length > 0 && files.every((file) => file.yanked === true),
        ...overrides,
      },
      urls: files,
    };
  }

  type Answer = { status: number; body?: unknown; raw?: Buffer; contentType?: string; headers?: Record<string, string> };

  /** The core metadata of one file of the PyPI universe (for the simple index, PEP 658 and wheels). */
  function coreMetadata(entry: { doc: PypiProjectDocument; releaseInfo: Record<string, Record<string, unknown>> }, version: string): CoreMetadata {
    const info = { ...entry.doc.info, ...entry.releaseInfo[version] } as Record<string, unknown>;
    return {
      name: entry.doc.info.name,
      version,
      requiresDist: (info['requires_dist'] as string[] | null) ?? [],
      requiresPython: (info['requires_python'] as string | null) ?? null,
      providesExtra: (info['provides_extra'] as string[] | null) ?? [],
    };
  }

  const filesByName = new Map<string, { project: string; version: string; packagetype: string }>();

  function simpleIndexPage(normalized: string): Answer {
    const entry = pypi.get(normalized);
    if (!entry) return { status: 404, raw: Buffer.from('Not Found'), contentType: 'text/plain' };
    const links: string[] = [];
    for (const [version, files] of Object.entries(entry.doc.releases)) {
      const wheels = files.filter((f) => String(f['filename']).endsWith('.whl'));
      for (const file of wheels.length > 0 ? wheels : files) {
        const filename = String(file['filename']);
        filesByName.set(filename, { project: normalized, version, packagetype: String(file['packagetype']) });
        const attrs = [`href="/files/${encodeURIComponent(filename)}#sha256=${sha256(fileBytes(entry, version, filename))}"`];
        if (file['requires_python']) attrs.push(`data-requires-python="${escapeHtml(String(file['requires_python']))}"`);
        if (file['yanked'] === true) attrs.push(`data-yanked="${escapeHtml(String(file['yanked_reason'] ?? ''))}"`);
        if (filename.endsWith('.whl')) {
          const hash = `sha256=${sha256(coreMetadataText(coreMetadata(entry, version)))}`;
          attrs.push(`data-dist-info-metadata="${hash}"`, `data-core-metadata="${hash}"`);
        }
        links.push(`<a ${attrs.join(' ')}>${escapeHtml(filename)}</a><br/>`);
      }
    }
    const html = `<!DOCTYPE html>\n<html><head><meta name="pypi:repository-version" content="1.0"><title>Links for ${escapeHtml(normalized)}</title></head><body><h1>Links for ${escapeHtml(normalized)}</h1>\n${links.join('\n')}\n</body></html>\n`;
    return { status: 200, raw: Buffer.from(html), contentType: 'text/html' };
  }

  function fileBytes(entry: { doc: PypiProjectDocument; releaseInfo: Record<string, Record<string, unknown>> }, version: string, filename: string): Buffer {
    if (filename.endsWith('.whl')) {
      let wheel = wheelCache.get(filename);
      if (!wheel) {
        wheel = buildWheel(coreMetadata(entry, version));
        wheelCache.set(filename, wheel);
      }
      return wheel;
    }
    // An sdist here is only a placeholder: nothing in the tests builds one.
    return Buffer.from(`sdist placeholder for ${filename}`);
  }

  function route(method: string, pathname: string, body: unknown): { route: RouteName; answer: () => Answer } {
    const segments = pathname.split('/').slice(1).map((part) => decodeURIComponent(part));
    const notFound: Answer = { status: 404, body: { message: 'Not Found' } };

    if (method === 'GET' && segments[0] === 'pypi' && segments.at(-1) === 'json' && (segments.length === 3 || segments.length === 4)) {
      const name = segments[1]!;
      const version = segments.length === 4 ? segments[2] : undefined;
      return {
        route: version === undefined ? 'pypi-project' : 'pypi-release',
        answer: () => {
          const normalized = normalizePypiName(name);
          if (normalized !== name) {
            // PyPI redirects every other spelling to the normalized name.
            const target = `/pypi/${encodeURIComponent(normalized)}${version !== undefined ? `/${encodeURIComponent(version)}` : ''}/json`;
            return { status: 301, headers: { location: target } };
          }
          const entry = pypi.get(normalized);
          if (!entry) return notFound;
          if (version === undefined) return { status: 200, body: entry.doc };
          if (!(version in entry.doc.releases)) return notFound;
          return { status: 200, body: releaseDocument(entry.doc, version, entry.releaseInfo[version]) };
        },
      };
    }

    if (method === 'GET' && segments[0] === 'simple' && (segments.length === 2 || (segments.length === 3 && segments[2] === ''))) {
      const name = segments[1]!;
      return {
        route: 'simple-project',
        answer: () => {
          const normalized = normalizePypiName(name);
          if (normalized !== name) return { status: 301, headers: { location: `/simple/${encodeURIComponent(normalized)}/` } };
          return simpleIndexPage(normalized);
        },
      };
    }

    if (method === 'GET' && segments[0] === 'files' && segments.length === 2) {
      const requested = segments[1]!;
      const metadata = requested.endsWith('.metadata');
      const filename = metadata ? requested.slice(0, -'.metadata'.length) : requested;
      return {
        route: metadata ? 'simple-metadata' : 'simple-file',
        answer: () => {
          const known = filesByName.get(filename);
          const entry = known ? pypi.get(known.project) : undefined;
          if (!known || !entry) return { status: 404, raw: Buffer.from('Not Found'), contentType: 'text/plain' };
          if (metadata) return { status: 200, raw: Buffer.from(coreMetadataText(coreMetadata(entry, known.version))), contentType: 'text/plain' };
          return { status: 200, raw: fileBytes(entry, known.version, filename), contentType: 'application/octet-stream' };
        },
      };
    }

    if (segments[0] === 'v1') {
      if (method === 'POST' && segments[1] === 'querybatch' && segments.length === 2) {
        return {
          route: 'osv-querybatch',
          answer: () => {
            const queries = (body as { queries?: unknown[] } | undefined)?.queries;
            if (!Array.isArray(queries)) return { status: 400, body: { code: 3, message: 'Invalid query.' } };
            if (queries.length > OSV_BATCH_LIMIT) return { status: 400, body: { code: 3, message: 'Too many queries.' } };
            const results = queries.map((query) => {
              const q = query as { package?: { ecosystem?: string; name?: string }; version?: string; page_token?: string };
              const ids = matchingIds(q.package?.ecosystem ?? '', q.package?.name ?? '', q.version ?? '');
              const { items, next } = page(ids, q.page_token);
              return {
                ...(items.length > 0 ? { vulns: items.map((id) => ({ id, modified: osv.get(id)!.modified })) } : {}),
                ...(next !== undefined ? { next_page_token: next } : {}),
              };
            });
            return { status: 200, body: { results } };
          },
        };
      }
      if (method === 'POST' && segments[1] === 'query' && segments.length === 2) {
        return {
          route: 'osv-query',
          answer: () => {
            const q = body as { package?: { ecosystem?: string; name?: string }; version?: string; page_token?: string };
            const ids = matchingIds(q?.package?.ecosystem ?? '', q?.package?.name ?? '', q?.version ?? '');
            const { items, next } = page(ids, q?.page_token);
            return {
              status: 200,
              body: {
                ...(items.length > 0 ? { vulns: items.map((id) => osv.get(id)!) } : {}),
                ...(next !== undefined ? { next_page_token: next } : {}),
              },
            };
          },
        };
      }
      if (method === 'GET' && segments[1] === 'vulns' && segments.length === 3) {
        return {
          route: 'osv-vuln',
          answer: () => {
            const record = osv.get(segments[2]!);
            return record ? { status: 200, body: record } : { status: 404, body: { code: 5, message: 'Bug not found.' } };
          },
        };
      }
    }

    if (method === 'GET' && segments[0] === 'npm' && (segments.length === 2 || (segments.length === 3 && segments[1]!.startsWith('@')))) {
      const name = segments.slice(1).join('/');
      return {
        route: 'npm-packument',
        answer: () => {
          const doc = npm.get(normalizeNpmName(name));
          return doc ? { status: 200, body: doc } : { status: 404, body: { error: 'Not found' } };
        },
      };
    }

    return { route: 'unknown', answer: () => notFound };
  }

  function takeFault(routeName: RouteName, pathname: string): ActiveFault | undefined {
    const fault = faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.route === undefined || candidate.route === routeName) &&
        (candidate.path === undefined ||
          (typeof candidate.path === 'string' ? pathname === candidate.path : candidate.path.test(pathname))),
    );
    if (fault) fault.remaining--;
    return fault;
  }

  function send(res: http.ServerResponse, req: http.IncomingMessage, record: RequestRecord, answer: Answer): void {
    const headers: Record<string, string> = { ...answer.headers };
    let payload: Buffer | undefined;
    if (answer.raw !== undefined) {
      payload = answer.raw;
      headers['content-type'] = answer.contentType ?? 'application/octet-stream';
    } else if (answer.body !== undefined) {
      payload = Buffer.from(JSON.stringify(answer.body));
      headers['content-type'] = 'application/json';
    }
    if (answer.status === 200 && payload) {
      const etag = `"${createHash('sha1').update(payload).digest('hex')}"`;
      headers.etag = etag;
      headers['last-modified'] = LAST_MODIFIED;
      headers['cache-control'] = `max-age=${maxAgeSeconds}, public`;
      const ifNoneMatch = req.headers['if-none-match'];
      const ifModifiedSince = req.headers['if-modified-since'];
      const unchanged =
        ifNoneMatch !== undefined
          ? ifNoneMatch.split(',').map((tag) => tag.trim()).includes(etag)
          : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(LAST_MODIFIED);
      if (unchanged) {
        record.status = 304;
        res.writeHead(304, { etag, 'last-modified': LAST_MODIFIED, 'cache-control': headers['cache-control'] });
        res.end();
        return;
      }
    }
    record.status = answer.status;
    if (payload) headers['content-length'] = String(payload.length);
    res.writeHead(answer.status, headers);
    res.end(payload);
  }

  const server = http.createServer((req, res) => {
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    res.once('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const pathname = new URL(req.url ?? '/', 'http://fake').pathname;
      const method = req.method ?? 'GET';
      let body: unknown;
      if (chunks.length > 0) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = undefined;
        }
      }
      const matched = route(method, pathname, body);
      const record: RequestRecord = {
        route: matched.route,
        method,
        path: pathname,
        status: 0,
        ...(body !== undefined ? { body } : {}),
        ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
      };
      records.push(record);
      const fault = takeFault(matched.route, pathname);
      if (!fault) return send(res, req, record, matched.answer());
      switch (fault.kind) {
        case 'delay': {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!res.destroyed) send(res, req, record, matched.answer());
          }, fault.delayMs ?? 1000);
          timers.add(timer);
          return;
        }
        case 'status-429':
          return send(res, req, record, { status: 429, body: { message: 'Too Many Requests' }, headers: { 'retry-after': fault.retryAfter ?? '0' } });
        case 'status-500':
          return send(res, req, record, { status: 500, body: { message: 'Internal Server Error' } });
        case 'connection-reset':
          record.status = -1;
          req.socket.destroy();
          return;
        case 'truncated-body': {
          const payload = Buffer.from(JSON.stringify(matched.answer().body ?? {}));
          record.status = 200;
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(payload.length) });
          res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => req.socket.destroy());
          return;
        }
        case 'invalid-json': {
          const payload = Buffer.from('{"info": {"name": "broken"');
          record.status = 200;
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(payload.length) });
          res.end(payload);
          return;
        }
        case 'oversized-body': {
          // `{"padding":"xxx…"}` of `size` bytes, streamed in 1 MiB pieces after the headers, so the headers go out at
          // once however large the body (a client may refuse it there) and the server never holds it whole.
          const size = Math.max(14, fault.sizeBytes ?? 4 * 1024 * 1024);
          record.status = 200;
          res.writeHead(200, { 'content-type': 'application/json', ...(fault.withoutLength ? {} : { 'content-length': String(size) }) });
          const piece = Buffer.alloc(1024 * 1024, 'x');
          let left = size - 14;
          res.write('{"padding":"');
          const pump = (): void => {
            while (left > 0 && !res.destroyed) {
              const n = Math.min(left, piece.length);
              left -= n;
              if (!res.write(piece.subarray(0, n))) {
                res.once('drain', pump);
                return;
              }
            }
            if (!res.destroyed) res.end('"}');
          };
          pump();
          return;
        }
        case 'redirect-loop':
          return send(res, req, record, { status: 302, headers: { location: pathname } });
        case 'osv-endless-pages': {
          // A page of one made-up advisory id, always with a token for the next page.
          endlessPage += 1;
          const token = fault.token ?? `page-${endlessPage}`;
          const page = { vulns: [{ id: `ENDLESS-${endlessPage}`, modified: '2024-01-01T00:00:00Z' }], next_page_token: token };
          if (matched.route === 'osv-querybatch') {
            const queries = (body as { queries?: unknown[] } | undefined)?.queries ?? [];
            return send(res, req, record, { status: 200, body: { results: queries.map(() => page) } });
          }
          return send(res, req, record, { status: 200, body: { vulns: [], next_page_token: token } });
        }
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  const count = (predicate: (record: RequestRecord) => boolean, routeName?: RouteName): number =>
    records.filter((record) => (routeName === undefined || record.route === routeName) && predicate(record)).length;

  return {
    url,
    pypiUrl: url,
    osvUrl: url,
    npmUrl: `${url}/npm`,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    requests: (routeName) => count(() => true, routeName),
    notModified: (routeName) => count((record) => record.status === 304, routeName),
    log: () => records.map((record) => ({ ...record })),
    peakConcurrency: () => peakInFlight,
    resetCounts: () => {
      records = [];
      peakInFlight = inFlight;
    },
    assertNoUnexpectedRequests: () => {
      const unexpected = records.filter((record) => record.route === 'unknown');
      if (unexpected.length > 0) {
        throw new Error(`fake registry: unexpected requests: ${unexpected.map((r) => `${r.method} ${r.path}`).join(', ')}`);
      }
    },
    inject: (fault) => {
      faults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults: () => {
      faults = [];
    },
    setMaxAge: (seconds) => {
      maxAgeSeconds = seconds;
    },
    setOsvPageSize: (size) => {
      osvPageSize = size;
    },
    addPypiProject,
    addOsv,
    addNpm,
  };
}
