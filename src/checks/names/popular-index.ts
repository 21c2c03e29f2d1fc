// The popular-name index the typosquat screen asks: the most-downloaded PyPI (or npm) names, ranked, with
// lookup tables built once so one query costs a handful of map lookups instead of a pass over 15,000 names:
// a deletion neighbourhood (every name with one character deleted, SymSpell-style) for single edits, a
// two-deletion neighbourhood for long names only, and keys for look-alike characters, delimiters and word order.
import fs from 'node:fs';
import path from 'node:path';
import type { Ecosystem } from '../../model';
import { normalizeName } from '../../normalize';

export const DATA_DIR = path.resolve(__dirname, '..', '..', '..', 'data');

/** Names at least this long (and this popular) are also matched at edit distance two. */
export const DISTANCE_TWO_MIN_LENGTH = 10;
export const DISTANCE_TWO_MAX_RANK = 1000;

export interface PopularName {
  /** As the list writes it. */
  name: string;
  normalized: string;
  /** 1 = most downloaded. */
  rank: number;
  downloads: number;
}

export interface PopularIndex {
  ecosystem: Ecosystem;
  /** When the download counts were taken (from the data file). */
  snapshotDate: string;
  names: PopularName[];
  byName: Map<string, PopularName>;
  /**
   * One-character deletions of every name (and the name itself), as 30-bit hashes (`deletionHashes`) -> the names
   * that produce them. Built on first use (`singleEditMap`): ~200,000 keys cost more than a scan's few hundred
   * names need; those use `singleEditCandidates` instead.
   */
  deletions1?: Map<number, PopularName[]>;
  /**
   * Long, very popular names cut in three parts (pigeonhole filter for two edits: at least one part survives
   * unchanged, within two positions of where it was): `part@length` -> the names and the part's offset.
   */
  partitions: Map<string, { target: PopularName; offset: number }[]>;
  /** Look-alike skeleton (`1`->`l`, `0`->`o`, `rn`->`m`, `vv`->`w`, delimiters dropped) -> names. */
  skeletons: Map<string, PopularName[]>;
  /** Name with its delimiters removed -> names. */
  compact: Map<string, PopularName[]>;
  /** Delimited words in sorted order -> names with two or more words. */
  wordSets: Map<string, PopularName[]>;
}

/** Appends without a duplicate check: callers add each name once per key (keys are deduplicated per name). */
function push(map: Map<string, PopularName[]>, key: string, value: PopularName): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Every string made by deleting one character. */
export function deletions(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) out.push(text.slice(0, i) + text.slice(i + 1));
  return out;
}

/**
 * The look-alike skeleton of a name as written: characters that read alike in a package list map to one form
 * (`I`/`1` -> `l`, `0` -> `o`, `rn` -> `m`, `vv` -> `w`), then case and delimiters are dropped.
 */
export function lookAlikeSkeleton(asWritten: string): string {
  return asWritten
    .replace(/[I1|]/g, 'l')
    .replace(/0/g, 'o')
    .toLowerCase()
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/[-_.]+/g, '');
}

// Polynomial hashes mod 2^32 (Math.imul), cut to 30 bits so that V8 keeps map keys as small integers. Every
// deletion's hash comes from prefix and suffix hashes, so a query of n characters builds no strings: building
// and hashing n fresh strings per query was half the cost of screening a whole registry. A collision only adds a
// candidate, which the exact distance check then drops.
const HASH_BASE = 0x01000193;
const HASH_MASK = 0x3fffffff;
let prefixScratch = new Int32Array(64);
let suffixScratch = new Int32Array(64);
let powerScratch = new Int32Array(64);

/**
 * The hash of `text` (at index `text.length`) and of `text` with character i deleted (at index i), into `out`.
 * Returns the number of hashes written (`text.length + 1`).
 */
export function deletionHashes(text: string, out: Int32Array = new Int32Array(text.length + 1)): number {
  const n = text.length;
  if (prefixScratch.length < n + 2) {
    prefixScratch = new Int32Array(2 * n + 2);
    suffixScratch = new Int32Array(2 * n + 2);
    powerScratch = new Int32Array(2 * n + 2);
  }
  const prefix = prefixScratch;
  const suffix = suffixScratch;
  const power = powerScratch;
  prefix[0] = 0;
  power[0] = 1;
  for (let i = 0; i < n; i++) {
    prefix[i + 1] = (Math.imul(prefix[i]!, HASH_BASE) + text.charCodeAt(i)) | 0;
    power[i + 1] = Math.imul(power[i]!, HASH_BASE);
  }
  // suffix[j]: the hash of text.slice(j), i.e. the sum of text[k] * BASE^(n-1-k) for k >= j.
  suffix[n] = 0;
  for (let j = n - 1; j >= 0; j--) suffix[j] = (Math.imul(text.charCodeAt(j), power[n - 1 - j]!) + suffix[j + 1]!) | 0;
  for (let i = 0; i < n; i++) out[i] = ((Math.imul(prefix[i]!, power[n - 1 - i]!) + suffix[i + 1]!) | 0) & HASH_MASK;
  out[n] = prefix[n]! & HASH_MASK;
  return n + 1;
}

/** The one-deletion map of the whole list, built once per index (for screening many names, e.g. a registry). */
export function singleEditMap(index: PopularIndex): Map<number, PopularName[]> {
  if (!index.deletions1) {
    const map = new Map<number, PopularName[]>();
    let hashes = new Int32Array(64);
    for (const entry of index.names) {
      if (hashes.length < entry.normalized.length + 1) hashes = new Int32Array(2 * entry.normalized.length + 1);
      const count = deletionHashes(entry.normalized, hashes);
      // `aab` yields `ab` twice: one entry per distinct key.
      for (const key of new Set(hashes.subarray(0, count))) {
        const list = map.get(key);
        if (list) list.push(entry);
        else map.set(key, [entry]);
      }
    }
    index.deletions1 = map;
  }
  return index.deletions1;
}

/**
 * The same candidates for a small set of names without the whole map: the queries' deletion keys are indexed
 * instead, and the popular names' keys looked up in them. For a scan's few hundred names this is a tenth of the
 * cost of building `singleEditMap`.
 */
export function singleEditCandidates(index: PopularIndex, normalizedNames: Iterable<string>): Map<string, PopularName[]> {
  const byKey = new Map<string, string[]>();
  for (const name of new Set(normalizedNames)) {
    for (const key of new Set([name, ...deletions(name)])) {
      const list = byKey.get(key);
      if (list) list.push(name);
      else byKey.set(key, [name]);
    }
  }
  const out = new Map<string, PopularName[]>();
  for (const entry of index.names) {
    const p = entry.normalized;
    for (let i = -1; i < p.length; i++) {
      const names = byKey.get(i < 0 ? p : p.slice(0, i) + p.slice(i + 1));
      if (!names) continue;
      for (const name of names) {
        const list = out.get(name);
        if (!list) out.set(name, [entry]);
        else if (list[list.length - 1] !== entry) list.push(entry);
      }
    }
  }
  return out;
}

export function compactName(normalized: string): string {
  return normalized.replace(/[-_.]+/g, '');
}

export function wordSetKey(normalized: string): string | undefined {
  const words = normalized.split(/[-_.]+/).filter(Boolean);
  return words.length >= 2 ? [...words].sort().join('-') : undefined;
}

export function buildPopularIndex(ecosystem: Ecosystem, ranked: { name: string; downloads: number }[], snapshotDate: string): PopularIndex {
  const index: PopularIndex = {
    ecosystem,
    snapshotDate,
    names: [],
    byName: new Map(),
    partitions: new Map(),
    skeletons: new Map(),
    compact: new Map(),
    wordSets: new Map(),
  };
  for (const row of ranked) {
    const normalized = normalizeName(ecosystem, row.name);
    // A list may spell one project two ways; the better rank stands.
    if (index.byName.has(normalized)) continue;
    const entry: PopularName = { name: row.name, normalized, rank: index.names.length + 1, downloads: row.downloads };
    index.names.push(entry);
    index.byName.set(normalized, entry);
    if (normalized.length >= DISTANCE_TWO_MIN_LENGTH && entry.rank <= DISTANCE_TWO_MAX_RANK) {
      const third = Math.floor(normalized.length / 3);
      for (const [offset, end] of [[0, third], [third, 2 * third], [2 * third, normalized.length]] as const) {
        const part = normalized.slice(offset, end);
        const list = index.partitions.get(part) ?? [];
        list.push({ target: entry, offset });
        index.partitions.set(part, list);
      }
    }
    push(index.skeletons, lookAlikeSkeleton(row.name), entry);
    push(index.compact, compactName(normalized), entry);
    const words = wordSetKey(normalized);
    if (words) push(index.wordSets, words, entry);
  }
  return index;
}

const cache = new Map<string, PopularIndex>();

/**
 * The index for an ecosystem from `data/` (`top-pypi-packages.min.json`, hugovk/top-pypi-packages format;
 * `top-npm-packages.tsv`, `downloads<TAB>name`), built once per process.
 */
export function loadPopularIndex(ecosystem: Ecosystem, options: { dataDir?: string } = {}): PopularIndex {
  const dataDir = options.dataDir ?? DATA_DIR;
  const key = `${ecosystem}:${dataDir}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let index: PopularIndex;
  if (ecosystem === 'PyPI') {
    const doc = JSON.parse(fs.readFileSync(path.join(dataDir, 'top-pypi-packages.min.json'), 'utf8')) as { last_update: string; rows: { project: string; download_count: number }[] };
    index = buildPopularIndex('PyPI', doc.rows.map((r) => ({ name: r.project, downloads: r.download_count })), doc.last_update);
  } else {
    const file = path.join(dataDir, 'top-npm-packages.tsv');
    const rows = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [downloads, name] = line.split('\t');
        return { name: (name ?? '').trim(), downloads: Number(downloads) };
      })
      .filter((r) => r.name !== '');
    const meta = JSON.parse(fs.readFileSync(path.join(dataDir, 'top-npm-packages.meta.json'), 'utf8')) as { asOf: string };
    index = buildPopularIndex('npm', rows, meta.asOf);
  }
  cache.set(key, index);
  return index;
}
