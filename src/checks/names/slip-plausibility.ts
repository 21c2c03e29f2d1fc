// How plausible one substituted or inserted character is, by its cause. A typist hits a neighbouring key
// (`emoki` for `emoji`: k is beside j on a QWERTY keyboard); a reader confuses characters that look alike in a
// package list (`l`/`1`/`i`, `0`/`o`); a speller writes what the name sounds like (a vowel for another,
// `c`/`k`/`s`, `i`/`y`). These are the generators typosquatting tools and datasets use (dnstwist's and
// andrew/typosquatting's "replacement", "homoglyph" and "vowel_swap"); a substitution with none of these causes
// (`requzsts`) is still a slip, only a less likely one. The score weighs each cause with a weight fitted on real
// attacks (docs/names.md); this file only says which causes apply. Multi-character look-alikes (`rn`/`m`,
// `vv`/`w`) are folded by the look-alike skeleton (name-forms.ts).

/** QWERTY rows; each row is offset half a key to the right of the one above. */
const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

const ADJACENT = new Set<string>();
(function buildAdjacency() {
  const position = new Map<string, [number, number]>();
  ROWS.forEach((row, r) => [...row].forEach((ch, c) => position.set(ch, [r, c])));
  const at = (r: number, c: number): string | undefined => ROWS[r]?.[c];
  for (const [ch, [r, c]] of position) {
    // Same row either side; the row above at c and c+1; the row below at c-1 and c (staggered rows).
    for (const other of [at(r, c - 1), at(r, c + 1), at(r - 1, c), at(r - 1, c + 1), at(r + 1, c - 1), at(r + 1, c)]) {
      if (other) ADJACENT.add(ch + other).add(other + ch);
    }
  }
})();

/** Single characters that read alike in a package list or a terminal font. */
const LOOK_ALIKE_GROUPS = ['l1i|', 'o0', 's5', 'e3', 'a4', 'b8', 'g9q', 'z2', 't7', 'uv'];
const LOOK_ALIKE = new Set<string>();
for (const group of LOOK_ALIKE_GROUPS) for (const a of group) for (const b of group) if (a !== b) LOOK_ALIKE.add(a + b);

/** Characters that stand for one sound in English spelling: vowels among themselves, c/k/q, c/s/z, g/j. */
const SOUND_ALIKE_GROUPS = ['aeiouy', 'ckq', 'csz', 'gj', 'fv'];
const SOUND_ALIKE = new Set<string>();
for (const group of SOUND_ALIKE_GROUPS) for (const a of group) for (const b of group) if (a !== b) SOUND_ALIKE.add(a + b);

export function keyboardNeighbours(a: string, b: string): boolean {
  return ADJACENT.has(a + b);
}

export function looksAlike(a: string, b: string): boolean {
  return LOOK_ALIKE.has(a + b);
}

export function soundsAlike(a: string, b: string): boolean {
  return SOUND_ALIKE.has(a + b);
}

export type SubstitutionCause = 'keyboard' | 'look-alike' | 'sound-alike' | 'none';

/** Why a typist or reader would put `written` where `meant` belongs; the most telling cause first. */
export function substitutionCause(meant: string, written: string): SubstitutionCause {
  if (looksAlike(meant, written)) return 'look-alike';
  if (keyboardNeighbours(meant, written)) return 'keyboard';
  if (soundsAlike(meant, written)) return 'sound-alike';
  return 'none';
}

/** An inserted character is a fat-finger slip when it sits beside a key its neighbour in the name was typed with. */
export function insertionBesideKey(inserted: string, before: string | undefined, after: string | undefined): boolean {
  return (before !== undefined && keyboardNeighbours(inserted, before)) || (after !== undefined && keyboardNeighbours(inserted, after));
}
