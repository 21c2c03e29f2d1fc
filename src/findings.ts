// What checks return: findings (something is wrong or needs a decision) and could-not-check records
// (something could not be determined). Both are data; neither is ever thrown.
import type { Ecosystem, SourceLocation } from './model';

export type CheckName = 'license' | 'names' | 'advisories' | 'base-image';

export const CHECK_NAMES: readonly CheckName[] = ['license', 'names', 'advisories', 'base-image'];

/** Ordered from least to most severe; `compareSeverity` relies on this order. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}

/** The package a finding is about, as the checks saw it. */
export interface PackageKey {
  ecosystem: Ecosystem;
  name: string;
  normalizedName: string;
  /** The version that was checked (pinned, locked, or resolved from a specifier). */
  version?: string;
}

export interface Finding {
  check: CheckName;
  /** Stable machine name of the finding kind, e.g. `license-denied`, `typosquat`, `advisory`, `not-on-registry`. */
  kind: string;
  severity: Severity;
  package: PackageKey;
  /** One line a reviewer can act on. */
  message: string;
  /** The facts behind the finding (raw license strings, the imitated name, advisory ids…). */
  evidence: Record<string, unknown>;
  location?: SourceLocation;
}

/** A check that could not be completed for a package. Makes the result incomplete; never counts as clean. */
export interface CouldNotCheck {
  check: CheckName;
  package: PackageKey;
  reason: string;
  location?: SourceLocation;
}
