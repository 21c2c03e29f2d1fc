// The one table of exit codes. docs/exit-codes.md documents the same table; a test keeps them in step.
import type { ScanOutcome } from '../outcome';

export const EXIT_CODES = {
  /** Every package was checked and nothing failed the policy. */
  ok: 0,
  /** At least one finding fails the policy (whatever else could not be checked). */
  policyFailure: 1,
  /** The run could not check anything it was asked to: bad command line, a missing or unreadable path, an unknown
   * image, no manifest found, a --snapshot or --osv-db that does not exist or holds no records, an invalid config. */
  usageOrInput: 2,
  /** Something was not checked (an error diagnostic: a bad line, a missing, remote or refused include; a could-not-check
   * package: a name in a shell variable, a registry failure) and nothing failed. */
  incomplete: 3,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit code of an outcome (src/outcome.ts): fail 1, incomplete 3, pass 0. */
export function exitCodeOf(outcome: ScanOutcome | 'complete'): ExitCode {
  return outcome === 'fail' ? EXIT_CODES.policyFailure : outcome === 'incomplete' ? EXIT_CODES.incomplete : EXIT_CODES.ok;
}
