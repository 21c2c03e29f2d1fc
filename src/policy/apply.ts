// The policy stage: turns what the checks found into what the gate decides. Each finding is placed where the
// package is declared (naming every image that installs it from there), given a stable fingerprint, and marked
// failing or not by the thresholds (`failOn`), the suppressions the checks matched (approvals, ignores,
// allowlist) and, in diff mode, whether it was already there at the base ref.
import { createHash } from 'node:crypto';
import { compareSeverity, type CheckName, type Finding, type Severity } from '../findings';
import type { Diagnostic } from '../model';
import { countInputErrors, decideOutcome } from '../outcome';
import type { ReportedCouldNotCheck, ReportedFinding, ScanSummary, PolicyNote, FindingLevel } from '../scan/result';
import type { StageOutput, SuppressionHint } from '../scan/scan';
import { declaringPlaces, type CheckTarget } from '../scan/targets';
import type { DepvetConfig, Threshold } from './config';

export interface PolicyContext {
  config: DepvetConfig;
  checks: CheckName[];
  /** Diff mode: fingerprints of the findings present at the base ref. */
  existingFingerprints?: Set<string>;
}

export const DEFAULT_FAIL_ON = {
  license: ['denied', 'needs-approval', 'unknown'] as const,
  names: 'high' as Threshold,
  advisories: 'medium' as Threshold,
  baseImage: true,
  snapshotChanges: true,
};

const LICENSE_KIND_VERDICT: Record<string, 'denied' | 'needs-approval' | 'unknown'> = {
  'license-denied': 'denied',
  'license-needs-approval': 'needs-approval',
  'license-unknown': 'unknown',
};

/** Whether a finding fails the gate before suppressions: the `failOn` thresholds, per check. */
export function failsThreshold(finding: Finding, config: DepvetConfig): boolean {
  const failOn = config.failOn ?? {};
  // Registry answers a change edits in a committed snapshot fail whichever check reads them, unless turned off.
  if (finding.kind === 'registry-answers-changed') return failOn.snapshotChanges ?? DEFAULT_FAIL_ON.snapshotChanges;
  switch (finding.check) {
    case 'license': {
      const verdict = LICENSE_KIND_VERDICT[finding.kind];
      return verdict !== undefined && (failOn.license ?? DEFAULT_FAIL_ON.license).includes(verdict);
    }
    case 'names':
      return atOrAbove(finding.severity, failOn.names ?? DEFAULT_FAIL_ON.names);
    case 'advisories':
      // A malicious-package record always fails: there is no acceptable risk in running an attacker's code.
      return finding.kind === 'malicious' || atOrAbove(finding.severity, failOn.advisories ?? DEFAULT_FAIL_ON.advisories);
    case 'base-image':
      return failOn.baseImage ?? DEFAULT_FAIL_ON.baseImage;
  }
}

function atOrAbove(severity: Severity, threshold: Threshold): boolean {
  return threshold !== 'none' && compareSeverity(severity, threshold) >= 0;
}

/** Stable across runs and line moves: check, kind, package, version, subject (advisory id, target, license) and file. */
export function fingerprintOf(finding: Finding, file: string | undefined, image: string | undefined): string {
  const evidence = finding.evidence;
  const subject = evidence['id'] ?? evidence['target'] ?? evidence['expression'] ?? evidence['image'] ?? '';
  const parts = [finding.check, finding.kind, finding.package.ecosystem, finding.package.normalizedName, finding.package.version ?? '', String(subject), file ?? '', image ?? ''];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

function levelOf(finding: Finding, failsBeforeSuppression: boolean): FindingLevel {
  if (failsBeforeSuppression) return 'error';
  return finding.severity === 'info' ? 'note' : 'warning';
}

function suppressionCovers(hint: SuppressionHint | undefined, declaringImage: string | undefined, images: string[]): boolean {
  if (!hint) return false;
  if (!hint.images) return true;
  return declaringImage !== undefined ? hint.images.includes(declaringImage) : images.every((i) => hint.images!.includes(i));
}

export interface AppliedPolicy {
  findings: ReportedFinding[];
  couldNotCheck: ReportedCouldNotCheck[];
  policyNotes: PolicyNote[];
  /** The summary, given the scan's diagnostics (any error among them makes the outcome incomplete). */
  summary: (images: number, packages: number, diagnostics: readonly Pick<Diagnostic, 'severity'>[]) => ScanSummary;
}

export function applyPolicy(outputs: StageOutput[], targets: Map<string, CheckTarget>, context: PolicyContext): AppliedPolicy {
  const findings: ReportedFinding[] = [];
  const couldNotCheck: ReportedCouldNotCheck[] = [];
  const policyNotes: PolicyNote[] = [];

  const place = (finding: Finding, location: Finding['location'], placeImages: string[], declaringImage: string | undefined, hint?: SuppressionHint) => {
    // The image that declares the package comes first, so reports file the finding where it is fixed.
    const images = declaringImage !== undefined && placeImages.includes(declaringImage) ? [declaringImage, ...placeImages.filter((i) => i !== declaringImage)] : placeImages;
    const fails = failsThreshold(finding, context.config);
    const fingerprint = fingerprintOf(finding, location?.file, declaringImage);
    const suppressed = fails && suppressionCovers(hint, declaringImage, images);
    const existing = context.existingFingerprints?.has(fingerprint) ?? false;
    findings.push({
      ...finding,
      ...(location ? { location } : {}),
      fingerprint,
      level: levelOf(finding, fails),
      failing: fails && !suppressed && !existing,
      images,
      ...(suppressed && hint ? { suppressed: { by: hint.by, reason: hint.reason, ...(hint.approvedBy ? { approvedBy: hint.approvedBy } : {}), ...(hint.expires ? { expires: hint.expires } : {}), ...(hint.vex ? { vex: hint.vex } : {}), ...(hint.justification ? { justification: hint.justification } : {}) } } : {}),
      ...(existing ? { existing: true } : {}),
    });
  };

  for (const output of outputs) {
    for (const { targetKey, finding, suppressible } of output.targetFindings) {
      const target = targets.get(targetKey);
      if (!target) {
        place(finding, finding.location, [], undefined, suppressible);
        continue;
      }
      for (const p of declaringPlaces(target.entries)) place(finding, p.location, p.images, p.declaringImage, suppressible);
    }
    for (const { finding, images, declaringImage, suppressible } of output.placedFindings) place(finding, finding.location, images, declaringImage ?? images[0], suppressible);
    for (const { targetKey, entry, images } of output.couldNotCheck) {
      const target = targetKey ? targets.get(targetKey) : undefined;
      if (!target) {
        couldNotCheck.push({ ...entry, images: images ?? [] });
        continue;
      }
      for (const p of declaringPlaces(target.entries)) couldNotCheck.push({ ...entry, location: p.location, images: p.images });
    }
    for (const note of output.policyNotes) policyNotes.push(note);
  }

  findings.sort((a, b) => Number(b.failing) - Number(a.failing) || compareSeverity(b.severity, a.severity) || (a.location?.file ?? '').localeCompare(b.location?.file ?? '') || (a.location?.line ?? 0) - (b.location?.line ?? 0));
  return {
    findings,
    couldNotCheck,
    policyNotes,
    summary: (images, packages, diagnostics) => {
      const failing = findings.filter((f) => f.failing).length;
      const counts: Record<FindingLevel, number> = { error: 0, warning: 0, note: 0 };
      for (const f of findings) counts[f.level] += 1;
      const inputErrors = countInputErrors(diagnostics);
      return {
        images,
        packages,
        findings: counts,
        failing,
        suppressed: findings.filter((f) => f.suppressed).length,
        couldNotCheck: couldNotCheck.length,
        inputErrors,
        outcome: decideOutcome({ failing, couldNotCheck: couldNotCheck.length, inputErrors }),
      };
    },
  };
}
