// A process-wide tally of the work done on the paths that hostile input can stretch: characters a parser visits,
// the length a variable expansion produces, OSV pages requested, bytes inflated from a zip, rows a renderer writes.
// Tests read it to show that work grows linearly or stops at a cap without reading the clock (CI runs on a busy
// 2-core machine, where timings say more about the neighbours than about the code). Counting is one integer add;
// nothing in the product reads the tally.
//
// Units are named `<area>.<what>` (`toml.keyParts`, `shell.expandedChars`, `osv.pages`, `zip.inflatedBytes`).

const tally = new Map<string, number>();

/** Adds `amount` units of work of kind `unit`. */
export function countWork(unit: string, amount = 1): void {
  tally.set(unit, (tally.get(unit) ?? 0) + amount);
}

/** The units of kind `unit` counted since the last `resetWork()` (0 when none). */
export function workDone(unit: string): number {
  return tally.get(unit) ?? 0;
}

/** Clears the tally (tests call it before the run they measure). */
export function resetWork(): void {
  tally.clear();
}

/** Runs `fn` on a cleared tally and returns what it counted, per unit. */
export function measureWork(fn: () => unknown): Record<string, number> {
  resetWork();
  fn();
  return Object.fromEntries(tally);
}

/** `measureWork` for async work. */
export async function measureWorkAsync(fn: () => Promise<unknown>): Promise<Record<string, number>> {
  resetWork();
  await fn();
  return Object.fromEntries(tally);
}
