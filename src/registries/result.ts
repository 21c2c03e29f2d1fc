// What every registry client method returns: a found value, a not-found fact, or a failure.
// A failure carries a RegistryError and no value, so it cannot be mistaken for an answer.
import { DepvetError } from '../errors';
import { redactCredentials } from '../redact';

export type RegistryErrorKind =
  | 'timeout'
  | 'connection'
  | 'http-status'
  | 'invalid-json'
  | 'schema'
  | 'too-large'
  | 'redirect-loop'
  /** A paginated answer that does not end: a page token sent twice, or more pages than the cap. */
  | 'pagination'
  /** The host could not be reached and retrying cannot help: DNS says no such host, the connection is refused, TLS fails. */
  | 'unreachable'
  | 'offline-miss'
  /** A snapshot entry failed its digests or answers another request (replay refuses it). */
  | 'snapshot-invalid';

/** Returned (inside a failed RegistryResult) when a registry could not give a usable answer. */
export class RegistryError extends DepvetError {
  readonly kind: RegistryErrorKind;
  /** The URL asked, credentials redacted. */
  readonly url: string;
  /** What went wrong, without the URL and kind the message starts with. */
  readonly detail: string;
  readonly status: number | undefined;
  /** Network attempts made (0 when answered from cache/snapshot or refused before any request). */
  readonly attempts: number;
  constructor(kind: RegistryErrorKind, url: string, detail: string, attempts: number, status?: number) {
    super('E_REGISTRY', `${url}: ${kind}: ${detail}`);
    this.name = 'RegistryError';
    this.kind = kind;
    this.url = redactCredentials(url);
    this.detail = redactCredentials(detail);
    this.status = status;
    this.attempts = attempts;
  }
}

export function isRegistryError(value: unknown): value is RegistryError {
  return value instanceof RegistryError;
}

/** Where an answer came from; 'cache' includes answers revalidated with a 304. */
export type ResultSource = 'network' | 'cache' | 'snapshot';

export type RegistryResult<T> =
  | { status: 'found'; value: T; source: ResultSource }
  | { status: 'not-found'; source: ResultSource }
  | { status: 'failed'; error: RegistryError };

/** Apply `fn` to a found value; not-found and failed pass through unchanged. */
export function mapFound<T, U>(result: RegistryResult<T>, fn: (value: T) => U): RegistryResult<U> {
  return result.status === 'found' ? { status: 'found', value: fn(result.value), source: result.source } : result;
}
