// SARIF 2.1.0 log for code-scanning tools (GitHub code scanning, GitLab, IDE viewers): one rule per check, one
// result per finding and per could-not-check entry, stable partial fingerprints, suppressions for approved findings.
import type { CheckName } from '../findings';
import type { SourceLocation } from '../model';
import type { ReportedCouldNotCheck, ReportedFinding, ScanResult } from '../scan/result';
import { bucketOf, couldNotCheckFingerprint, locate, outcomeOf, packageLabel, summaryLine } from './common';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const DEPVET_INFORMATION_URI = 'https://github.com/depvet/depvet';
/** The key under which results carry depvet's fingerprint; versioned so a change of scheme is visible. */
export const FINGERPRINT_KEY = 'depvetFingerprint/v1';

type RuleId = `depvet/${CheckName}` | 'depvet/incomplete';

interface RuleText {
  name: string;
  short: string;
  help: string;
}

const RULES: Record<RuleId, RuleText> = {
  'depvet/license': {
    name: 'License',
    short: 'A package license is denied, unknown, or needs approval.',
    help:
      'The package is distributed under a license the policy denies or has not approved, or its license could not be ' +
      'read from the registry. Replace the package, or record an approval (with reason and expiry) in depvet.config.json.',
  },
  'depvet/names': {
    name: 'PackageName',
    short: 'A package name imitates a popular package, was taken down as malware, or does not exist on the registry.',
    help:
      'The name is close to a popular package name (a possible typosquat; the message says how), was replaced by the ' +
      "registry's security holding package (taken down as malware), or is not on the registry (a dependency-confusion " +
      'risk). Check the spelling against the intended package; allowlist the name only after checking its owner.',
  },
  'depvet/advisories': {
    name: 'Advisory',
    short: 'A known vulnerability (OSV advisory) affects the package version.',
    help:
      'An OSV advisory affects the checked version. Upgrade to a fixed version named in the evidence, or record an ignore ' +
      'with the reason and an expiry date when the vulnerable code is not reachable.',
  },
  'depvet/base-image': {
    name: 'BaseImage',
    short: 'The image is built from a base image the policy does not allow.',
    help: 'The FROM line names a base image outside the allowed list, deprecated, or unpinned. Use an allowed, pinned base.',
  },
  'depvet/incomplete': {
    name: 'CouldNotCheck',
    short: 'A check could not be completed for a package; the result is incomplete, not clean.',
    help:
      'depvet could not determine the answer (a registry fault that outlasted the retries, missing metadata, offline mode ' +
      'without cached data, a requirement no registry can vet). Re-run, or vet the package by hand and record the decision.',
  },
};

const RULE_IDS = Object.keys(RULES) as RuleId[];

function ruleIdOf(check: CheckName): RuleId {
  return `depvet/${check}`;
}

/** Relative path as a URI reference: each segment percent-encoded, `/` kept. */
function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function sarifLocations(location: SourceLocation | undefined): object[] | undefined {
  if (!location) return undefined;
  return [
    {
      physicalLocation: {
        artifactLocation: { uri: fileUri(location.file) },
        // Lines are 1-based; a whole-file record (line 0) points at the first line.
        region: { startLine: Math.max(1, location.line), ...(location.column !== undefined ? { startColumn: location.column } : {}) },
      },
    },
  ];
}

function findingLevel(finding: ReportedFinding): 'error' | 'warning' | 'note' {
  switch (bucketOf(finding)) {
    case 'failing':
      return 'error';
    case 'suppressed':
      return finding.level;
    case 'existing':
      // Already there at the diff base: shown, but never as an error that would read as failing this change.
      return finding.level === 'note' ? 'note' : 'warning';
    case 'warning':
      return 'warning';
    case 'note':
      return 'note';
  }
}

function findingResult(finding: ReportedFinding, result: ScanResult): object {
  const ruleId = ruleIdOf(finding.check);
  const bucket = bucketOf(finding);
  const prefix = bucket === 'existing' ? '[already there] ' : '';
  const sarif: Record<string, unknown> = {
    ruleId,
    ruleIndex: RULE_IDS.indexOf(ruleId),
    level: findingLevel(finding),
    message: { text: `${prefix}${packageLabel(finding.package)}: ${finding.message}` },
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    properties: {
      ecosystem: finding.package.ecosystem,
      package: finding.package.name,
      ...(finding.package.version !== undefined ? { version: finding.package.version } : {}),
      kind: finding.kind,
      severity: finding.severity,
      failing: finding.failing,
      images: finding.images,
      evidence: finding.evidence,
    },
  };
  const locations = sarifLocations(locate(result, finding));
  if (locations) sarif.locations = locations;
  if (result.diff) sarif.baselineState = finding.existing ? 'unchanged' : 'new';
  if (finding.suppressed) {
    const s = finding.suppressed;
    sarif.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: `${s.by}: ${s.reason}`,
        properties: { by: s.by, ...(s.approvedBy ? { approvedBy: s.approvedBy } : {}), ...(s.expires ? { expires: s.expires } : {}) },
      },
    ];
  }
  return sarif;
}

function couldNotCheckResult(entry: ReportedCouldNotCheck, result: ScanResult): object {
  const sarif: Record<string, unknown> = {
    ruleId: 'depvet/incomplete',
    ruleIndex: RULE_IDS.indexOf('depvet/incomplete'),
    level: 'error',
    message: { text: `Could not check ${entry.check} for ${packageLabel(entry.package)}: ${entry.reason}` },
    partialFingerprints: { [FINGERPRINT_KEY]: couldNotCheckFingerprint(entry) },
    properties: {
      ecosystem: entry.package.ecosystem,
      package: entry.package.name,
      ...(entry.package.version !== undefined ? { version: entry.package.version } : {}),
      check: entry.check,
      reason: entry.reason,
      images: entry.images,
    },
  };
  const locations = sarifLocations(locate(result, entry));
  if (locations) sarif.locations = locations;
  return sarif;
}

export function renderSarif(result: ScanResult): string {
  const rules = RULE_IDS.map((id) => {
    const rule = RULES[id];
    return {
      id,
      name: rule.name,
      shortDescription: { text: rule.short },
      fullDescription: { text: rule.help },
      help: { text: rule.help, markdown: rule.help },
      defaultConfiguration: { level: 'error' },
    };
  });
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'depvet', version: result.tool.version, informationUri: DEPVET_INFORMATION_URI, rules },
        },
        invocations: [
          {
            // The scan ran; an incomplete result is reported through `depvet/incomplete` results, not as a crash.
            executionSuccessful: true,
            toolConfigurationNotifications: result.policyNotes.map((note) => ({
              level: 'warning',
              message: { text: note.message },
              descriptor: { id: note.kind },
              properties: { entry: note.entry },
            })),
            toolExecutionNotifications: result.diagnostics.map((d) => {
              const locations = sarifLocations(d.location);
              return {
                level: d.severity,
                message: { text: d.message },
                descriptor: { id: d.code },
                ...(locations ? { locations } : {}),
              };
            }),
          },
        ],
        results: [
          ...result.findings.map((f) => findingResult(f, result)),
          ...result.couldNotCheck.map((e) => couldNotCheckResult(e, result)),
        ],
        properties: {
          outcome: outcomeOf(result),
          summary: summaryLine(result),
          ...(result.diff ? { diffBase: result.diff.base } : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
