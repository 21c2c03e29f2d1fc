// The forms of a package name the screen compares, each folding away one thing a confused user does not see
// (Neupane et al., "Beyond Typosquatting", USENIX Security 2023, sort real confusion attacks by these):
//  - compact: delimiters (and npm's `@` and `/`) removed, so `python_date-util` and `pythondateutil` meet;
//  - skeleton: characters that read alike folded to one (`I`/`1`/`|` -> `l`, `0` -> `o`, `rn` -> `m`, `vv` -> `w`);
//  - collapsed: runs of one letter cut to one (`urlllib` and `urllib3` differ by one edit once collapsed);
//  - core: ecosystem markers (`py`, `python3-`, `-lib`, `js`, `node-` ...), a trailing version number and plural
//    `s` removed (`python3-boto3`, `liblxml3`, `torchs-visions` meet `boto3`, `lxml`, `torchvision`);
//  - sound: the core spelt as it sounds (vowel runs as one vowel, `c`/`k`/`q`, `s`/`z`, `ph`/`f`), so
//    `pycerial`, `colouramas` and `BeautifulSoop` meet `pyserial`, `colorama` and `beautifulsoup`;
//  - letters: the letters in sorted order, for characters moved further than one place (`bo3to`).
// Everything here is pure string work on one name; which forms are compared with which is popular-index.ts.

/** Characters that separate words in a normalized name (PEP 503 leaves `-`; npm names keep `_`, `.`, `@`, `/`). */
const SEPARATOR = /[-_.@/]+/;
const SEPARATOR_GLOBAL = /[-_.@/]+/g;
const HAS_SEPARATOR = /[-_.@/]/;

/** The name without delimiters: `python-dateutil` -> `pythondateutil`, `@types/node` -> `typesnode`. */
export function compactForm(normalized: string): string {
  return HAS_SEPARATOR.test(normalized) ? normalized.replace(SEPARATOR_GLOBAL, '') : normalized;
}

/** The delimited words of a normalized name (`@types/node` -> `types`, `node`). */
export function wordsOf(normalized: string): string[] {
  return HAS_SEPARATOR.test(normalized) ? normalized.split(SEPARATOR).filter((w) => w !== '') : [normalized];
}

// Capital I only (a lower-case i looks like nothing else); rn and vv in any case, as the skeleton lower-cases first.
const LOOK_ALIKE_SOURCES = /[I1|0]|[rR][nN]|[vV][vV]/;

/**
 * The look-alike skeleton of a name as written: characters that read alike in a package list map to one form
 * (`I`/`1`/`|` -> `l`, `0` -> `o`, `rn` -> `m`, `vv` -> `w`), then case and delimiters are dropped.
 */
export function skeletonForm(asWritten: string): string {
  if (!LOOK_ALIKE_SOURCES.test(asWritten)) return compactForm(asWritten.toLowerCase());
  return compactForm(
    asWritten
      .replace(/[I1|]/g, 'l')
      .replace(/0/g, 'o')
      .toLowerCase()
      .replace(/rn/g, 'm')
      .replace(/vv/g, 'w'),
  );
}

/** Whether the name as written has characters the skeleton folds (most names do not). */
export function hasLookAlikeCharacters(asWritten: string): boolean {
  return LOOK_ALIKE_SOURCES.test(asWritten);
}

/** Runs of one character cut to one: `urlllib` -> `urlib`. */
export function collapsedForm(text: string): string {
  if (!hasRepeatedCharacter(text)) return text;
  let out = text[0] ?? '';
  for (let i = 1; i < text.length; i++) if (text.charCodeAt(i) !== text.charCodeAt(i - 1)) out += text[i];
  return out;
}

export function hasRepeatedCharacter(text: string): boolean {
  for (let i = 1; i < text.length; i++) if (text.charCodeAt(i) === text.charCodeAt(i - 1)) return true;
  return false;
}

/**
 * Ecosystem markers: words that say which language or registry a package is for, and so add nothing to what it
 * is (the issue's list, Neupane et al.'s "ecosystem" category). As whole words at either end: `python-yaml`,
 * `python3-kivy`, `brotli-python`, `node-fabric`, `cross-env.js`; glued to the first word: `pyyaml`, `python3foo`,
 * `liblxml`; glued to the last word: `stripepy`, `cryptographylib`, `typescriptjs`. `node` is only a whole word:
 * glued, it is the start of too many names (`nodemon`).
 */
export const MARKER_WORDS = new Set(['python', 'python2', 'python3', 'py', 'py2', 'py3', 'lib', 'js', 'node', 'nodejs']);
const GLUED_PREFIXES = ['python3', 'python2', 'python', 'py3', 'py2', 'py', 'lib'];
const GLUED_SUFFIXES = ['python', 'py', 'lib', 'js'];
/** A core shorter than this is kept whole: `py-re` is not a marker on `re`. */
const MIN_CORE = 3;

/** What the core of a name left out, for the explanation of a marker or version match. */
export interface CoreForm {
  /** The compact core: markers, a trailing version number and plural `s` removed. */
  core: string;
  /** The marker removed at the start, as it was written (`python3`, `py`, `lib`). */
  prefixMarker?: string;
  /** The marker removed at the end. */
  suffixMarker?: string;
  /** A trailing version number removed (`3` of `boto3`, `2` of `telethon2`, `v2`). */
  version?: string;
  /** Whether a plural `s` was removed from any word. */
  plural: boolean;
}

function gluedPrefix(word: string): string | undefined {
  for (const marker of GLUED_PREFIXES) if (word.length - marker.length >= MIN_CORE && word.startsWith(marker)) return marker;
  return undefined;
}

function gluedSuffix(word: string): string | undefined {
  for (const marker of GLUED_SUFFIXES) if (word.length - marker.length >= MIN_CORE && word.endsWith(marker)) return marker;
  return undefined;
}

/** A version number is short (`3`, `v2`, `365`); longer digit runs are dates, ids or part numbers. */
const VERSION_WORD = /^v?\d{1,3}$/;
const TRAILING_DIGITS = /\d+$/;
const MAX_VERSION_DIGITS = 3;

/** Whether a name of one word has anything for `coreForm` to remove (most names do not). */
function plainWord(word: string): boolean {
  const last = word.charCodeAt(word.length - 1);
  if (last === 115 /* s */ || (last >= 48 && last <= 57) /* digit */) return false;
  if (word.startsWith('py') || word.startsWith('lib')) return false;
  return !GLUED_SUFFIXES.some((m) => word.endsWith(m));
}

/** The core of a normalized name: see `CoreForm`. */
export function coreForm(normalized: string, wordsOfName?: readonly string[]): CoreForm {
  if (!HAS_SEPARATOR.test(normalized) && plainWord(normalized)) return { core: normalized, plural: false };
  // The caller's words when it has them (a copy: markers and versions are taken off below).
  const words = wordsOfName ? wordsOfName.slice() : wordsOf(normalized);
  const out: CoreForm = { core: '', plural: false };
  // Markers, one at each end.
  if (words.length > 1 && MARKER_WORDS.has(words[0]!)) out.prefixMarker = words.shift()!;
  else {
    const marker = gluedPrefix(words[0]!);
    if (marker) {
      out.prefixMarker = marker;
      words[0] = words[0]!.slice(marker.length);
    }
  }
  if (words.length > 1 && MARKER_WORDS.has(words[words.length - 1]!)) out.suffixMarker = words.pop()!;
  else {
    const last = words[words.length - 1]!;
    const marker = gluedSuffix(last);
    if (marker) {
      out.suffixMarker = marker;
      words[words.length - 1] = last.slice(0, -marker.length);
    }
  }
  // A version number: a last word of digits (`aiogram-3`, `foo-v2`) or digits ending the last word (`boto3`).
  const last = words[words.length - 1]!;
  if (words.length > 1 && VERSION_WORD.test(last)) out.version = words.pop()!;
  else {
    const digits = TRAILING_DIGITS.exec(last);
    if (digits && digits[0].length <= MAX_VERSION_DIGITS && last.length - digits[0].length >= MIN_CORE) {
      out.version = digits[0];
      words[words.length - 1] = last.slice(0, -digits[0].length);
    }
  }
  // Plural s on any word of four letters or more (not `ss`: `class`, `boss`).
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.length >= 4 && word.charCodeAt(word.length - 1) === 115 /* s */ && word.charCodeAt(word.length - 2) !== 115) {
      words[i] = word.slice(0, -1);
      out.plural = true;
    }
  }
  out.core = words.join('');
  if (out.core.length < MIN_CORE) return { core: compactForm(normalized), plural: false };
  return out;
}

/** Receives the characters of a derived form one by one (a string builder, or a hash). */
type Sink = (code: number) => void;

const A = 97;
const IS_VOWEL = new Uint8Array(128);
for (const c of 'aeiouy') IS_VOWEL[c.charCodeAt(0)] = 1;

/** Writes the sound form of `text` into `sink` (see `soundForm`). */
function sound(text: string, sink: Sink): void {
  let last = -1;
  const push = (code: number) => {
    if (code !== last) sink(code);
    last = code;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
    if (c < 128 && IS_VOWEL[c] === 1) push(A);
    else if (c === 112 /* p */ && next === 104 /* h */) {
      push(102 /* f */);
      i++;
    } else if (c === 99 /* c */) {
      if (next === 107 /* k */) {
        push(107);
        i++;
      } else push(next === 101 || next === 105 || next === 121 /* e i y */ ? 115 /* s */ : 107 /* k */);
    } else if (c === 113 /* q */) push(107);
    else if (c === 120 /* x */) {
      push(107);
      push(115);
    } else if (c === 122 /* z */) push(115);
    else push(c);
  }
}

/**
 * The name as it sounds (a rough English reading, enough for the alternate spellings attackers use): vowel runs
 * become one `a`, `ph` -> `f`, `ck`/`q` -> `k`, `c` -> `s` before e/i/y and `k` elsewhere, `x` -> `ks`, `z` -> `s`,
 * and a consonant written twice counts once. `pyserial`, `pycerial` and `pysereal` sound alike; so do `colorama`
 * and `colourama`.
 */
export function soundForm(text: string): string {
  let out = '';
  sound(text, (code) => {
    out += String.fromCharCode(code);
  });
  return out;
}

/** The letters of a name in sorted order: names that differ only by where characters stand share it. */
export function lettersForm(text: string): string {
  return text.length < 2 ? text : [...text].sort().join('');
}

// Hashes of the derived forms without building them (the screen derives them for every name it screens): the
// same polynomial as `hashText` in popular-index.ts, so a form's hash equals the hash of the form's string.
const HASH_BASE = 0x01000193;
let hashState = 0;
const hashSink: Sink = (code) => {
  hashState = (Math.imul(hashState, HASH_BASE) + code) | 0;
};

/** The hash of `soundForm(text)`, and its length (a sound form under three sounds is not compared). */
export function soundHash(text: string): { hash: number; length: number } {
  hashState = 0;
  let length = 0;
  sound(text, (code) => {
    hashSink(code);
    length++;
  });
  return { hash: hashState, length };
}

const letterCounts = new Int32Array(128);

/** The hash of `lettersForm(text)`: a counting sort of the characters, hashed in order. */
export function lettersHash(text: string): number {
  let low = 128;
  let high = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) {
      // Outside ASCII (rare in package names): sort the string itself.
      for (let j = low; j <= high; j++) letterCounts[j] = 0;
      let h = 0;
      const sorted = lettersForm(text);
      for (let j = 0; j < sorted.length; j++) h = (Math.imul(h, HASH_BASE) + sorted.charCodeAt(j)) | 0;
      return h;
    }
    letterCounts[c]!++;
    if (c < low) low = c;
    if (c > high) high = c;
  }
  let h = 0;
  for (let c = low; c <= high; c++) {
    for (let k = letterCounts[c]!; k > 0; k--) h = (Math.imul(h, HASH_BASE) + c) | 0;
    letterCounts[c] = 0;
  }
  return h;
}

/** npm: `@scope/name` split; undefined scope for an unscoped name. */
export function npmScope(normalized: string): { scope: string | undefined; bare: string } {
  if (normalized.startsWith('@')) {
    const slash = normalized.indexOf('/');
    if (slash > 1) return { scope: normalized.slice(1, slash), bare: normalized.slice(slash + 1) };
  }
  return { scope: undefined, bare: normalized };
}
