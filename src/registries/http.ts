// The HTTP core every registry client shares: snapshot replay, disk cache and revalidation, bounded concurrency,
// retries with full-jitter backoff (honouring Retry-After), a response size cap, and ajv validation of every body.
// Each call returns a RegistryResult; nothing here throws for a registry failure.
import type { ValidateFunction } from 'ajv';
import type { RegistryOptions } from './defaults';
import { ResponseCache, cacheKey, isFresh, isStorable, revalidationHeaders, type CachedResponse } from './cache';
import { projectToSchema, schemaId } from './schema';
import { SnapshotStore } from './snapshot';
import { RegistryError, type RegistryErrorKind, type RegistryResult, type ResultSource } from './result';

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

export type TransportFailureKind = Extract<RegistryErrorKind, 'timeout' | 'connection' | 'too-large' | 'redirect-loop'>;

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

/** Injection points for tests (fast backoff, fixed jitter) and for the npm client's own transport. */
export interface HttpHooks {
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  transport?: Transport;
}

export interface JsonRequest<T> {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  validate: ValidateFunction<T>;
}

const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

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
 * environment handling (proxy-from-env).
 */
export const axiosTransport: Transport = (request, limits) =>
  withDeadline(limits.timeoutMs, async (controller) => {
    const axios = await loadAxios();
    const response = await axios.request<ArrayBuffer>({
      url: request.url,
      method: request.method,
      headers: request.headers,
      data: request.bodyText,
      responseType: 'arraybuffer',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: limits.maxRedirects,
      maxContentLength: limits.maxResponseBytes,
      maxBodyLength: limits.maxResponseBytes,
      timeout: limits.timeoutMs,
      signal: controller.signal,
      decompress: true,
    });
    const headers = lowerCaseHeaders(response.headers as Record<string, unknown>);
    const body = Buffer.from(response.data);
    // axios has decompressed the body but kept the original headers.
    if (!headers['content-encoding']) checkComplete(headers, body);
    return { status: response.status, headers, body };
  });

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

export class HttpClient {
  private readonly cache: ResponseCache | undefined;
  private readonly snapshot: SnapshotStore | undefined;
  private readonly semaphore: Semaphore;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly transport: Transport;
  /** Identical requests in flight share one network round trip. */
  private readonly inFlight = new Map<string, Promise<RegistryResult<unknown>>>();

  constructor(
    readonly options: RegistryOptions,
    hooks: HttpHooks = {},
  ) {
    this.cache = options.noCache ? undefined : new ResponseCache(options.cacheDir);
    this.snapshot = options.snapshotDir && options.snapshotMode ? new SnapshotStore(options.snapshotDir) : undefined;
    this.semaphore = new Semaphore(Math.max(1, options.concurrency));
    this.sleep = hooks.sleep ?? defaultSleep;
    this.random = hooks.random ?? Math.random;
    this.now = hooks.now ?? Date.now;
    this.transport = hooks.transport ?? axiosTransport;
  }

  /**
   * GET or POST a JSON document. 404 and 410 are `not-found`; a body that is not JSON or does not match the
   * schema is a failure, never a default.
   */
  requestJson<T>(request: JsonRequest<T>): Promise<RegistryResult<T>> {
    const bodyText = request.body === undefined ? undefined : JSON.stringify(request.body);
    const key = cacheKey(request.method, request.url, bodyText, schemaId(request.validate));
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<RegistryResult<T>>;
    const result = this.resolve(request, bodyText, key).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, result);
    return result;
  }

  private async resolve<T>(request: JsonRequest<T>, bodyText: string | undefined, key: string): Promise<RegistryResult<T>> {
    const { method, url } = request;
    if (this.options.snapshotMode === 'replay' && this.snapshot) {
      const entry = await this.snapshot.lookup(method, url, bodyText);
      if (!entry) return failed('offline-miss', url, 'no recorded answer in the snapshot', 0);
      const text = entry.bodyText ?? JSON.stringify(entry.body ?? null);
      return this.interpret(request, entry.status, Buffer.from(text), 'snapshot', 0);
    }

    const cached = this.cache ? await this.cache.get(key) : undefined;
    if (cached && (this.options.offline || isFresh(cached, this.now()))) {
      // A snapshot must hold every answer the scan used, including those the cache gave.
      await this.recordSnapshot(cached, bodyText);
      return this.interpret(request, cached.status, cached.body, 'cache', 0);
    }
    if (this.options.offline) {
      return failed('offline-miss', url, this.cache ? 'not in the cache (offline)' : 'offline with the cache disabled', 0);
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
        response = await this.semaphore.run(() => this.transport({ method, url, headers, bodyText }, limits));
      } catch (err) {
        const failure = classifyNetworkError(err, false);
        const retryable = failure.kind === 'timeout' || failure.kind === 'connection';
        if (retryable && attempt < maxAttempts) {
          await this.sleep(this.backoffMs(attempt));
          continue;
        }
        return failed(failure.kind, url, failure.message, attempt);
      }

      const { status } = response;
      if (isRetryableStatus(status)) {
        if (attempt < maxAttempts) {
          const retryAfter = parseRetryAfter(response.headers['retry-after'], this.now());
          await this.sleep(
            retryAfter === undefined ? this.backoffMs(attempt) : Math.min(retryAfter, this.options.maxRetryAfterMs),
          );
          continue;
        }
        return failed('http-status', url, `HTTP ${status} after ${attempt} attempts`, attempt, status);
      }
      if (status === 304 && cached) {
        const refreshed: CachedResponse = {
          ...cached,
          headers: { ...cached.headers, ...response.headers },
          fetchedAt: this.now(),
        };
        await this.store(key, refreshed, bodyText);
        return this.interpret(request, cached.status, cached.body, 'cache', attempt);
      }
      if ((status >= 200 && status < 300) || status === 404 || status === 410) {
        const result = this.interpret(request, status, response.body, 'network', attempt);
        // Only answers we could use are kept: a bad body must be fetched again, not replayed. A found answer is kept
        // in its schema's form (projectToSchema), the same value this call returns.
        if (result.status !== 'failed') {
          const body = result.status === 'found' ? Buffer.from(JSON.stringify(result.value)) : response.body;
          await this.store(key, { url, method, status, headers: response.headers, fetchedAt: this.now(), body }, bodyText);
        }
        return result;
      }
      return failed('http-status', url, `HTTP ${status}`, attempt, status);
    }
  }

  /** Full jitter: random(0, min(max, base * 2^(attempt-1))). */
  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.options.retryMaxDelayMs, this.options.retryBaseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * ceiling);
  }

  private async store(key: string, entry: CachedResponse, bodyText: string | undefined): Promise<void> {
    // A cache or snapshot that cannot be written costs a future request, not this answer.
    if (this.cache && isStorable(entry.headers)) await this.cache.put(key, entry).catch(() => undefined);
    await this.recordSnapshot(entry, bodyText);
  }

  private async recordSnapshot(entry: CachedResponse, bodyText: string | undefined): Promise<void> {
    if (this.snapshot && this.options.snapshotMode === 'record') {
      const text = entry.body.toString('utf8');
      let parsed: { body: unknown } | { bodyText: string };
      try {
        parsed = { body: JSON.parse(text) as unknown };
      } catch {
        parsed = { bodyText: text };
      }
      await this.snapshot.record(
        {
          url: entry.url,
          method: entry.method,
          ...(bodyText !== undefined ? { requestBody: JSON.parse(bodyText) as unknown } : {}),
          status: entry.status,
          fetchedAt: new Date(entry.fetchedAt).toISOString(),
          ...parsed,
        },
        bodyText,
      );
    }
  }

  private interpret<T>(
    request: JsonRequest<T>,
    status: number,
    body: Buffer,
    source: ResultSource,
    attempts: number,
  ): RegistryResult<T> {
    if (status === 404 || status === 410) return { status: 'not-found', source };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (err) {
      return failed('invalid-json', request.url, (err as Error).message, attempts, status);
    }
    if (!request.validate(parsed)) {
      const first = request.validate.errors?.[0];
      const where = first ? `${first.instancePath || '/'} ${first.message ?? ''}`.trim() : 'does not match the schema';
      return failed('schema', request.url, where, attempts, status);
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
