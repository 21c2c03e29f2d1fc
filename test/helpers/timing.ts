// Growth-ratio tests compare two timings of the same code (never an absolute time). Each timing is the fastest of
// several runs: a run slowed by a garbage collection or by another test file on the other core only makes that
// run slower, so the minimum is the figure that reflects the code.

/** The fastest of `runs` runs of `fn`, in nanoseconds (after one untimed run, so both sides are warm). */
export function fastestNs(fn: () => void, runs = 5): number {
  fn();
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  return Math.max(best, 1);
}
