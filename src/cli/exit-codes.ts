// The one table of exit codes. docs/exit-codes.md documents the same table; a test keeps them in step.
export const EXIT_CODES = {
  /** Every package was checked and nothing failed the policy. */
  ok: 0,
  /** At least one finding fails the policy. */
  policyFailure: 1,
  /** Bad command line, unreadable or malformed input, invalid config. */
  usageOrInput: 2,
  /** Something could not be checked (registry fault, missing metadata, offline without data); no failure found otherwise. */
  incomplete: 3,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
