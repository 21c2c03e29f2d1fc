// Names stage: is each name the package that was meant? A look-alike of a popular name (typosquat), weighed again
// with the registry's upload dates; a package npm took down as malware (its security holding package); a name the
// registry does not know (a slip, or dependency confusion waiting to happen), or a brand-new project.
import type { Finding, PackageKey, Severity } from '../../findings';
import type { Ecosystem } from '../../model';
import { loadPopularIndex } from '../../checks/names/popular-index';
import { openScreenMemo, rememberScreen, saveScreenMemo, type ScreenMemo } from '../../checks/names/screen-memo';
import { matchFromCandidates, popularListLabel, rankedCandidates, typosquatFinding, type AllowlistPair, type ScreenCandidate, type TyposquatMatch } from '../../checks/names/typosquat';
import { securityHoldingFinding } from '../../checks/names/known-malicious';
import { firstUpload, type FirstUpload, type PackageFacts } from '../facts';
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

const LADDER: Severity[] = ['low', 'medium', 'high'];

type TargetFinding = StageOutput['targetFindings'][number];

/**
 * What the registry says about a flagged pair, in facts an attacker cannot write (upload times; never the
 * author, maintainer or project URLs, which are the attacker's own words): a name first uploaded before the
 * popular name it looks like cannot have been made to imitate it (downgraded to low); a name first uploaded
 * within `minAgeDays` that is this close to a popular name is raised one step.
 */
async function registryAdjusted(finding: Finding, match: TyposquatMatch, facts: PackageFacts | undefined, context: StageContext, minAgeDays: number): Promise<Finding> {
  // Only a name the registry answered for: with existence checks off, or a registry that could not be asked, the
  // screen's finding stands as it is (and no request is made).
  if (!facts || facts.exists !== true) return finding;
  const ecosystem = finding.package.ecosystem;
  const clients = context.registryClients;
  const [own, target] = await Promise.all([
    facts.firstReleaseTime ? Promise.resolve<FirstUpload>({ status: 'known', time: facts.firstReleaseTime }) : firstUpload(ecosystem, finding.package.name, clients),
    firstUpload(ecosystem, match.target, clients),
  ]);
  const registryFacts: Record<string, unknown> = {
    ...(own.status === 'known' ? { firstUpload: own.time } : { firstUploadUnknown: own.reason }),
    ...(target.status === 'known' ? { targetFirstUpload: target.time } : { targetFirstUploadUnknown: target.reason }),
  };
  let severity = finding.severity;
  let note = '';
  if (own.status === 'known' && target.status === 'known' && Date.parse(own.time) < Date.parse(target.time)) {
    severity = 'low';
    note = `first uploaded ${own.time.slice(0, 10)}, before ${match.target} (${target.time.slice(0, 10)}): it cannot have been made to imitate it`;
  } else if (own.status === 'known') {
    const ageDays = (context.now.getTime() - Date.parse(own.time)) / DAY_MS;
    if (ageDays >= 0 && ageDays < minAgeDays) {
      severity = LADDER[Math.min(LADDER.length - 1, LADDER.indexOf(severity) + 1)]!;
      note = `first uploaded ${Math.floor(ageDays)} days ago (${own.time.slice(0, 10)}): a brand-new project this close to a popular name`;
    }
  }
  if (!note || severity === finding.severity) return { ...finding, evidence: { ...finding.evidence, registryFacts } };
  const adjustment = LADDER.indexOf(severity) < LADDER.indexOf(finding.severity) ? 'downgraded' : 'raised';
  return {
    ...finding,
    severity,
    message: `${finding.message} [${adjustment} from ${finding.severity}: ${note}]`,
    evidence: { ...finding.evidence, registryFacts: { ...registryFacts, adjustment, from: finding.severity, reason: note } },
  };
}

export async function runNamesStage(context: StageContext): Promise<StageOutput> {
  const output: StageOutput = { targetFindings: [], placedFindings: [], couldNotCheck: [], policyNotes: [] };
  const minAgeDays = context.config.names?.minAgeDays ?? 30;
  const checkExistence = context.config.names?.checkExistence ?? true;
  const allowlist: AllowlistPair[] = context.config.names?.allowlist ?? [];
  const used = new Set<AllowlistPair>();
  const screened = screenTargetNames(context);
  // The upload dates of flagged names and their targets (the `age` need, fact-needs.ts) come through the scan's own
  // registry clients (the facts stage's and the resolver's: one in-process cache of project documents).
  // Findings in the order they are made; a look-alike's registry dates are fetched concurrently.
  const ordered: (Promise<TargetFinding> | TargetFinding)[] = [];
  for (const [key, target] of context.targets) {
    const request = target.request;
    const facts = context.facts.get(key);
    const version = facts?.version ?? request.version;
    const pkg: PackageKey = { ecosystem: request.ecosystem, name: request.name, normalizedName: request.normalizedName, ...(version !== undefined ? { version } : {}) };
    // Offline, from data/: the name against the popular names of its ecosystem.
    const { candidates, popularList } = screened.get(request.ecosystem)!;
    const match = matchFromCandidates(request.name, request.ecosystem, candidates.get(request.name) ?? [], popularList, { allowlist }, used);
    if (facts?.securityHolding) {
      // Known malicious: one critical finding, naming what it imitated; the look-alike finding would only repeat it.
      ordered.push({ targetKey: key, finding: securityHoldingFinding(pkg, facts.securityHolding, match) });
    } else if (match) ordered.push(registryAdjusted(typosquatFinding(match, pkg), match, facts, context, minAgeDays).then((finding) => ({ targetKey: key, finding })));
    if (!checkExistence) continue;
    if (!facts || facts.exists === 'unknown') {
      const reason = facts?.problems.find((p) => p.needs === 'existence')?.reason ?? facts?.problems[0]?.reason ?? 'the registry was not asked';
      output.couldNotCheck.push({ targetKey: key, entry: { check: 'names', package: pkg, reason: `cannot tell whether ${request.name} exists: ${reason}` } });
      continue;
    }
    for (const finding of existenceFindings(pkg, facts, context.now, minAgeDays)) ordered.push({ targetKey: key, finding });
  }
  for (const made of await Promise.all(ordered)) output.targetFindings.push(made);
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
