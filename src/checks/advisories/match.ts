// OSV's evaluation rules (https://ossf.github.io/osv-schema/#evaluation), exactly: a version is affected when it is
// listed in `versions[]` OR lies in any ECOSYSTEM/SEMVER range. Per range, events are sorted by version
// (`introduced: "0"` first) and walked: introduced (v >= x) turns affected on, fixed (v >= x) turns it off,
// last_affected (v > x) turns it off; `limit` events bound the range (v < some limit, `*` = infinity).
// GIT ranges name commits, not package versions, and are ignored here.
import type { Ecosystem } from '../../model';
import { normalizeName } from '../../normalize';
import type { OsvAffected, OsvEvent, OsvRange, OsvVulnerability } from '../../registries/osv-record';
import { toEcosystem, versionKey, versionScheme, type VersionScheme } from './versions';

type EventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

interface SortedEvent {
  kind: EventKind;
  version: string;
  /** scheme.sortKey(version); undefined for `introduced: "0"`. */
  key?: unknown;
}

/** A range prepared for evaluation: events sorted, invalid values set aside (and reported). */
export interface PreparedRange {
  events: SortedEvent[];
  limits: string[];
  /** Event values the scheme cannot order; skipped, never fatal. */
  invalidValues: string[];
}

const EVENT_KINDS: readonly EventKind[] = ['introduced', 'fixed', 'last_affected', 'limit'];

function eventEntries(event: OsvEvent): SortedEvent[] {
  const out: SortedEvent[] = [];
  for (const kind of EVENT_KINDS) {
    const version = event[kind];
    if (typeof version === 'string') out.push({ kind, version });
  }
  return out;
}

/** True for the two range types whose events are package versions. */
export function isVersionRange(range: OsvRange): boolean {
  return range.type === 'ECOSYSTEM' || range.type === 'SEMVER';
}

// Records are immutable once loaded, so a range is prepared once and reused for every query.
const prepared = new WeakMap<OsvRange, PreparedRange>();

export function prepareRange(range: OsvRange, scheme: VersionScheme): PreparedRange {
  const hit = prepared.get(range);
  if (hit) return hit;
  const events: SortedEvent[] = [];
  const limits: string[] = [];
  const invalidValues: string[] = [];
  for (const entry of (range.events ?? []).flatMap(eventEntries)) {
    if (entry.kind === 'introduced' && entry.version === '0') events.push(entry);
    else if (entry.kind === 'limit' && entry.version.includes('*')) limits.push('*');
    else if (!scheme.isValid(entry.version)) invalidValues.push(entry.version);
    else if (entry.kind === 'limit') limits.push(entry.version);
    else events.push(entry);
  }
  // Array.prototype.sort is stable: events at the same version keep the order the record wrote them in.
  events.sort((a, b) => {
    const aZero = a.kind === 'introduced' && a.version === '0';
    const bZero = b.kind === 'introduced' && b.version === '0';
    if (aZero || bZero) return aZero === bZero ? 0 : aZero ? -1 : 1;
    return scheme.compare(a.version, b.version);
  });
  for (const event of events) if (!(event.kind === 'introduced' && event.version === '0')) event.key = scheme.sortKey(event.version);
  const result = { events, limits, invalidValues };
  prepared.set(range, result);
  return result;
}

function beforeLimits(version: string, range: PreparedRange, scheme: VersionScheme): boolean {
  if (range.limits.length === 0) return true;
  return range.limits.some((limit) => limit === '*' || scheme.compare(version, limit) < 0);
}

/** OSV's IncludedInRanges for one range; `version` must be valid in `scheme`. */
export function rangeIncludes(range: PreparedRange, version: string, scheme: VersionScheme): boolean {
  if (!beforeLimits(version, range, scheme)) return false;
  const key = scheme.sortKey(version);
  let vulnerable = false;
  for (const event of range.events) {
    if (event.kind === 'introduced') {
      if (event.key === undefined || scheme.compareKeys(key, event.key) >= 0) vulnerable = true;
    } else if (event.kind === 'fixed') {
      if (scheme.compareKeys(key, event.key) >= 0) vulnerable = false;
    } else if (event.kind === 'last_affected') {
      if (scheme.compareKeys(key, event.key) > 0) vulnerable = false;
    }
  }
  return vulnerable;
}

/** Does this `affected[]` entry name the package? Ecosystem exactly, names normalized on both sides. */
const normalizedNames = new WeakMap<OsvAffected, string | null>();

export function affectedNamesPackage(affected: OsvAffected, ecosystem: Ecosystem, normalizedName: string): boolean {
  let name = normalizedNames.get(affected);
  if (name === undefined) {
    const pkg = affected.package;
    const own = pkg ? toEcosystem(pkg.ecosystem) : undefined;
    name = pkg && own ? `${own}:${normalizeName(own, pkg.name)}` : null;
    normalizedNames.set(affected, name);
  }
  return name === `${ecosystem}:${normalizedName}`;
}

export interface AffectedMatch {
  affected: boolean;
  /** How: listed in versions[], or inside a range. */
  via: ('versions' | 'range')[];
  /** False when the queried version is not valid in the ecosystem: only versions[] could be compared. */
  rangesEvaluated: boolean;
  /** Values in the record's data the scheme cannot order (skipped). */
  invalidValues: string[];
}

const listed = new WeakMap<OsvAffected, Set<string>>();

/** versions[] as a set of equality keys; an entry the scheme cannot parse is kept as its exact text (prefixed). */
function listedVersions(affected: OsvAffected, scheme: VersionScheme): Set<string> {
  let set = listed.get(affected);
  if (!set) {
    set = new Set((affected.versions ?? []).map((version) => versionKey(scheme, version) ?? `\u0000${version}`));
    listed.set(affected, set);
  }
  return set;
}

/** OSV's IsVulnerable for one `affected[]` entry that names the package. */
export function matchAffected(affected: OsvAffected, version: string, scheme: VersionScheme): AffectedMatch {
  const via: AffectedMatch['via'] = [];
  const invalidValues: string[] = [];
  if (listedVersions(affected, scheme).has(versionKey(scheme, version) ?? `\u0000${version}`)) via.push('versions');
  const rangesEvaluated = scheme.isValid(version);
  for (const range of affected.ranges ?? []) {
    if (!isVersionRange(range)) continue;
    const ready = prepareRange(range, scheme);
    for (const value of ready.invalidValues) invalidValues.push(value);
    if (rangesEvaluated && !via.includes('range') && rangeIncludes(ready, version, scheme)) via.push('range');
  }
  return { affected: via.length > 0, via, rangesEvaluated, invalidValues };
}

/** The `affected[]` entries of a record that name this package. */
export function affectedEntriesFor(record: OsvVulnerability, ecosystem: Ecosystem, normalizedName: string): OsvAffected[] {
  return (record.affected ?? []).filter((affected) => affectedNamesPackage(affected, ecosystem, normalizedName));
}

/** Is `version` of the package affected by the record, by OSV's rules? */
export function isVersionAffected(
  record: OsvVulnerability,
  ecosystem: Ecosystem,
  normalizedName: string,
  version: string,
): boolean {
  const scheme = versionScheme(ecosystem);
  return affectedEntriesFor(record, ecosystem, normalizedName).some((entry) => matchAffected(entry, version, scheme).affected);
}
