// Diff mode, pure part: which image folders a change touches, which images inherit a changed base, which
// packages are new or changed since the base ref, and which findings were already there. No git, no fs.
import type { Finding } from '../findings';
import type { ImageInfo, InventoryEntry } from '../inventory/types';

/**
 * Image folders touched by the changed files (paths relative to the repository top), for a tree at
 * `treeRelPathInRepo` (`docker`, or `''`/`.` when the tree is the repository top). Only files inside an image
 * folder count (`docker/<image>/…`); a file directly in the tree (`docker/README.md`) touches no image.
 */
export function changedImages(treeRelPathInRepo: string, changedFiles: Iterable<string>): Set<string> {
  const tree = treeRelPathInRepo.replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/\/+$/, '');
  const prefix = tree === '' ? '' : `${tree}/`;
  const out = new Set<string>();
  for (const raw of changedFiles) {
    const file = raw.replace(/\\/g, '/');
    if (!file.startsWith(prefix)) continue;
    const rest = file.slice(prefix.length).split('/');
    if (rest.length >= 2 && rest[0] !== '' && !rest[0]!.startsWith('.')) out.add(rest[0]!);
  }
  return new Set([...out].sort());
}

export interface AffectedImage {
  name: string;
  /** `changed`: its own folder changed; `base-changed`: it builds (directly or through other bases) on a changed image. */
  reason: 'changed' | 'base-changed';
  /** For `base-changed`: the changed images in its base chain, nearest first. */
  changedBases: string[];
  /** One line for the report: `crypto: inherits from python3 (changed)`. */
  message: string;
}

/**
 * The changed images plus every image whose base chain holds a changed image, transitively (a base of a base).
 * Images named in `changed` but absent from `images` (a deleted folder) are not returned: there is nothing to scan.
 */
export function affectedImages(images: ImageInfo[], changed: ReadonlySet<string>): AffectedImage[] {
  const byName = new Map(images.map((image) => [image.name, image]));
  // The chain as the inventory recorded it, extended through `base.inTree` links in case a chain was cut short.
  const chainOf = (image: ImageInfo): string[] => {
    const chain: string[] = [];
    const seen = new Set<string>([image.name]);
    const push = (name: string | undefined): boolean => {
      if (name === undefined || seen.has(name)) return false;
      seen.add(name);
      chain.push(name);
      return true;
    };
    for (const name of image.baseChain) push(name);
    let last = byName.get(chain[chain.length - 1] ?? image.name);
    while (last !== undefined && push(last.base?.inTree ?? last.baseChain[0])) last = byName.get(chain[chain.length - 1]!);
    return chain;
  };
  const out: AffectedImage[] = [];
  for (const image of images) {
    if (changed.has(image.name)) {
      out.push({ name: image.name, reason: 'changed', changedBases: [], message: `${image.name}: its folder changed` });
      continue;
    }
    const changedBases = chainOf(image).filter((name) => changed.has(name));
    if (changedBases.length > 0) {
      const via = chainOf(image);
      const nearest = changedBases[0]!;
      const path = via.slice(0, via.indexOf(nearest) + 1);
      out.push({
        name: image.name,
        reason: 'base-changed',
        changedBases,
        message: `${image.name}: inherits from ${nearest} (changed)${path.length > 1 ? ` through ${path.slice(0, -1).join(' -> ')}` : ''}`,
      });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const SEP = '\u0000';

/** Image + ecosystem + name: the same package in the same image, whatever its version. */
export function packageNameIdentity(entry: { image?: string; ecosystem: string; normalizedName: string; name: string }): string {
  return [entry.image ?? '', entry.ecosystem, entry.normalizedName || entry.name].join(SEP);
}

/** Image + ecosystem + name + what is installed (version, else specifier, else the VCS/URL reference). */
export function packageIdentity(entry: InventoryEntry): string {
  return [packageNameIdentity(entry), entry.version ?? entry.specifier ?? entry.unvettable?.reference ?? ''].join(SEP);
}

export interface PackageChange {
  entry: InventoryEntry;
  /** `added`: the image did not install this package at the base; `changed`: it did, with another version/specifier. */
  change: 'added' | 'changed';
  /** For `changed`: what the base had (versions or specifiers). */
  before: string[];
}

export interface PackageDiff {
  /** Current included entries that are new or changed, each once per identity. */
  changes: PackageChange[];
  /** `packageIdentity` of every new or changed entry. */
  keys: Set<string>;
  /** `packageNameIdentity` of every new or changed entry. */
  names: Set<string>;
  /** Base included entries whose package the image no longer installs. */
  removed: InventoryEntry[];
}

/**
 * Packages (only `included` entries: what would be installed) that are new or changed since the base. A
 * package the base listed as skipped (a false marker) and that is now installed counts as added.
 */
export function diffPackages(current: InventoryEntry[], base: InventoryEntry[]): PackageDiff {
  const baseIncluded = base.filter((e) => e.status === 'included');
  const baseKeys = new Set(baseIncluded.map(packageIdentity));
  const baseByName = new Map<string, Set<string>>();
  for (const entry of baseIncluded) {
    const name = packageNameIdentity(entry);
    let set = baseByName.get(name);
    if (!set) baseByName.set(name, (set = new Set()));
    set.add(entry.version ?? entry.specifier ?? entry.unvettable?.reference ?? '');
  }
  const changes: PackageChange[] = [];
  const keys = new Set<string>();
  const names = new Set<string>();
  const currentNames = new Set<string>();
  for (const entry of current) {
    if (entry.status !== 'included') continue;
    const name = packageNameIdentity(entry);
    currentNames.add(name);
    const key = packageIdentity(entry);
    if (baseKeys.has(key) || keys.has(key)) continue;
    keys.add(key);
    names.add(name);
    const before = baseByName.get(name);
    changes.push(before ? { entry, change: 'changed', before: [...before].sort() } : { entry, change: 'added', before: [] });
  }
  const removedSeen = new Set<string>();
  const removed = baseIncluded.filter((entry) => {
    const name = packageNameIdentity(entry);
    if (currentNames.has(name) || removedSeen.has(name)) return false;
    removedSeen.add(name);
    return true;
  });
  return { changes, keys, names, removed };
}

/** A finding as reports carry it: with the images it affects (empty outside image scans). */
export type FindingWithImages = Finding & { images?: string[]; existing?: boolean };

/**
 * One key per affected image, stable across runs and line moves: check, kind, package, the advisory id when
 * there is one, and for base-image findings the Dockerfile and the FROM value as written.
 */
export function findingKeys(finding: FindingWithImages): string[] {
  const evidence = finding.evidence;
  const discriminator =
    finding.check === 'base-image'
      ? [finding.location?.file ?? '', String(evidence.image ?? ''), String(evidence.stage ?? '')].join(SEP)
      : typeof evidence.id === 'string'
        ? evidence.id
        : '';
  const base = [finding.check, finding.kind, finding.package.ecosystem, finding.package.normalizedName || finding.package.name, finding.package.version ?? '', discriminator].join(SEP);
  const images = finding.images !== undefined && finding.images.length > 0 ? finding.images : [''];
  return [...new Set(images)].map((image) => `${image}${SEP}${base}`);
}

/** Every key of the findings of the base ref's scan, for `markExisting`. */
export function baseFindingKeySet(baseFindings: FindingWithImages[]): Set<string> {
  return new Set(baseFindings.flatMap(findingKeys));
}

/**
 * Copies of the findings with `existing` set: true when the base scan already had the same finding for every
 * image it now affects (a finding that reaches a new image is new for that image, so it is not existing).
 */
export function markExisting<T extends FindingWithImages>(findings: T[], baseFindingKeys: ReadonlySet<string>): T[] {
  return findings.map((finding) => ({ ...finding, existing: findingKeys(finding).every((key) => baseFindingKeys.has(key)) }));
}

/**
 * Without a scan of the base: a package finding is existing unless its package is new or changed in one of the
 * images it affects. Base-image findings are not about packages; use `markExisting` with the base scan's
 * base-image findings (cheap: no network) for those, so here they are left unmarked.
 */
export function markExistingByPackageDiff<T extends FindingWithImages>(findings: T[], diff: PackageDiff): T[] {
  return findings.map((finding) => {
    if (finding.check === 'base-image') return finding;
    const images = finding.images !== undefined && finding.images.length > 0 ? finding.images : [undefined];
    const changed = images.some((image) =>
      diff.names.has(packageNameIdentity({ ...(image !== undefined ? { image } : {}), ecosystem: finding.package.ecosystem, normalizedName: finding.package.normalizedName, name: finding.package.name })),
    );
    return { ...finding, existing: !changed };
  });
}
