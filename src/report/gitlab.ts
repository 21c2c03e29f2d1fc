// GitLab Code Quality report (`artifacts: reports: codequality`): a JSON array of issues with description,
// check_name, fingerprint, severity and location, shown in the merge request widget and the diff.
// Format: docs.gitlab.com/ci/testing/code_quality/ ("Code Quality report format").
import { CONFIG_FILE_NAME } from '../policy/config';
import type { Severity } from '../findings';
import type { ReportedFinding, ScanResult } from '../scan/result';
import { bucketOf, couldNotCheckFingerprint, locate, packageLabel, policyNoteFingerprint } from './common';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  /** Unique per issue: GitLab shows only the first issue of a fingerprint. */
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

/** A failing finding is at least `major`; high and critical advisories rank above. */
function failingSeverity(severity: Severity): CodeQualitySeverity {
  if (severity === 'critical') return 'blocker';
  if (severity === 'high') return 'critical';
  return 'major';
}

function severityOf(finding: ReportedFinding): CodeQualitySeverity {
  switch (bucketOf(finding)) {
    case 'failing':
      return failingSeverity(finding.severity);
    case 'warning':
    case 'existing':
      return 'minor';
    case 'note':
    case 'suppressed':
      return 'info';
  }
}

function describe(finding: ReportedFinding): string {
  const label = packageLabel(finding.package);
  const bucket = bucketOf(finding);
  const prefix =
    bucket === 'suppressed' && finding.suppressed
      ? `[suppressed by ${finding.suppressed.by}: ${finding.suppressed.reason}] `
      : bucket === 'existing'
        ? '[already there, not failing] '
        : '';
  return `${prefix}${label}: ${finding.message}`;
}

export function renderGitlab(result: ScanResult): string {
  // Without a place to point at, the issue is filed on the first root so that it is still shown.
  const fallback = { file: result.roots[0] ?? '.', line: 1 };
  const issues: CodeQualityIssue[] = [];
  for (const finding of result.findings) {
    const location = locate(result, finding) ?? fallback;
    issues.push({
      description: describe(finding),
      check_name: `depvet/${finding.check}/${finding.kind}`,
      fingerprint: finding.fingerprint,
      severity: severityOf(finding),
      location: { path: location.file, lines: { begin: Math.max(1, location.line) } },
    });
  }
  for (const entry of result.couldNotCheck) {
    const location = locate(result, entry) ?? fallback;
    issues.push({
      description: `Could not check ${entry.check} for ${packageLabel(entry.package)} (incomplete, not a pass): ${entry.reason}`,
      check_name: 'depvet/incomplete',
      fingerprint: couldNotCheckFingerprint(entry),
      severity: 'major',
      location: { path: location.file, lines: { begin: Math.max(1, location.line) } },
    });
  }
  for (const note of result.policyNotes) {
    const file = typeof note.entry.file === 'string' ? note.entry.file : CONFIG_FILE_NAME;
    const line = typeof note.entry.line === 'number' && note.entry.line >= 1 ? note.entry.line : 1;
    issues.push({
      description: `Policy: ${note.message}`,
      check_name: `depvet/policy/${note.kind}`,
      fingerprint: policyNoteFingerprint(note),
      severity: 'info',
      location: { path: file, lines: { begin: line } },
    });
  }
  return `${JSON.stringify(dedupeFingerprints(issues), null, 2)}\n`;
}

/** GitLab keeps one issue per fingerprint; two distinct issues that collide get a suffix instead of vanishing. */
function dedupeFingerprints(issues: CodeQualityIssue[]): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  return issues.map((issue) => {
    const n = seen.get(issue.fingerprint) ?? 0;
    seen.set(issue.fingerprint, n + 1);
    return n === 0 ? issue : { ...issue, fingerprint: `${issue.fingerprint}-${n}` };
  });
}
