// Growth tests count work with src/work-meter.ts (characters visited, keys, rows) instead of reading the clock: a
// count does not change with the machine's load, so the test fails only when the code does more work.
import { measureWork } from '../../src/work-meter';

/** Input grows 10x between the two sizes a growth test runs: linear work grows ~10x, quadratic work ~100x. */
export const LINEAR_GROWTH_BOUND = 20;

/** The units counted while `fn` runs, summed over those whose names start with one of `areas` (`'toml.'`). */
export function workOf(fn: () => unknown, areas: readonly string[]): number {
  const counted = measureWork(fn);
  let total = 0;
  for (const [unit, amount] of Object.entries(counted)) if (areas.some((area) => unit.startsWith(area))) total += amount;
  return total;
}

export interface WorkGrowth {
  small: number;
  large: number;
  /** large / small */
  ratio: number;
}

/** The work `run` does on the small and on the large input, counted over `areas`. */
export function workGrowth<T>(run: (input: T) => unknown, small: T, large: T, areas: readonly string[]): WorkGrowth {
  const smallWork = workOf(() => run(small), areas);
  const largeWork = workOf(() => run(large), areas);
  return { small: smallWork, large: largeWork, ratio: largeWork / Math.max(smallWork, 1) };
}
