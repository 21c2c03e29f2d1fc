// Which versions fix an advisory, and the smallest upgrade that leaves a package free of all its findings.
import type { Ecosystem } from '../../model';
import type { OsvAffected, OsvVulnerability } from '../../registries/osv-record';
import { affectedEntriesFor, isVersionAffected, isVersionRange } from './match';
import { sortVersions, versionScheme } from './versions';

/** The `fixed` versions named in these entries' ECOSYSTEM/SEMVER ranges, ascending; above `current` when given. */
export function fixedVersions(affected: OsvAffected[], ecosystem: Ecosystem, current?: string): string[] {
  const scheme = versionScheme(ecosystem);
  const values = affected.flatMap((entry) =>
    (entry.ranges ?? []).filter(isVersionRange).flatMap((range) => (range.events ?? []).map((event) => event.fixed)),
  );
  const { sorted } = sortVersions(scheme, values.filter((value): value is string => typeof value === 'string'));
  if (current === undefined || !scheme.isValid(current)) return sorted;
  return sorted.filter((version) => scheme.compare(version, current) > 0);
}

export interface UpgradeAdvice {
  /** The smallest version above the current one that no finding's advisory affects; absent when none is known. */
  version?: string;
  /** What the candidates were: the registry's release list, or only the fixed versions the advisories name. */
  basis: 'release-list' | 'fixed-versions';
  note?: string;
}

/**
 * Smallest upgrade fixing every advisory in `records` for the package. Each candidate above `current` is
 * checked against every record by OSV's rules, so a fix in one range that another range re-opens is skipped.
 * With `releases` (the registry's versions) the candidates are real releases (pre-releases only when the current
 * version is one); without, the candidates are the advisories' own fixed versions, which may not all exist.
 */
export function smallestUpgrade(
  records: OsvVulnerability[],
  ecosystem: Ecosystem,
  normalizedName: string,
  current: string,
  releases?: string[],
): UpgradeAdvice {
  const scheme = versionScheme(ecosystem);
  const basis: UpgradeAdvice['basis'] = releases ? 'release-list' : 'fixed-versions';
  if (!scheme.isValid(current)) {
    return { basis, note: `current version ${current} cannot be ordered, so no upgrade can be computed` };
  }
  const allowPre = scheme.isPrerelease(current);
  const pool = releases
    ? releases.filter((version) => scheme.isValid(version) && (allowPre || !scheme.isPrerelease(version)))
    : records.flatMap((record) => fixedVersions(affectedEntriesFor(record, ecosystem, normalizedName), ecosystem));
  const candidates = sortVersions(scheme, pool).sorted.filter((version) => scheme.compare(version, current) > 0);
  const version = candidates.find((candidate) =>
    records.every((record) => !isVersionAffected(record, ecosystem, normalizedName, candidate)),
  );
  if (version !== undefined) {
    return releases
      ? { version, basis }
      : { version, basis, note: 'from the advisories\u2019 fixed versions; not checked against the registry\u2019s release list' };
  }
  return {
    basis,
    note: releases
      ? 'no released version above the current one is free of these advisories'
      : 'the advisories name no fixed version that clears all of them',
  };
}
