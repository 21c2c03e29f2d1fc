// The license check: for each package, resolve its license from registry metadata, judge it against the policy,
// apply recorded approvals, and return findings (plus which approvals were used, expired or unused).
// Metadata that could not be fetched is a could-not-check record, never a pass.
import type { CouldNotCheck, Finding, PackageKey, Severity } from '../../findings';
import { applyApprovals, approvalsReport, validateLicenseApprovals, type ApprovalContext, type ApprovalOutcome, type ApprovalsReport, type LicenseApproval } from './approvals';
import { DEFAULT_LICENSE_POLICY, judgeLicense, type LicensePolicy, type LicenseVerdict } from './policy';
import { normalizeName } from '../../normalize';
import { resolveLicense, resolveWithOverride, type LicenseMetadata, type LicenseOverride, type ResolveOptions, type ResolvedLicense } from './resolve';
import { applyLicenseChoices, validateLicenseChoices, type LicenseChoice } from './choices';

/** Which recorded choices applied (to which packages), which are stale (their OR is gone) and which matched nothing. */
export interface ChoicesReport {
  applied: { choice: LicenseChoice; packages: string[] }[];
  stale: { choice: LicenseChoice; packages: string[]; reason: string }[];
  unused: LicenseChoice[];
}

/** Applies choices package by package and remembers what each did, for the report. */
export class ChoiceTally {
  private readonly applied = new Map<LicenseChoice, Set<string>>();
  private readonly stale = new Map<LicenseChoice, { packages: Set<string>; reason: string }>();

  constructor(private readonly choices: LicenseChoice[]) {}

  apply(pkg: PackageKey, resolved: ResolvedLicense): ResolvedLicense {
    if (this.choices.length === 0) return resolved;
    const outcome = applyLicenseChoices(pkg, resolved, this.choices);
    const label = `${pkg.name}${pkg.version ? ` ${pkg.version}` : ''}`;
    if (outcome.kind === 'applied') {
      if (!this.applied.has(outcome.choice)) this.applied.set(outcome.choice, new Set());
      this.applied.get(outcome.choice)!.add(label);
      return outcome.resolved;
    }
    if (outcome.kind === 'stale') {
      if (!this.stale.has(outcome.choice)) this.stale.set(outcome.choice, { packages: new Set(), reason: outcome.reason });
      this.stale.get(outcome.choice)!.packages.add(label);
    }
    return resolved;
  }

  report(): ChoicesReport {
    return {
      applied: [...this.applied].map(([choice, packages]) => ({ choice, packages: [...packages] })),
      // Per package version: a choice may apply to 1.x and be stale for 2.x (relicensed), and both are reported.
      stale: [...this.stale].map(([choice, { packages, reason }]) => ({ choice, packages: [...packages], reason })),
      unused: this.choices.filter((choice) => !this.applied.has(choice) && !this.stale.has(choice)),
    };
  }
}

/** Error-level findings are `high`; the disagreement warning is `medium`. */
export const LICENSE_FINDING_SEVERITY: Record<string, Severity> = {
  'license-denied': 'high',
  'license-needs-approval': 'high',
  'license-unknown': 'high',
  'license-sources-disagree': 'medium',
};

function evidenceOf(resolved: ResolvedLicense, verdict: LicenseVerdict): Record<string, unknown> {
  return {
    expression: resolved.expression,
    source: resolved.source,
    raw: resolved.raw,
    readings: resolved.readings,
    judgedExpression: verdict.judgedExpression,
    decidingLicenses: verdict.decidingLicenses,
    judgements: verdict.judgements,
    ...(resolved.ambiguous ? { ambiguous: resolved.ambiguous } : {}),
    ...(resolved.choice ? { choice: resolved.choice } : {}),
    ...(resolved.evidence ? { readingEvidence: resolved.evidence } : {}),
    notes: resolved.notes,
  };
}

function describeApproval(approval: LicenseApproval): Record<string, unknown> {
  return { package: approval.package, license: approval.license, reason: approval.reason, approvedBy: approval.approvedBy, ...(approval.expires ? { expires: approval.expires } : {}), ...(approval.source ? { source: approval.source } : {}) };
}

/** The findings for one package's license. An approved verdict yields no error; a disagreement is always reported. */
export function licenseFindings(pkg: PackageKey, resolved: ResolvedLicense, verdict: LicenseVerdict, approvals: ApprovalOutcome): Finding[] {
  const findings: Finding[] = [];
  const label = `${pkg.name}${pkg.version ? ` ${pkg.version}` : ''}`;
  const shown = resolved.expression ? `${resolved.expression}${resolved.choice ? ` (the side chosen of ${resolved.choice.given} by a recorded license choice)` : ''}` : 'unknown';
  const evidence = evidenceOf(resolved, verdict);
  if (approvals.expired.length > 0) evidence.expiredApprovals = approvals.expired.map(describeApproval);
  const expiredNote = approvals.expired.length > 0 ? ` (an approval expired on ${approvals.expired.map((a) => a.expires).join(', ')})` : '';

  if (verdict.verdict !== 'allowed' && !approvals.approval) {
    const kind = verdict.verdict === 'denied' ? 'license-denied' : verdict.verdict === 'needs-approval' ? 'license-needs-approval' : 'license-unknown';
    const message =
      verdict.verdict === 'denied'
        ? `${label}: license ${shown} is denied by policy (${verdict.decidingLicenses.join(', ')})${expiredNote}`
        : verdict.verdict === 'needs-approval'
          ? `${label}: license ${shown} needs an approval (${verdict.decidingLicenses.join(', ')}) and none applies${expiredNote}`
          : `${label}: license could not be determined${resolved.expression ? ` (${verdict.decidingLicenses.join(', ')} not known to the policy)` : ''}; unknown licenses do not pass${expiredNote}`;
    findings.push({ check: 'license', kind, severity: LICENSE_FINDING_SEVERITY[kind]!, package: pkg, message, evidence });
  }
  if (resolved.disagreement) {
    const readings = resolved.disagreement.readings.map((reading) => `${reading.source}: ${reading.expression}`).join('; ');
    findings.push({
      check: 'license',
      kind: 'license-sources-disagree',
      severity: LICENSE_FINDING_SEVERITY['license-sources-disagree']!,
      package: pkg,
      message: `${label}: license sources disagree (${readings}); judged by the ${resolved.disagreement.reading === 'stricter' ? 'stricter reading (all must pass)' : 'highest-precedence source'}`,
      evidence: { ...evidence, disagreement: resolved.disagreement },
    });
  }
  return findings;
}

export interface LicenseCheckContext extends Partial<ApprovalContext> {
  approvals?: LicenseApproval[];
  /** Recorded OR choices: the verdict is judged on the chosen side. */
  choices?: LicenseChoice[];
  /** Licenses established by hand per package; they replace what metadata says. */
  overrides?: LicenseOverride[];
  resolve?: ResolveOptions;
}

/** Metadata for one package, or the reason it could not be fetched. */
export type LicenseMetadataResult = LicenseMetadata | { error: string };

export function licenseMetadataKey(pkg: Pick<PackageKey, 'ecosystem' | 'normalizedName' | 'version'>): string {
  return `${pkg.ecosystem}:${pkg.normalizedName}@${pkg.version ?? ''}`;
}

export interface PackageLicenseResult {
  package: PackageKey;
  resolved: ResolvedLicense;
  verdict: LicenseVerdict;
  approval?: LicenseApproval;
}

export interface LicenseCheckResult {
  findings: Finding[];
  couldNotCheck: CouldNotCheck[];
  results: PackageLicenseResult[];
  approvals: ApprovalsReport;
  choices: ChoicesReport;
}

export function checkLicenses(
  packages: PackageKey[],
  metadataByPackage: Map<string, LicenseMetadataResult>,
  policy: LicensePolicy = DEFAULT_LICENSE_POLICY,
  context: LicenseCheckContext = {},
): LicenseCheckResult {
  const approvals = context.approvals ?? [];
  validateLicenseApprovals(approvals);
  const choices = context.choices ?? [];
  validateLicenseChoices(choices);
  const choiceTally = new ChoiceTally(choices);
  const approvalContext: ApprovalContext = { now: context.now ?? new Date(), ...(context.image !== undefined ? { image: context.image } : {}) };
  const used = new Set<LicenseApproval>();
  const result: LicenseCheckResult = { findings: [], couldNotCheck: [], results: [], approvals: { used: [], expired: [], unused: [] }, choices: { applied: [], stale: [], unused: [] } };
  for (const pkg of packages) {
    const metadata = metadataByPackage.get(licenseMetadataKey(pkg));
    if (!metadata || 'error' in metadata) {
      result.couldNotCheck.push({ check: 'license', package: pkg, reason: metadata ? `license metadata unavailable: ${metadata.error}` : 'no license metadata was fetched for this package' });
      continue;
    }
    const override = (context.overrides ?? []).find(
      (entry) => (!entry.ecosystem || entry.ecosystem === pkg.ecosystem) && normalizeName(pkg.ecosystem, entry.package) === pkg.normalizedName,
    );
    const resolved = choiceTally.apply(pkg, override ? resolveWithOverride(metadata, override, context.resolve) : resolveLicense(metadata, context.resolve));
    const verdict = judgeLicense(resolved, policy);
    const outcome = applyApprovals(pkg, resolved, verdict, approvals, approvalContext);
    if (outcome.approval) used.add(outcome.approval);
    for (const finding of licenseFindings(pkg, resolved, verdict, outcome)) result.findings.push(finding);
    result.results.push({ package: pkg, resolved, verdict, ...(outcome.approval ? { approval: outcome.approval } : {}) });
  }
  result.approvals = approvalsReport(approvals, used, approvalContext.now);
  result.choices = choiceTally.report();
  return result;
}
