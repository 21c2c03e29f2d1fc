// What every report format needs from a ScanResult: which bucket a finding belongs to, where to point a reviewer,
// the outcome (never `pass` while something could not be checked), the summary sentence and stable ids.
import { createHash } from 'node:crypto';
// The exit-code table is plain data shared by the CLI and the reports (which state the code their outcome gives).
import { EXIT_CODES } from '../cli/exit-codes';
import { CHECK_NAMES, type CheckName, type PackageKey } from '../findings';
import type { ImageInfo } from '../inventory/types';
import type { SourceLocation } from '../model';
import { countInputErrors, decideOutcome } from '../outcome';
import type { CheckedPackage, Occurrence, ReportedCouldNotCheck, ReportedFinding, ScanOutcome, ScanResult } from '../scan/result';
import { countWork } from '../work-meter';

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
  const fromData = decideOutcome({
    failing: result.findings.filter((f) => f.failing).length,
    couldNotCheck: result.couldNotCheck.length,
    inputErrors: countInputErrors(result.diagnostics),
  });
  if (result.summary.outcome === 'fail' || fromData === 'fail') return 'fail';
  if (result.summary.outcome === 'incomplete' || fromData === 'incomplete') return 'incomplete';
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

// Index of checked packages per result, built once, so that locating many records stays linear: a package inherited
// by 200 images has 200 occurrences, and scanning them for each of its findings would cost findings x images.
interface IndexedPackage {
  checked: CheckedPackage;
  /** The first occurrence per image. */
  byImage: Map<string, Occurrence>;
  /** Occurrences per `file:line`. */
  byPlace: Map<string, Occurrence[]>;
}
const packageIndexes = new WeakMap<ScanResult, Map<string, IndexedPackage>>();
const imageIndexes = new WeakMap<ScanResult, Map<string, ImageInfo>>();

function indexedPackage(result: ScanResult, pkg: PackageKey): IndexedPackage | undefined {
  let index = packageIndexes.get(result);
  if (!index) {
    index = new Map();
    for (const p of result.packages) {
      const key = packageKeyString(p);
      if (index.has(key)) continue;
      const byImage = new Map<string, Occurrence>();
      const byPlace = new Map<string, Occurrence[]>();
      for (const o of p.occurrences) {
        countWork('render.rows');
        if (o.image !== undefined && !byImage.has(o.image)) byImage.set(o.image, o);
        const place = placeKey(o.location);
        const list = byPlace.get(place);
        if (list) list.push(o);
        else byPlace.set(place, [o]);
      }
      index.set(key, { checked: p, byImage, byPlace });
    }
    packageIndexes.set(result, index);
  }
  return index.get(packageKeyString(pkg));
}

function placeKey(location: SourceLocation): string {
  return `${location.file}\u0000${location.line}`;
}

/** The checked package this record is about (same ecosystem, name and version), if the result lists it. */
export function checkedPackage(result: ScanResult, pkg: PackageKey): CheckedPackage | undefined {
  return indexedPackage(result, pkg)?.checked;
}

/** The occurrence of `pkg` at `location` (preferring one in `image`): how that place installs it (direct, via …). */
export function occurrenceAt(result: ScanResult, pkg: PackageKey, location: SourceLocation | undefined, image?: string): Occurrence | undefined {
  const indexed = indexedPackage(result, pkg);
  if (!indexed) return undefined;
  if (location) {
    const here = indexed.byPlace.get(placeKey(location));
    if (here) return (image !== undefined ? here.find((o) => o.image === image) : undefined) ?? here[0];
  }
  return image !== undefined ? indexed.byImage.get(image) : undefined;
}

/**
 * Where to point a reviewer: the record's own location, else the package's first occurrence (preferring the
 * given images, in order), else the image's source-of-truth file, else undefined.
 */
export function locate(
  result: ScanResult,
  record: { package: PackageKey; location?: SourceLocation; images: string[] },
): SourceLocation | undefined {
  if (record.location) return record.location;
  const indexed = indexedPackage(result, record.package);
  if (indexed && indexed.checked.occurrences.length > 0) {
    for (const image of record.images) {
      const occurrence = indexed.byImage.get(image);
      if (occurrence) return occurrence.location;
    }
    return indexed.checked.occurrences[0]!.location;
  }
  let images = imageIndexes.get(result);
  if (!images) {
    images = new Map(result.images.map((i) => [i.name, i]));
    imageIndexes.set(result, images);
  }
  for (const name of record.images) {
    const file = images.get(name)?.sourceOfTruth[0];
    if (file) return { file, line: 1 };
  }
  return undefined;
}

/** One package that could not be (fully) checked, with every entry about it. */
export interface UncheckedPackage {
  package: PackageKey;
  /** `name version`; `name (version unknown)` when not even the version is known; a URL requirement as its URL. */
  label: string;
  location?: SourceLocation;
  images: string[];
  entries: ReportedCouldNotCheck[];
}

function uncheckedKey(pkg: PackageKey, version: string | undefined): string {
  return `${pkg.ecosystem}\u0000${pkg.normalizedName || pkg.name}\u0000${version ?? ''}`;
}

/**
 * Every package that could not be (fully) checked, once. An entry without a version (an advisory lookup that never
 * learnt it) joins the entry of the same name that has one, when there is exactly one such version.
 */
export function uncheckedPackages(result: ScanResult): UncheckedPackage[] {
  const versionsByName = new Map<string, Set<string>>();
  for (const entry of result.couldNotCheck) {
    if (entry.package.version === undefined) continue;
    const name = uncheckedKey(entry.package, undefined);
    const set = versionsByName.get(name) ?? new Set<string>();
    set.add(entry.package.version);
    versionsByName.set(name, set);
  }
  const byKey = new Map<string, UncheckedPackage>();
  const imagesSeen = new Map<UncheckedPackage, Set<string>>();
  for (const entry of result.couldNotCheck) {
    countWork('render.rows');
    let version = entry.package.version;
    if (version === undefined) {
      const known = versionsByName.get(uncheckedKey(entry.package, undefined));
      if (known?.size === 1) version = [...known][0];
    }
    const key = uncheckedKey(entry.package, version);
    let item = byKey.get(key);
    if (!item) {
      const pkg: PackageKey = { ...entry.package, ...(version !== undefined ? { version } : {}) };
      const location = locate(result, entry);
      item = { package: pkg, label: uncheckedLabel(result, pkg), ...(location ? { location } : {}), images: [], entries: [] };
      byKey.set(key, item);
    }
    item.entries.push(entry);
    let seen = imagesSeen.get(item);
    if (!seen) {
      seen = new Set();
      imagesSeen.set(item, seen);
    }
    for (const image of entry.images) {
      if (seen.has(image)) continue;
      seen.add(image);
      item.images.push(image);
    }
  }
  return [...byKey.values()];
}

/** `name version`, and for a package whose version is not known, why: unpinned, or not from a registry at all. */
function uncheckedLabel(result: ScanResult, pkg: PackageKey): string {
  if (pkg.version !== undefined) return `${pkg.name} ${pkg.version}`;
  const checked = checkedPackage(result, pkg);
  if (checked?.unvettable) return `${pkg.name} (not from a registry)`;
  return `${pkg.name} (version unknown)`;
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
  // Packages, not entries: one package whose license, name and advisories all failed is one package.
  const incomplete = uncheckedPackages(result).length;
  if (incomplete > 0) parts.push(`${plural(incomplete, 'package', 'packages')} could not be checked`);
  // An input that could not be read hides whatever it would have installed: said beside the findings, never instead.
  const inputErrors = countInputErrors(result.diagnostics);
  if (inputErrors > 0) parts.push(`${plural(inputErrors, 'input error', 'input errors')} (see Diagnostics)`);
  const where = result.summary.images > 0 ? ` in ${plural(result.summary.images, 'image', 'images')}` : '';
  parts.push(`${plural(result.summary.packages, 'package', 'packages')}${where}`);
  return `${outcome.toUpperCase()}: ${parts.join(', ')}`;
}

/** Images that install no package at all, grouped by why: a tree may hold such images, and a report says which. */
export function imagesWithNothingToCheck(result: { images: { name: string; nothingToCheck?: string }[] }): { reason: string; images: string[] }[] {
  const byReason = new Map<string, string[]>();
  for (const image of result.images) {
    if (image.nothingToCheck === undefined) continue;
    // Appended in place: a copy of the list per image would grow with the square of the images (issue 15 item 5).
    const list = byReason.get(image.nothingToCheck);
    if (list) list.push(image.name);
    else byReason.set(image.nothingToCheck, [image.name]);
  }
  return [...byReason].map(([reason, images]) => ({ reason, images }));
}

/** Diff mode: images scanned because a base image they are built on changed (the impact of a base change). */
export function inheritingImages(result: ScanResult): string[] {
  if (!result.diff) return [];
  const changed = new Set(result.diff.changedImages);
  return result.diff.affectedImages.filter((name) => !changed.has(name));
}

/** The exit code the CLI gives each outcome (docs/exit-codes.md), and what it means for the reader. */
export const OUTCOME_EXIT: Record<ScanOutcome, { code: number; meaning: string }> = {
  pass: { code: EXIT_CODES.ok, meaning: 'every package was checked and nothing fails the policy' },
  fail: { code: EXIT_CODES.policyFailure, meaning: 'a finding fails the policy: fix it, or record an approval or ignore with a reason' },
  incomplete: { code: EXIT_CODES.incomplete, meaning: 'something could not be checked, so this is not a pass' },
};

/** `1 apple` / `2 apples`. */
export function counted(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
