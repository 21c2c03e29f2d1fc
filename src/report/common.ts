// What every report format needs from a ScanResult: which bucket a finding belongs to, where to point a reviewer,
// the outcome (never `pass` while something could not be checked), the summary sentence and stable ids.
import { createHash } from 'node:crypto';
import { CHECK_NAMES, type CheckName, type PackageKey } from '../findings';
import type { SourceLocation } from '../model';
import type { CheckedPackage, ReportedCouldNotCheck, ReportedFinding, ScanOutcome, ScanResult } from '../scan/result';

/**
 * How a report presents a finding. `failing` fails the gate; `suppressed` was approved/ignored; `existing` was
 * already there at the diff base; `warning` and `note` are shown but never fail.
 */
export type FindingBucket = 'failing' | 'suppressed' | 'existing' | 'warning' | 'note';

export function bucketOf(finding: ReportedFinding): FindingBucket {
  // `failing` is the pipeline's final word; the other flags explain why a non-failing error does not fail.
  if (finding.failing) return 'failing';
  if (finding.suppressed) return 'suppressed';
  if (finding.existing) return 'existing';
  return finding.level === 'note' ? 'note' : 'warning';
}

/** Order in which reports list buckets: what must be acted on first. */
export const BUCKET_ORDER: readonly FindingBucket[] = ['failing', 'warning', 'note', 'existing', 'suppressed'];

/**
 * The outcome a report states. Recomputed from the data as well as taken from the summary, so that a result that
 * holds a failing finding or a could-not-check entry can never be rendered as a pass.
 */
export function outcomeOf(result: ScanResult): ScanOutcome {
  if (result.summary.outcome === 'fail' || result.findings.some((f) => f.failing)) return 'fail';
  if (result.summary.outcome === 'incomplete' || result.couldNotCheck.length > 0) return 'incomplete';
  return 'pass';
}

/**
 * `file:line:col` (`file:line` when the column is not known, `file` for a whole-file record at line 0): the one
 * spelling of a place in every report.
 */
export function formatLocation(location: SourceLocation): string {
  if (!location.line) return location.file;
  return `${location.file}:${location.line}${location.column !== undefined ? `:${location.column}` : ''}`;
}

/** `name==version` for PyPI, `name@version` for npm; the bare name when no version was determined. */
export function packageLabel(pkg: PackageKey): string {
  if (pkg.version === undefined) return pkg.name;
  return pkg.ecosystem === 'npm' ? `${pkg.name}@${pkg.version}` : `${pkg.name}==${pkg.version}`;
}

/** One string per package version, for maps and sets. */
export function packageKeyString(pkg: PackageKey): string {
  return `${pkg.ecosystem}\u0000${pkg.normalizedName}\u0000${pkg.version ?? ''}`;
}

// Index of checked packages per result, built once, so that locating many records stays linear.
const packageIndexes = new WeakMap<ScanResult, Map<string, CheckedPackage>>();

function checkedPackage(result: ScanResult, pkg: PackageKey): CheckedPackage | undefined {
  let index = packageIndexes.get(result);
  if (!index) {
    index = new Map();
    for (const p of result.packages) if (!index.has(packageKeyString(p))) index.set(packageKeyString(p), p);
    packageIndexes.set(result, index);
  }
  return index.get(packageKeyString(pkg));
}

/**
 * Where to point a reviewer: the record's own location, else the package's first occurrence (preferring the
 * given image), else the image's source-of-truth file, else undefined.
 */
export function locate(
  result: ScanResult,
  record: { package: PackageKey; location?: SourceLocation; images: string[] },
): SourceLocation | undefined {
  if (record.location) return record.location;
  const checked = checkedPackage(result, record.package);
  if (checked && checked.occurrences.length > 0) {
    const inImage = checked.occurrences.find((o) => o.image !== undefined && record.images.includes(o.image));
    return (inImage ?? checked.occurrences[0])!.location;
  }
  for (const name of record.images) {
    const file = result.images.find((i) => i.name === name)?.sourceOfTruth[0];
    if (file) return { file, line: 1 };
  }
  return undefined;
}

/** A stable id for a could-not-check entry (it has none of its own): same check, package and place, same id. */
export function couldNotCheckFingerprint(entry: ReportedCouldNotCheck): string {
  const p = entry.package;
  const key = ['incomplete', entry.check, p.ecosystem, p.normalizedName, p.version ?? '', entry.location?.file ?? '', entry.location?.line ?? ''];
  return createHash('sha256').update(key.join('\u0000')).digest('hex').slice(0, 32);
}

/** A stable id for a policy note, from its kind and entry. */
export function policyNoteFingerprint(note: { kind: string; entry: Record<string, unknown> }): string {
  return createHash('sha256').update(`${note.kind}\u0000${stableJson(note.entry)}`).digest('hex').slice(0, 32);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Counts per check and bucket, plus could-not-check per check: the markdown table and the summary line use it. */
export interface CheckCounts {
  failing: number;
  warning: number;
  note: number;
  suppressed: number;
  existing: number;
  couldNotCheck: number;
}

export function countsByCheck(result: ScanResult): Map<CheckName, CheckCounts> {
  const checks: CheckName[] = [...result.checks];
  for (const c of CHECK_NAMES) {
    const used = result.findings.some((f) => f.check === c) || result.couldNotCheck.some((e) => e.check === c);
    if (used && !checks.includes(c)) checks.push(c);
  }
  const counts = new Map<CheckName, CheckCounts>();
  for (const c of checks) counts.set(c, { failing: 0, warning: 0, note: 0, suppressed: 0, existing: 0, couldNotCheck: 0 });
  for (const f of result.findings) counts.get(f.check)![bucketOf(f)] += 1;
  for (const e of result.couldNotCheck) counts.get(e.check)!.couldNotCheck += 1;
  return counts;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * One line: `FAIL: 3 failing findings (2 in license, 1 in advisories), 1 package could not be checked, 120 packages
 * in 4 images`.
 */
export function summaryLine(result: ScanResult): string {
  const outcome = outcomeOf(result);
  const counts = countsByCheck(result);
  const parts: string[] = [];
  const failing = result.findings.filter((f) => f.failing).length;
  if (failing > 0) {
    const perCheck = [...counts].filter(([, c]) => c.failing > 0).map(([check, c]) => `${c.failing} in ${check}`);
    parts.push(`${plural(failing, 'failing finding', 'failing findings')} (${perCheck.join(', ')})`);
  } else {
    parts.push('no failing findings');
  }
  const warnings = result.findings.filter((f) => bucketOf(f) === 'warning').length;
  if (warnings > 0) parts.push(plural(warnings, 'warning', 'warnings'));
  const suppressed = result.findings.filter((f) => bucketOf(f) === 'suppressed').length;
  if (suppressed > 0) parts.push(`${suppressed} suppressed`);
  const existing = result.findings.filter((f) => bucketOf(f) === 'existing').length;
  if (existing > 0) parts.push(`${existing} already there`);
  const incomplete = new Set(result.couldNotCheck.map((e) => packageKeyString(e.package))).size;
  if (incomplete > 0) parts.push(`${plural(incomplete, 'package', 'packages')} could not be checked`);
  const where = result.summary.images > 0 ? ` in ${plural(result.summary.images, 'image', 'images')}` : '';
  parts.push(`${plural(result.summary.packages, 'package', 'packages')}${where}`);
  return `${outcome.toUpperCase()}: ${parts.join(', ')}`;
}

/** Diff mode: images scanned because a base image they are built on changed (the impact of a base change). */
export function inheritingImages(result: ScanResult): string[] {
  if (!result.diff) return [];
  const changed = new Set(result.diff.changedImages);
  return result.diff.affectedImages.filter((name) => !changed.has(name));
}
