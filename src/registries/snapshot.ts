// Snapshots: every answer a scan used, written as plain JSON files into a folder (record mode) and read back with no
// network at all (replay mode). Reviewable in a diff, unlike the binary cache, and meant to be committed.
//
// An answer is keyed by the registry kind and the request below the registry's base URL (`pypi GET
// /pypi/requests/2.31.0/json`), never by host: a snapshot recorded against a mirror or a loopback fake replays with
// the default URLs. OSV's querybatch answers are recorded one query per entry (osv.ts), so adding a package to a tree
// leaves every other package's answers valid.
//
// A snapshot is trusted input, as trusted as the branch it comes from. Each entry carries a digest of its canonical
// request and of its body; replay recomputes both, and an entry whose request is not the one its file name stands
// for, or whose body was edited, is refused with an error naming the file. That catches accidental edits and a swap of
// one answer for another; someone who edits a body and recomputes its digest is caught by review (diff mode reports
// every snapshot file a change adds or modifies), not by the digest.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-file';
import { InputError, UsageError } from '../errors';
import { redactCredentials } from '../redact';

/** The registries depvet asks; the part of an answer's key that replaces the host. */
export type RegistryKind = 'pypi' | 'osv' | 'npm';

export const SNAPSHOT_FORMAT = 2;
export const SNAPSHOT_INDEX = 'index.json';

/** A request as a snapshot keys it: registry kind, method, path (with query) below the base URL, JSON body. */
export interface SnapshotRequest {
  registry: RegistryKind;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

export interface SnapshotEntry {
  format: typeof SNAPSHOT_FORMAT;
  registry: RegistryKind;
  method: string;
  /** Below the registry's base URL, starting with `/`. */
  path: string;
  /** The JSON request body (POST), as sent. */
  requestBody?: unknown;
  status: number;
  /** ISO 8601. */
  fetchedAt: string;
  /** The parsed JSON body; absent when the body was not JSON (then `bodyText` holds it). */
  body?: unknown;
  bodyText?: string;
  /** `sha256:` digests of the canonical request (registry, method, path, body) and of the canonical body. */
  digest: { request: string; body: string };
}

export interface SnapshotIndexEntry {
  registry: RegistryKind;
  method: string;
  path: string;
  status: number;
}

export interface SnapshotIndex {
  format: typeof SNAPSHOT_FORMAT;
  /** The base URL each registry's answers were last recorded from (credentials redacted); informational. */
  registries: Partial<Record<RegistryKind, string>>;
  /** By file name. */
  entries: Record<string, SnapshotIndexEntry>;
}

export type SnapshotLookup =
  | { status: 'hit'; entry: SnapshotEntry; file: string }
  | { status: 'miss'; file: string }
  | { status: 'invalid'; file: string; reason: string };

/** JSON with object keys sorted at every level and no spaces: the form digests are taken of. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Digest of what identifies a request; the file name is taken from it. */
export function requestDigest(request: SnapshotRequest): string {
  const body = request.body === undefined ? '' : canonicalJson(request.body);
  return sha256(`${request.registry}\n${request.method.toUpperCase()}\n${request.path}\n${body}`);
}

/** Digest of an answer's body (its canonical JSON, or its text when it was not JSON). */
export function bodyDigest(answer: { body?: unknown; bodyText?: string }): string {
  return answer.bodyText !== undefined ? sha256(`text\n${answer.bodyText}`) : sha256(`json\n${canonicalJson(answer.body ?? null)}`);
}

/** `pypi-<32 hex>.json`: the registry, then the start of the request digest, so distinct requests never share a file. */
export function snapshotFileName(request: SnapshotRequest): string {
  return `${request.registry}-${requestDigest(request).slice('sha256:'.length, 'sha256:'.length + 32)}.json`;
}

/** How a request reads in messages: `PyPI GET /pypi/requests/2.31.0/json`. */
export function describeSnapshotRequest(request: { registry: RegistryKind; method: string; path: string }): string {
  return `${REGISTRY_LABELS[request.registry]} ${request.method.toUpperCase()} ${request.path}`;
}

export const REGISTRY_LABELS: Record<RegistryKind, string> = { pypi: 'PyPI', osv: 'OSV', npm: 'npm registry' };

function isRegistryKind(value: unknown): value is RegistryKind {
  return value === 'pypi' || value === 'osv' || value === 'npm';
}

function readIndexFile(dir: string): { state: 'none' } | { state: 'old' } | { state: 'unreadable'; reason: string } | { state: 'ok'; index: SnapshotIndex } {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, SNAPSHOT_INDEX), 'utf8');
  } catch {
    return { state: 'none' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { state: 'unreadable', reason: `${SNAPSHOT_INDEX} is not JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { state: 'unreadable', reason: `${SNAPSHOT_INDEX} is not a JSON object` };
  const format = (value as { format?: unknown }).format;
  // Format 1 (depvet 0.1) had no `format` and keyed answers by URL: its answers cannot be checked or found.
  if (format === undefined) return { state: 'old' };
  if (format !== SNAPSHOT_FORMAT) return { state: 'unreadable', reason: `${SNAPSHOT_INDEX} says format ${JSON.stringify(format)}; this depvet reads format ${SNAPSHOT_FORMAT}` };
  const index = value as SnapshotIndex;
  return { state: 'ok', index: { format: SNAPSHOT_FORMAT, registries: { ...(index.registries ?? {}) }, entries: { ...(index.entries ?? {}) } } };
}

const RECORD_AGAIN = 'record it again with `depvet snapshot PATH --out DIR`';

/**
 * The index of a snapshot folder to replay from. A folder that does not exist, has no index, holds the old
 * URL-keyed format or no answer at all is refused here (exit 2), before the scan asks it anything.
 */
export function readSnapshotForReplay(dir: string): SnapshotIndex {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new InputError('E_INPUT_PATH', dir, undefined, 'snapshot folder not found (record one with `depvet snapshot PATH --out DIR`)');
  }
  if (!stat.isDirectory()) throw new InputError('E_INPUT_PATH', dir, undefined, 'a snapshot is a folder recorded with `depvet snapshot`, not a file');
  const read = readIndexFile(dir);
  if (read.state === 'none') throw new InputError('E_INPUT_PATH', dir, undefined, `not a snapshot: no ${SNAPSHOT_INDEX} (${RECORD_AGAIN})`);
  if (read.state === 'old') throw new InputError('E_INPUT_PATH', dir, undefined, `a snapshot in the old format, keyed by URL, that this depvet no longer reads: ${RECORD_AGAIN}`);
  if (read.state === 'unreadable') throw new InputError('E_INPUT_PATH', dir, undefined, `${read.reason}; ${RECORD_AGAIN}`);
  if (Object.keys(read.index.entries).length === 0) throw new InputError('E_INPUT_PATH', dir, undefined, `the snapshot holds no registry answers; ${RECORD_AGAIN}`);
  return read.index;
}

/** What a recording folder shares between the clients that write to it (one per registry) in this process. */
interface RecordingFolder {
  index: SnapshotIndex;
  /** Index writes are chained and coalesced: one write covers every entry recorded while the previous one ran. */
  writes: Promise<void>;
  dirty: boolean;
}

const recordingFolders = new Map<string, RecordingFolder>();

/**
 * Starts a recording into `dir`: answers are added to what the folder holds. A folder holding the old URL-keyed
 * format or an unreadable index is refused (UsageError) rather than mixed with new entries. Called when a scan
 * starts, so the folder's index is read afresh for each recording.
 */
export function openSnapshotForRecording(dir: string): void {
  const read = readIndexFile(dir);
  if (read.state === 'old' || read.state === 'unreadable') {
    throw new UsageError(`${dir} holds a snapshot this depvet cannot extend (${read.state === 'old' ? 'the old URL-keyed format' : read.reason}); record into an empty folder`);
  }
  recordingFolders.set(path.resolve(dir), { index: read.state === 'ok' ? read.index : { format: SNAPSHOT_FORMAT, registries: {}, entries: {} }, writes: Promise.resolve(), dirty: false });
}

function recordingFolder(dir: string): RecordingFolder {
  if (!recordingFolders.has(path.resolve(dir))) openSnapshotForRecording(dir);
  return recordingFolders.get(path.resolve(dir))!;
}

function serializeIndex(index: SnapshotIndex): string {
  const entries = Object.fromEntries(Object.entries(index.entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const registries = Object.fromEntries(Object.entries(index.registries).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ format: SNAPSHOT_FORMAT, registries, entries }, null, 2)}\n`;
}

/** Whether `file` already holds this answer (same request and body digests, same status). */
function sameAnswer(file: string, entry: SnapshotEntry): boolean {
  try {
    const existing = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SnapshotEntry>;
    return existing.format === SNAPSHOT_FORMAT && existing.status === entry.status && existing.digest?.request === entry.digest.request && existing.digest?.body === entry.digest.body && bodyDigest(existing) === entry.digest.body;
  } catch {
    return false;
  }
}

export class SnapshotStore {
  constructor(readonly dir: string) {}

  /**
   * Writes one answer (its file, then the index). `recordedFrom` is the base URL it came from, kept in the index with
   * its credentials redacted.
   */
  async record(request: SnapshotRequest, answer: { status: number; bodyText: string; fetchedAt: Date }, recordedFrom: string): Promise<string> {
    const folder = recordingFolder(this.dir);
    let parsed: { body: unknown } | { bodyText: string };
    try {
      parsed = { body: JSON.parse(answer.bodyText) as unknown };
    } catch {
      parsed = { bodyText: answer.bodyText };
    }
    const entry: SnapshotEntry = {
      format: SNAPSHOT_FORMAT,
      registry: request.registry,
      method: request.method.toUpperCase(),
      path: request.path,
      ...(request.body !== undefined ? { requestBody: request.body } : {}),
      status: answer.status,
      fetchedAt: answer.fetchedAt.toISOString(),
      ...parsed,
      digest: { request: requestDigest(request), body: bodyDigest(parsed) },
    };
    const file = snapshotFileName(request);
    await fs.promises.mkdir(this.dir, { recursive: true });
    // An answer that has not changed keeps its file (and its fetchedAt): a refresh shows only what changed in review.
    if (!sameAnswer(path.join(this.dir, file), entry)) await writeFileAtomic(path.join(this.dir, file), `${JSON.stringify(entry, null, 2)}\n`);
    folder.index.entries[file] = { registry: entry.registry, method: entry.method, path: entry.path, status: entry.status };
    folder.index.registries[request.registry] = redactCredentials(recordedFrom);
    folder.dirty = true;
    // A failed index write is reported to the recording that made it; the next one starts afresh.
    folder.writes = folder.writes.catch(() => undefined).then(async () => {
      if (!folder.dirty) return;
      folder.dirty = false;
      await writeFileAtomic(path.join(this.dir, SNAPSHOT_INDEX), serializeIndex(folder.index));
    });
    await folder.writes;
    return file;
  }

  /**
   * The recorded answer for this request. The entry must be the answer to exactly this request and its body must
   * match its digest; anything else is `invalid` with the reason (never a miss, never an answer).
   */
  lookup(request: SnapshotRequest): SnapshotLookup {
    const file = snapshotFileName(request);
    let text: string;
    try {
      text = fs.readFileSync(path.join(this.dir, file), 'utf8');
    } catch {
      return { status: 'miss', file };
    }
    const invalid = (reason: string): SnapshotLookup => ({ status: 'invalid', file, reason });
    let entry: SnapshotEntry;
    try {
      entry = JSON.parse(text) as SnapshotEntry;
    } catch (error) {
      return invalid(`not JSON: ${(error as Error).message}`);
    }
    if (entry === null || typeof entry !== 'object' || entry.format !== SNAPSHOT_FORMAT) return invalid(`not a format ${SNAPSHOT_FORMAT} snapshot entry`);
    if (!isRegistryKind(entry.registry) || typeof entry.method !== 'string' || typeof entry.path !== 'string' || typeof entry.status !== 'number') {
      return invalid('registry, method, path or status missing');
    }
    if (typeof entry.digest?.request !== 'string' || typeof entry.digest?.body !== 'string') return invalid('no digests');
    const recorded: SnapshotRequest = {
      registry: entry.registry,
      method: entry.method.toUpperCase() === 'POST' ? 'POST' : 'GET',
      path: entry.path,
      ...(entry.requestBody !== undefined ? { body: entry.requestBody } : {}),
    };
    if (requestDigest(recorded) !== entry.digest.request || entry.method.toUpperCase() !== recorded.method) {
      return invalid('its request does not match its request digest (edited after recording)');
    }
    if (entry.digest.request !== requestDigest(request)) {
      return invalid(`it holds the answer to ${describeSnapshotRequest(recorded)}, not to the request its name stands for`);
    }
    if (bodyDigest(entry) !== entry.digest.body) return invalid('its body does not match its body digest (edited after recording)');
    return { status: 'hit', entry, file };
  }
}
