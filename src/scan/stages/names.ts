// Names stage: is each name the package that was meant? A look-alike of a popular name (typosquat), a name the
// registry does not know (a slip, or dependency confusion waiting to happen), or a brand-new project.
import type { Finding, PackageKey } from '../../findings';
import type { Ecosystem } from '../../model';
import { batchLookups, loadPopularIndex, type NameLookups, type PopularIndex } from '../../checks/names/popular-index';
import { screenName, typosquatFinding, type AllowlistPair } from '../../checks/names/typosquat';
import type { PackageFacts } from '../facts';
import type { StageContext, StageOutput } from '../scan';

const DAY_MS = 86_400_000;

/** Existence and age findings from the registry facts of one target. */
export function existenceFindings(pkg: PackageKey, facts: PackageFacts, now: Date, minAgeDays: number): Finding[] {
  const registry = pkg.ecosystem === 'PyPI' ? 'PyPI' : 'the npm registry';
  if (facts.exists === false) {
    return [
      {
        check: 'names',
        kind: 'not-on-registry',
        severity: 'high',
        package: pkg,
        message: `${pkg.name}: no such project on ${registry}: a misspelt name, or a name an attacker can register (dependency confusion)`,
        evidence: { registry },
      },
    ];
  }
  const first = facts.firstReleaseTime ?? facts.versionUploadTime;
  if (facts.exists === true && first) {
    const ageDays = (now.getTime() - Date.parse(first)) / DAY_MS;
    // Only a lower bound is known when just the version's upload time was fetched; it is exact when young.
    if (ageDays >= 0 && ageDays < minAgeDays && facts.firstReleaseTime !== undefined) {
      return [
        {
          check: 'names',
          kind: 'new-project',
          severity: 'low',
          package: pkg,
          message: `${pkg.name}: first released ${Math.floor(ageDays)} days ago (${first.slice(0, 10)}); new projects deserve a closer look`,
          evidence: { firstReleaseTime: first, ageDays: Math.floor(ageDays), minAgeDays },
        },
      ];
    }
  }
  return [];
}

export function runNamesStage(context: StageContext): StageOutput {
  const output: StageOutput = { targetFindings: [], placedFindings: [], couldNotCheck: [], policyNotes: [] };
  const minAgeDays = context.config.names?.minAgeDays ?? 30;
  const checkExistence = context.config.names?.checkExistence ?? true;
  const allowlist: AllowlistPair[] = context.config.names?.allowlist ?? [];
  const used = new Set<AllowlistPair>();
  // One batch per ecosystem: the scan's names are indexed against the popular list once.
  const batches = new Map<Ecosystem, { index: PopularIndex; lookups: Map<string, NameLookups> }>();
  const batchFor = (ecosystem: Ecosystem) => {
    let batch = batches.get(ecosystem);
    if (!batch) {
      const index = loadPopularIndex(ecosystem);
      const names = [...context.targets.values()].filter((t) => t.request.ecosystem === ecosystem).map((t) => t.request.name);
      batch = { index, lookups: batchLookups(index, names) };
      batches.set(ecosystem, batch);
    }
    return batch;
  };
  for (const [key, target] of context.targets) {
    const request = target.request;
    const facts = context.facts.get(key);
    const version = facts?.version ?? request.version;
    const pkg: PackageKey = { ecosystem: request.ecosystem, name: request.name, normalizedName: request.normalizedName, ...(version !== undefined ? { version } : {}) };
    // Offline, from data/: the name against the popular names of its ecosystem.
    const batch = batchFor(request.ecosystem);
    const match = screenName(request.name, batch.index, { allowlist }, used, batch.lookups.get(request.name));
    if (match) output.targetFindings.push({ targetKey: key, finding: typosquatFinding(match, pkg) });
    if (!checkExistence) continue;
    if (!facts || facts.exists === 'unknown') {
      const reason = facts?.problems.find((p) => p.needs === 'existence')?.reason ?? facts?.problems[0]?.reason ?? 'the registry was not asked';
      output.couldNotCheck.push({ targetKey: key, entry: { check: 'names', package: pkg, reason: `cannot tell whether ${request.name} exists: ${reason}` } });
      continue;
    }
    for (const finding of existenceFindings(pkg, facts, context.now, minAgeDays)) output.targetFindings.push({ targetKey: key, finding });
  }
  for (const pair of allowlist) {
    if (!used.has(pair)) {
      output.policyNotes.push({ kind: 'allowlist-unused', message: `names allowlist entry ${pair.name} -> ${pair.target} matched nothing in this scan`, entry: { ...pair } });
    }
  }
  return output;
}
