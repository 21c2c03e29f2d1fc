// `depvet find`: which images of a tree already provide the packages a contributor needs, so they can reuse an
// image instead of creating one. Works on the inventory alone (no network).
import { satisfies as pep440Satisfies } from '@renovatebot/pep440';
import { UsageError } from '../errors';
import type { ImageInfo, Inventory, InventoryEntry } from '../inventory/types';
import { normalizePypiName } from '../normalize';
import { parseRequirement, Pep508SyntaxError } from '../sources/pep508';

export interface PackageQuery {
  /** As the user typed it (`requests>=2.31`). */
  text: string;
  normalizedName: string;
  /** PEP 440 specifier, '' for any version. */
  specifier: string;
}

export interface ProvidedPackage {
  query: string;
  name: string;
  version?: string;
  /** For an unpinned requirement (no version known until install time): its specifier, '' for any version. */
  specifier?: string;
  /** The base image it comes from, when inherited. */
  inheritedFrom?: string;
}

export interface ImageMatch {
  image: string;
  status: ImageInfo['status'];
  python?: string;
  /** Every requested package is provided. */
  complete: boolean;
  provided: ProvidedPackage[];
  /** Requests the image does not satisfy, with why (`absent`, or the version it has). */
  missing: { query: string; reason: string }[];
  /** Packages the image installs beyond the requested ones: fewer means a leaner fit. */
  extraPackages: number;
}

export function parsePackageQuery(text: string): PackageQuery {
  try {
    const req = parseRequirement(text);
    if (req.url) throw new UsageError(`"${text}": find takes package names with optional versions, not URLs`);
    return { text, normalizedName: normalizePypiName(req.name), specifier: req.specifier };
  } catch (error) {
    if (error instanceof Pep508SyntaxError) throw new UsageError(`"${text}" is not a package name with an optional version (${error.detail})`);
    throw error;
  }
}

/**
 * Ranks the images of an inventory for a set of package queries: complete matches first, then partial ones;
 * within each, fewest extra packages, newest Python, active before devonly before deprecated, then name.
 */
export function findImages(inventory: Inventory, queries: PackageQuery[]): ImageMatch[] {
  const byImage = new Map<string, InventoryEntry[]>();
  for (const entry of inventory.packages) {
    if (entry.image === undefined || entry.status !== 'included' || entry.ecosystem !== 'PyPI') continue;
    const list = byImage.get(entry.image) ?? [];
    list.push(entry);
    byImage.set(entry.image, list);
  }
  const matches: ImageMatch[] = [];
  for (const info of inventory.images) {
    const packages = byImage.get(info.name) ?? [];
    const provided: ProvidedPackage[] = [];
    const missing: ImageMatch['missing'] = [];
    for (const query of queries) {
      const candidates = packages.filter((p) => p.normalizedName === query.normalizedName);
      const hit = candidates.find((p) => versionSatisfies(p, query.specifier));
      if (hit) {
        provided.push({
          query: query.text,
          name: hit.name,
          ...(hit.version ? { version: hit.version } : { specifier: hit.specifier ?? '' }),
          ...(hit.inheritedFrom ? { inheritedFrom: hit.inheritedFrom } : {}),
        });
      } else if (candidates.length > 0) {
        missing.push({ query: query.text, reason: `has ${candidates.map((c) => c.version ?? c.specifier ?? 'an unpinned version').join(', ')}` });
      } else {
        missing.push({ query: query.text, reason: 'absent' });
      }
    }
    if (provided.length === 0) continue;
    const requested = new Set(queries.map((q) => q.normalizedName));
    matches.push({
      image: info.name,
      status: info.status,
      ...(info.python ? { python: info.python.version } : {}),
      complete: missing.length === 0,
      provided,
      missing,
      extraPackages: new Set(packages.filter((p) => !requested.has(p.normalizedName)).map((p) => p.normalizedName)).size,
    });
  }
  const statusRank = { active: 0, devonly: 1, deprecated: 2 } as const;
  return matches.sort(
    (a, b) =>
      Number(b.complete) - Number(a.complete) ||
      b.provided.length - a.provided.length ||
      a.extraPackages - b.extraPackages ||
      comparePython(b.python, a.python) ||
      statusRank[a.status] - statusRank[b.status] ||
      (a.image < b.image ? -1 : a.image > b.image ? 1 : 0),
  );
}

function versionSatisfies(entry: InventoryEntry, specifier: string): boolean {
  if (specifier === '') return true;
  // An unpinned entry cannot be promised to satisfy a version request.
  if (!entry.version) return false;
  try {
    return pep440Satisfies(entry.version, specifier);
  } catch {
    return false;
  }
}

function comparePython(a: string | undefined, b: string | undefined): number {
  const parse = (v: string | undefined) => (v ?? '0.0').split('.').map(Number);
  const [am = 0, an = 0] = parse(a);
  const [bm = 0, bn = 0] = parse(b);
  return am - bm || an - bn;
}
