// The advisory check: for every package version that will really be installed (pinned, locked, or resolved the way
// the installer would), the non-withdrawn OSV advisories affecting it, merged by alias, with severity, fixed
// versions, the smallest upgrade clearing them all, and the policy's ignores applied. Returns data, never throws
// for a package it cannot check: that becomes a CouldNotCheck with the reason.
import { compareSeverity, type CouldNotCheck, type Finding, type PackageKey, type Severity } from '../../findings';
import type { Ecosystem, PackageRef, SourceLocation } from '../../model';
import { normalizeName } from '../../normalize';
import type { OsvVulnerability } from '../../registries/osv-record';
import { advisoryQueryKey, type AdvisoryQuery, type AdvisorySource } from './advisory-source';
import { DEFAULT_PREFERRED_ID_ORDER, groupByAliases, type AdvisoryGroup } from './aliases';
import { fixedVersions, smallestUpgrade, type UpgradeAdvice } from './fixes';
import { ignoreMatches, isIgnoreExpired, validateAdvisoryIgnores, type AdvisoryIgnore } from './ignores';
import { affectedEntriesFor } from './match';
import { resolveNpmVersion, resolvePipVersion, type PipRelease, type VersionResolution } from './resolve-version';
import { advisorySeverity, isMaliciousRecord, type AdvisorySeverity } from './severity';

export type ReleaseList =
  | { status: 'found'; releases: PipRelease[]; /** npm's `latest` dist-tag */ latest?: string; origin: string }
  | { status: 'failed'; reason: string };

/** Registry release lists: used to resolve unpinned requirements and to pick real upgrade versions. */
export interface PackageReleases {
  listReleases(ecosystem: Ecosystem, name: string): Promise<ReleaseList>;
}

export interface AdvisoryCheckOptions {
  ignores?: AdvisoryIgnore[];
  /** Non-ignored findings at or above this fail the gate (malicious ones always do). Default medium. */
  failOnSeverity?: Severity;
  /** Id prefixes in order of preference for naming merged findings. Default DEFAULT_PREFERRED_ID_ORDER. */
  preferredIdOrder?: readonly string[];
  /** Severity given to advisories with no vector and no label. Default medium (fail closed at the default gate). */
  unknownSeverity?: Severity;
  /** Clock for ignore expiry. */
  now?: Date;
  /** Without it, unpinned requirements cannot be checked (CouldNotCheck) and upgrades come from fixed versions only. */
  releases?: PackageReleases;
  /** Target Python for resolving PyPI specifiers (`requires_python`). */
  pythonVersion?: string;
}

export interface ResolvedPackage {
  package: PackageKey;
  specifier: string;
  description: string;
  location: SourceLocation;
}

export interface IgnoredFinding {
  finding: Finding;
  ignore: AdvisoryIgnore;
}

export interface AdvisoryCheckResult {
  /** Findings not covered by an ignore. */
  findings: Finding[];
  /** The subset of `findings` that fails the gate. */
  failing: Finding[];
  ignored: IgnoredFinding[];
  couldNotCheck: CouldNotCheck[];
  /** Unpinned requirements checked at the version the installer would pick. */
  resolved: ResolvedPackage[];
  ignoresUsed: AdvisoryIgnore[];
  ignoresExpired: AdvisoryIgnore[];
  /** Live ignores that matched nothing: stale policy. */
  ignoresUnused: AdvisoryIgnore[];
  /** Ids of withdrawn advisories that matched and were left out. */
  withdrawnSkipped: string[];
  /** Where the advisories came from. */
  source: string;
}

interface Target {
  query: AdvisoryQuery;
  key: PackageKey;
  refs: PackageRef[];
  resolvedFrom?: string;
}

const SUMMARY_LIMIT = 120;

function summaryOf(records: OsvVulnerability[], preferred: string): string {
  const ordered = [...records].sort((a, b) => Number(b.id === preferred) - Number(a.id === preferred));
  const summary = ordered.map((record) => record.summary?.trim()).find(Boolean);
  if (summary) return summary;
  // PYSEC records carry details only: their first line, shortened, stands in for a summary.
  const details = ordered.map((record) => record.details?.trim()).find(Boolean);
  if (!details) return '';
  const line = details.split('\n')[0]!.trim();
  return line.length > SUMMARY_LIMIT ? `${line.slice(0, SUMMARY_LIMIT - 1)}\u2026` : line;
}

function maxSeverity(severities: AdvisorySeverity[]): AdvisorySeverity {
  return severities.reduce((best, next) => (compareSeverity(next.level, best.level) > 0 ? next : best));
}

function packageKeyOf(ref: PackageRef, version: string | undefined): PackageKey {
  return {
    ecosystem: ref.ecosystem,
    name: ref.name,
    normalizedName: ref.normalizedName || normalizeName(ref.ecosystem, ref.name),
    ...(version !== undefined ? { version } : {}),
  };
}

function notCheckable(ref: PackageRef, reason: string, version?: string): CouldNotCheck {
  return { check: 'advisories', package: packageKeyOf(ref, version), reason, location: ref.location };
}

async function resolveUnpinned(ref: PackageRef, list: ReleaseList, pythonVersion?: string): Promise<VersionResolution> {
  if (list.status === 'failed') return { status: 'unresolved', reason: list.reason };
  const specifier = ref.specifier ?? '';
  if (ref.ecosystem === 'PyPI') return resolvePipVersion(list.releases, specifier, pythonVersion);
  return resolveNpmVersion(
    list.releases.map((release) => release.version),
    specifier,
    list.latest,
  );
}

export async function checkAdvisories(
  packages: PackageRef[],
  source: AdvisorySource,
  options: AdvisoryCheckOptions = {},
): Promise<AdvisoryCheckResult> {
  const ignores = options.ignores ?? [];
  validateAdvisoryIgnores(ignores);
  const now = options.now ?? new Date();
  const threshold = options.failOnSeverity ?? 'medium';
  const order = options.preferredIdOrder ?? DEFAULT_PREFERRED_ID_ORDER;
  const couldNotCheck: CouldNotCheck[] = [];
  const resolved: ResolvedPackage[] = [];

  // Each release list is fetched at most once, for resolution and upgrade advice alike.
  const releaseLists = new Map<string, Promise<ReleaseList>>();
  const releasesFor = (ecosystem: Ecosystem, name: string): Promise<ReleaseList> | undefined => {
    if (!options.releases) return undefined;
    const listKey = `${ecosystem}:${normalizeName(ecosystem, name)}`;
    let list = releaseLists.get(listKey);
    if (!list) {
      list = options.releases.listReleases(ecosystem, name);
      releaseLists.set(listKey, list);
    }
    return list;
  };

  const targets = new Map<string, Target>();
  const addTarget = (ref: PackageRef, version: string, resolvedFrom?: string): void => {
    const query: AdvisoryQuery = { ecosystem: ref.ecosystem, name: ref.name, version };
    const queryKey = advisoryQueryKey(query);
    const target = targets.get(queryKey);
    if (target) target.refs.push(ref);
    else targets.set(queryKey, { query, key: packageKeyOf(ref, version), refs: [ref], ...(resolvedFrom ? { resolvedFrom } : {}) });
  };

  for (const ref of packages) {
    if (ref.unvettable) {
      couldNotCheck.push(notCheckable(ref, `${ref.unvettable.kind} requirement (${ref.unvettable.reference}): ${ref.unvettable.reason}`));
    } else if (!ref.name.trim()) {
      couldNotCheck.push(notCheckable(ref, 'package name unknown'));
    } else if (ref.version !== undefined) {
      addTarget(ref, ref.version);
    } else {
      const list = releasesFor(ref.ecosystem, ref.name);
      if (!list) {
        couldNotCheck.push(
          notCheckable(ref, `not pinned (${ref.specifier ? JSON.stringify(ref.specifier) : 'no version given'}) and no registry to resolve the version from`),
        );
        continue;
      }
      const resolution = await resolveUnpinned(ref, await list, options.pythonVersion);
      if (resolution.status === 'unresolved') {
        couldNotCheck.push(notCheckable(ref, `not pinned; could not resolve the version to check: ${resolution.reason}`));
        continue;
      }
      const settled = await list;
      const from = `${resolution.description}, from ${settled.status === 'found' ? settled.origin : 'the registry'}`;
      resolved.push({ package: packageKeyOf(ref, resolution.version), specifier: ref.specifier ?? '', description: from, location: ref.location });
      addTarget(ref, resolution.version, from);
    }
  }

  const lookup = await source.findVulnerabilities([...targets.values()].map((target) => target.query));
  const failureByKey = new Map(lookup.failures.map((failure) => [advisoryQueryKey(failure.query), failure.reason]));

  const findings: Finding[] = [];
  const ignored: IgnoredFinding[] = [];
  const used = new Set<AdvisoryIgnore>();
  const withdrawn = new Set<string>();

  for (const [queryKey, target] of targets) {
    const failure = failureByKey.get(queryKey);
    if (failure) for (const ref of target.refs) couldNotCheck.push(notCheckable(ref, failure, target.query.version));
    const records = lookup.results.get(queryKey);
    if (!records) {
      if (!failure) for (const ref of target.refs) couldNotCheck.push(notCheckable(ref, 'the advisory source gave no answer', target.query.version));
      continue;
    }
    const { ecosystem } = target.query;
    const normalizedName = target.key.normalizedName;
    const live = records.filter((record) => {
      if (record.withdrawn) withdrawn.add(record.id);
      return !record.withdrawn;
    });
    if (live.length === 0) continue;

    const groups = groupByAliases(live, order);
    const list = releasesFor(ecosystem, target.query.name);
    const settled = list ? await list : undefined;
    const upgrade = smallestUpgrade(
      live,
      ecosystem,
      normalizedName,
      target.query.version,
      settled?.status === 'found' ? settled.releases.filter((release) => !release.yanked).map((release) => release.version) : undefined,
    );
    for (const group of groups) {
      const finding = buildFinding(group, target, upgrade, groups.length, options.unknownSeverity ?? 'medium');
      const ids = group.ids;
      const live = ignores.find((ignore) => !isIgnoreExpired(ignore, now) && ignoreMatches(ignore, ids, finding.package));
      const expired = ignores.filter((ignore) => isIgnoreExpired(ignore, now) && ignoreMatches(ignore, ids, finding.package));
      if (expired.length > 0) {
        finding.evidence.expiredIgnores = expired.map((ignore) => ({ id: ignore.id, expires: ignore.expires, reason: ignore.reason }));
      }
      if (live) {
        used.add(live);
        ignored.push({ finding, ignore: live });
      } else {
        findings.push(finding);
      }
    }
  }

  const failing = findings.filter((finding) => finding.kind === 'malicious' || compareSeverity(finding.severity, threshold) >= 0);
  return {
    findings,
    failing,
    ignored,
    couldNotCheck,
    resolved,
    ignoresUsed: ignores.filter((ignore) => used.has(ignore)),
    ignoresExpired: ignores.filter((ignore) => isIgnoreExpired(ignore, now)),
    ignoresUnused: ignores.filter((ignore) => !used.has(ignore) && !isIgnoreExpired(ignore, now)),
    withdrawnSkipped: [...withdrawn].sort(),
    source: source.description,
  };
}

function buildFinding(group: AdvisoryGroup, target: Target, upgrade: UpgradeAdvice, groupCount: number, unknownSeverity: Severity): Finding {
  const { ecosystem, version } = target.query;
  const normalizedName = target.key.normalizedName;
  const perRecord = group.records.map((record) => {
    const entries = affectedEntriesFor(record, ecosystem, normalizedName);
    return { record, entries, severity: advisorySeverity(record, entries, unknownSeverity) };
  });
  const severity = maxSeverity(perRecord.map((item) => item.severity));
  const fixed = fixedVersions(perRecord.flatMap((item) => item.entries), ecosystem, version);
  const malicious = group.records.some(isMaliciousRecord);
  const summary = summaryOf(group.records, group.id);
  const others = group.ids.filter((id) => id !== group.id);
  const severityText =
    severity.source === 'cvss'
      ? `${severity.level} ${severity.score?.toFixed(1)}`
      : severity.source === 'unknown'
        ? `severity unknown, treated as ${severity.level}`
        : severity.level;
  const fixText = malicious
    ? 'malicious package: remove it'
    : fixed.length > 0
      ? `fixed in ${fixed.join(', ')}`
      : 'no fixed version known';
  const upgradeText =
    !malicious && upgrade.version !== undefined
      ? `; upgrade to ${upgrade.version} clears ${groupCount === 1 ? 'it' : `all ${groupCount} advisories`}`
      : '';
  const ref = target.refs[0]!;
  return {
    check: 'advisories',
    kind: malicious ? 'malicious' : 'advisory',
    severity: severity.level,
    package: target.key,
    message: `${target.key.name} ${version}: ${group.id}${others.length ? ` (${others.join(', ')})` : ''} [${severityText}]${
      summary ? ` ${summary}` : ''
    }; ${fixText}${upgradeText}`,
    evidence: {
      id: group.id,
      ids: group.ids,
      aliases: others,
      recordIds: group.records.map((record) => record.id).sort(),
      summary,
      severity,
      fixedVersions: fixed,
      upgrade,
      ...(target.resolvedFrom ? { resolvedFrom: target.resolvedFrom } : {}),
      locations: target.refs.map((item) => item.location),
    },
    location: ref.location,
  };
}
