// The popular-name index the name screen asks: the most-downloaded PyPI (or npm) names, ranked, and one table of
// hashed keys under which a screened name meets the popular names it may imitate. Each popular name files keys
// of several families (name-forms.ts says what each form folds away):
//  - edit:     its skeleton and collapsed forms and every one-character deletion of them (SymSpell: two names one
//              edit apart share a deletion), so one slip, a look-alike or a delimiter meets in one lookup;
//  - core:     markers, version and plural removed; sound: the core as it sounds; letters: sorted letters;
//  - order:    its words in every other order, glued (`foo-kafka` files `kafkafoo`);
//  - contain:  the name itself, which a screened name's prefixes, suffixes and inner word runs look up (affixes);
//  - truncate: its leading words and its last word cut short (`umap` of `umap-learn`).
// A screened name computes the matching keys and looks each up; a hit only proposes a pair, which explain.ts then
// judges exactly, so a hash collision costs a comparison, never a false match. The table is built once per
// process (~15,000 names, about 0.4 M keys) and a bit set in front of it answers most misses from cache.
import fs from 'node:fs';
import path from 'node:path';
import type { Ecosystem } from '../../model';
import { normalizeName } from '../../normalize';
import { countWork } from '../../work-meter';
import { collapsedForm, compactForm, coreForm, lettersHash, npmScope, soundHash, skeletonForm, hasLookAlikeCharacters, wordsOf, type CoreForm } from './name-forms';

export const DATA_DIR = path.resolve(__dirname, '..', '..', '..', 'data');

export interface PopularName {
  /** As the list writes it. */
  name: string;
  normalized: string;
  /** 1 = most downloaded. */
  rank: number;
  downloads: number;
}

/** The forms of a name the screen compares (see name-forms.ts), computed once per name. */
export interface NameForms {
  asWritten: string;
  normalized: string;
  compact: string;
  skeleton: string;
  collapsed: string;
  core: CoreForm;
  /** Hash and length of the core's sound form (the string is derived only when a pair is judged). */
  soundKey: number;
  soundLength: number;
  /** Hash of the skeleton's sorted letters. */
  lettersKey: number;
  words: string[];
}

export function nameForms(ecosystem: Ecosystem, asWritten: string, normalized: string = normalizeName(ecosystem, asWritten)): NameForms {
  const compact = compactForm(normalized);
  const written = ecosystem === 'npm' ? asWritten.trim() : asWritten;
  // Without look-alike characters the skeleton is the compact form (both lower-case and drop the same delimiters).
  const skeleton = hasLookAlikeCharacters(written) ? skeletonForm(written) : compact;
  const words = wordsOf(normalized);
  const core = coreForm(normalized, words);
  const sound = soundHash(core.core);
  return {
    asWritten,
    normalized,
    compact,
    skeleton,
    collapsed: collapsedForm(skeleton),
    core,
    soundKey: sound.hash,
    soundLength: sound.length,
    lettersKey: skeleton.length >= MIN_LETTERS_LENGTH ? lettersHash(skeleton) : 0,
    words,
  };
}

export interface PopularIndex {
  ecosystem: Ecosystem;
  /** When the download counts were taken (from the data file). */
  snapshotDate: string;
  names: PopularName[];
  byName: Map<string, PopularName>;
  /** The key table, built on first use (`keyTable`). */
  table?: KeyTable;
  /** Each popular name's forms, parallel to `names`, built with the table. */
  forms?: NameForms[];
  /** How many popular names use each word (`popularWordCounts`), built on first use. */
  words?: Map<string, number>;
  /**
   * Per popular name (parallel to `names`): the most downloads of any popular name with the same core (`pytorch`
   * borrows `torch`'s, `beautifulsoup` `beautifulsoup4`'s): the brand a user has in mind. Built with the table.
   */
  brandDownloads?: number[];
}

// ---------------------------------------------------------------------------------------------------------------
// Hashing. Polynomial hashes mod 2^32 (Math.imul), so the hash of every deletion, prefix, suffix and inner run of
// a name comes from one pass of prefix hashes without building a string. The family is mixed in afterwards and the
// result cut to 30 bits (small integers for V8), never 0 (0 marks an empty slot).

const HASH_BASE = 0x01000193;
const KEY_MASK = 0x3fffffff;

export const FAMILY = { edit: 1, core: 2, sound: 3, letters: 4, order: 5, contain: 6, truncate: 7 } as const;
export type Family = keyof typeof FAMILY;

function familyKey(hash: number, family: number): number {
  const mixed = Math.imul(hash ^ Math.imul(family, 0x27d4eb2d), 0x9e3779b1);
  return (mixed ^ (mixed >>> 15)) & KEY_MASK || 1;
}

let prefix = new Int32Array(64);
let power = new Int32Array(64);

/** Fills the prefix hashes and powers of `text`; returns its length. */
function prepare(text: string): number {
  const n = text.length;
  if (prefix.length < n + 2) {
    prefix = new Int32Array(2 * n + 2);
    power = new Int32Array(2 * n + 2);
  }
  prefix[0] = 0;
  power[0] = 1;
  for (let i = 0; i < n; i++) {
    prefix[i + 1] = (Math.imul(prefix[i]!, HASH_BASE) + text.charCodeAt(i)) | 0;
    power[i + 1] = Math.imul(power[i]!, HASH_BASE);
  }
  return n;
}

/** Hash of text[a, b) after `prepare(text)`. */
function span(a: number, b: number): number {
  return (prefix[b]! - Math.imul(prefix[a]!, power[b - a]!)) | 0;
}

/** Hash of the prepared text (length n) without its character i. */
function without(i: number, n: number): number {
  return (Math.imul(prefix[i]!, power[n - 1 - i]!) + span(i + 1, n)) | 0;
}

export function hashText(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, HASH_BASE) + text.charCodeAt(i)) | 0;
  return h;
}

type Emit = (key: number, detail: number) => void;

/** The text's own key and the keys of its one-character deletions, in the edit family. */
function emitEditKeys(text: string, emit: Emit): void {
  const n = prepare(text);
  emit(familyKey(prefix[n]!, FAMILY.edit), -1);
  for (let i = 0; i < n; i++) emit(familyKey(without(i, n), FAMILY.edit), -1);
}

/** Shortest name filed under one-slip keys: one edit on a three-letter name makes another word, not a slip. */
export const MIN_SLIP_LENGTH = 4;
/** Shortest popular name looked for inside longer names (affixes) or cut short (truncation). */
export const MIN_CONTAINED_LENGTH = 4;
/** Shortest sound form compared (`agan` would sound like too much). */
export const MIN_SOUND_LENGTH = 5;
/** Shortest name compared by its sorted letters. */
export const MIN_LETTERS_LENGTH = 5;
/** Names of more words than this file no reorderings (4! = 24 keys at most). */
const MAX_ORDER_WORDS = 4;

function emitPopularKeys(forms: NameForms, emit: Emit): void {
  if (forms.skeleton.length >= MIN_SLIP_LENGTH) {
    emitEditKeys(forms.skeleton, emit);
    // A slip may also undo what the skeleton folds (`seabonr` is `seaborn` swapped; its skeleton reads `seabom`).
    if (forms.compact !== forms.skeleton) emitEditKeys(forms.compact, emit);
    if (forms.collapsed !== forms.skeleton && forms.collapsed.length >= MIN_SLIP_LENGTH) emitEditKeys(forms.collapsed, emit);
  } else {
    emit(familyKey(hashText(forms.skeleton), FAMILY.edit), -1);
  }
  emit(familyKey(hashText(forms.core.core), FAMILY.core), -1);
  if (forms.soundLength >= MIN_SOUND_LENGTH) emit(familyKey(forms.soundKey, FAMILY.sound), -1);
  if (forms.skeleton.length >= MIN_LETTERS_LENGTH) emit(familyKey(forms.lettersKey, FAMILY.letters), -1);
  const words = forms.words;
  if (words.length >= 2 && words.length <= MAX_ORDER_WORDS) {
    for (const order of permutations(words)) emit(familyKey(hashText(order.join('')), FAMILY.order), -1);
  }
  if (forms.compact.length >= MIN_CONTAINED_LENGTH) emit(familyKey(hashText(forms.compact), FAMILY.contain), -1);
  if (forms.core.core !== forms.compact && forms.core.core.length >= MIN_CONTAINED_LENGTH) emit(familyKey(hashText(forms.core.core), FAMILY.contain), -1);
  for (const cut of truncations(words)) emit(familyKey(hashText(cut), FAMILY.truncate), -1);
  // npm: the scoped name without its scope (`codemodel` for `@autorest/codemodel`, the unscoped twin).
  const bare = scopelessCompact(forms.normalized);
  if (bare !== undefined && bare.length >= MIN_CONTAINED_LENGTH) emit(familyKey(hashText(bare), FAMILY.truncate), -1);
}

/** The compact form of a scoped npm name without its scope; undefined for an unscoped name. */
export function scopelessCompact(normalized: string): string | undefined {
  const { scope, bare } = npmScope(normalized);
  return scope === undefined ? undefined : compactForm(bare);
}

/** Every order of the words but the given one. */
function permutations(words: string[]): string[][] {
  const out: string[][] = [];
  const walk = (rest: string[], taken: string[]) => {
    if (rest.length === 0) {
      if (taken.some((w, i) => w !== words[i])) out.push(taken);
      return;
    }
    const seen = new Set<string>();
    for (let i = 0; i < rest.length; i++) {
      if (seen.has(rest[i]!)) continue;
      seen.add(rest[i]!);
      walk([...rest.slice(0, i), ...rest.slice(i + 1)], [...taken, rest[i]!]);
    }
  };
  walk(words, []);
  return out;
}

/** A last word is cut short only by this much or more, and keeps this much of itself. */
const MIN_CUT = 2;
const MIN_KEPT = 4;

/**
 * The shortened forms of a name of several words (compact): its leading words (`umap` of `umap-learn`,
 * `smartsheet` of `smartsheet-python-sdk`) and its last word cut short (`keraspreprocess` of
 * `keras-preprocessing`).
 */
export function truncations(words: string[]): string[] {
  if (words.length < 2) return [];
  const out: string[] = [];
  let lead = '';
  for (let k = 0; k < words.length - 1; k++) {
    lead += words[k];
    if (lead.length >= MIN_CONTAINED_LENGTH) out.push(lead);
  }
  const last = words[words.length - 1]!;
  for (let keep = MIN_KEPT; keep <= last.length - MIN_CUT; keep++) out.push(lead + last.slice(0, keep));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The key table: open addressing over typed arrays (key -> a run of target indices in `postings`), behind a bit set.

const BITSET_BITS = 1 << 23;

export interface KeyTable {
  bits: Uint32Array;
  slotKeys: Int32Array;
  slotStart: Int32Array;
  slotCount: Int32Array;
  postings: Int32Array;
  mask: number;
  /** Keys filed, for the record. */
  size: number;
  /** The longest compact form of a popular name. */
  longest: number;
}

function slotOf(table: { slotKeys: Int32Array; mask: number }, key: number): number {
  let slot = Math.imul(key, 0x9e3779b1) >>> 0;
  slot &= table.mask;
  const keys = table.slotKeys;
  for (;;) {
    const k = keys[slot]!;
    if (k === key || k === 0) return slot;
    slot = (slot + 1) & table.mask;
  }
}

function buildKeyTable(forms: NameForms[]): KeyTable {
  let pairKeys = new Int32Array(1 << 16);
  let pairTargets = new Int32Array(1 << 16);
  let count = 0;
  let target = 0;
  const emit: Emit = (key) => {
    if (count === pairKeys.length) {
      const keys = new Int32Array(count * 2);
      keys.set(pairKeys);
      pairKeys = keys;
      const targets = new Int32Array(count * 2);
      targets.set(pairTargets);
      pairTargets = targets;
    }
    pairKeys[count] = key;
    pairTargets[count] = target;
    count++;
  };
  for (target = 0; target < forms.length; target++) emitPopularKeys(forms[target]!, emit);
  let capacity = 1024;
  while (capacity < count * 2) capacity *= 2;
  const table: KeyTable = {
    bits: new Uint32Array(BITSET_BITS / 32),
    slotKeys: new Int32Array(capacity),
    slotStart: new Int32Array(capacity),
    slotCount: new Int32Array(capacity),
    postings: new Int32Array(count),
    mask: capacity - 1,
    size: 0,
    longest: forms.reduce((max, f) => Math.max(max, f.compact.length), 0),
  };
  for (let i = 0; i < count; i++) {
    const key = pairKeys[i]!;
    const slot = slotOf(table, key);
    if (table.slotKeys[slot] === 0) {
      table.slotKeys[slot] = key;
      table.size++;
      table.bits[(key & (BITSET_BITS - 1)) >>> 5]! |= 1 << (key & 31);
    }
    table.slotCount[slot]!++;
  }
  let at = 0;
  for (let slot = 0; slot <= table.mask; slot++) {
    table.slotStart[slot] = at;
    at += table.slotCount[slot]!;
    table.slotCount[slot] = 0;
  }
  for (let i = 0; i < count; i++) {
    const slot = slotOf(table, pairKeys[i]!);
    table.postings[table.slotStart[slot]! + table.slotCount[slot]!] = pairTargets[i]!;
    table.slotCount[slot]!++;
  }
  return table;
}

/** The key table of the whole list (and each popular name's forms), built once per index. */
export function keyTable(index: PopularIndex): KeyTable {
  if (!index.table) {
    const forms = index.names.map((entry) => nameForms(index.ecosystem, entry.name, entry.normalized));
    const byCore = new Map<string, number>();
    forms.forEach((f, i) => byCore.set(f.core.core, Math.max(byCore.get(f.core.core) ?? 0, index.names[i]!.downloads)));
    index.brandDownloads = forms.map((f, i) => Math.max(index.names[i]!.downloads, byCore.get(f.core.core) ?? 0));
    index.forms = forms;
    index.table = buildKeyTable(forms);
  }
  return index.table;
}

export function popularForms(index: PopularIndex, target: number): NameForms {
  keyTable(index);
  return index.forms![target]!;
}

/** One screened name's hits: each popular name (by index in `names`) that shares a key, and how. */
export interface KeyHits {
  /** Target indices, each once, in the order first hit. */
  targets: number[];
  /** Per target (parallel to `targets`): a bit per family that hit (`1 << FAMILY[f]`). */
  families: number[];
  /** Per target: where the popular name sits inside the screened name (start * 256 + length), or -1. */
  contained: number[];
}

let stampOf = new Int32Array(0);
let slotOfTarget = new Int32Array(0);
let stamp = 0;
// The lookup in progress (module state, so that the per-key callback allocates nothing).
let probeTable: KeyTable | undefined;
// Reused for every lookup: a caller reads the hits before it asks again (`keyHits` documents it).
const probeHits: KeyHits = { targets: [], families: [], contained: [] };
let probeFamily = 0;

function probe(key: number, detail: number): void {
  keysProbed++;
  const table = probeTable!;
  if ((table.bits[(key & (BITSET_BITS - 1)) >>> 5]! & (1 << (key & 31))) === 0) return;
  const slot = slotOf(table, key);
  if (table.slotKeys[slot] === 0) return;
  const hits = probeHits;
  const end = table.slotStart[slot]! + table.slotCount[slot]!;
  for (let p = table.slotStart[slot]!; p < end; p++) {
    const target = table.postings[p]!;
    let at: number;
    if (stampOf[target] !== stamp) {
      stampOf[target] = stamp;
      at = hits.targets.length;
      slotOfTarget[target] = at;
      hits.targets.push(target);
      hits.families.push(0);
      hits.contained.push(-1);
    } else at = slotOfTarget[target]!;
    hits.families[at]! |= 1 << probeFamily;
    if (detail >= 0 && hits.contained[at] === -1) hits.contained[at] = detail;
  }
}

let keysProbed = 0;
let longestFiled = Number.MAX_SAFE_INTEGER;

function labelFamily(family: number): void {
  probeFamily = family;
}

/**
 * Every popular name that shares a key with the name whose forms are given. The arrays are reused by the next
 * call: read them before asking again.
 */
export function keyHits(index: PopularIndex, forms: NameForms): KeyHits {
  const table = keyTable(index);
  if (stampOf.length < index.names.length) {
    stampOf = new Int32Array(index.names.length);
    slotOfTarget = new Int32Array(index.names.length);
    stamp = 0;
  }
  stamp++;
  probeTable = table;
  longestFiled = table.longest;
  probeHits.targets.length = 0;
  probeHits.families.length = 0;
  probeHits.contained.length = 0;
  keysProbed = 0;
  emitQueryKeys(forms, probe, labelFamily);
  countWork('names.keys', keysProbed);
  const hits = probeHits;
  probeTable = undefined;
  return hits;
}

/**
 * The screened name's side of each family, telling `label` the family before its keys: its own edit keys, core,
 * sound and letters; its compact form against reorderings and truncations; and every prefix and suffix of at least
 * MIN_CONTAINED_LENGTH that leaves something over, and the inner runs of whole words, against contained names (the
 * detail is start * 256 + length, so explain.ts knows where the popular name sits).
 */
function emitQueryKeys(forms: NameForms, emit: Emit, label: (family: number) => void): void {
  label(FAMILY.edit);
  if (forms.skeleton.length >= MIN_SLIP_LENGTH - 1) {
    emitEditKeys(forms.skeleton, emit);
    if (forms.compact !== forms.skeleton) emitEditKeys(forms.compact, emit);
    if (forms.collapsed !== forms.skeleton && forms.collapsed.length >= MIN_SLIP_LENGTH - 1) emitEditKeys(forms.collapsed, emit);
  } else {
    emit(familyKey(hashText(forms.skeleton), FAMILY.edit), -1);
  }
  label(FAMILY.core);
  emit(familyKey(hashText(forms.core.core), FAMILY.core), -1);
  label(FAMILY.sound);
  if (forms.soundLength >= MIN_SOUND_LENGTH) emit(familyKey(forms.soundKey, FAMILY.sound), -1);
  label(FAMILY.letters);
  if (forms.skeleton.length >= MIN_LETTERS_LENGTH) emit(familyKey(forms.lettersKey, FAMILY.letters), -1);
  const compact = forms.compact;
  const n = prepare(compact);
  const whole = prefix[n]!;
  label(FAMILY.order);
  emit(familyKey(whole, FAMILY.order), -1);
  label(FAMILY.truncate);
  emit(familyKey(whole, FAMILY.truncate), -1);
  label(FAMILY.contain);
  const words = forms.words;
  if (words.length === 1) {
    // One word: the popular name may be glued to anything (`easyrequests`, `httpxfaster`).
    // No popular name is longer than the longest one filed: longer prefixes and suffixes cannot match.
    for (let length = MIN_CONTAINED_LENGTH; length < n && length <= longestFiled; length++) {
      emit(familyKey(span(0, length), FAMILY.contain), length);
      emit(familyKey(span(n - length, n), FAMILY.contain), (n - length) * 256 + length);
    }
    return;
  }
  // Several words: runs of whole words with at most MAX_ADDED_WORDS words around them (`install-requests`,
  // `sys-scikit-learn`, `discordpy-updated`); a name of many words around a popular one is a description, not an
  // imitation.
  let at = 0;
  const starts = wordStarts;
  for (let i = 0; i < words.length; i++) {
    starts[i] = at;
    at += words[i]!.length;
  }
  starts[words.length] = at;
  const m = words.length;
  for (let first = 0; first <= MAX_ADDED_WORDS && first < m; first++) {
    for (let end = Math.max(first + 1, m - (MAX_ADDED_WORDS - first)); end <= m; end++) {
      if (end - first === m) continue;
      const a = starts[first]!;
      const b = starts[end]!;
      if (b - a >= MIN_CONTAINED_LENGTH) emit(familyKey(span(a, b), FAMILY.contain), a * 256 + (b - a));
    }
  }
  // And the last word extended (`crytic-compilers` of `crytic-compile`): prefixes ending inside it, a short tail over.
  const lastStart = starts[words.length - 1]!;
  for (let tail = 1; tail <= MAX_EXTENSION && n - tail > lastStart; tail++) emit(familyKey(span(0, n - tail), FAMILY.contain), n - tail);
}

/** Longest ending an extension adds to a last word (`ations`). */
export const MAX_EXTENSION = 6;

/** Most words an affix match may add around a popular name (`definitely-not-requests`). */
export const MAX_ADDED_WORDS = 2;
const wordStarts: number[] = [];

/** How many popular names use each word (`types` in `types-requests`...), built once per index. */
export function popularWordCounts(index: PopularIndex): Map<string, number> {
  if (!index.words) {
    const words = new Map<string, number>();
    for (const entry of index.names) for (const word of new Set(wordsOf(entry.normalized))) words.set(word, (words.get(word) ?? 0) + 1);
    index.words = words;
  }
  return index.words;
}

export function buildPopularIndex(ecosystem: Ecosystem, ranked: { name: string; downloads: number }[], snapshotDate: string): PopularIndex {
  const index: PopularIndex = { ecosystem, snapshotDate, names: [], byName: new Map() };
  for (const row of ranked) {
    const normalized = normalizeName(ecosystem, row.name);
    // A list may spell one project two ways; the better rank stands.
    if (normalized === '' || index.byName.has(normalized)) continue;
    const entry: PopularName = { name: row.name, normalized, rank: index.names.length + 1, downloads: row.downloads };
    index.names.push(entry);
    index.byName.set(normalized, entry);
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
