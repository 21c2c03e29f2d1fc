// Names stage: is each name the package that was meant? A look-alike of a popular name (typosquat), a name the
// registry does not know (a slip, or dependency confusion waiting to happen), or a brand-new project.
import type { Finding, PackageKey } from '../../findings';
import type { Ecosystem } from '../../model';
import { loadPopularIndex } from '../../checks/names/popular-index';
import { openScreenMemo, rememberScreen, saveScreenMemo, type ScreenMemo } from '../../checks/names/screen-memo';
import { matchFromCandidates, popularListLabel, rankedCandidates, typosquatFinding, type AllowlistPair, type ScreenCandidate } from '../../checks/names/typosquat';
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
  const screened = screenTargetNames(context);
  for (const [key, target] of context.targets) {
    const request = target.request;
    const facts = context.facts.get(key);
    const version = facts?.version ?? request.version;
    const pkg: PackageKey = { ecosystem: request.ecosystem, name: request.name, normalizedName: request.normalizedName, ...(version !== undefined ? { version } : {}) };
    // Offline, from data/: the name against the popular names of its ecosystem.
    const { candidates, popularList } = screened.get(request.ecosystem)!;
    const match = matchFromCandidates(request.name, request.ecosystem, candidates.get(request.name) ?? [], popularList, { allowlist }, used);
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

/**
 * Each target name's ranked candidates, per ecosystem: from the disk memo where the name was screened before
 * against the same list and code, else screened now (one pass over the popular list for all new names together).
 */
function screenTargetNames(context: StageContext): Map<Ecosystem, { candidates: Map<string, ScreenCandidate[]>; popularList: string }> {
  const namesBy = new Map<Ecosystem, Set<string>>();
  for (const target of context.targets.values()) {
    const names = namesBy.get(target.request.ecosystem) ?? new Set<string>();
    names.add(target.request.name);
    namesBy.set(target.request.ecosystem, names);
  }
  const out = new Map<Ecosystem, { candidates: Map<string, ScreenCandidate[]>; popularList: string }>();
  for (const [ecosystem, names] of namesBy) {
    const memo: ScreenMemo | undefined = context.registry.noCache ? undefined : openScreenMemo(context.registry.cacheDir, ecosystem);
    const candidates = new Map<string, ScreenCandidate[]>();
    const unscreened: string[] = [];
    for (const name of names) {
      const known = memo?.screened.get(name);
      if (known) candidates.set(name, known);
      else unscreened.push(name);
    }
    let popularList = memo?.popularList;
    if (unscreened.length > 0 || popularList === undefined) {
      const index = loadPopularIndex(ecosystem);
      popularList = popularListLabel(index);
      for (const name of unscreened) {
        const ranked = rankedCandidates(name, index);
        candidates.set(name, ranked);
        if (memo) rememberScreen(memo, name, ranked, popularList);
      }
      if (memo) saveScreenMemo(memo);
    }
    out.set(ecosystem, { candidates, popularList });
  }
  return out;
}
