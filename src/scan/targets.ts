// From inventory entries to the distinct things a scan checks. A package inherited by 130 images is checked once;
// its findings are reported once per place that declares it, naming every image that installs it.
import type { InventoryEntry } from '../inventory/types';
import type { SourceLocation } from '../model';
import { factsKey, type FactsRequest } from './facts';
import type { Occurrence } from './result';

export interface CheckTarget {
  request: FactsRequest;
  /** Every inventory entry this target stands for (own and inherited copies). */
  entries: InventoryEntry[];
}

/** Included, registry-vettable entries grouped by what must be looked up (pinned version, or specifier + Python). */
export function checkTargets(entries: InventoryEntry[], pythonOf: (entry: InventoryEntry) => string | undefined): Map<string, CheckTarget> {
  const targets = new Map<string, CheckTarget>();
  for (const entry of entries) {
    if (entry.status !== 'included' || entry.unvettable || !entry.normalizedName) continue;
    const python = entry.ecosystem === 'PyPI' && entry.version === undefined ? pythonOf(entry) : undefined;
    const request: FactsRequest = {
      ecosystem: entry.ecosystem,
      name: entry.name,
      normalizedName: entry.normalizedName,
      ...(entry.version !== undefined ? { version: entry.version } : { specifier: entry.specifier ?? '' }),
      ...(python ? { python } : {}),
    };
    const key = factsKey(request);
    const target = targets.get(key);
    if (target) target.entries.push(entry);
    else targets.set(key, { request, entries: [entry] });
  }
  return targets;
}

export function occurrenceOf(entry: InventoryEntry): Occurrence {
  // Assigned field by field rather than spread (this runs once per inventory entry, 10,000 in a large tree), in
  // the order the JSON report has always had.
  const occurrence: Partial<Occurrence> = {};
  if (entry.image !== undefined) occurrence.image = entry.image;
  if (entry.inheritedFrom !== undefined) occurrence.inheritedFrom = entry.inheritedFrom;
  occurrence.location = entry.location;
  occurrence.relation = entry.relation;
  if (entry.group !== undefined) occurrence.group = entry.group;
  if (entry.resolvedFrom !== undefined && entry.resolvedFrom.length > 0) occurrence.resolvedFrom = entry.resolvedFrom;
  return occurrence as Occurrence;
}

/**
 * The places that declare a package (an inherited copy points at its base's lock), each with the images that
 * install the package from there.
 */
export function declaringPlaces(entries: InventoryEntry[]): { location: SourceLocation; images: string[]; declaringImage?: string }[] {
  const byPlace = new Map<string, { location: SourceLocation; images: Set<string>; declaringImage?: string }>();
  for (const entry of entries) {
    const key = `${entry.location.file}:${entry.location.line}`;
    let place = byPlace.get(key);
    if (!place) {
      const declaringImage = entry.inheritedFrom ?? entry.image;
      place = { location: entry.location, images: new Set(), ...(declaringImage !== undefined ? { declaringImage } : {}) };
      byPlace.set(key, place);
    }
    if (entry.image !== undefined) place.images.add(entry.image);
  }
  return [...byPlace.values()].map((p) => ({ location: p.location, images: [...p.images].sort(), ...(p.declaringImage !== undefined ? { declaringImage: p.declaringImage } : {}) }));
}

/** The licences input SBOMs state for a package, each once, in the order first seen; undefined when none. */
export function sbomLicensesOf(entries: InventoryEntry[]): string[] | undefined {
  const all = [...new Set(entries.flatMap((e) => e.sbomLicenses ?? []))];
  return all.length > 0 ? all : undefined;
}
