// Bounded optimal-string-alignment distance (Damerau-Levenshtein restricted to one edit per substring): an adjacent
// swap costs one edit, as a typist's slip does. fastest-levenshtein charges it two, so it cannot tell `reqeusts`
// (one slip) from `reqXYsts`. Bounded: gives up as soon as the distance must exceed `max`, which keeps screening
// a whole registry fast.

/** The OSA distance of a and b, or `max + 1` when it is larger than `max`. */
export function boundedOsaDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  let prevPrev = new Array<number>(lb + 1).fill(0);
  let prev = Array.from({ length: lb + 1 }, (_, j) => j);
  let current = new Array<number>(lb + 1).fill(0);
  for (let i = 1; i <= la; i++) {
    current[0] = i;
    let rowMin = current[0];
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let value = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) value = Math.min(value, prevPrev[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, current] = [prev, current, prevPrev];
  }
  return Math.min(prev[lb]!, max + 1);
}

/** What one edit turned `target` into `name`: the kind of slip, for the finding's evidence. */
export type EditKind = 'omitted-character' | 'repeated-character' | 'inserted-character' | 'swapped-characters' | 'substituted-character';

/** Classifies a single edit (distance 1) from the popular name to the candidate. */
export function singleEditKind(target: string, name: string): EditKind {
  if (name.length === target.length - 1) return 'omitted-character';
  if (name.length === target.length + 1) {
    // The inserted character repeats its neighbour (`reequests`) or is new (`requestss` counts as repeated too).
    for (let i = 0; i < name.length; i++) {
      if (name.slice(0, i) + name.slice(i + 1) === target) {
        return name[i] === name[i - 1] || name[i] === name[i + 1] ? 'repeated-character' : 'inserted-character';
      }
    }
    return 'inserted-character';
  }
  for (let i = 0; i < name.length - 1; i++) {
    if (name[i] !== target[i]) return name[i] === target[i + 1] && name[i + 1] === target[i] && name.slice(i + 2) === target.slice(i + 2) ? 'swapped-characters' : 'substituted-character';
  }
  return 'substituted-character';
}
