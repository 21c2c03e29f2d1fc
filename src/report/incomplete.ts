// What could not be checked, for people: each package counted once (whatever number of checks failed for it), and
// the entries grouped by their cause, so a scan with the network down says "PyPI unreachable (ENOTFOUND pypi.org):
// 51 packages — use --offline, --snapshot or --pypi-url" once instead of 51 lines with full URLs.
import type { CheckName, PackageKey } from '../findings';
import { CHECK_NAMES } from '../findings';
import type { ReportedCouldNotCheck, ScanResult } from '../scan/result';
import { uncheckedPackages, type UncheckedPackage } from './common';
import { countWork } from '../work-meter';

/** Entries that share a cause. */
export interface CauseGroup {
  /** `PyPI unreachable (ENOTFOUND pypi.org)`, or the reason itself. */
  cause: string;
  /** What the user can do about it, when depvet knows (`use --offline, --snapshot or --pypi-url`). */
  hint?: string;
  checks: CheckName[];
  packages: UncheckedPackage[];
  /** The entries of this cause (a package's entries of other causes are in their own groups). */
  entries: ReportedCouldNotCheck[];
}

// RegistryError's message (registries/result.ts): `URL: kind: detail`.
const REGISTRY_ERROR = /(https?:\/\/[^\s]+?): (timeout|connection|unreachable|http-status|invalid-json|schema|too-large|redirect-loop|offline-miss): (.*)$/s;

const HINTS: Record<string, string> = {
  PyPI: 'use --offline, --snapshot or --pypi-url',
  OSV: 'use --offline, --osv-db, --snapshot or --osv-url',
  'npm registry': 'use --offline, --snapshot or --npm-registry',
};

function registryOf(url: URL, reason: string): string {
  if (/^\/v1\/(query|querybatch|vulns)\b/.test(url.pathname)) return 'OSV';
  if (/\/pypi\//.test(url.pathname) || /\bPyPI\b/.test(reason)) return 'PyPI';
  if (/\bnpm\b/i.test(reason)) return 'npm registry';
  return url.host;
}

/**
 * The cause of a could-not-check entry: a registry failure (parsed from the RegistryError text the entry quotes:
 * `URL: kind: detail`) is named by registry, host and error code, never by the package's URL; any other reason is
 * its own cause, with the package's name and version taken out so that the same reason groups across packages.
 */
export function causeOf(entry: ReportedCouldNotCheck): { key: string; cause: string; hint?: string } {
  const match = REGISTRY_ERROR.exec(entry.reason);
  if (match) {
    let url: URL | undefined;
    try {
      url = new URL(match[1]!);
    } catch {
      url = undefined;
    }
    if (url) {
      const registry = registryOf(url, entry.reason);
      const kind = match[2]!;
      const detail = match[3]!.trim();
      const hint = HINTS[registry];
      let cause: string;
      if (kind === 'connection' || kind === 'unreachable') {
        const code = /\b(E[A-Z]{3,}[A-Z_]*|[A-Z_]*CERT[A-Z_]*|UNABLE_TO_[A-Z_]+)\b/.exec(detail)?.[1];
        cause = `${registry} unreachable (${code ? `${code} ` : ''}${url.host})`;
      } else if (kind === 'timeout') {
        cause = `${registry} timed out (${url.host})`;
      } else if (kind === 'http-status') {
        const status = /\b([1-5]\d\d)\b/.exec(detail)?.[1];
        cause = `${registry} answered ${status ? `HTTP ${status}` : 'with an error status'} (${url.host})`;
      } else if (kind === 'offline-miss') {
        const snapshot = /snapshot/.test(detail);
        return {
          key: `${registry}\u0000offline\u0000${detail}`,
          cause: `${registry}: ${detail}`,
          hint: snapshot ? 'record the snapshot again (depvet snapshot) after this change' : 'run the scan online once to fill the cache, or use --snapshot',
        };
      } else {
        cause = `${registry} gave an unusable answer (${kind.replace(/-/g, ' ')}, ${url.host})`;
        return { key: cause, cause };
      }
      return { key: cause, cause, ...(hint ? { hint } : {}) };
    }
  }
  const generic = withoutPackage(entry.reason, entry.package);
  return { key: generic, cause: generic };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The reason with the package's own name and version replaced by `…`: `no project named … on PyPI`. */
function withoutPackage(reason: string, pkg: PackageKey): string {
  let text = reason;
  const names = [...new Set([pkg.name, pkg.normalizedName].filter((n) => n.length > 1))].sort((a, b) => b.length - a.length);
  for (const name of names) text = text.replace(new RegExp(`(?<![\\w.-])${escapeRegExp(name)}(?![\\w-]|\\.\\w)`, 'gi'), '…');
  if (pkg.version) text = text.replace(new RegExp(`(?<![\\w.])${escapeRegExp(pkg.version)}(?![\\w]|\\.\\w)`, 'g'), '…');
  return text.replace(/…(\s…)+/g, '…');
}

/** The could-not-check entries grouped by cause, largest group first; a package appears once per cause. */
export function causeGroups(result: ScanResult, packages: UncheckedPackage[] = uncheckedPackages(result)): CauseGroup[] {
  const groups = new Map<string, { group: CauseGroup; seen: Set<UncheckedPackage> }>();
  for (const item of packages) {
    for (const entry of item.entries) {
      countWork('render.rows');
      const { key, cause, hint } = causeOf(entry);
      let slot = groups.get(key);
      if (!slot) {
        slot = { group: { cause, ...(hint ? { hint } : {}), checks: [], packages: [], entries: [] }, seen: new Set() };
        groups.set(key, slot);
      }
      slot.group.entries.push(entry);
      if (!slot.group.checks.includes(entry.check)) slot.group.checks.push(entry.check);
      if (!slot.seen.has(item)) {
        slot.seen.add(item);
        slot.group.packages.push(item);
      }
    }
  }
  const list = [...groups.values()].map((slot) => slot.group);
  for (const group of list) {
    group.checks.sort((a, b) => CHECK_NAMES.indexOf(a) - CHECK_NAMES.indexOf(b));
    // A cause only one package has reads best as that package's own reason, name and version included.
    const reasons = new Set(group.entries.map((e) => e.reason));
    if (group.packages.length === 1 && group.hint === undefined && reasons.size === 1) group.cause = [...reasons][0]!;
  }
  // Stable: largest first, then in the order the causes were met.
  return list.map((group, index) => ({ group, index })).sort((a, b) => b.group.packages.length - a.group.packages.length || a.index - b.index).map((x) => x.group);
}

/** Distinct packages that could not be checked, per check. */
export function uncheckedPerCheck(packages: UncheckedPackage[]): Map<CheckName, number> {
  const counts = new Map<CheckName, number>();
  for (const item of packages) {
    for (const check of new Set(item.entries.map((e) => e.check))) counts.set(check, (counts.get(check) ?? 0) + 1);
  }
  return counts;
}
