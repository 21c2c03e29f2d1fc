// Is this name a look-alike of a popular one? Plain edit distance catches barely half of real typosquats while
// flagging thousands of legitimate names (Neupane et al., "Beyond Typosquatting", USENIX Security 2023), so the
// screen finds every popular name the name may have been made from, in any of the taxonomy's ways (popular-index.ts
// proposes pairs, explain.ts says how each was made), and scores each pair with one fitted model (name-model.ts):
// the kind, how plausible the edit is, how popular the target is, how many other popular names the name is near,
// and how crowded the target's neighbourhood is in the whole namespace. The best-scoring pair is the finding; its
// score gives the severity. A name that is itself popular is never flagged.
import type { Finding, PackageKey, Severity } from '../../findings';
import type { Ecosystem } from '../../model';
import { normalizeName } from '../../normalize';
import { describePair, isTyposquatKind, judgePair, TYPOSQUAT_KINDS, type Judged, type TyposquatKind } from './explain';
import { FEATURE_INDEX, FEATURES, loadNameModel, scoreFeatures, severityOfScore, wordCount, type NameModel } from './name-model';
import { keyHits, nameForms, popularForms, type PopularIndex, type PopularName } from './popular-index';

export { isTyposquatKind, TYPOSQUAT_KINDS, type TyposquatKind };

export interface TyposquatMatch {
  name: string;
  normalizedName: string;
  /** The popular name it imitates. */
  target: string;
  targetRank: number;
  targetDownloads: number;
  kind: TyposquatKind;
  severity: Severity;
  /** Edit distance (optimal string alignment) between the compact names. */
  distance: number;
  /** The model's score of the pair (log-odds; see docs/names.md). */
  score: number;
  /** Why, in words. */
  why: string;
  evidence: Record<string, unknown>;
}

export interface AllowlistPair {
  name: string;
  target: string;
  reason: string;
}

export interface ScreenOptions {
  /** Known-legitimate look-alike pairs (from the policy file). */
  allowlist?: AllowlistPair[];
  /** The model to score with (default: data/names-model.json). */
  model?: NameModel;
}

/** One popular name a screened name may imitate, scored. Plain data, so a memo can keep it (screen-memo.ts). */
export interface ScreenCandidate {
  target: PopularName;
  kind: TyposquatKind;
  distance: number;
  detail: string;
  why: string;
  score: number;
}

/** One pair judged and scored: what the calibration script fits and the bench measures. */
export interface ScoredExplanation extends ScreenCandidate {
  /** The pair's features in `FEATURES` order (name-model.ts). */
  features: Float64Array;
  /** For an affix: the words added to the popular name (markers left out). */
  addedWords?: string[];
}

const scratch = new Float64Array(FEATURES.length);

interface Scored {
  target: number;
  judged: Judged;
  score: number;
  features?: Float64Array;
}

/**
 * Every popular name `name` may have been made from, judged and scored, best first; empty when the name is itself
 * popular. `floor`: describe (in words) and return only pairs scoring at least this; `features`: keep each pair's
 * features (the calibration script's view).
 */
function scoreName(name: string, index: PopularIndex, model: NameModel, floor: number, keepFeatures: boolean, options: ExplainOptions = {}): ScoredExplanation[] {
  const normalized = normalizeName(index.ecosystem, name);
  if (normalized === '' || (index.byName.has(normalized) && !options.popularToo)) return [];
  const forms = nameForms(index.ecosystem, name, normalized);
  const hits = keyHits(index, forms);
  if (hits.targets.length === 0) return [];
  const context = { index, model, queryWordCount: wordCount(model, forms.compact) };
  const scored: Scored[] = [];
  for (let i = 0; i < hits.targets.length; i++) {
    const t = hits.targets[i]!;
    const judged = judgePair(context, forms, index.names[t]!, popularForms(index, t), hits.families[i]!, hits.contained[i]!, scratch);
    if (judged) scored.push({ target: t, judged, score: scoreFeatures(model, scratch), ...(keepFeatures ? { features: scratch.slice() } : {}) });
  }
  if (scored.length === 0) return [];
  // A name near several popular names is a legitimate neighbour of them more often than an imitation of one.
  const others = Math.log2(scored.length);
  const othersWeight = model.weights[FEATURE_INDEX['name.other-targets']]!;
  const out: ScoredExplanation[] = [];
  for (const s of scored) {
    const score = s.score + othersWeight * others;
    if (score < floor) continue;
    const target = index.names[s.target]!;
    const { detail, why } = options.describe === false ? { detail: '', why: '' } : describePair(context, forms, popularForms(index, s.target), s.judged);
    const features = s.features ?? scratch;
    if (s.features) features[FEATURE_INDEX['name.other-targets']] = others;
    const note = s.judged.note;
    out.push({ target, kind: s.judged.kind, distance: s.judged.distance, detail, why, score: Math.round(score * 1000) / 1000, features, ...(note.via === 'contain' ? { addedWords: note.meaningful } : {}) });
  }
  return out.sort((a, b) => b.score - a.score || a.target.rank - b.target.rank);
}

export interface ExplainOptions {
  /** Say in words what changed and why (default true; the calibration script skips it). */
  describe?: boolean;
  /** Screen a name that is itself popular against the other popular names (to measure legitimate pairs). */
  popularToo?: boolean;
}

/** Every pair for `name`, judged, scored, described, with features: the calibration script's and the tests' view. */
export function explainName(name: string, index: PopularIndex, model: NameModel = loadNameModel(), options: ExplainOptions = {}): ScoredExplanation[] {
  return scoreName(name, index, model, Number.NEGATIVE_INFINITY, true, options);
}

/** `PyPI top 15000 as of 2026-11-01`: which list a match was made against, for the evidence. */
export function popularListLabel(index: PopularIndex): string {
  return `${index.ecosystem} top ${index.names.length} as of ${index.snapshotDate}`;
}

/**
 * The popular names `name` may imitate with a score at or above the model's reporting threshold, best first,
 * before any allowlist: the part of the screen that depends only on the name, the list, the model and this code.
 */
export function rankedCandidates(name: string, index: PopularIndex, model: NameModel = loadNameModel()): ScreenCandidate[] {
  return scoreName(name, index, model, model.thresholds.flag, false).map(({ target, kind, distance, detail, why, score }) => ({ target, kind, distance, detail, why, score }));
}

/**
 * The match for a name from its ranked candidates: the best one the allowlist leaves. Filtering a ranked list keeps
 * its order, so this is the same as ranking after the allowlist.
 */
export function matchFromCandidates(
  name: string,
  ecosystem: Ecosystem,
  ranked: readonly ScreenCandidate[],
  popularList: string,
  options: ScreenOptions = {},
  usedAllowlist?: Set<AllowlistPair>,
): TyposquatMatch | undefined {
  if (ranked.length === 0) return undefined;
  const normalized = normalizeName(ecosystem, name);
  const candidates = ranked.filter((c) => {
    const allowed = options.allowlist?.find(
      (pair) => normalizeName(ecosystem, pair.name) === normalized && normalizeName(ecosystem, pair.target) === c.target.normalized,
    );
    if (allowed) usedAllowlist?.add(allowed);
    return !allowed;
  });
  const best = candidates[0];
  if (!best) return undefined;
  const model = options.model ?? loadNameModel();
  const severity = severityOfScore(model, best.score) ?? 'low';
  return {
    name,
    normalizedName: normalized,
    target: best.target.name,
    targetRank: best.target.rank,
    targetDownloads: best.target.downloads,
    kind: best.kind,
    severity,
    distance: best.distance,
    score: best.score,
    why: best.why,
    evidence: {
      target: best.target.name,
      targetRank: best.target.rank,
      targetDownloads: best.target.downloads,
      kind: best.kind,
      distance: best.distance,
      detail: best.detail,
      why: best.why,
      score: best.score,
      ...(candidates.length > 1 ? { otherTargets: [...new Set(candidates.slice(1).map((c) => c.target.name))].slice(0, 5) } : {}),
      popularList,
    },
  };
}

/** Screens one name. Undefined when it imitates nothing (or is itself popular, or an allowlisted pair). */
export function screenName(name: string, index: PopularIndex, options: ScreenOptions = {}, usedAllowlist?: Set<AllowlistPair>): TyposquatMatch | undefined {
  const model = options.model ?? loadNameModel();
  const ranked = rankedCandidates(name, index, model);
  return ranked.length === 0 ? undefined : matchFromCandidates(name, index.ecosystem, ranked, popularListLabel(index), { ...options, model }, usedAllowlist);
}

export interface ScreenResult {
  matches: TyposquatMatch[];
  /** Allowlist pairs that suppressed a match, so the policy can report the unused ones. */
  allowlistUsed: AllowlistPair[];
}

/** Screens many names (the bulk mode and the library API). Names that pass produce nothing. */
export function screenNames(names: Iterable<string>, index: PopularIndex, options: ScreenOptions = {}): ScreenResult {
  const used = new Set<AllowlistPair>();
  const matches: TyposquatMatch[] = [];
  const model = options.model ?? loadNameModel();
  for (const name of names) {
    const match = screenName(name, index, { ...options, model }, used);
    if (match) matches.push(match);
  }
  return { matches, allowlistUsed: [...used] };
}

export function typosquatFinding(match: TyposquatMatch, pkg: PackageKey): Finding {
  return {
    check: 'names',
    kind: 'typosquat',
    severity: match.severity,
    package: pkg,
    message: `${match.name} looks like ${match.target} (#${match.targetRank} on ${pkg.ecosystem}): ${match.why}; is this the package you meant?`,
    evidence: match.evidence,
  };
}
