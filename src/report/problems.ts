// The findings of a scan as a reviewer reads them: one block per package version and place, one line per problem.
// A pinned Django 3.2.0 with 25 advisories is one line ("25 advisories, highest …: ids +N more; upgrade to 3.2.25
// clears all 25"), not 25 lines that each repeat the package and the upgrade. The text and Markdown reports
// render the same blocks, so a package adds one entry to either. Descriptions come from each finding's evidence
// (the facts), falling back to its message without the leading package name.
import { CHECK_NAMES, compareSeverity, type CheckName, type PackageKey, type Severity } from '../findings';
import type { SourceLocation } from '../model';
import type { ReportedFinding, ResolvedStep, ScanResult, Suppression } from '../scan/result';
import { countWork } from '../work-meter';
import { BUCKET_ORDER, bucketOf, checkedPackage, locate, occurrenceAt, packageKeyString, type FindingBucket } from './common';
import { ambiguousCandidates, isAmbiguousRef, licenseInWords } from './license-words';

/** A piece of a problem's description: plain text, or an advisory id (which Markdown links to its OSV page). */
export type Part = { text: string } | { advisory: string };

export interface Problem {
  bucket: FindingBucket;
  check: CheckName;
  /** The highest severity among its findings. */
  severity: Severity;
  findings: ReportedFinding[];
  parts: Part[];
  suppression?: Suppression;
}

export interface PackageBlock {
  package: PackageKey;
  location?: SourceLocation;
  /** Images that install the package besides the one whose section the block is in. */
  otherImages: string[];
  /** For a transitive package, its chain of parents (the first step is what the direct requirement names). */
  resolvedFrom?: ResolvedStep[];
  /** For a version resolved from a specifier: from what (`>=2`) and how. */
  resolved?: { from: string; how: string };
  problems: Problem[];
}

export interface ImageSection {
  /** Undefined for manifests outside any image folder. */
  image?: string;
  blocks: PackageBlock[];
}

export interface ProblemOptions {
  /** List every advisory id of a merged line instead of the top few. */
  allIds?: boolean;
}

/** How many advisory ids a merged line names before "+N more". */
export const TOP_IDS = 3;

const bucketRank = (bucket: FindingBucket): number => BUCKET_ORDER.indexOf(bucket);
const checkRank = (check: CheckName): number => CHECK_NAMES.indexOf(check);

/** The findings grouped into image sections and package blocks, most urgent first. */
export function reportSections(result: ScanResult, options: ProblemOptions = {}): ImageSection[] {
  const NO_IMAGE = '\u0000';
  const sections = new Map<string, Map<string, { pkg: PackageKey; location?: SourceLocation; image?: string; findings: ReportedFinding[] }>>();
  for (const finding of result.findings) {
    countWork('render.rows');
    const image = finding.images[0] ?? NO_IMAGE;
    const location = locate(result, finding);
    const key = `${packageKeyString(finding.package)}\u0000${location ? `${location.file}:${location.line}` : ''}`;
    let blocks = sections.get(image);
    if (!blocks) {
      blocks = new Map();
      sections.set(image, blocks);
    }
    let block = blocks.get(key);
    if (!block) {
      block = { pkg: finding.package, ...(location ? { location } : {}), ...(image !== NO_IMAGE ? { image } : {}), findings: [] };
      blocks.set(key, block);
    }
    block.findings.push(finding);
  }
  const out: (ImageSection & { rank: number })[] = [];
  for (const [image, blocks] of sections) {
    const built: (PackageBlock & { rank: number; top: Severity })[] = [];
    for (const block of blocks.values()) {
      const problems = problemsOf(block.findings, options);
      const first = block.findings[0]!;
      const occurrence = occurrenceAt(result, block.pkg, block.location, block.image);
      const resolved = checkedPackage(result, block.pkg)?.resolved;
      built.push({
        package: block.pkg,
        ...(block.location ? { location: block.location } : {}),
        otherImages: first.images.slice(1),
        ...(occurrence?.resolvedFrom?.length ? { resolvedFrom: occurrence.resolvedFrom } : {}),
        ...(resolved ? { resolved } : {}),
        problems,
        rank: problems.reduce((lowest, p) => Math.min(lowest, bucketRank(p.bucket)), Number.POSITIVE_INFINITY),
        top: problems.reduce<Severity>((max, p) => (compareSeverity(p.severity, max) > 0 ? p.severity : max), 'info'),
      });
    }
    built.sort((a, b) => a.rank - b.rank || compareSeverity(b.top, a.top) || compareText(a.package.name, b.package.name) || compareText(a.package.version ?? '', b.package.version ?? ''));
    out.push({
      ...(image !== NO_IMAGE ? { image } : {}),
      blocks: built.map(({ rank: _rank, top: _top, ...block }) => block),
      rank: built.reduce((lowest, b) => Math.min(lowest, b.rank), Number.POSITIVE_INFINITY),
    });
  }
  // Images with failing problems first; manifests outside images after the images of the same urgency.
  out.sort((a, b) => a.rank - b.rank || Number(a.image === undefined) - Number(b.image === undefined) || compareText(a.image ?? '', b.image ?? ''));
  return out.map(({ rank: _rank, ...section }) => section);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function suppressionKey(s: Suppression | undefined): string {
  return s ? JSON.stringify([s.by, s.reason, s.approvedBy ?? '', s.expires ?? '']) : '';
}

/** One package's findings as problem lines: advisories of the same standing merged into one, the rest one each. */
export function problemsOf(findings: ReportedFinding[], options: ProblemOptions = {}): Problem[] {
  const merged = new Map<string, ReportedFinding[]>();
  const problems: Problem[] = [];
  for (const finding of findings) {
    countWork('render.rows');
    // Advisory findings carry their id in the evidence (checks/advisories/check.ts); one without is shown as written.
    if (finding.check === 'advisories' && typeof finding.evidence['id'] === 'string' && finding.evidence['id'] !== '') {
      const key = `${bucketOf(finding)}\u0000${finding.kind}\u0000${suppressionKey(finding.suppressed)}`;
      const list = merged.get(key);
      if (list) list.push(finding);
      else merged.set(key, [finding]);
    } else {
      problems.push(problem([finding], describeFinding(finding)));
    }
  }
  for (const list of merged.values()) problems.push(problem(list, describeAdvisories(list, options)));
  problems.sort((a, b) => bucketRank(a.bucket) - bucketRank(b.bucket) || compareSeverity(b.severity, a.severity) || checkRank(a.check) - checkRank(b.check));
  return problems;
}

function problem(findings: ReportedFinding[], parts: Part[]): Problem {
  const first = findings[0]!;
  const severity = findings.reduce<Severity>((max, f) => (compareSeverity(f.severity, max) > 0 ? f.severity : max), first.severity);
  return { bucket: bucketOf(first), check: first.check, severity, findings, parts, ...(first.suppressed ? { suppression: first.suppressed } : {}) };
}

/** Plain text of a problem's parts (advisory ids as they are). */
export function partsText(parts: Part[]): string {
  return parts.map((part) => ('text' in part ? part.text : part.advisory)).join('');
}

const SUPPRESSED_BY: Record<Suppression['by'], string> = {
  approval: 'approved',
  ignore: 'ignored',
  allowlist: 'allowlisted',
  'dockerfiles-policy': 'allowed by the demisto/dockerfiles policy',
  vex: 'not affected according to VEX',
};

/** How a suppression reads: `approved by legal@example.com until 2027-06-30: reason`. */
export function suppressionText(s: Suppression): string {
  const verb = SUPPRESSED_BY[s.by] ?? `suppressed (${s.by})`;
  const who = s.approvedBy ? ` by ${s.approvedBy}` : '';
  const until = s.expires ? ` until ${s.expires}` : ', no expiry';
  const vex = s.vex ? ` (${s.vex.file}, ${s.vex.status}${s.vex.justification ? `: ${s.vex.justification}` : ''})` : '';
  const justification = !s.vex && s.justification ? ` (${s.justification})` : '';
  return `${verb}${who}${vex}${justification}${until}: ${s.reason}`;
}

/** `"transitive, via requests 2.31.0 (certifi>=2017.4.17)"`: the first step, or the whole chain when asked. */
export function viaText(chain: ResolvedStep[], full: boolean): string {
  if (!full) return `via ${chain[0]!.name}`;
  return `via ${chain.map((step) => `${step.name} ${step.version} (${step.requirement})`).join(' → ')}`;
}

// ---- descriptions ----

function text(value: string): Part {
  return { text: value };
}

interface AdvisorySeverityEvidence {
  level?: Severity;
  source?: string;
  score?: number;
}

function severityOf(finding: ReportedFinding): AdvisorySeverityEvidence {
  const value = finding.evidence['severity'];
  return value && typeof value === 'object' ? (value as AdvisorySeverityEvidence) : { level: finding.severity };
}

function scoreOf(finding: ReportedFinding): number {
  const s = severityOf(finding);
  return s.source === 'unknown' ? -1 : (s.score ?? 0);
}

function severityWords(finding: ReportedFinding): string {
  const s = severityOf(finding);
  if (s.source === 'unknown') return `severity not stated (treated as ${finding.severity})`;
  return s.score !== undefined ? `${finding.severity} ${s.score.toFixed(1)}` : finding.severity;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function advisoryId(finding: ReportedFinding): string {
  const id = finding.evidence['id'];
  return typeof id === 'string' && id !== '' ? id : finding.kind;
}

function upgradeOf(finding: ReportedFinding): { version?: string; note?: string } | undefined {
  const upgrade = finding.evidence['upgrade'];
  return upgrade && typeof upgrade === 'object' ? (upgrade as { version?: string; note?: string }) : undefined;
}

/** Advisories of one package and standing, as one line. */
function describeAdvisories(findings: ReportedFinding[], options: ProblemOptions): Part[] {
  // Most severe first (malicious, then level, then CVSS score), then by id, so the ids shown are the ones that matter.
  const sorted = [...findings].sort(
    (a, b) =>
      Number(b.kind === 'malicious') - Number(a.kind === 'malicious') ||
      compareSeverity(b.severity, a.severity) ||
      scoreOf(b) - scoreOf(a) ||
      compareText(advisoryId(a), advisoryId(b)),
  );
  const top = sorted[0]!;
  const malicious = top.kind === 'malicious';
  const parts: Part[] = [];
  if (sorted.length === 1) {
    const aliases = stringList(top.evidence['aliases']);
    parts.push(text(malicious ? 'malicious package: ' : 'advisory '), { advisory: advisoryId(top) });
    if (aliases.length > 0) {
      parts.push(text(' ('));
      aliases.forEach((alias, index) => {
        if (index > 0) parts.push(text(', '));
        parts.push({ advisory: alias });
      });
      parts.push(text(')'));
    }
    parts.push(text(`, ${severityWords(top)}`));
    const summary = top.evidence['summary'];
    if (typeof summary === 'string' && summary !== '') parts.push(text(`: ${summary}`));
  } else {
    const known = sorted.filter((f) => severityOf(f).source !== 'unknown');
    const highest = known.length > 0 ? `highest ${severityWords(known[0]!)}` : `severity not stated (treated as ${top.severity})`;
    parts.push(text(`${sorted.length} ${malicious ? 'malicious-package records' : 'advisories'}, ${highest}: `));
    const shown = options.allIds ? sorted : sorted.slice(0, TOP_IDS);
    shown.forEach((finding, index) => {
      if (index > 0) parts.push(text(', '));
      parts.push({ advisory: advisoryId(finding) });
    });
    if (shown.length < sorted.length) parts.push(text(` +${sorted.length - shown.length} more`));
  }
  parts.push(text(`; ${remedy(sorted, malicious)}`));
  return parts;
}

function remedy(findings: ReportedFinding[], malicious: boolean): string {
  if (malicious) return 'remove it: it is a malicious package';
  const upgrade = findings.map(upgradeOf).find((u) => u?.version !== undefined);
  if (upgrade?.version) return `upgrade to ${upgrade.version} clears ${findings.length === 1 ? 'it' : `all ${findings.length}`}`;
  if (findings.length === 1) {
    const fixed = stringList(findings[0]!.evidence['fixedVersions']);
    return fixed.length > 0 ? `fixed in ${fixed.join(', ')}` : 'no fixed version known';
  }
  return 'no single upgrade clears them all';
}

function describeFinding(finding: ReportedFinding): Part[] {
  if (finding.check === 'license') return [text(describeLicense(finding))];
  if (finding.check === 'names') return [text(describeName(finding))];
  return [text(withoutPackagePrefix(finding))];
}

function describeLicense(finding: ReportedFinding): string {
  const ev = finding.evidence;
  const judged = typeof ev['judgedExpression'] === 'string' ? ev['judgedExpression'] : typeof ev['expression'] === 'string' ? ev['expression'] : undefined;
  const words = judged !== undefined ? licenseInWords(judged) : undefined;
  const candidates = stringList(ev['decidingLicenses'])
    .filter(isAmbiguousRef)
    .flatMap((id) => ambiguousCandidates(id));
  const could = candidates.length > 0 ? ` (it could be ${[...new Set(candidates)].join(', ')})` : '';
  switch (finding.kind) {
    case 'license-denied':
      return words ? `license ${words} is denied by the policy${could}` : withoutPackagePrefix(finding);
    case 'license-needs-approval':
      return words ? `license ${words} needs an approval${could}` : withoutPackagePrefix(finding);
    case 'license-unknown': {
      if (words) return `license ${words} is not known to the policy, and unknown licenses do not pass${could}`;
      const raw = ev['raw'] && typeof ev['raw'] === 'object' ? (ev['raw'] as { license?: unknown }).license : undefined;
      const said = typeof raw === 'string' && raw.trim() !== '' ? ` (the metadata says "${raw.length > 60 ? `${raw.slice(0, 59)}…` : raw}")` : '';
      return `license unknown${said}: unknown licenses do not pass`;
    }
    case 'license-sources-disagree': {
      const readings = Array.isArray(ev['readings']) ? (ev['readings'] as { source?: unknown; expression?: unknown }[]) : [];
      const said = readings
        .filter((r) => typeof r.source === 'string' && typeof r.expression === 'string')
        .map((r) => `${String(r.source)} says ${licenseInWords(String(r.expression))}`);
      return said.length > 0 ? `license sources disagree: ${said.join('; ')}; judged by ${words ?? 'the stricter reading'}` : withoutPackagePrefix(finding);
    }
    default:
      return withoutPackagePrefix(finding);
  }
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function describeName(finding: ReportedFinding): string {
  const ev = finding.evidence;
  if (finding.kind === 'typosquat' && typeof ev['target'] === 'string') {
    const rank = typeof ev['targetRank'] === 'number' ? `, the ${ordinal(ev['targetRank'])} most downloaded on ${finding.package.ecosystem}` : '';
    const how = typeof ev['kind'] === 'string' ? `: ${ev['kind'].replace(/-/g, ' ')}` : '';
    const detail = typeof ev['detail'] === 'string' ? ` (${ev['detail']})` : '';
    return `looks like ${ev['target']}${rank}${how}${detail}`;
  }
  if (finding.kind === 'not-on-registry') {
    const registry = typeof ev['registry'] === 'string' ? ev['registry'] : finding.package.ecosystem;
    return `not on ${registry}: a misspelt name, or a name an attacker can register (dependency confusion)`;
  }
  return withoutPackagePrefix(finding);
}

/** The finding's message without the `name version: ` or `name: ` it starts with (the block already names it). */
export function withoutPackagePrefix(finding: ReportedFinding): string {
  const { name, version } = finding.package;
  const prefixes = [version !== undefined ? `${name} ${version}: ` : undefined, `${name}: `, finding.images[0] !== undefined ? `${finding.images[0]}: ` : undefined];
  for (const prefix of prefixes) if (prefix && finding.message.startsWith(prefix)) return finding.message.slice(prefix.length);
  return finding.message;
}
