// The HTTP core every registry client shares: snapshot replay, disk cache and revalidation, bounded concurrency,
// retries with full-jitter backoff (honouring Retry-After), a response size cap, and ajv validation of every body.
// Each call returns a RegistryResult; nothing here throws for a registry failure.
//
// A request goes out to the URL as given, credentials included (`https://u:secret@mirror/`); everything kept or
// shown (cache keys and entries, snapshots, errors) uses the URL with its credentials redacted. A host that cannot be
// reached (no such host, connection refused, TLS failure) before it ever answered is not retried: the requests still
// queued for it fail at once with the first reason, and the scan says so once (activity.ts).
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ValidateFunction } from 'ajv';
import type { RegistryOptions, SnapshotMode } from './defaults';
import type { RegistryActivity } from './activity';
import { ResponseCache, cacheKey, isFresh, isStorable, revalidationHeaders, type CachedResponse } from './cache';
import { projectToSchema, schemaId } from './schema';
import { describeSnapshotRequest, SnapshotStore, type RegistryKind, type SnapshotRequest } from './snapshot';
import { RegistryError, type RegistryErrorKind, type RegistryResult, type ResultSource } from './result';
import { redactCredentials } from '../redact';

export interface TransportRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  bodyText?: string;
}

export interface TransportLimits {
  timeoutMs: number;
  maxResponseBytes: number;
  maxRedirects: number;
}

export interface RawResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: Buffer;
}

export type TransportFailureKind = Extract<RegistryErrorKind, 'timeout' | 'connection' | 'unreachable' | 'too-large' | 'redirect-loop'>;

/** Thrown by a transport for failures below HTTP; the core maps it to a RegistryError. */
export class TransportFailure extends Error {
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'TransportFailure';
  }
}

/** One network attempt: resolves with any HTTP status, throws TransportFailure for everything else. */
export type Transport = (request: TransportRequest, limits: TransportLimits) => Promise<RawResponse>;

/**
 * Injection points: for tests (fast backoff, fixed jitter), for the npm client's own transport, and the activity log
 * a scan reads its registry diagnostics from.
 */
export interface HttpHooks {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  transport?: Transport;
  activity?: RegistryActivity;
}

/** Which registry a client talks to, and its base URL (as configured, credentials included). */
export interface RegistryEndpoint {
  kind: RegistryKind;
  baseUrl: string;
}

export interface JsonRequest<T> {
  method: 'GET' | 'POST';
  /** The endpoint's base URL followed by the path (credentials included, as the base URL has them). */
  url: string;
  body?: unknown;
  validate: ValidateFunction<T>;
  /**
   * `caller`: the answer is recorded in a snapshot by the caller, in its own shape (OSV querybatch answers are recorded
   * one query per entry, see osv.ts), not as this request.
   */
  snapshot?: 'caller';
}

/** Failures below HTTP that a retry may cure. */
const CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * Failures that say the host cannot be reached as configured: no such host (ENOTFOUND: EAI_AGAIN is a temporary DNS
 * failure and stays retryable), nothing listening (ECONNREFUSED), or a TLS handshake or certificate failure (EPROTO,
 * ERR_TLS_*, ERR_SSL_*, the OpenSSL verification codes).
 */
export function isUnreachableCode(code: string): boolean {
  return (
    code === 'ENOTFOUND' ||
    code === 'ECONNREFUSED' ||
    code === 'EPROTO' ||
    /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$)/.test(code)
  );
}

/** Classify an error thrown below HTTP (axios, minipass-fetch or node) into a transport failure kind. */
export function classifyNetworkError(err: unknown, timedOut: boolean): TransportFailure {
  if (err instanceof TransportFailure) return err;
  const e = (err ?? {}) as { code?: string; type?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const message = e.message ?? String(err);
  if (code === 'ERR_FR_TOO_MANY_REDIRECTS' || code === 'EMAXREDIRECT' || e.type === 'max-redirect') {
    return new TransportFailure('redirect-loop', message);
  }
  if (/maxContentLength|maxBodyLength/.test(message) || e.type === 'max-size' || code === 'EBADSIZE') {
    return new TransportFailure('too-large', message);
  }
  if (timedOut || code === 'ETIMEDOUT' || code === 'ECONNABORTED' || /timeout/i.test(e.type ?? '')) {
    return new TransportFailure('timeout', message);
  }
  if (isUnreachableCode(code)) return new TransportFailure('unreachable', `${code}: ${message}`);
  if (CONNECTION_CODES.has(code)) return new TransportFailure('connection', `${code}: ${message}`);
  // Anything else below HTTP (socket hang up, aborted stream, TLS failure) is a connection failure.
  return new TransportFailure('connection', message);
}

function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/**
 * A body shorter than its Content-Length means the connection dropped mid-body. Only checked for identity
 * encoding: after decompression the length legitimately differs.
 */
export function checkComplete(headers: Record<string, string>, body: Buffer): void {
  const declared = Number.parseInt(headers['content-length'] ?? '', 10);
  const encoding = headers['content-encoding'];
  if (Number.isFinite(declared) && (!encoding || encoding === 'identity') && body.length < declared) {
    throw new TransportFailure('connection', `truncated body: ${body.length} of ${declared} bytes`);
  }
}

let axiosModule: typeof import('axios').default | undefined;

/** axios on the first request (it and form-data take ~50 ms to load): a scan the cache answers needs neither. */
async function loadAxios(): Promise<typeof import('axios').default> {
  axiosModule ??= (await import('axios')).default;
  return axiosModule;
}

/**
 * The default transport, on axios. Proxies come from HTTPS_PROXY / HTTP_PROXY / NO_PROXY through axios' built-in
 * environment handling (proxy-from-env). The body is read as a stream under the size cap: a Content-Length beyond it
 * is refused at the headers, before a byte of the body is read, and a body that grows beyond it while streaming
 * (after decompression too) is cut off there.
 */
export const axiosTransport: Transport = async (request, limits) => {
  // Loaded before the deadline starts: the deadline is the network attempt's, not the module loader's.
  const axios = await loadAxios();
  return withDeadline(limits.timeoutMs, async (controller) => {
    const response = await axios.request<Readable>({
      url: request.url,
      method: request.method,
      headers: request.headers,
      data: request.bodyText,
      responseType: 'stream',
      validateStatus: () => true,
      maxRedirects: limits.maxRedirects,
      // The response cap is readCapped's (one message, the same for every transport); this caps what is sent.
      maxContentLength: -1,
      maxBodyLength: limits.maxResponseBytes,
      timeout: limits.timeoutMs,
      signal: controller.signal,
      decompress: true,
    });
    const headers = lowerCaseHeaders(response.headers as Record<string, unknown>);
    const body = await readCapped(response.data, headers, limits.maxResponseBytes, () => response.data.destroy());
    // axios has decompressed the body and dropped content-encoding, but kept the original Content-Length.
    if (!headers['content-encoding']) checkComplete(headers, body);
    return { status: response.status, headers, body };
  });
};

/**
 * The body of a streamed response, refused as too-large at its declared length (before a byte is read) or once it
 * grows past `max` bytes; `stop` ends the transfer. Every transport reads its bodies through here.
 */
export async function readCapped(body: AsyncIterable<unknown>, headers: Record<string, string>, max: number, stop: () => void): Promise<Buffer> {
  const declared = Number.parseInt(headers['content-length'] ?? '', 10);
  if (Number.isFinite(declared) && declared > max) {
    stop();
    throw new TransportFailure('too-large', `Content-Length ${declared} exceeds ${max} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      stop();
      throw new TransportFailure('too-large', `body exceeds ${max} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * One transport attempt under a deadline: the attempt gets a controller whose signal aborts after `timeoutMs`, and
 * anything it throws becomes a typed TransportFailure (a timeout when the deadline is what stopped it). Every
 * transport runs through here so they all fail the same way.
 */
export async function withDeadline<T>(timeoutMs: number, attempt: (controller: AbortController) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    return await attempt(controller);
  } catch (err) {
    throw classifyNetworkError(err, timedOut);
  } finally {
    clearTimeout(timer);
  }
}

/** A counting semaphore: at most `limit` network attempts in flight per client. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Retry-After as seconds or an HTTP date, in ms from now; undefined when absent or unparseable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `https://host:port` of a URL (the unit a host counts as unreachable by); the URL itself when it does not parse. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Thrown inside the semaphore when the host was found unreachable while this request waited for its turn. */
class NotTried extends Error {}

export class HttpClient {
  private readonly cache: ResponseCache | undefined;
  private readonly snapshot: SnapshotStore | undefined;
  private readonly semaphore: Semaphore;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly transport: Transport;
  private readonly activity: RegistryActivity | undefined;
  /** Identical requests in flight share one network round trip. */
  private readonly inFlight = new Map<string, Promise<RegistryResult<unknown>>>();
  /** Origins that answered at least once in this client's life (any HTTP status). */
  private readonly reached = new Set<string>();
  /** Origins that could not be reached before they ever answered, with the first reason. */
  private readonly unreachable = new Map<string, string>();
  /** The base URL as shown and recorded. */
  readonly displayBaseUrl: string;

  constructor(
    readonly options: RegistryOptions,
    readonly endpoint: RegistryEndpoint,
    hooks: HttpHooks = {},
  ) {
    this.cache = options.noCache ? undefined : new ResponseCache(options.cacheDir);
    this.snapshot = options.snapshotDir && options.snapshotMode ? new SnapshotStore(options.snapshotDir) : undefined;
    this.semaphore = new Semaphore(Math.max(1, options.concurrency));
    this.sleep = hooks.sleep ?? defaultSleep;
    this.random = hooks.random ?? Math.random;
    this.now = hooks.now ?? Date.now;
    this.transport = hooks.transport ?? axiosTransport;
    this.activity = hooks.activity;
    this.displayBaseUrl = redactCredentials(endpoint.baseUrl);
  }

  /** 'record' or 'replay' when this client records or replays a snapshot. */
  get snapshotMode(): SnapshotMode | undefined {
    return this.snapshot ? this.options.snapshotMode : undefined;
  }

  /** How a snapshot keys this request: the registry kind and the path below the base URL, never the host. */
  snapshotRequest(method: 'GET' | 'POST', url: string, body?: unknown): SnapshotRequest {
    const base = this.endpoint.baseUrl;
    const path = url.startsWith(base) && (url.length === base.length || url[base.length] === '/' || url[base.length] === '?') ? url.slice(base.length) || '/' : redactCredentials(url);
    return { registry: this.endpoint.kind, method, path, ...(body !== undefined ? { body } : {}) };
  }

  /**
   * GET or POST a JSON document. 404 and 410 are `not-found`; a body that is not JSON or does not match the
   * schema is a failure, never a default.
   */
  requestJson<T>(request: JsonRequest<T>): Promise<RegistryResult<T>> {
    const bodyText = request.body === undefined ? undefined : JSON.stringify(request.body);
    // Keyed by the URL as shown: the cache never holds a credential.
    const key = cacheKey(request.method, redactCredentials(request.url), bodyText, schemaId(request.validate));
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<RegistryResult<T>>;
    const result = this.resolve(request, bodyText, key)
      .then((answer) => this.note(request, answer))
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, result);
    return result;
  }

  /**
   * Records an answer the caller shaped itself (JsonRequest.snapshot 'caller'); a no-op unless recording. A write
   * that fails is reported as a missing answer, never thrown.
   */
  async recordAnswer(request: { method: 'GET' | 'POST'; url: string; body?: unknown }, status: number, bodyText: string, fetchedAt: number = this.now()): Promise<void> {
    if (!this.snapshot || this.options.snapshotMode !== 'record') return;
    const keyed = this.snapshotRequest(request.method, request.url, request.body);
    try {
      const file = await this.snapshot.record(keyed, { status, bodyText, fetchedAt: new Date(fetchedAt) }, this.endpoint.baseUrl);
      this.activity?.snapshotRecorded(file);
    } catch (error) {
      const failure = new RegistryError('connection', redactCredentials(request.url), `could not write the snapshot entry: ${(error as Error).message}`, 0);
      this.activity?.failed(this.endpoint.kind, this.displayBaseUrl, describeSnapshotRequest(keyed), failure, true);
    }
  }

  private note<T>(request: JsonRequest<T>, result: RegistryResult<T>): RegistryResult<T> {
    if (!this.activity) return result;
    if (result.status === 'failed') {
      const keyed = this.snapshotRequest(request.method, request.url, request.body);
      this.activity.failed(this.endpoint.kind, this.displayBaseUrl, describeSnapshotRequest(keyed), result.error, this.options.snapshotMode === 'record' && this.snapshot !== undefined);
    } else {
      this.activity.answered(this.endpoint.kind, this.displayBaseUrl, result.source);
    }
    return result;
  }

  private async resolve<T>(request: JsonRequest<T>, bodyText: string | undefined, key: string): Promise<RegistryResult<T>> {
    const { method } = request;
    const shownUrl = redactCredentials(request.url);
    if (this.options.snapshotMode === 'replay' && this.snapshot) {
      const found = this.snapshot.lookup(this.snapshotRequest(method, request.url, request.body));
      if (found.status === 'miss') return failed('offline-miss', shownUrl, 'no recorded answer in the snapshot', 0);
      if (found.status === 'invalid') {
        const file = path.join(this.snapshot.dir, found.file);
        this.activity?.snapshotRefused(file, found.reason);
        return failed('snapshot-invalid', shownUrl, `snapshot entry ${file} refused: ${found.reason}`, 0);
      }
      const entry = found.entry;
      const text = entry.bodyText ?? JSON.stringify(entry.body ?? null);
      return this.interpret(request, entry.status, Buffer.from(text), 'snapshot', 0);
    }

    const cached = this.cache ? await this.cache.get(key) : undefined;
    if (cached && (this.options.offline || isFresh(cached, this.now()))) {
      // A snapshot must hold every answer the scan used, including those the cache gave.
      await this.recordSnapshot(request, cached);
      return this.interpret(request, cached.status, cached.body, 'cache', 0);
    }
    if (this.options.offline) {
      return failed('offline-miss', shownUrl, this.cache ? 'not in the cache (offline)' : 'offline with the cache disabled', 0);
    }
    return this.fetchWithRetries(request, bodyText, key, cached);
  }

  private async fetchWithRetries<T>(
    request: JsonRequest<T>,
    bodyText: string | undefined,
    key: string,
    cached: CachedResponse | undefined,
  ): Promise<RegistryResult<T>> {
    const { method, url } = request;
    const shownUrl = redactCredentials(url);
    const origin = originOf(url);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.options.userAgent,
      ...(bodyText !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(cached ? revalidationHeaders(cached) : {}),
    };
    const limits: TransportLimits = {
      timeoutMs: this.options.timeoutMs,
      maxResponseBytes: this.options.maxResponseBytes,
      maxRedirects: this.options.maxRedirects,
    };
    const maxAttempts = Math.max(0, this.options.retries) + 1;
    for (let attempt = 1; ; attempt++) {
      let response: RawResponse;
      try {
        response = await this.semaphore.run(async () => {
          const known = this.unreachable.get(origin);
          if (known !== undefined) throw new NotTried(known);
          try {
            return await this.transport({ method, url, headers, bodyText }, limits);
          } catch (err) {
            const failure = classifyNetworkError(err, false);
            // A host that never answered and cannot be reached as configured will not be reached by waiting: the
            // requests queued behind this one fail at once. Marked before the slot is released to the next one.
            if (failure.kind === 'unreachable' && !this.reached.has(origin) && !this.unreachable.has(origin)) {
              this.unreachable.set(origin, redactCredentials(failure.message));
            }
            throw failure;
          }
        });
      } catch (err) {
        if (err instanceof NotTried) {
          return failed('unreachable', shownUrl, `${err.message} (not tried: the host could not be reached earlier in this run)`, attempt - 1);
        }
        const failure = classifyNetworkError(err, false);
        // No retry for a host that never answered; one that answered before gets its retries.
        if (failure.kind === 'unreachable' && !this.reached.has(origin)) return failed('unreachable', shownUrl, failure.message, attempt);
        const retryable = failure.kind === 'timeout' || failure.kind === 'connection' || failure.kind === 'unreachable';
        if (retryable && attempt < maxAttempts) {
          await this.sleep(this.backoffMs(attempt));
          continue;
        }
        return failed(failure.kind, shownUrl, failure.message, attempt);
      }
      this.reached.add(origin);

      const { status } = response;
      if (isRetryableStatus(status)) {
        if (attempt < maxAttempts) {
          const retryAfter = parseRetryAfter(response.headers['retry-after'], this.now());
          await this.sleep(
            retryAfter === undefined ? this.backoffMs(attempt) : Math.min(retryAfter, this.options.maxRetryAfterMs),
          );
          continue;
        }
        return failed('http-status', shownUrl, `HTTP ${status} after ${attempt} attempts`, attempt, status);
      }
      if (status === 304 && cached) {
        const refreshed: CachedResponse = {
          ...cached,
          headers: { ...cached.headers, ...response.headers },
          fetchedAt: this.now(),
        };
        await this.store(request, key, refreshed);
        return this.interpret(request, cached.status, cached.body, 'cache', attempt);
      }
      if ((status >= 200 && status < 300) || status === 404 || status === 410) {
        const result = this.interpret(request, status, response.body, 'network', attempt);
        // Only answers we could use are kept: a bad body must be fetched again, not replayed. A found answer is kept
        // in its schema's form (projectToSchema), the same value this call returns.
        if (result.status !== 'failed') {
          const body = result.status === 'found' ? Buffer.from(JSON.stringify(result.value)) : response.body;
          await this.store(request, key, { url: shownUrl, method, status, headers: response.headers, fetchedAt: this.now(), body });
        }
        return result;
      }
      return failed('http-status', shownUrl, `HTTP ${status}`, attempt, status);
    }
  }

  /** Full jitter: random(0, min(max, base * 2^(attempt-1))). */
  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.options.retryMaxDelayMs, this.options.retryBaseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * ceiling);
  }

  private async store<T>(request: JsonRequest<T>, key: string, entry: CachedResponse): Promise<void> {
    // A cache or snapshot that cannot be written costs a future request, not this answer.
    if (this.cache && isStorable(entry.headers)) await this.cache.put(key, entry).catch(() => undefined);
    await this.recordSnapshot(request, entry);
  }

  private async recordSnapshot<T>(request: JsonRequest<T>, entry: CachedResponse): Promise<void> {
    if (request.snapshot === 'caller') return;
    await this.recordAnswer(request, entry.status, entry.body.toString('utf8'), entry.fetchedAt);
  }

  private interpret<T>(
    request: JsonRequest<T>,
    status: number,
    body: Buffer,
    source: ResultSource,
    attempts: number,
  ): RegistryResult<T> {
    const shownUrl = redactCredentials(request.url);
    if (status === 404 || status === 410) return { status: 'not-found', source };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (err) {
      return failed('invalid-json', shownUrl, (err as Error).message, attempts, status);
    }
    if (!request.validate(parsed)) {
      const first = request.validate.errors?.[0];
      const where = first ? `${first.instancePath || '/'} ${first.message ?? ''}`.trim() : 'does not match the schema';
      return failed('schema', shownUrl, where, attempts, status);
    }
    // A cached body was stored in this schema's form (the cache key names the schema): projecting it again is a no-op.
    return { status: 'found', value: (source === 'cache' ? parsed : projectToSchema(parsed, request.validate.schema)) as T, source };
  }
}

function failed(
  kind: RegistryErrorKind,
  url: string,
  detail: string,
  attempts: number,
  status?: number,
): { status: 'failed'; error: RegistryError } {
  return { status: 'failed', error: new RegistryError(kind, url, detail, attempts, status) };
}
