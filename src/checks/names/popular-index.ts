// The popular-name index the typosquat screen asks: the most-downloaded PyPI (or npm) names, ranked. Two ways to
// ask it. Screening many names (a registry) builds lookup tables once so one query costs a handful of map lookups:
// a deletion neighbourhood (every name with one character deleted, SymSpell-style) for single edits, and keys for
// look-alike characters, delimiters and word order. A scan's few hundred names go the other way round
// (`batchLookups`): the queries' keys are indexed and the list is passed over once, which retains nothing and
// costs a third of building the tables. Long, very popular names are also cut in parts for two-edit matches.
import fs from 'node:fs';
import path from 'node:path';
import type { Ecosystem } from '../../model';
import { normalizeName } from '../../normalize';
import { countWork } from '../../work-meter';

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
   * names need; those use `batchLookups` instead.
   */
  deletions1?: Map<number, PopularName[]>;
  /**
   * Long, very popular names cut in three parts (pigeonhole filter for two edits: at least one part survives
   * unchanged, within two positions of where it was): `part@length` -> the names and the part's offset.
   */
  partitions: Map<string, { target: PopularName; offset: number }[]>;
  /** The look-alike, delimiter and word-order tables, built on first use (`keyTables`). */
  keys?: KeyTables;
}

export interface KeyTables {
  /** Look-alike skeleton (`1`->`l`, `0`->`o`, `rn`->`m`, `vv`->`w`, delimiters dropped) -> names. */
  skeletons: Map<string, PopularName[]>;
  /** Name with its delimiters removed -> names. */
  compact: Map<string, PopularName[]>;
  /** Delimited words in sorted order -> names with two or more words. */
  wordSets: Map<string, PopularName[]>;
}

/** What the index holds for one queried name: the popular names sharing each kind of key with it. */
export interface NameLookups {
  /** Sharing a one-deletion hash: at most two deletions apart (or a hash collision); the distance check decides. */
  singleEdit: PopularName[];
  /** Same name once delimiters are removed. */
  compact: PopularName[];
  /** Same look-alike skeleton. */
  skeleton: PopularName[];
  /** Same words in another order. */
  wordSet: PopularName[];
}

/** Appends without a duplicate check: callers add each name once per key (keys are deduplicated per name). */
function push(map: Map<string, PopularName[]>, key: string, value: PopularName): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The look-alike skeleton of a name as written: characters that read alike in a package list map to one form
 * (`I`/`1` -> `l`, `0` -> `o`, `rn` -> `m`, `vv` -> `w`), then case and delimiters are dropped.
 */
export function lookAlikeSkeleton(asWritten: string): string {
  // Most names have nothing to fold but case and delimiters; they skip the four look-alike replacements.
  if (!LOOK_ALIKE_SOURCES.test(asWritten)) return compactName(asWritten.toLowerCase());
  return asWritten
    .replace(/[I1|]/g, 'l')
    .replace(/0/g, 'o')
    .toLowerCase()
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/[-_.]+/g, '');
}

// Capital I only (a lower-case i looks like nothing else); rn and vv in any case, as the skeleton lower-cases first.
const LOOK_ALIKE_SOURCES = /[I1|0]|[rR][nN]|[vV][vV]/;
const DELIMITER = /[-_.]/;

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
  // three passes: prefix hashes, suffix hashes, one hash per deletion
  countWork('names.hashedChars', 3 * n);
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
 * Every key of one popular name, as the key tables and `batchLookups` use them. Most names have no delimiter and
 * nothing that looks alike, and then all of them are the normalized name itself (normalizing such a name only
 * lower-cases it), which spares the pass over the list three string functions per name.
 */
export function popularKeys(entry: PopularName): { skeleton: string; compact: string; words: string | undefined } {
  if (!DELIMITER.test(entry.name) && !LOOK_ALIKE_SOURCES.test(entry.name)) return { skeleton: entry.normalized, compact: entry.normalized, words: undefined };
  return { skeleton: lookAlikeSkeleton(entry.name), compact: compactName(entry.normalized), words: wordSetKey(entry.normalized) };
}

/** The skeleton, delimiter and word-order tables of the whole list, built once per index. */
export function keyTables(index: PopularIndex): KeyTables {
  if (!index.keys) {
    const tables: KeyTables = { skeletons: new Map(), compact: new Map(), wordSets: new Map() };
    for (const entry of index.names) {
      const keys = popularKeys(entry);
      push(tables.skeletons, keys.skeleton, entry);
      push(tables.compact, keys.compact, entry);
      if (keys.words) push(tables.wordSets, keys.words, entry);
    }
    index.keys = tables;
  }
  return index.keys;
}

let queryHashes = new Int32Array(64);

/** What the key tables and the one-deletion map hold for one name. */
export function lookUpName(index: PopularIndex, asWritten: string): NameLookups {
  const normalized = normalizeName(index.ecosystem, asWritten);
  // normalized, compacted, folded to its look-alike skeleton and split into words: four passes over the name
  countWork('names.queryChars', 4 * asWritten.length);
  const tables = keyTables(index);
  const map = singleEditMap(index);
  if (queryHashes.length < normalized.length + 1) queryHashes = new Int32Array(2 * normalized.length + 1);
  const count = deletionHashes(normalized, queryHashes);
  const singleEdit: PopularName[] = [];
  for (let i = 0; i < count; i++) {
    const targets = map.get(queryHashes[i]!);
    if (targets) for (const target of targets) singleEdit.push(target);
  }
  const words = wordSetKey(normalized);
  return {
    singleEdit,
    compact: tables.compact.get(compactName(normalized)) ?? [],
    skeleton: tables.skeletons.get(lookAlikeSkeleton(asWritten)) ?? [],
    wordSet: words ? (tables.wordSets.get(words) ?? []) : [],
  };
}

/**
 * The same lookups for a batch of names (as written) without the whole-list tables: the queries' keys and
 * deletion hashes are indexed, and one pass over the list looks each popular name's keys up in them. Hashing
 * each deletion (rather than slicing it out as a string) keeps the pass from allocating per deletion; as with
 * the map, a hash collision only adds a candidate that the exact distance check drops.
 */
export function batchLookups(index: PopularIndex, namesAsWritten: Iterable<string>): Map<string, NameLookups> {
  const out = new Map<string, NameLookups>();
  const byHash = new Map<number, NameLookups[]>();
  const byCompact = new Map<string, NameLookups[]>();
  const bySkeleton = new Map<string, NameLookups[]>();
  const byWords = new Map<string, NameLookups[]>();
  const addQuery = <K>(map: Map<K, NameLookups[]>, key: K, lookups: NameLookups) => {
    const list = map.get(key);
    if (!list) map.set(key, [lookups]);
    else if (list[list.length - 1] !== lookups) list.push(lookups);
  };
  let hashes = new Int32Array(64);
  const byNormalized = new Map<string, NameLookups>();
  for (const asWritten of namesAsWritten) {
    if (out.has(asWritten)) continue;
    const normalized = normalizeName(index.ecosystem, asWritten);
    countWork('names.queryChars', 4 * asWritten.length);
    // Spellings of one normalized name share the deletion and delimiter lookups; only the skeleton is per spelling.
    const shared = byNormalized.get(normalized);
    const lookups: NameLookups = { singleEdit: shared?.singleEdit ?? [], compact: shared?.compact ?? [], skeleton: [], wordSet: shared?.wordSet ?? [] };
    out.set(asWritten, lookups);
    addQuery(bySkeleton, lookAlikeSkeleton(asWritten), lookups);
    if (shared) continue;
    byNormalized.set(normalized, lookups);
    if (hashes.length < normalized.length + 1) hashes = new Int32Array(2 * normalized.length + 1);
    const count = deletionHashes(normalized, hashes);
    for (let i = 0; i < count; i++) addQuery(byHash, hashes[i]!, lookups);
    addQuery(byCompact, compactName(normalized), lookups);
    const words = wordSetKey(normalized);
    if (words) addQuery(byWords, words, lookups);
  }
  const add = (list: NameLookups[] | undefined, pick: (l: NameLookups) => PopularName[], entry: PopularName) => {
    if (!list) return;
    for (const lookups of list) {
      const targets = pick(lookups);
      if (targets[targets.length - 1] !== entry) targets.push(entry);
    }
  };
  for (const entry of index.names) {
    const p = entry.normalized;
    if (hashes.length < p.length + 1) hashes = new Int32Array(2 * p.length + 1);
    const count = deletionHashes(p, hashes);
    for (let i = 0; i < count; i++) add(byHash.get(hashes[i]!), (l) => l.singleEdit, entry);
    const keys = popularKeys(entry);
    add(byCompact.get(keys.compact), (l) => l.compact, entry);
    add(bySkeleton.get(keys.skeleton), (l) => l.skeleton, entry);
    if (keys.words) add(byWords.get(keys.words), (l) => l.wordSet, entry);
  }
  return out;
}

export function compactName(normalized: string): string {
  return DELIMITER.test(normalized) ? normalized.replace(/[-_.]+/g, '') : normalized;
}

export function wordSetKey(normalized: string): string | undefined {
  if (!DELIMITER.test(normalized)) return undefined;
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
  }
  return index;
}

const cache = new Map<string, PopularIndex>();

/** The data files an ecosystem's index is read from (what a memo of the screen must be keyed by). */
export function popularListFiles(ecosystem: Ecosystem, dataDir: string = DATA_DIR): string[] {
  return ecosystem === 'PyPI'
    ? [path.join(dataDir, 'top-pypi-packages.min.json')]
    : [path.join(dataDir, 'top-npm-packages.tsv'), path.join(dataDir, 'top-npm-packages.meta.json')];
}

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
    const [listFile] = popularListFiles('PyPI', dataDir) as [string];
    const doc = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { last_update: string; rows: { project: string; download_count: number }[] };
    index = buildPopularIndex('PyPI', doc.rows.map((r) => ({ name: r.project, downloads: r.download_count })), doc.last_update);
  } else {
    const [file, metaFile] = popularListFiles('npm', dataDir) as [string, string];
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
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as { asOf: string };
    index = buildPopularIndex('npm', rows, meta.asOf);
  }
  cache.set(key, index);
  return index;
}
