// Is this name a look-alike of a popular one? Plain edit distance catches barely half of real typosquats while
// flagging thousands of legitimate names (Neupane et al., "Beyond Typosquatting", USENIX Security 2023), so the
// screen checks the kinds of confusion attackers use (TypoGard's transforms and Neupane's taxonomy): one slip
// (omitted, repeated, inserted, swapped or substituted character), look-alike characters, delimiter changes,
// affixes such as `python-` or a version digit, reordered words, and two edits only for long, very popular names.
// A name that is itself popular is never flagged; severity grows with the target's popularity.
import type { Finding, PackageKey, Severity } from '../../findings';
import type { Ecosystem } from '../../model';
import { normalizeName } from '../../normalize';
import { countWork } from '../../work-meter';
import { boundedOsaDistance, singleEditKind } from './edit-distance';
import {
  batchLookups,
  compactName,
  DISTANCE_TWO_MAX_RANK,
  DISTANCE_TWO_MIN_LENGTH,
  lookUpName,
  type NameLookups,
  type PopularIndex,
  type PopularName,
} from './popular-index';

export type TyposquatKind =
  | 'omitted-character'
  | 'repeated-character'
  | 'inserted-character'
  | 'swapped-characters'
  | 'substituted-character'
  | 'look-alike-characters'
  | 'delimiter-change'
  | 'affix'
  | 'reordered-words'
  | 'two-edits';

export interface TyposquatMatch {
  name: string;
  normalizedName: string;
  /** The popular name it imitates. */
  target: string;
  targetRank: number;
  targetDownloads: number;
  kind: TyposquatKind;
  severity: Severity;
  /** Edit distance (optimal string alignment) between the normalized names. */
  distance: number;
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
}

// Prefixes and suffixes attackers add to a popular name (and that people add when guessing one).
const AFFIX_PREFIXES = ['python-', 'py-', 'python', 'py'];
const AFFIX_SUFFIXES = ['-python', '-py', '-dev', '-lib', '-sdk', '-client', '-api', 'py', 'lib'];

/** Shortest target lengths for each kind: one edit on a 3-letter name is noise, not a slip. */
const MIN_TARGET_LENGTH: Record<TyposquatKind, number> = {
  'omitted-character': 5,
  'repeated-character': 4,
  'inserted-character': 5,
  'swapped-characters': 4,
  'substituted-character': 6,
  'look-alike-characters': 3,
  'delimiter-change': 3,
  affix: 4,
  'reordered-words': 3,
  'two-edits': DISTANCE_TWO_MIN_LENGTH,
};

/**
 * Most popular targets a kind is screened against. Substitutions, insertions and affixes are the noisiest kinds
 * on the whole PyPI namespace (legitimate `<name>-sdk`, `<name>2` projects abound), so they only count against
 * names popular enough to be worth imitating; look-alikes and delimiter games count against the whole list.
 */
const MAX_TARGET_RANK: Record<TyposquatKind, number> = {
  'omitted-character': 15000,
  'repeated-character': 15000,
  'inserted-character': 2000,
  'swapped-characters': 15000,
  'substituted-character': 1000,
  'look-alike-characters': 15000,
  'delimiter-change': 15000,
  affix: 500,
  'reordered-words': 5000,
  'two-edits': DISTANCE_TWO_MAX_RANK,
};

/** Kinds that are less certain than a single slip are one severity step lower. */
const LESS_CERTAIN = new Set<TyposquatKind>(['affix', 'two-edits', 'inserted-character']);

const KIND_PREFERENCE: TyposquatKind[] = [
  'look-alike-characters',
  'delimiter-change',
  'swapped-characters',
  'omitted-character',
  'repeated-character',
  'substituted-character',
  'affix',
  'inserted-character',
  'reordered-words',
  'two-edits',
];

export function isTyposquatKind(value: unknown): value is TyposquatKind {
  return KIND_PREFERENCE.includes(value as TyposquatKind);
}

/** Severity from the target's rank: the more popular the imitated name, the likelier and costlier the slip. */
export function typosquatSeverity(targetRank: number, kind: TyposquatKind): Severity {
  const ladder: Severity[] = ['low', 'medium', 'high'];
  let step = targetRank <= 100 ? 2 : targetRank <= 1000 ? 1 : 0;
  if (LESS_CERTAIN.has(kind)) step = Math.max(0, step - 1);
  return ladder[step]!;
}

/** One popular name a screened name may imitate, and how. Plain data, so a memo can keep it (screen-memo.ts). */
export interface ScreenCandidate {
  target: PopularName;
  kind: TyposquatKind;
  distance: number;
  detail?: string;
  /** A typing slip that changed the first character: the rarer slip (see `plausibilityTier`). */
  firstCharacter: boolean;
}

/** Kinds that are typing slips, as opposed to deliberate look-alikes, delimiters, affixes or word order. */
const TYPING_SLIPS = new Set<TyposquatKind>([
  'omitted-character',
  'repeated-character',
  'inserted-character',
  'swapped-characters',
  'substituted-character',
  'two-edits',
]);

/**
 * How plausible an explanation is, best first: one slip (or a look-alike, delimiter, affix, word order); one slip
 * at the first letter, which misspellings rarely touch (Pollock & Zamora, CACM 1984: about 7% of them); two edits.
 * So `crypt` is `crypto` missing its last letter (the SK-CSIRT 2017 advisory's target) before it is the more
 * popular `bcrypt` missing its first, and `progress-bar` is `progressbar` with a hyphen before it is two edits
 * from the more popular `progressbar2`.
 */
function plausibilityTier(candidate: ScreenCandidate): number {
  return candidate.kind === 'two-edits' ? 2 : candidate.firstCharacter ? 1 : 0;
}

/** Best candidate first: the most plausible explanation, then the most popular target, then the most telling kind. */
function rankCandidates(candidates: ScreenCandidate[]): ScreenCandidate[] {
  return candidates.sort(
    (a, b) => plausibilityTier(a) - plausibilityTier(b) || a.target.rank - b.target.rank || KIND_PREFERENCE.indexOf(a.kind) - KIND_PREFERENCE.indexOf(b.kind),
  );
}

function eligible(candidate: ScreenCandidate): boolean {
  return candidate.target.rank <= MAX_TARGET_RANK[candidate.kind] && candidate.target.normalized.length >= MIN_TARGET_LENGTH[candidate.kind];
}

function candidatesFor(normalized: string, index: PopularIndex, lookups: NameLookups): ScreenCandidate[] {
  const out: ScreenCandidate[] = [];
  const add = (target: PopularName, kind: TyposquatKind, detail?: string) => {
    if (target.normalized === normalized) return;
    const candidate: ScreenCandidate = {
      target,
      kind,
      distance: boundedOsaDistance(normalized, target.normalized, 9),
      ...(detail ? { detail } : {}),
      firstCharacter: TYPING_SLIPS.has(kind) && normalized[0] !== target.normalized[0],
    };
    if (eligible(candidate)) out.push(candidate);
  };

  const compact = compactName(normalized);
  for (const target of lookups.compact) add(target, 'delimiter-change');
  for (const target of lookups.skeleton) {
    if (compactName(target.normalized) !== compact) add(target, 'look-alike-characters');
  }
  for (const target of lookups.wordSet) add(target, 'reordered-words');

  // Single edits through the deletion neighbourhood: a shared key means the names are at most two deletions
  // apart; the bounded distance keeps the single-edit ones.
  const seen = new Set<PopularName>();
  // Names one edit away; a shared deletion key alone can also mean two edits, which the two-edit check judges.
  const singleEditTargets = new Set<PopularName>();
  for (const target of lookups.singleEdit) {
    if (seen.has(target)) continue;
    seen.add(target);
    if (boundedOsaDistance(normalized, target.normalized, 1) === 1) {
      singleEditTargets.add(target);
      add(target, singleEditKind(target.normalized, normalized));
    }
  }

  for (const prefix of AFFIX_PREFIXES) {
    if (normalized.startsWith(prefix)) {
      const target = index.byName.get(normalized.slice(prefix.length));
      if (target) add(target, 'affix', `prefix ${prefix}`);
    }
  }
  for (const suffix of AFFIX_SUFFIXES) {
    if (normalized.endsWith(suffix)) {
      const target = index.byName.get(normalized.slice(0, -suffix.length));
      if (target) add(target, 'affix', `suffix ${suffix}`);
    }
  }
  const digits = /^(.*?)[-_.]?(\d+)$/.exec(normalized);
  if (digits && digits[1]) {
    const target = index.byName.get(digits[1]);
    if (target) add(target, 'affix', `version digits ${digits[2]}`);
  }

  if (normalized.length >= DISTANCE_TWO_MIN_LENGTH - 2) {
    // Two edits: a part of the popular name must appear unchanged within two positions (pigeonhole filter).
    // Only the parts a name within two of this length has, each within two positions of its offset: the cut
    // is fixed by the popular name's length (thirds), so these few substrings are all there is to look up.
    const checked = new Set<PopularName>();
    const lookedUp = new Set<number>();
    const q = normalized.length;
    for (let t = Math.max(DISTANCE_TWO_MIN_LENGTH, q - 2); t <= q + 2; t++) {
      const third = Math.floor(t / 3);
      for (const [offset, length] of [[0, third], [third, third], [2 * third, t - 2 * third]] as const) {
        for (let i = Math.max(0, offset - 2); i <= offset + 2 && i + length <= q; i++) {
          const key = i * (q + 1) + length;
          if (lookedUp.has(key)) continue;
          lookedUp.add(key);
          countWork('names.queryChars', length);
          for (const part of index.partitions.get(normalized.slice(i, i + length)) ?? []) {
            const target = part.target;
            if (checked.has(target) || singleEditTargets.has(target) || Math.abs(part.offset - i) > 2 || Math.abs(target.normalized.length - q) > 2) continue;
            checked.add(target);
            if (boundedOsaDistance(normalized, target.normalized, 2) === 2) add(target, 'two-edits');
          }
        }
      }
    }
  }
  return out;
}

/** `PyPI top 15000 as of 2026-11-01`: which list a match was made against, for the evidence. */
export function popularListLabel(index: PopularIndex): string {
  return `${index.ecosystem} top ${index.names.length} as of ${index.snapshotDate}`;
}

/**
 * Every popular name that `name` may imitate, best explanation first, before any allowlist: the part of the screen
 * that depends only on the name, the list and this code. Empty when the name is itself popular.
 */
export function rankedCandidates(name: string, index: PopularIndex, lookups?: NameLookups): ScreenCandidate[] {
  const normalized = normalizeName(index.ecosystem, name);
  if (normalized === '' || index.byName.has(normalized)) return [];
  return rankCandidates(candidatesFor(normalized, index, lookups ?? lookUpName(index, name)));
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
  return {
    name,
    normalizedName: normalized,
    target: best.target.name,
    targetRank: best.target.rank,
    targetDownloads: best.target.downloads,
    kind: best.kind,
    severity: typosquatSeverity(best.target.rank, best.kind),
    distance: best.distance,
    evidence: {
      target: best.target.name,
      targetRank: best.target.rank,
      targetDownloads: best.target.downloads,
      kind: best.kind,
      distance: best.distance,
      ...(best.detail ? { detail: best.detail } : {}),
      ...(candidates.length > 1 ? { otherTargets: [...new Set(candidates.slice(1).map((c) => c.target.name))].slice(0, 5) } : {}),
      popularList,
    },
  };
}

/** Screens one name. Undefined when it imitates nothing (or is itself popular, or an allowlisted pair). */
export function screenName(
  name: string,
  index: PopularIndex,
  options: ScreenOptions = {},
  usedAllowlist?: Set<AllowlistPair>,
  /** What the index holds for this name, precomputed for a batch (`batchLookups`); else looked up in the tables. */
  lookups?: NameLookups,
): TyposquatMatch | undefined {
  return matchFromCandidates(name, index.ecosystem, rankedCandidates(name, index, lookups), popularListLabel(index), options, usedAllowlist);
}

export interface ScreenResult {
  matches: TyposquatMatch[];
  /** Allowlist pairs that suppressed a match, so the policy can report the unused ones. */
  allowlistUsed: AllowlistPair[];
}

/** Below this many names, indexing the names beats building the whole list's tables. */
const SMALL_BATCH = 20_000;

/** Screens many names (the bulk mode and the library API). Names that pass produce nothing. */
export function screenNames(names: Iterable<string>, index: PopularIndex, options: ScreenOptions = {}): ScreenResult {
  const list = [...names];
  const used = new Set<AllowlistPair>();
  const matches: TyposquatMatch[] = [];
  const batch = list.length < SMALL_BATCH ? batchLookups(index, list) : undefined;
  for (const name of list) {
    const match = screenName(name, index, options, used, batch?.get(name));
    if (match) matches.push(match);
  }
  return { matches, allowlistUsed: [...used] };
}

export function typosquatFinding(match: TyposquatMatch, pkg: PackageKey): Finding {
  const how = match.kind.replace(/-/g, ' ');
  return {
    check: 'names',
    kind: 'typosquat',
    severity: match.severity,
    package: pkg,
    message: `${match.name} looks like ${match.target} (#${match.targetRank} on ${pkg.ecosystem}): ${how}${typeof match.evidence['detail'] === 'string' ? ` (${match.evidence['detail']})` : ''}; is this the package you meant?`,
    evidence: match.evidence,
  };
}
