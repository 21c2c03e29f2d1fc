// Judges one proposed pair (a screened name, a popular name that shares a key with it; popular-index.ts): how was
// the name made from the popular one, if at all, in the taxonomy of Neupane et al. ("Beyond Typosquatting",
// USENIX Security 2023), and what does the model need to weigh it (name-model.ts). The explanation tried first is
// the most specific: a single slip before two, a marker before an affix. It also says in words why, so a reviewer
// can judge the finding (`install-requests`: requests plus the word 'install', which appears in 0.02% of PyPI names).
import { boundedOsaDistance, describeSingleEdit, type SingleEdit } from './edit-distance';
import { lettersForm, MARKER_WORDS, npmScope, soundForm } from './name-forms';
import { FAMILY, MIN_SLIP_LENGTH, popularWordCounts, scopelessCompact, truncations, type NameForms, type PopularIndex, type PopularName } from './popular-index';
import { FEATURE_INDEX, namespaceShare, wordCount, type FeatureName, type NameModel } from './name-model';
import { insertionBesideKey, substitutionCause, type SubstitutionCause } from './slip-plausibility';

export type TyposquatKind =
  | 'omitted-character'
  | 'repeated-character'
  | 'inserted-character'
  | 'swapped-characters'
  | 'substituted-character'
  | 'look-alike-characters'
  | 'delimiter-change'
  | 'two-edits'
  | 'ecosystem-marker'
  | 'version-squat'
  | 'reordered-words'
  | 'affix'
  | 'extension'
  | 'truncation'
  | 'homophone'
  | 'scope-confusion';

export const TYPOSQUAT_KINDS: readonly TyposquatKind[] = [
  'omitted-character',
  'repeated-character',
  'inserted-character',
  'swapped-characters',
  'substituted-character',
  'look-alike-characters',
  'delimiter-change',
  'two-edits',
  'ecosystem-marker',
  'version-squat',
  'reordered-words',
  'affix',
  'extension',
  'truncation',
  'homophone',
  'scope-confusion',
];

export function isTyposquatKind(value: unknown): value is TyposquatKind {
  return TYPOSQUAT_KINDS.includes(value as TyposquatKind);
}

/** How a screened name was made from one popular name: the kind, and what `describePair` needs to say it. */
export interface Judged {
  kind: TyposquatKind;
  /** Optimal-string-alignment distance of the compact forms (capped at 9). */
  distance: number;
  note: Note;
}

export type Note =
  | { via: 'delimiter' | 'collapsed' | 'core' | 'order' | 'letters' | 'sound' }
  | { via: 'look-alike'; slip: boolean }
  | { via: 'slip'; edit: SingleEdit; beside: boolean; cause: SubstitutionCause }
  | { via: 'contain'; viaCore: boolean; added: string[]; meaningful: string[]; before: string; after: string }
  | { via: 'truncate'; dropped: string; wholeWords: boolean };

const SLIP_KINDS = new Set<TyposquatKind>(['omitted-character', 'repeated-character', 'inserted-character', 'swapped-characters', 'substituted-character']);

/** Kinds made by changing characters (as opposed to words): their crowding is the target's one-slip neighbourhood. */
const CHARACTER_KINDS = new Set<TyposquatKind>([...SLIP_KINDS, 'two-edits', 'look-alike-characters', 'delimiter-change', 'homophone']);

/** Suffixes that extend a word rather than add one (`preprocess` -> `preprocessing`, `flag` -> `flags`). */
const WORD_ENDINGS = new Set(['s', 'es', 'er', 'ers', 'ing', 'ings', 'ed', 'ion', 'ions', 'ation', 'ations', 'ment', 'ments', 'or', 'ors', 'ly', 'y']);

const DIGITS_WORD = /^v?\d+$/;
/** Glued to the last word, this little is an ending (`compile` -> `compilers`), not a word of its own. */
const MAX_GLUED_ENDING = 3;

const log10p = (x: number) => Math.log10(1 + Math.max(0, x));

/** Everything judging needs besides the pair. */
export interface ExplainContext {
  index: PopularIndex;
  model: NameModel;
  /** Namespace names that use the screened name (compact) as a word: the same for all its pairs. */
  queryWordCount?: number;
}

const has = (families: number, family: number) => (families & (1 << family)) !== 0;

/**
 * Judges a proposed pair and writes its features into `features` (zeroed first; `name.other-targets` is left 0 for
 * the caller, who knows how many pairs the name has). Undefined when the name was not made from the target in
 * any way the taxonomy knows (the pair was proposed by a shared hash only).
 */
export function judgePair(context: ExplainContext, q: NameForms, target: PopularName, t: NameForms, families: number, contained: number, features: Float64Array): Judged | undefined {
  const qc = q.compact;
  const tc = t.compact;
  if (q.normalized === t.normalized) return undefined;
  features.fill(0);
  const distance = boundedOsaDistance(qc, tc, 9);
  const judged = judgeKind(context, q, t, families, contained, distance, features);
  if (!judged) return undefined;
  const model = context.model;
  features[FEATURE_INDEX.bias] = 1;
  // Scope confusion (npm) is weighed as what it is made of: a scope added is an affix, a scope dropped or
  // re-delimited a delimiter change, a scope misspelt a slip. PyPI has no scopes to fit a weight of its own on.
  features[FEATURE_INDEX[kindFeature(judged.kind)]] = 1;
  if (context.index.ecosystem === 'npm' && npmScope(q.normalized).scope !== npmScope(t.normalized).scope) judged.kind = 'scope-confusion';
  const popularity = Math.log10(Math.max(1, target.downloads)) - 6;
  features[FEATURE_INDEX['target.popularity']] = popularity;
  if (!CHARACTER_KINDS.has(judged.kind)) features[FEATURE_INDEX['word.popularity']] = popularity;
  const brand = context.index.brandDownloads?.[target.rank - 1] ?? target.downloads;
  features[FEATURE_INDEX['target.brand']] = Math.log10(Math.max(1, brand)) - Math.log10(Math.max(1, target.downloads));
  if (features[FEATURE_INDEX['change.count']] === 0) features[FEATURE_INDEX['change.count']] = 1;
  features[FEATURE_INDEX['target.short']] = Math.max(0, 8 - tc.length);
  features[FEATURE_INDEX['target.long']] = Math.max(0, tc.length - 8);
  const stats = model.targets.get(target.normalized) ?? model.typicalTarget;
  if (CHARACTER_KINDS.has(judged.kind)) features[FEATURE_INDEX['target.neighbours']] = log10p(stats[0]);
  else features[FEATURE_INDEX['target.family']] = log10p(stats[1]);
  features[FEATURE_INDEX['name.is-word']] = log10p(context.queryWordCount ?? wordCount(model, qc));
  return judged;
}

/**
 * The kind's family, which carries the kind's weight: one character-level change (a slip, a look-alike, a
 * delimiter, a homophone), two changes, words that add nothing (markers, version numbers, plural), word order,
 * added words (affixes, endings), truncation. A kind's own distinctions are plausibility features beside it
 * (`slip.look-alike`, `slip.delimiter`, `word.digits` ...), so a kind rare among real attacks is weighed with its
 * family rather than on the few examples it has.
 */
function kindFeature(kind: TyposquatKind): FeatureName {
  switch (kind) {
    case 'two-edits':
      return 'kind.two-edits';
    case 'ecosystem-marker':
    case 'version-squat':
      return 'kind.marker';
    case 'reordered-words':
      return 'kind.order';
    case 'affix':
    case 'extension':
      return 'kind.affix';
    case 'truncation':
      return 'kind.truncation';
    default:
      return 'kind.slip';
  }
}

function judgeKind(context: ExplainContext, q: NameForms, t: NameForms, families: number, contained: number, distance: number, f: Float64Array): Judged | undefined {
  const qc = q.compact;
  const tc = t.compact;
  if (has(families, FAMILY.edit)) {
    if (q.skeleton === t.skeleton) {
      if (qc === tc) {
        f[FEATURE_INDEX['slip.delimiter']] = 1;
        return { kind: 'delimiter-change', distance, note: { via: 'delimiter' } };
      }
      f[FEATURE_INDEX['slip.look-alike']] = 1;
      return { kind: 'look-alike-characters', distance, note: { via: 'look-alike', slip: false } };
    }
    if (distance === 1 && tc.length >= MIN_SLIP_LENGTH) return judgeSlip(qc, tc, distance, f);
    if ((q.skeleton !== qc || t.skeleton !== tc) && t.skeleton.length >= MIN_SLIP_LENGTH && boundedOsaDistance(q.skeleton, t.skeleton, 1) === 1) {
      f[FEATURE_INDEX['kind.two-edits']] = 1;
      f[FEATURE_INDEX['slip.look-alike']] = 1;
      f[FEATURE_INDEX['change.count']] = 2;
      return { kind: 'look-alike-characters', distance, note: { via: 'look-alike', slip: true } };
    }
    if (distance === 2 && t.collapsed.length > MIN_SLIP_LENGTH && boundedOsaDistance(q.collapsed, t.collapsed, 1) <= 1) {
      f[FEATURE_INDEX['slip.repeated']] = 1;
      f[FEATURE_INDEX['change.count']] = 2;
      return { kind: 'two-edits', distance, note: { via: 'collapsed' } };
    }
  }
  if (has(families, FAMILY.core) && q.core.core === t.core.core && qc !== tc) {
    const kind = coreKind(q, t);
    f[FEATURE_INDEX['change.count']] = coreChanges(q, t);
    if (kind === 'version-squat') f[FEATURE_INDEX['word.digits']] = 1;
    return { kind, distance, note: { via: 'core' } };
  }
  if (has(families, FAMILY.order) && sameWordsReordered(q, t)) return { kind: 'reordered-words', distance, note: { via: 'order' } };
  if (has(families, FAMILY.letters) && distance <= 3 && lettersForm(q.skeleton) === lettersForm(t.skeleton)) {
    f[FEATURE_INDEX['slip.swapped']] = 1;
    f[FEATURE_INDEX['change.count']] = 2;
    return { kind: 'two-edits', distance, note: { via: 'letters' } };
  }
  // Sounding alike is judged on names that also look close (same first letter, at most three edits apart): with
  // vowels folded, far-apart names sound alike by accident.
  if (has(families, FAMILY.sound) && qc[0] === tc[0] && distance <= 3 && soundForm(q.core.core) === soundForm(t.core.core)) {
    f[FEATURE_INDEX['change.count']] = 1 + coreChanges(q, t);
    f[FEATURE_INDEX['slip.sound-alike']] = 1;
    return { kind: 'homophone', distance, note: { via: 'sound' } };
  }
  if (has(families, FAMILY.contain) && contained >= 0) {
    const judged = judgeContained(context, q, t, contained, distance, f);
    if (judged) return judged;
  }
  if (has(families, FAMILY.truncate) && qc.length < tc.length && scopelessCompact(t.normalized) === qc) {
    return { kind: 'truncation', distance, note: { via: 'truncate', dropped: npmScope(t.normalized).scope ?? '', wholeWords: true } };
  }
  if (has(families, FAMILY.truncate) && qc.length < tc.length && truncations(t.words).includes(qc)) {
    let lead = '';
    let wholeWords = false;
    for (const word of t.words.slice(0, -1)) {
      lead += word;
      if (lead === qc) wholeWords = true;
    }
    return { kind: 'truncation', distance, note: { via: 'truncate', dropped: tc.slice(qc.length), wholeWords } };
  }
  return undefined;
}

function judgeSlip(qc: string, tc: string, distance: number, f: Float64Array): Judged {
  const edit = describeSingleEdit(tc, qc);
  let beside = false;
  let cause: SubstitutionCause = 'none';
  if (edit.index === 0) f[FEATURE_INDEX['slip.first-character']] = 1;
  if (isDigit(edit.from) || isDigit(edit.to)) f[FEATURE_INDEX['slip.digit']] = 1;
  // An s added or dropped at the end of a word (`emoji-country-flags`, `aiostreams`): a plural.
  if ((edit.to === 's' && endsWord(qc, edit.index + 1)) || (edit.from === 's' && endsWord(tc, edit.index + 1))) f[FEATURE_INDEX['slip.plural']] = 1;
  switch (edit.kind) {
    case 'omitted-character':
      if (tc.includes(edit.from + edit.from)) f[FEATURE_INDEX['slip.doubled-omitted']] = 1;
      break;
    case 'repeated-character':
      f[FEATURE_INDEX['slip.repeated']] = 1;
      break;
    case 'inserted-character':
      beside = insertionBesideKey(edit.to, qc[edit.index - 1], qc[edit.index + 1]);
      if (beside) f[FEATURE_INDEX['slip.inserted-beside']] = 1;
      break;
    case 'swapped-characters':
      f[FEATURE_INDEX['slip.swapped']] = 1;
      break;
    default:
      cause = substitutionCause(edit.from, edit.to);
      f[FEATURE_INDEX[cause === 'keyboard' ? 'slip.keyboard' : cause === 'look-alike' ? 'slip.look-alike' : cause === 'sound-alike' ? 'slip.sound-alike' : 'slip.other-substitution']] = 1;
  }
  return { kind: edit.kind, distance, note: { via: 'slip', edit, beside, cause } };
}

/** How many parts of the core differ: the marker at either end, the version number, plural `s`. */
function isDigit(text: string): boolean {
  return text.length === 1 && text >= '0' && text <= '9';
}

/** Whether position i of a compact name ends a word: the end, or a digit follows. */
function endsWord(compact: string, i: number): boolean {
  return i >= compact.length || isDigit(compact[i]!);
}

function coreChanges(q: NameForms, t: NameForms): number {
  return (
    Number(q.core.prefixMarker !== t.core.prefixMarker) + Number(q.core.suffixMarker !== t.core.suffixMarker) + Number(q.core.version !== t.core.version) + Number(q.core.plural !== t.core.plural)
  );
}

function coreKind(q: NameForms, t: NameForms): TyposquatKind {
  if (q.core.prefixMarker !== t.core.prefixMarker || q.core.suffixMarker !== t.core.suffixMarker) return 'ecosystem-marker';
  if (q.core.version !== t.core.version) return 'version-squat';
  return 'extension';
}

function sameWordsReordered(q: NameForms, t: NameForms): boolean {
  if (t.words.length < 2 || q.compact.length !== t.compact.length || q.compact === t.compact) return false;
  if (q.words.length === t.words.length && [...q.words].sort().join('-') === [...t.words].sort().join('-')) return true;
  // Glued or re-delimited: some order of the popular name's words, glued, is the screened name.
  return gluedOrders(t.words).has(q.compact);
}

function gluedOrders(words: string[]): Set<string> {
  const out = new Set<string>();
  const walk = (rest: string[], taken: string) => {
    if (rest.length === 0) out.add(taken);
    for (let i = 0; i < rest.length; i++) walk([...rest.slice(0, i), ...rest.slice(i + 1)], taken + rest[i]);
  };
  if (words.length <= 4) walk(words, '');
  return out;
}

/**
 * The popular name sits inside the screened one at `contained` (start * 256 + length of the compact form): what was
 * added around it, in the screened name's own words where its separators allow, else as glued text.
 */
function judgeContained(context: ExplainContext, q: NameForms, t: NameForms, contained: number, distance: number, f: Float64Array): Judged | undefined {
  // Arithmetic, not bit operations: a hostile name may be longer than 2^23 characters.
  const start = Math.floor(contained / 256);
  const length = contained % 256;
  const qc = q.compact;
  const inside = qc.slice(start, start + length);
  const viaCore = inside !== t.compact;
  if (viaCore && inside !== t.core.core) return undefined;
  const before = qc.slice(0, start);
  const after = qc.slice(start + length);
  const added: string[] = [];
  let offset = 0;
  let startsWord = false;
  let endsWord = false;
  for (const word of q.words) {
    if (offset === start) startsWord = true;
    offset += word.length;
    if (offset === start + length) endsWord = true;
  }
  const aligned = startsWord && endsWord;
  if (aligned) {
    offset = 0;
    for (const word of q.words) {
      if (offset < start || offset >= start + length) added.push(word);
      offset += word.length;
    }
  } else {
    if (before) added.push(before);
    if (after) added.push(after);
  }
  if (added.length === 0) return undefined;
  const meaningful = added.filter((w) => !MARKER_WORDS.has(w));
  const note = { via: 'contain' as const, viaCore, added, meaningful, before, after };
  f[FEATURE_INDEX['word.count']] = Math.max(1, meaningful.length);
  f[FEATURE_INDEX['change.count']] = Math.max(1, meaningful.length) + Number(viaCore);
  if (before !== '') f[FEATURE_INDEX['word.before']] = 1;
  if (added.some((w) => DIGITS_WORD.test(w))) f[FEATURE_INDEX['word.digits']] = 1;
  if (before === '' && added.every((w) => DIGITS_WORD.test(w))) return { kind: 'version-squat', distance, note };
  if (meaningful.length === 0) return { kind: 'ecosystem-marker', distance, note };
  const model = context.model;
  const popularWords = popularWordCounts(context.index);
  let ns = 0;
  let affixes = 0;
  let popular = 0;
  for (const w of meaningful) {
    ns += log10p(wordCount(model, w));
    affixes += log10p(model.affixWords.get(w) ?? 0);
    popular += log10p(popularWords.get(w) ?? 0);
  }
  f[FEATURE_INDEX['word.namespace']] = ns / meaningful.length;
  f[FEATURE_INDEX['word.affixes']] = affixes / meaningful.length;
  f[FEATURE_INDEX['word.popular']] = popular / meaningful.length;
  if (!aligned && before === '' && (WORD_ENDINGS.has(after) || after.length <= MAX_GLUED_ENDING)) return { kind: 'extension', distance, note };
  return { kind: 'affix', distance, note };
}

/** What changed, briefly, and why the pair is suspect, in words (without the popularity: the finding adds it). */
export function describePair(context: ExplainContext, q: NameForms, t: NameForms, judged: Judged): { detail: string; why: string } {
  const name = q.asWritten;
  const target = t.asWritten;
  const out = describeNote(context, q, t, judged);
  if (judged.kind === 'scope-confusion') {
    const qs = npmScope(q.normalized);
    const ts = npmScope(t.normalized);
    const what = ts.scope === undefined ? `the scope '@${qs.scope}' added` : qs.scope === undefined ? `its scope '@${ts.scope}' dropped` : `its scope '@${ts.scope}' changed to '@${qs.scope}'`;
    const also = qs.bare !== ts.bare && judged.note.via !== 'contain' && judged.note.via !== 'delimiter' ? `, and ${out.detail}` : '';
    return { detail: `${what}${also}`, why: `${name} is ${target} with ${what}${also}` };
  }
  return out;
}

function describeNote(context: ExplainContext, q: NameForms, t: NameForms, judged: Judged): { detail: string; why: string } {
  const name = q.asWritten;
  const target = t.asWritten;
  const note = judged.note;
  switch (note.via) {
    case 'delimiter':
      return { detail: 'word separators changed', why: `${name} is ${target} with its word separators changed` };
    case 'look-alike': {
      const pairs = lookAlikePairs(q, t);
      return note.slip ? { detail: `${pairs}, and one slip`, why: `${name} reads as ${target} with one slip: ${pairs}` } : { detail: pairs, why: `${name} reads as ${target}: ${pairs}` };
    }
    case 'slip':
      return describeSlip(name, target, note.edit, note.beside, note.cause);
    case 'collapsed':
      return { detail: 'a letter typed more or fewer times, and one slip', why: `${name} is two slips from ${target}: a letter typed more or fewer times, and one more` };
    case 'letters':
      return { detail: 'characters moved', why: `${name} is ${target} with characters moved` };
    case 'sound':
      return { detail: 'spelt as it sounds', why: `${name} sounds like ${target} (an alternate spelling)` };
    case 'order':
      return { detail: 'words in another order', why: `${name} has the words of ${target} in another order` };
    case 'core':
      return describeCore(name, target, q, t, judged.kind);
    case 'truncate':
      return note.wholeWords
        ? { detail: `without '${note.dropped}'`, why: `${name} is ${target} without its last word${t.words.length > 2 && note.dropped.length > t.words[t.words.length - 1]!.length ? 's' : ''} ('${note.dropped}')` }
        : { detail: `cut short by '${note.dropped}'`, why: `${name} is ${target} cut short (without '${note.dropped}')` };
    case 'contain':
      return describeContained(context, name, target, t, judged.kind, note);
  }
}

function describeSlip(name: string, target: string, edit: SingleEdit, beside: boolean, cause: SubstitutionCause): { detail: string; why: string } {
  switch (edit.kind) {
    case 'omitted-character':
      return { detail: `'${edit.from}' left out`, why: `${name} is ${target} with '${edit.from}' left out` };
    case 'repeated-character':
      return { detail: `'${edit.to}' typed twice`, why: `${name} is ${target} with '${edit.to}' typed twice` };
    case 'inserted-character':
      return { detail: `'${edit.to}' added${beside ? ' (a key beside its neighbour)' : ''}`, why: `${name} is ${target} with '${edit.to}' added${beside ? ', a key beside its neighbour' : ''}` };
    case 'swapped-characters':
      return { detail: `'${edit.from}' typed as '${edit.to}'`, why: `${name} is ${target} with '${edit.from}' typed as '${edit.to}'` };
    default: {
      const because = { keyboard: 'its keyboard neighbour', 'look-alike': 'which looks alike', 'sound-alike': 'which sounds alike', none: '' }[cause];
      return { detail: `'${edit.to}' for '${edit.from}'${because ? ` (${because})` : ''}`, why: `${name} is ${target} with '${edit.from}' replaced by '${edit.to}'${because ? `, ${because}` : ''}` };
    }
  }
}

/** The characters that differ between the names as written, as `'0' for 'o'`. */
function lookAlikePairs(q: NameForms, t: NameForms): string {
  const written = q.asWritten.replace(/[-_.@/]+/g, '');
  const meant = t.compact;
  const pairs: string[] = [];
  for (const [from, to] of [
    ['0', 'o'],
    ['1', 'l'],
    ['I', 'l'],
    ['|', 'l'],
    ['rn', 'm'],
    ['vv', 'w'],
  ] as const) {
    if (written.includes(from) && !meant.includes(from) && meant.includes(to)) pairs.push(`'${from}' for '${to}'`);
  }
  return pairs.length > 0 ? pairs.join(', ') : 'characters that look alike';
}

function describeCore(name: string, target: string, q: NameForms, t: NameForms, kind: TyposquatKind): { detail: string; why: string } {
  const markers = (core: NameForms['core']) => [core.prefixMarker === undefined ? '' : `${core.prefixMarker}-`, core.suffixMarker === undefined ? '' : `-${core.suffixMarker}`].filter(Boolean);
  const qm = markers(q.core);
  const tm = markers(t.core);
  const quoted = (list: string[]) => `'${list.join("' and '")}'`;
  const versionNote = q.core.version !== t.core.version ? (q.core.version === undefined ? `, version number '${t.core.version}' dropped` : `, version number '${q.core.version}'`) : '';
  if (kind === 'ecosystem-marker') {
    const what = tm.length === 0 ? `the ecosystem marker ${quoted(qm)} added` : qm.length === 0 ? `its ecosystem marker ${quoted(tm)} dropped` : `its ecosystem marker ${quoted(tm)} swapped for ${quoted(qm)}`;
    return { detail: `${what}${versionNote}`, why: `${name} is ${target} with ${what}${versionNote}` };
  }
  if (kind === 'version-squat') {
    const what = t.core.version === undefined ? `the version number '${q.core.version}' added` : q.core.version === undefined ? `its version number '${t.core.version}' dropped` : `its version number '${t.core.version}' changed to '${q.core.version}'`;
    return { detail: what, why: `${name} is ${target} with ${what}` };
  }
  return { detail: 'plural', why: `${name} is ${target} with its words made plural or singular` };
}

function describeContained(context: ExplainContext, name: string, target: string, t: NameForms, kind: TyposquatKind, note: Extract<Note, { via: 'contain' }>): { detail: string; why: string } {
  const viaNote = note.viaCore ? ` (${t.core.version ? `and its version number '${t.core.version}' dropped` : 'and its marker dropped'})` : '';
  if (kind === 'version-squat' || (kind === 'scope-confusion' && note.added.every((w) => DIGITS_WORD.test(w)))) {
    return { detail: `version number '${note.added.join('')}' added`, why: `${name} is ${target} with the version number '${note.added.join('')}' added${viaNote}` };
  }
  if (kind === 'ecosystem-marker') {
    return { detail: `marker '${note.added.join("' and '")}' added`, why: `${name} is ${target} with the ecosystem marker '${note.added.join("' and '")}' added${viaNote}` };
  }
  if (kind === 'extension') return { detail: `'${note.after}' added to its last word`, why: `${name} is ${target} with '${note.after}' added to its last word${viaNote}` };
  const model = context.model;
  const words = note.meaningful;
  const described = words.map((w) => `'${w}'`).join(' and ');
  const share = words.length === 1 ? `, which appears in ${namespaceShare(model, wordCount(model, words[0]!))}` : ` (${words.map((w) => `'${w}' in ${namespaceShare(model, wordCount(model, w))}`).join(', ')})`;
  const where = note.before && note.after ? 'words' : note.before ? 'prefix' : 'suffix';
  return { detail: `${where} ${described}`, why: `${name} is ${target} plus the word${words.length > 1 ? 's' : ''} ${described}${share}${viaNote}` };
}
