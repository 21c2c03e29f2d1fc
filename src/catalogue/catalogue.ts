// The image catalogue (`depvet report`): every image of a tree with its base chain, Python, status and packages,
// joined with the license verdicts and findings of a scan when one is given. Pure: data in, data out.
import type { CheckName, Severity } from '../findings';
import { SEVERITIES } from '../findings';
import type { ImageInfo, ImageStatus, Inventory, InventoryEntry } from '../inventory/types';
import type { Ecosystem, Relation } from '../model';
import type { CheckedPackage, FindingLevel, PackageLicense, ReportedCouldNotCheck, ReportedFinding, ScanResult } from '../scan/result';
import { countWork } from '../work-meter';

/**
 * What the catalogue says about a package's license. Never blank: without a scan, or for a package the scan did not
 * check, the state says so and why.
 */
export type CatalogueLicense =
  | { state: 'checked'; expression: string | null; verdict: PackageLicense['verdict']; source: string }
  | { state: 'could-not-check'; reason: string }
  | { state: 'not-checked'; reason: string };

export interface CatalogueFinding {
  check: CheckName;
  kind: string;
  severity: Severity;
  level: FindingLevel;
  /** The advisory id when there is one (`GHSA-…`, `PYSEC-…`), else the finding kind. */
  id: string;
  message: string;
  failing: boolean;
  /** Why it does not count, when a policy entry suppresses it. */
  suppressedBy?: string;
}

export interface CataloguePackage {
  ecosystem: Ecosystem;
  /** The name as written; for an unvettable requirement without a name, its URL or path. */
  name: string;
  normalizedName: string;
  version?: string;
  specifier?: string;
  relation: Relation;
  /** Set when a base image of the tree declares the package. */
  inheritedFrom?: string;
  /** `file:line`, relative to the scanned root. */
  location: string;
  status: 'included' | 'skipped';
  skipReason?: string;
  unvettable?: string;
  license: CatalogueLicense;
  findings: CatalogueFinding[];
  couldNotCheck: { check: CheckName; reason: string }[];
}

export interface CatalogueImage {
  name: string;
  status: ImageStatus;
  version?: string;
  deprecatedReason?: string;
  python?: { version: string; source: string };
  /** The final stage's `FROM` value. */
  base?: string;
  /** Base images in the tree, nearest first. */
  baseChain: string[];
  sourceOfTruth: string[];
  /** Own packages first, then inherited ones; each group sorted by name. */
  packages: CataloguePackage[];
  /** Findings about the image that match none of its package rows (e.g. base-image checks). */
  otherFindings: CatalogueFinding[];
  counts: ImageCounts;
}

export interface ImageCounts {
  own: number;
  inherited: number;
  skipped: number;
  /** Findings on included packages (suppressed ones included), and how many of them fail the gate. */
  findings: number;
  failing: number;
  /** Included packages whose license verdict is `denied` or `needs-approval`. */
  licenseIssues: number;
  /** Included packages with a license that is not `checked` (could not, or not checked). */
  licenseUnchecked: number;
}

/** One row of the package → images map (`used_packages.json`). */
export interface CataloguePackageUse {
  ecosystem: Ecosystem;
  /** The most common spelling across the tree. */
  name: string;
  normalizedName: string;
  versions: string[];
  /** License expressions (or state labels such as `not checked`) seen for this package. */
  licenses: string[];
  /** Worst verdict label across its versions, for sorting and badges. */
  verdict: LicenseLabel;
  findings: number;
  /** Images that install it (included rows only), sorted. */
  images: string[];
}

export type LicenseLabel = 'denied' | 'needs-approval' | 'unknown' | 'could-not-check' | 'not-checked' | 'allowed';

/** Worst first: used to pick one label for a package with several versions. */
export const LICENSE_LABELS: readonly LicenseLabel[] = ['denied', 'needs-approval', 'unknown', 'could-not-check', 'not-checked', 'allowed'];

export interface CatalogueSummary {
  images: number;
  imagesByStatus: Record<ImageStatus, number>;
  packageRows: number;
  distinctPackages: number;
  /** Distinct package versions (included) per license label. */
  licenseLabels: Record<LicenseLabel, number>;
  /** Distinct package versions per license expression, largest first (`unknown` for null expressions). */
  licenseExpressions: { expression: string; packages: number }[];
  /** Distinct findings (by fingerprint) per severity. */
  findingsBySeverity: Record<Severity, number>;
  failingFindings: number;
  couldNotCheck: number;
}

export interface Catalogue {
  /** Registry organisation of the tree's images (`demisto`), when the in-tree base references reveal it. */
  organisation?: string;
  roots: string[];
  /** Set when a scan result was joined in; otherwise license and finding columns say `not checked`. */
  scan?: { generatedAt: string; checks: CheckName[]; tool: string };
  images: CatalogueImage[];
  packages: CataloguePackageUse[];
  /** Package rows found outside any image folder (plain projects under the scanned paths). */
  unassigned: CataloguePackage[];
  summary: CatalogueSummary;
}

const NOT_CHECKED_NO_SCAN = 'no scan result was given';

export function licenseLabel(license: CatalogueLicense): LicenseLabel {
  return license.state === 'checked' ? license.verdict : license.state;
}

/** The text a license cell shows: the expression, or what stands in for it. */
export function licenseText(license: CatalogueLicense): string {
  if (license.state === 'checked') return license.expression ?? 'unknown';
  return license.state === 'could-not-check' ? 'could not check' : 'not checked';
}

/** The version a row installs as a reader should see it: the version, else where it comes from or what it allows. */
export function versionLabel(row: CataloguePackage): string {
  if (row.version !== undefined) return row.version;
  if (row.unvettable !== undefined) return 'not from a registry';
  return row.specifier || 'any version';
}

/** Why an included package could not be (fully) checked, one `check: reason` per check; empty when it was checked. */
export function couldNotCheckReasons(row: CataloguePackage): string[] {
  if (row.status !== 'included') return [];
  return [
    ...(row.license.state === 'could-not-check' ? [`license: ${row.license.reason}`] : []),
    ...row.couldNotCheck.filter((c) => c.check !== 'license').map((c) => `${c.check}: ${c.reason}`),
  ];
}

export function buildCatalogue(inventory: Inventory, scan?: ScanResult): Catalogue {
  const join = scan ? new ScanJoin(scan) : undefined;
  const roots = inventory.roots;
  const byImage = new Map<string, InventoryEntry[]>();
  const unassignedEntries: InventoryEntry[] = [];
  for (const entry of inventory.packages) {
    if (entry.image === undefined) {
      unassignedEntries.push(entry);
      continue;
    }
    const list = byImage.get(entry.image) ?? [];
    list.push(entry);
    byImage.set(entry.image, list);
  }

  const images = [...inventory.images]
    .sort((a, b) => compareText(a.name, b.name))
    .map((info) => catalogueImage(info, byImage.get(info.name) ?? [], roots, join));
  const unassigned = unassignedEntries.map((entry) => cataloguePackage(entry, undefined, roots, join)).sort(compareRows);
  const packages = packageUses(images, unassigned);
  const organisation = organisationOf(inventory.images);

  return {
    ...(organisation !== undefined ? { organisation } : {}),
    roots,
    ...(scan ? { scan: { generatedAt: scan.generatedAt, checks: [...scan.checks], tool: `${scan.tool.name} ${scan.tool.version}` } } : {}),
    images,
    packages,
    unassigned,
    summary: summarise(images, unassigned, packages, scan),
  };
}

function catalogueImage(info: ImageInfo, entries: InventoryEntry[], roots: string[], join: ScanJoin | undefined): CatalogueImage {
  const packages = entries.map((entry) => cataloguePackage(entry, info.name, roots, join)).sort(compareRows);
  const matched = new Set<ReportedFinding>();
  for (const row of packages) for (const finding of row.findingSources) matched.add(finding);
  const otherFindings = (join?.findingsOfImage(info.name) ?? []).filter((finding) => !matched.has(finding)).map(catalogueFinding);
  const rows: CataloguePackage[] = packages.map(({ findingSources: _sources, ...row }) => row);
  const included = rows.filter((row) => row.status === 'included');
  return {
    name: info.name,
    status: info.status,
    ...(info.version !== undefined ? { version: info.version } : {}),
    ...(info.deprecatedReason !== undefined ? { deprecatedReason: info.deprecatedReason } : {}),
    ...(info.python ? { python: { ...info.python } } : {}),
    ...(info.base ? { base: info.base.image } : {}),
    baseChain: [...info.baseChain],
    sourceOfTruth: info.sourceOfTruth.map((file) => relativeToRoot(file, roots)),
    packages: rows,
    otherFindings,
    counts: {
      own: included.filter((row) => row.inheritedFrom === undefined).length,
      inherited: included.filter((row) => row.inheritedFrom !== undefined).length,
      skipped: rows.length - included.length,
      findings: included.reduce((sum, row) => sum + row.findings.length, 0) + otherFindings.length,
      failing: included.reduce((sum, row) => sum + row.findings.filter((f) => f.failing).length, 0) + otherFindings.filter((f) => f.failing).length,
      licenseIssues: included.filter((row) => row.license.state === 'checked' && (row.license.verdict === 'denied' || row.license.verdict === 'needs-approval')).length,
      licenseUnchecked: included.filter((row) => row.license.state !== 'checked').length,
    },
  };
}

type PackageWithSources = CataloguePackage & { findingSources: ReportedFinding[] };

function cataloguePackage(entry: InventoryEntry, image: string | undefined, roots: string[], join: ScanJoin | undefined): PackageWithSources {
  const name = entry.name !== '' ? entry.name : (entry.unvettable?.reference ?? '(unnamed)');
  const findingSources = entry.status === 'included' && join ? join.findingsOf(entry, image) : [];
  const couldNotCheck = entry.status === 'included' && join ? join.couldNotCheckOf(entry, image).map((c) => ({ check: c.check, reason: c.reason })) : [];
  return {
    ecosystem: entry.ecosystem,
    name,
    normalizedName: entry.normalizedName,
    ...(entry.version !== undefined ? { version: entry.version } : {}),
    ...(entry.specifier !== undefined ? { specifier: entry.specifier } : {}),
    relation: entry.relation,
    ...(entry.inheritedFrom !== undefined ? { inheritedFrom: entry.inheritedFrom } : {}),
    location: `${relativeToRoot(entry.location.file, roots)}:${entry.location.line}`,
    status: entry.status,
    ...(entry.skip ? { skipReason: entry.skip.message } : {}),
    ...(entry.unvettable ? { unvettable: entry.unvettable.reason } : {}),
    license: licenseOf(entry, image, join),
    findings: findingSources.map(catalogueFinding),
    couldNotCheck,
    findingSources,
  };
}

function licenseOf(entry: InventoryEntry, image: string | undefined, join: ScanJoin | undefined): CatalogueLicense {
  if (entry.status === 'skipped') return { state: 'not-checked', reason: `not installed: ${entry.skip?.message ?? 'skipped'}` };
  if (!join) return { state: 'not-checked', reason: NOT_CHECKED_NO_SCAN };
  const failed = join.couldNotCheckOf(entry, image).find((c) => c.check === 'license');
  if (failed) return { state: 'could-not-check', reason: failed.reason };
  if (!join.checks.has('license')) return { state: 'not-checked', reason: 'the scan did not run the license check' };
  if (entry.unvettable) return { state: 'could-not-check', reason: entry.unvettable.reason };
  const checked = join.packageOf(entry, image);
  if (!checked) return { state: 'not-checked', reason: 'the scan result has no record of this package' };
  if (!checked.license) return { state: 'could-not-check', reason: checked.unvettable ?? 'the scan recorded no license for this package' };
  return { state: 'checked', expression: checked.license.expression, verdict: checked.license.verdict, source: checked.license.source };
}

function catalogueFinding(finding: ReportedFinding): CatalogueFinding {
  const evidenceId = finding.evidence['id'];
  return {
    check: finding.check,
    kind: finding.kind,
    severity: finding.severity,
    level: finding.level,
    id: typeof evidenceId === 'string' && evidenceId !== '' ? evidenceId : finding.kind,
    message: finding.message,
    failing: finding.failing,
    ...(finding.suppressed ? { suppressedBy: `${finding.suppressed.by}: ${finding.suppressed.reason}` } : {}),
  };
}

/**
 * Indexes a scan result by package so each of the ~10k rows of a tree is joined in constant time. The images of a
 * package, a finding or a could-not-check record are sets: a package inherited by all 261 images has 261 rows, and
 * scanning a 261-long list for each would make the join grow with the square of the images.
 */
class ScanJoin {
  readonly checks: Set<CheckName>;
  private readonly packages = new Map<string, CheckedPackage[]>();
  private readonly findings = new Map<string, ReportedFinding[]>();
  private readonly couldNotCheck = new Map<string, ReportedCouldNotCheck[]>();
  private readonly findingsByImage = new Map<string, ReportedFinding[]>();
  private readonly imagesOf = new Map<object, Set<string | undefined>>();

  constructor(scan: ScanResult) {
    this.checks = new Set(scan.checks);
    for (const pkg of scan.packages) {
      countWork('catalogue.joinSteps', 1 + pkg.occurrences.length);
      push(this.packages, nameKey(pkg.ecosystem, pkg.normalizedName), pkg);
      this.imagesOf.set(pkg, new Set(pkg.occurrences.map((o) => o.image)));
    }
    for (const finding of scan.findings) {
      countWork('catalogue.joinSteps', 1 + finding.images.length);
      push(this.findings, nameKey(finding.package.ecosystem, finding.package.normalizedName), finding);
      for (const image of finding.images) push(this.findingsByImage, image, finding);
      this.imagesOf.set(finding, new Set(finding.images));
    }
    for (const record of scan.couldNotCheck) {
      countWork('catalogue.joinSteps', 1 + record.images.length);
      push(this.couldNotCheck, nameKey(record.package.ecosystem, record.package.normalizedName), record);
      this.imagesOf.set(record, new Set(record.images));
    }
  }

  /** The checked package of this version that occurs in this image; else one of this version anywhere. */
  packageOf(entry: InventoryEntry, image: string | undefined): CheckedPackage | undefined {
    const candidates = (this.packages.get(nameKey(entry.ecosystem, entry.normalizedName)) ?? []).filter((pkg) => sameVersion(pkg.version, entry.version));
    countWork('catalogue.joinSteps', 1 + candidates.length);
    return candidates.find((pkg) => this.imagesOf.get(pkg)!.has(image)) ?? (image === undefined || candidates.length === 1 ? candidates[0] : undefined);
  }

  findingsOf(entry: InventoryEntry, image: string | undefined): ReportedFinding[] {
    const list = this.findings.get(nameKey(entry.ecosystem, entry.normalizedName)) ?? [];
    countWork('catalogue.joinSteps', 1 + list.length);
    return list.filter((finding) => sameVersion(finding.package.version, entry.version) && this.appliesTo(finding, finding.images, image));
  }

  couldNotCheckOf(entry: InventoryEntry, image: string | undefined): ReportedCouldNotCheck[] {
    const list = this.couldNotCheck.get(nameKey(entry.ecosystem, entry.normalizedName)) ?? [];
    countWork('catalogue.joinSteps', 1 + list.length);
    return list.filter((record) => sameVersion(record.package.version, entry.version) && this.appliesTo(record, record.images, image));
  }

  findingsOfImage(image: string): ReportedFinding[] {
    return this.findingsByImage.get(image) ?? [];
  }

  /** A record outside images applies to rows outside images; one with images, to rows of those images. */
  private appliesTo(record: object, images: string[], image: string | undefined): boolean {
    return image === undefined ? images.length === 0 : this.imagesOf.get(record)!.has(image);
  }
}

/** A record without a version (an unpinned requirement) matches any version of the name, and vice versa. */
function sameVersion(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

function nameKey(ecosystem: Ecosystem, normalizedName: string): string {
  return `${ecosystem}\u0000${normalizedName}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function packageUses(images: CatalogueImage[], unassigned: CataloguePackage[]): CataloguePackageUse[] {
  interface Acc {
    ecosystem: Ecosystem;
    normalizedName: string;
    spellings: Map<string, number>;
    versions: Set<string>;
    licenses: Set<string>;
    verdict: LicenseLabel;
    findings: Set<string>;
    images: Set<string>;
  }
  const byName = new Map<string, Acc>();
  const add = (row: CataloguePackage, image: string | undefined): void => {
    if (row.status !== 'included') return;
    const key = nameKey(row.ecosystem, row.normalizedName || row.name);
    let acc = byName.get(key);
    if (!acc) {
      acc = { ecosystem: row.ecosystem, normalizedName: row.normalizedName, spellings: new Map(), versions: new Set(), licenses: new Set(), verdict: 'allowed', findings: new Set(), images: new Set() };
      byName.set(key, acc);
    }
    acc.spellings.set(row.name, (acc.spellings.get(row.name) ?? 0) + 1);
    acc.versions.add(row.version ?? row.specifier ?? 'any version');
    acc.licenses.add(licenseText(row.license));
    const label = licenseLabel(row.license);
    if (LICENSE_LABELS.indexOf(label) < LICENSE_LABELS.indexOf(acc.verdict)) acc.verdict = label;
    for (const finding of row.findings) acc.findings.add(`${finding.check}/${finding.id}/${row.version ?? ''}`);
    if (image !== undefined) acc.images.add(image);
  };
  for (const image of images) for (const row of image.packages) add(row, image.name);
  for (const row of unassigned) add(row, undefined);
  return [...byName.values()]
    .map((acc) => ({
      ecosystem: acc.ecosystem,
      name: [...acc.spellings.entries()].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))[0]?.[0] ?? acc.normalizedName,
      normalizedName: acc.normalizedName,
      versions: [...acc.versions].sort(compareText),
      licenses: [...acc.licenses].sort(compareText),
      verdict: acc.verdict,
      findings: acc.findings.size,
      images: [...acc.images].sort(compareText),
    }))
    .sort((a, b) => compareText(a.normalizedName || a.name, b.normalizedName || b.name) || compareText(a.ecosystem, b.ecosystem));
}

function summarise(images: CatalogueImage[], unassigned: CataloguePackage[], packages: CataloguePackageUse[], scan: ScanResult | undefined): CatalogueSummary {
  const imagesByStatus: Record<ImageStatus, number> = { active: 0, deprecated: 0, devonly: 0 };
  for (const image of images) imagesByStatus[image.status] += 1;
  const licenseLabels = Object.fromEntries(LICENSE_LABELS.map((label) => [label, 0])) as Record<LicenseLabel, number>;
  const expressions = new Map<string, number>();
  const seenVersions = new Set<string>();
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const allRows = [...images.flatMap((image) => image.packages), ...unassigned];
  for (const row of allRows) {
    if (row.status !== 'included') continue;
    // Distinct package versions, so a package inherited by 200 images counts once.
    const key = `${row.ecosystem}\u0000${row.normalizedName || row.name}\u0000${row.version ?? row.specifier ?? ''}`;
    if (seenVersions.has(key)) continue;
    seenVersions.add(key);
    licenseLabels[licenseLabel(row.license)] += 1;
    const expression = row.license.state === 'checked' ? (row.license.expression ?? 'unknown') : licenseText(row.license);
    expressions.set(expression, (expressions.get(expression) ?? 0) + 1);
  }
  let failingFindings = 0;
  if (scan) {
    const seen = new Set<string>();
    for (const finding of scan.findings) {
      if (seen.has(finding.fingerprint)) continue;
      seen.add(finding.fingerprint);
      findingsBySeverity[finding.severity] += 1;
      if (finding.failing) failingFindings += 1;
    }
  }
  return {
    images: images.length,
    imagesByStatus,
    packageRows: allRows.length,
    distinctPackages: packages.length,
    licenseLabels,
    licenseExpressions: [...expressions.entries()].map(([expression, count]) => ({ expression, packages: count })).sort((a, b) => b.packages - a.packages || compareText(a.expression, b.expression)),
    findingsBySeverity,
    failingFindings,
    couldNotCheck: scan ? scan.couldNotCheck.length : 0,
  };
}

/** `demisto` from `demisto/python3:3.12` when that base is built in the tree (`inTree: python3`). */
function organisationOf(images: ImageInfo[]): string | undefined {
  for (const image of images) {
    const base = image.base;
    if (!base?.inTree) continue;
    const match = /^(?:[^/]+\.[^/]+\/)?([^/:@]+)\/([^/:@]+)/.exec(base.image);
    if (match && match[2] === base.inTree) return match[1];
  }
  return undefined;
}

function relativeToRoot(file: string, roots: string[]): string {
  for (const root of roots) {
    const prefix = root.endsWith('/') ? root : `${root}/`;
    if (file.startsWith(prefix)) return file.slice(prefix.length);
  }
  return file;
}

function compareRows(a: CataloguePackage, b: CataloguePackage): number {
  const groupA = a.inheritedFrom === undefined ? 0 : 1;
  const groupB = b.inheritedFrom === undefined ? 0 : 1;
  return groupA - groupB || compareText(a.normalizedName || a.name, b.normalizedName || b.name) || compareText(a.version ?? '', b.version ?? '') || compareText(a.location, b.location);
}

/** Locale-independent ordering, so the same tree always renders the same bytes. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
