// The result of a scan: what every report format renders. Plain data; its JSON form is specified by
// docs/report.schema.json (versioned by `schemaVersion`).
import type { CheckName, CouldNotCheck, Finding } from '../findings';
import type { ImageInfo } from '../inventory/types';
import type { Diagnostic, Ecosystem, Relation, SourceLocation } from '../model';
import type { ScanOutcome } from '../outcome';

export const REPORT_SCHEMA_VERSION = '1.0';

/** Where a checked package occurs: one entry per image (or manifest outside images) that installs it. */
export interface Occurrence {
  image?: string;
  /** For inherited packages, the base image that declares it. */
  inheritedFrom?: string;
  location: SourceLocation;
  relation: Relation;
  group?: string;
  /**
   * For a transitive package: the chain of parents from the direct requirement down to the immediate parent, each
   * a parent release and the requirement it states for the next package (CONTRACTS.md item 3). Reports show
   * "via <first step>", and the whole chain in verbose and JSON output.
   */
  resolvedFrom?: ResolvedStep[];
}

/** One step of a transitive chain: `requests 2.31.0` requires `certifi>=2017.4.17`. */
export interface ResolvedStep {
  name: string;
  version: string;
  requirement: string;
}

export interface PackageLicense {
  /** SPDX expression, or null when unknown. */
  expression: string | null;
  /** Which metadata field decided it (`license_expression`, `classifiers`, …). */
  source: string;
  verdict: 'allowed' | 'needs-approval' | 'denied' | 'unknown';
  /** What the registry metadata declares, read as SPDX (before a policy override replaced it). */
  declared?: string;
  /** The registry's licence fields as written. */
  raw?: { licenseExpression?: string; license?: string; licenses?: string[]; classifiers?: string[] };
  /** A recorded OR choice taken: `expression` is the chosen side of `given`, and the verdict is judged on it. */
  choice?: { given: string; chosen: string; reason: string; approvedBy?: string };
}

/** One distinct package version that was checked, with every place it occurs. */
export interface CheckedPackage {
  ecosystem: Ecosystem;
  name: string;
  normalizedName: string;
  /** The version checked: pinned, locked, or resolved from a specifier. */
  version?: string;
  /** The specifier a version was resolved from, and how (`newest non-yanked release satisfying >=2 for Python 3.12`). */
  resolved?: { from: string; how: string };
  /** Not vettable from a registry (VCS, URL, path, editable): why. */
  unvettable?: string;
  /** The URL, VCS reference or path of an unvettable package, as the manifest writes it. */
  unvettableReference?: string;
  /** Licences an input SBOM states for the package, as written: evidence beside depvet's reading. */
  sbomLicenses?: string[];
  license?: PackageLicense;
  occurrences: Occurrence[];
}

export type FindingLevel = 'error' | 'warning' | 'note';

export interface Suppression {
  by: 'approval' | 'ignore' | 'allowlist' | 'dockerfiles-policy' | 'vex';
  reason: string;
  /** Who approved, when the policy entry says. */
  approvedBy?: string;
  expires?: string;
  /** A VEX statement (`--vex`): where it is and what it says. */
  vex?: VexStatementRef;
  /** An ignore's VEX justification (config `justification`). */
  justification?: string;
}

export interface VexStatementRef {
  file: string;
  /** JSON pointer of the statement in its document. */
  pointer: string;
  status: string;
  justification: string;
  impactStatement?: string;
}

export interface ReportedFinding extends Finding {
  /** Stable fingerprint: the same finding keeps the same id across runs (used by SARIF, GitLab, diff mode). */
  fingerprint: string;
  /** `error` findings fail the gate unless suppressed; `warning`/`note` never do. */
  level: FindingLevel;
  /** Whether this finding fails the gate, after suppressions, thresholds and diff mode. */
  failing: boolean;
  /** Images affected: the declaring image and every image that inherits the package. */
  images: string[];
  suppressed?: Suppression;
  /** Diff mode: the finding was already there at the base ref (reported, never failing). */
  existing?: boolean;
}

export interface ReportedCouldNotCheck extends CouldNotCheck {
  images: string[];
}

/** Policy entries worth a reviewer's attention: expired or unused approvals, ignores and allowlist entries. */
export interface PolicyNote {
  kind:
    | 'approval-expired'
    | 'approval-unused'
    | 'choice-applied'
    | 'choice-stale'
    | 'choice-unused'
    | 'ignore-expired'
    | 'ignore-unused'
    | 'allowlist-unused'
    | 'vex-unused'
    | 'vex-not-applied';
  message: string;
  entry: Record<string, unknown>;
}

/**
 * An inventory diagnostic (at a file and line), or one about the run, with no location: a registry the scan could not
 * reach, a snapshot entry that fails its digest.
 */
export type ScanDiagnostic = Omit<Diagnostic, 'location'> & { location?: SourceLocation };

export type { ScanOutcome } from '../outcome';

export interface ScanSummary {
  images: number;
  packages: number;
  findings: Record<FindingLevel, number>;
  failing: number;
  suppressed: number;
  couldNotCheck: number;
  /** Error diagnostics: input that could not be read (a bad line, a missing, remote or refused include or file). */
  inputErrors: number;
  /** `fail` when any finding fails; else `incomplete` when anything could not be checked or read; else `pass` (src/outcome.ts). */
  outcome: ScanOutcome;
}

export interface ScanResult {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: 'depvet'; version: string };
  generatedAt: string;
  roots: string[];
  checks: CheckName[];
  images: ImageInfo[];
  packages: CheckedPackage[];
  findings: ReportedFinding[];
  couldNotCheck: ReportedCouldNotCheck[];
  policyNotes: PolicyNote[];
  /** Inventory diagnostics (missing includes, unknown bases, invalid markers) and the run's (unreachable registries). */
  diagnostics: ScanDiagnostic[];
  /** Diff mode: what was compared and which images the change touched. */
  diff?: { base: string; changedImages: string[]; affectedImages: string[]; vexFiles?: { file: string; change: 'added' | 'modified' }[] };
  summary: ScanSummary;
}
