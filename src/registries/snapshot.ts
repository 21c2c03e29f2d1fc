// Snapshots: every answer the clients receive, written as plain JSON files into a folder (record mode), and
// read back with no network at all (replay mode). Reviewable in a diff, unlike the binary cache.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-file';

export interface SnapshotEntry {
  url: string;
  method: string;
  /** The JSON request body (POST), as sent. */
  requestBody?: unknown;
  status: number;
  /** ISO 8601. */
  fetchedAt: string;
  /** The parsed JSON body; absent when the body was not JSON (then `bodyText` holds it). */
  body?: unknown;
  bodyText?: string;
}

export interface SnapshotIndexEntry {
  method: string;
  url: string;
  status: number;
}

export const SNAPSHOT_INDEX = 'index.json';

/** File name from a hash of method + URL + body text, so distinct requests never share a file. */
export function snapshotFileName(method: string, url: string, bodyText?: string): string {
  const hash = createHash('sha256')
    .update(`${method.toUpperCase()} ${url}\n${bodyText ?? ''}`)
    .digest('hex');
  return `${hash.slice(0, 32)}.json`;
}

// Index updates from concurrent recordings of one folder are serialised per folder.
const indexQueues = new Map<string, Promise<void>>();

export class SnapshotStore {
  constructor(readonly dir: string) {}

  async record(entry: SnapshotEntry, bodyText?: string): Promise<void> {
    const fileName = snapshotFileName(entry.method, entry.url, bodyText);
    await fs.mkdir(this.dir, { recursive: true });
    await writeFileAtomic(path.join(this.dir, fileName), `${JSON.stringify(entry, null, 2)}\n`);
    const indexEntry: SnapshotIndexEntry = { method: entry.method, url: entry.url, status: entry.status };
    const previous = indexQueues.get(this.dir) ?? Promise.resolve();
    const next = previous.then(() => this.addToIndex(fileName, indexEntry));
    indexQueues.set(this.dir, next.catch(() => undefined));
    await next;
  }

  /** The recorded answer for this request, or undefined when none was recorded. */
  async lookup(method: string, url: string, bodyText?: string): Promise<SnapshotEntry | undefined> {
    const file = path.join(this.dir, snapshotFileName(method, url, bodyText));
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    let entry: SnapshotEntry;
    try {
      entry = JSON.parse(text) as SnapshotEntry;
    } catch {
      return undefined;
    }
    // A hash collision or a hand-edited file must not answer for another request.
    if (entry.method !== method.toUpperCase() || entry.url !== url) return undefined;
    return entry;
  }

  async readIndex(): Promise<Record<string, SnapshotIndexEntry>> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.dir, SNAPSHOT_INDEX), 'utf8')) as Record<
        string,
        SnapshotIndexEntry
      >;
    } catch {
      return {};
    }
  }

  private async addToIndex(fileName: string, entry: SnapshotIndexEntry): Promise<void> {
    const index = await this.readIndex();
    index[fileName] = entry;
    const sorted = Object.fromEntries(Object.entries(index).sort(([a], [b]) => a.localeCompare(b)));
    await writeFileAtomic(path.join(this.dir, SNAPSHOT_INDEX), `${JSON.stringify(sorted, null, 2)}\n`);
  }
}

