// Today's name screen before the second generation (issue 14), kept here as the bench's baseline and nowhere
// else: the rules as they were at commit 0bfbae8 (src/checks/names/typosquat.ts and popular-index.ts), hand-set
// gates per kind (substitutions against the top 1,000 names of 6+ characters, affixes from a short fixed list
// against the top 500, reorders with a shared delimiter against the top 5,000, two edits for long top-1,000
// names). bench/names.bench.js times it beside the current screen in the same run and measures both on the
// development set and the namespace. Not part of the product.
import type { Severity } from '../src/findings';
import type { Ecosystem } from '../src/model';
import { normalizeName } from '../src/normalize';
import { boundedOsaDistance, singleEditKind } from '../src/checks/names/edit-distance';

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


type TyposquatKind = 'omitted-character' | 'repeated-character' | 'inserted-character' | 'swapped-characters' | 'substituted-character' | 'look-alike-characters' | 'delimiter-change' | 'affix' | 'reordered-words' | 'two-edits';




// Prefixes and suffixes attackers add to a popular name (and that people add when guessing one).
const AFFIX_PREFIXES = ['python-', 'py-', 'python', 'py'];
const AFFIX_SUFFIXES = ['-python', '-py', '-dev', '-lib', '-sdk', '-client', '-api', 'py', 'lib'];

/** Shortest target lengths for each kind: one edit on a 3-letter name is noise, not a slip. */
const MIN_TARGET_LENGTH: Record<TyposquatKind, number> = {
  'omitted-character': 5,
  'repeated-character': 4,
  'inserted-character': 5,
  'swapped-characters': 4,
  'substituted-character': 6,
  'look-alike-characters': 3,
  'delimiter-change': 3,
  affix: 4,
  'reordered-words': 3,
  'two-edits': DISTANCE_TWO_MIN_LENGTH,
};

/**
 * Most popular targets a kind is screened against. Substitutions, insertions and affixes are the noisiest kinds
 * on the whole PyPI namespace (legitimate `<name>-sdk`, `<name>2` projects abound), so they only count against
 * names popular enough to be worth imitating; look-alikes and delimiter games count against the whole list.
 */
const MAX_TARGET_RANK: Record<TyposquatKind, number> = {
  'omitted-character': 15000,
  'repeated-character': 15000,
  'inserted-character': 2000,
  'swapped-characters': 15000,
  'substituted-character': 1000,
  'look-alike-characters': 15000,
  'delimiter-change': 15000,
  affix: 500,
  'reordered-words': 5000,
  'two-edits': DISTANCE_TWO_MAX_RANK,
};

/** Kinds that are less certain than a single slip are one severity step lower. */
const LESS_CERTAIN = new Set<TyposquatKind>(['affix', 'two-edits', 'inserted-character']);

const KIND_PREFERENCE: TyposquatKind[] = [
  'look-alike-characters',
  'delimiter-change',
  'swapped-characters',
  'omitted-character',
  'repeated-character',
  'substituted-character',
  'affix',
  'inserted-character',
  'reordered-words',
  'two-edits',
];


/** Severity from the target's rank: the more popular the imitated name, the likelier and costlier the slip. */
export function typosquatSeverity(targetRank: number, kind: TyposquatKind): Severity {
  const ladder: Severity[] = ['low', 'medium', 'high'];
  let step = targetRank <= 100 ? 2 : targetRank <= 1000 ? 1 : 0;
  if (LESS_CERTAIN.has(kind)) step = Math.max(0, step - 1);
  return ladder[step]!;
}

/** One popular name a screened name may imitate, and how. Plain data, so a memo can keep it (screen-memo.ts). */
export interface ScreenCandidate {
  target: PopularName;
  kind: TyposquatKind;
  distance: number;
  detail?: string;
  /** A typing slip that changed the first character: the rarer slip (see `plausibilityTier`). */
  firstCharacter: boolean;
}

/** Kinds that are typing slips, as opposed to deliberate look-alikes, delimiters, affixes or word order. */
const TYPING_SLIPS = new Set<TyposquatKind>([
  'omitted-character',
  'repeated-character',
  'inserted-character',
  'swapped-characters',
  'substituted-character',
  'two-edits',
]);

/**
 * How plausible an explanation is, best first: one slip (or a look-alike, delimiter, affix, word order); one slip
 * at the first letter, which misspellings rarely touch (Pollock & Zamora, CACM 1984: about 7% of them); two edits.
 * So `crypt` is `crypto` missing its last letter (the SK-CSIRT 2017 advisory's target) before it is the more
 * popular `bcrypt` missing its first, and `progress-bar` is `progressbar` with a hyphen before it is two edits
 * from the more popular `progressbar2`.
 */
function plausibilityTier(candidate: ScreenCandidate): number {
  return candidate.kind === 'two-edits' ? 2 : candidate.firstCharacter ? 1 : 0;
}

/** Best candidate first: the most plausible explanation, then the most popular target, then the most telling kind. */
function rankCandidates(candidates: ScreenCandidate[]): ScreenCandidate[] {
  return candidates.sort(
    (a, b) => plausibilityTier(a) - plausibilityTier(b) || a.target.rank - b.target.rank || KIND_PREFERENCE.indexOf(a.kind) - KIND_PREFERENCE.indexOf(b.kind),
  );
}

function eligible(candidate: ScreenCandidate): boolean {
  return candidate.target.rank <= MAX_TARGET_RANK[candidate.kind] && candidate.target.normalized.length >= MIN_TARGET_LENGTH[candidate.kind];
}

function candidatesFor(normalized: string, index: PopularIndex, lookups: NameLookups): ScreenCandidate[] {
  const out: ScreenCandidate[] = [];
  const add = (target: PopularName, kind: TyposquatKind, detail?: string) => {
    if (target.normalized === normalized) return;
    const candidate: ScreenCandidate = {
      target,
      kind,
      distance: boundedOsaDistance(normalized, target.normalized, 9),
      ...(detail ? { detail } : {}),
      firstCharacter: TYPING_SLIPS.has(kind) && normalized[0] !== target.normalized[0],
    };
    if (eligible(candidate)) out.push(candidate);
  };

  const compact = compactName(normalized);
  for (const target of lookups.compact) add(target, 'delimiter-change');
  for (const target of lookups.skeleton) {
    if (compactName(target.normalized) !== compact) add(target, 'look-alike-characters');
  }
  for (const target of lookups.wordSet) add(target, 'reordered-words');

  // Single edits through the deletion neighbourhood: a shared key means the names are at most two deletions
  // apart; the bounded distance keeps the single-edit ones.
  const seen = new Set<PopularName>();
  // Names one edit away; a shared deletion key alone can also mean two edits, which the two-edit check judges.
  const singleEditTargets = new Set<PopularName>();
  for (const target of lookups.singleEdit) {
    if (seen.has(target)) continue;
    seen.add(target);
    if (boundedOsaDistance(normalized, target.normalized, 1) === 1) {
      singleEditTargets.add(target);
      add(target, singleEditKind(target.normalized, normalized));
    }
  }

  for (const prefix of AFFIX_PREFIXES) {
    if (normalized.startsWith(prefix)) {
      const target = index.byName.get(normalized.slice(prefix.length));
      if (target) add(target, 'affix', `prefix ${prefix}`);
    }
  }
  for (const suffix of AFFIX_SUFFIXES) {
    if (normalized.endsWith(suffix)) {
      const target = index.byName.get(normalized.slice(0, -suffix.length));
      if (target) add(target, 'affix', `suffix ${suffix}`);
    }
  }
  const digits = /^(.*?)[-_.]?(\d+)$/.exec(normalized);
  if (digits && digits[1]) {
    const target = index.byName.get(digits[1]);
    if (target) add(target, 'affix', `version digits ${digits[2]}`);
  }

  if (normalized.length >= DISTANCE_TWO_MIN_LENGTH - 2) {
    // Two edits: a part of the popular name must appear unchanged within two positions (pigeonhole filter).
    // Only the parts a name within two of this length has, each within two positions of its offset: the cut
    // is fixed by the popular name's length (thirds), so these few substrings are all there is to look up.
    const checked = new Set<PopularName>();
    const lookedUp = new Set<number>();
    const q = normalized.length;
    for (let t = Math.max(DISTANCE_TWO_MIN_LENGTH, q - 2); t <= q + 2; t++) {
      const third = Math.floor(t / 3);
      for (const [offset, length] of [[0, third], [third, third], [2 * third, t - 2 * third]] as const) {
        for (let i = Math.max(0, offset - 2); i <= offset + 2 && i + length <= q; i++) {
          const key = i * (q + 1) + length;
          if (lookedUp.has(key)) continue;
          lookedUp.add(key);
          for (const part of index.partitions.get(normalized.slice(i, i + length)) ?? []) {
            const target = part.target;
            if (checked.has(target) || singleEditTargets.has(target) || Math.abs(part.offset - i) > 2 || Math.abs(target.normalized.length - q) > 2) continue;
            checked.add(target);
            if (boundedOsaDistance(normalized, target.normalized, 2) === 2) add(target, 'two-edits');
          }
        }
      }
    }
  }
  return out;
}

/** `PyPI top 15000 as of 2026-11-01`: which list a match was made against, for the evidence. */
/** The screen as it was: the best candidate, its target, kind and severity; undefined when nothing is flagged. */
export function screenName(name: string, index: PopularIndex): { target: string; kind: TyposquatKind; severity: Severity } | undefined {
  const normalized = normalizeName(index.ecosystem, name);
  if (normalized === '' || index.byName.has(normalized)) return undefined;
  const best = rankCandidates(candidatesFor(normalized, index, lookUpName(index, name)))[0];
  return best ? { target: best.target.name, kind: best.kind, severity: typosquatSeverity(best.target.rank, best.kind) } : undefined;
}
