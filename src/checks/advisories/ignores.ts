// Accepted risk, as data: an ignore names an advisory id (any alias matches), says why, may expire, and may be
// scoped to a package and a version range. Expired ignores stop applying and are reported, as are unused ones.
import type { PackageKey } from '../../findings';
import type { Ecosystem } from '../../model';
import { normalizeName } from '../../normalize';
import { entryError, entryExpiry, versionInScope, versionScopeValid } from '../../policy/entry-scope';

export interface AdvisoryIgnore {
  /** An advisory id or any of its aliases (`GHSA-…`, `PYSEC-…`, `CVE-…`), compared case-insensitively. */
  id: string;
  reason: string;
  /** `YYYY-MM-DD` (applies through the end of that UTC day) or a full ISO 8601 date-time. */
  expires?: string;
  /** Only this package (name compared after normalization). */
  package?: string;
  ecosystem?: Ecosystem;
  /** Only these versions: a specifier in the ecosystem's syntax (`<2.0`, `>=1.0,<1.4` / `<2.0.0`) or one exact version. */
  versions?: string;
  /** Why the advisory does not affect the image, in VEX terms (`code_not_reachable`, `vulnerable_code_not_present`…). */
  justification?: string;
  /** Where the entry was written (policy file and JSON pointer), for error messages and reports. */
  source?: { file: string; pointer: string };
}

/** The moment the ignore stops applying, or undefined when it never expires. Throws ConfigError when malformed. */
export function ignoreExpiry(ignore: AdvisoryIgnore): Date | undefined {
  if (ignore.expires === undefined) return undefined;
  const expiry = entryExpiry(ignore.expires);
  if (expiry === null) throw entryError(ignore, `ignore ${ignore.id}: expires ${JSON.stringify(ignore.expires)} is not a date (YYYY-MM-DD)`);
  return expiry;
}

export function isIgnoreExpired(ignore: AdvisoryIgnore, now: Date): boolean {
  const expiry = ignoreExpiry(ignore);
  return expiry !== undefined && expiry.getTime() < now.getTime();
}

/** Checks every entry up front so a typo fails the run instead of silently never matching. */
export function validateAdvisoryIgnores(ignores: AdvisoryIgnore[]): void {
  for (const ignore of ignores) {
    if (!ignore.id?.trim()) throw entryError(ignore, 'ignore without an id');
    if (!ignore.reason?.trim()) throw entryError(ignore, `ignore ${ignore.id}: a reason is required`);
    ignoreExpiry(ignore);
    if (ignore.versions !== undefined) {
      const ecosystems: Ecosystem[] = ignore.ecosystem ? [ignore.ecosystem] : ['PyPI', 'npm'];
      if (!ecosystems.some((ecosystem) => versionScopeValid(ecosystem, ignore.versions!))) {
        throw entryError(ignore, `ignore ${ignore.id}: versions ${JSON.stringify(ignore.versions)} is not a version or range`);
      }
    }
  }
}

/** Does the ignore cover a finding with these ids for this package? (Expiry is checked separately.) */
export function ignoreMatches(ignore: AdvisoryIgnore, ids: string[], pkg: PackageKey): boolean {
  const wanted = ignore.id.trim().toUpperCase();
  if (!ids.some((id) => id.toUpperCase() === wanted)) return false;
  if (ignore.ecosystem && ignore.ecosystem !== pkg.ecosystem) return false;
  if (ignore.package !== undefined && normalizeName(pkg.ecosystem, ignore.package) !== pkg.normalizedName) return false;
  if (ignore.versions !== undefined) {
    if (pkg.version === undefined || !versionInScope(pkg.ecosystem, pkg.version, ignore.versions)) return false;
  }
  return true;
}
