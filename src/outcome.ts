// The outcome rule of docs/exit-codes.md, in one place for the scan, the inventory and every command: a failing
// finding fails; otherwise anything not looked at (an error diagnostic: a bad line, a missing, remote or refused
// include or file; a could-not-check record) makes the result incomplete; only then is it a pass.
import type { Diagnostic } from './model';

export type ScanOutcome = 'pass' | 'fail' | 'incomplete';

/** What the outcome is decided from. */
export interface OutcomeCounts {
  /** Findings that fail the gate (after thresholds, suppressions and diff mode). */
  failing: number;
  /** Could-not-check records. */
  couldNotCheck: number;
  /** Error diagnostics: input that could not be read (a bad line, a missing or remote include, a refused read). */
  inputErrors: number;
}

export function decideOutcome(counts: OutcomeCounts): ScanOutcome {
  if (counts.failing > 0) return 'fail';
  if (counts.couldNotCheck > 0 || counts.inputErrors > 0) return 'incomplete';
  return 'pass';
}

/** How many diagnostics are errors (each one means some input was not read, so some package may be unseen). */
export function countInputErrors(diagnostics: readonly Pick<Diagnostic, 'severity'>[]): number {
  let n = 0;
  for (const d of diagnostics) if (d.severity === 'error') n += 1;
  return n;
}
