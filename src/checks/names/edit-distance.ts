// Bounded optimal-string-alignment distance (Damerau-Levenshtein restricted to one edit per substring): an adjacent
// swap costs one edit, as a typist's slip does. fastest-levenshtein charges it two, so it cannot tell `reqeusts`
// (one slip) from `reqXYsts`. Bounded: gives up as soon as the distance must exceed `max`, which keeps screening
// a whole registry fast. The three rows are reused across calls (the screen runs this on every candidate pair).

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/** The OSA distance of a and b, or `max + 1` when it is larger than `max`. */
export function boundedOsaDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (rowA.length < lb + 1) {
    rowA = new Int32Array(2 * lb + 2);
    rowB = new Int32Array(2 * lb + 2);
    rowC = new Int32Array(2 * lb + 2);
  }
  let prevPrev = rowA;
  let prev = rowB;
  let current = rowC;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let value = prev[j - 1]! + (ca === cb ? 0 : 1);
      const up = prev[j]! + 1;
      if (up < value) value = up;
      const left = current[j - 1]! + 1;
      if (left < value) value = left;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        const swap = prevPrev[j - 2]! + 1;
        if (swap < value) value = swap;
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const spare = prevPrev;
    prevPrev = prev;
    prev = current;
    current = spare;
  }
  return Math.min(prev[lb]!, max + 1);
}

/** What one edit turned `target` into `name`: the kind of slip, for the finding's evidence. */
export type EditKind = 'omitted-character' | 'repeated-character' | 'inserted-character' | 'swapped-characters' | 'substituted-character';

/** One slip located: its kind, where it happened in the target, and the characters involved. */
export interface SingleEdit {
  kind: EditKind;
  /** Index in the target where the names start to differ. */
  index: number;
  /** The target's character(s) there (omitted, substituted, or the swapped pair); '' for an insertion. */
  from: string;
  /** The name's character(s) there (inserted, substituting, or the swapped pair); '' for an omission. */
  to: string;
}

/** Locates and classifies a single edit (OSA distance 1) from the popular name `target` to `name`. */
export function describeSingleEdit(target: string, name: string): SingleEdit {
  let i = 0;
  while (i < name.length && i < target.length && name[i] === target[i]) i++;
  if (name.length === target.length - 1) {
    // Omitted: `urlib3`. Report the first position the omission can be placed at.
    return { kind: 'omitted-character', index: i, from: target[i] ?? '', to: '' };
  }
  if (name.length === target.length + 1) {
    const inserted = name[i] ?? '';
    // The inserted character repeats its neighbour (`reequests`, `requestss`) or is new.
    const repeated = inserted === name[i - 1] || inserted === name[i + 1];
    return { kind: repeated ? 'repeated-character' : 'inserted-character', index: i, from: '', to: inserted };
  }
  if (name[i + 1] === target[i] && name[i] === target[i + 1] && name.slice(i + 2) === target.slice(i + 2)) {
    return { kind: 'swapped-characters', index: i, from: target.slice(i, i + 2), to: name.slice(i, i + 2) };
  }
  return { kind: 'substituted-character', index: i, from: target[i] ?? '', to: name[i] ?? '' };
}

/** Classifies a single edit (distance 1) from the popular name to the candidate. */
export function singleEditKind(target: string, name: string): EditKind {
  return describeSingleEdit(target, name).kind;
}
