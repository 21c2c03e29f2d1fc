// Is this name a look-alike of a popular one? Plain edit distance catches barely half of real typosquats while
// flagging thousands of legitimate names (Neupane et al., "Beyond Typosquatting", USENIX Security 2023), so the
// screen checks the kinds of confusion attackers use (TypoGard's transforms and Neupane's taxonomy): one slip
// (omitted, repeated, inserted, swapped or substituted character), look-alike characters, delimiter changes,
// affixes such as `python-` or a version digit, reordered words, and two edits only for long, very popular names.
// A name that is itself popular is never flagged; severity grows with the target's popularity.
import type { Finding, PackageKey, Severity } from '../../findings';
import { normalizeName } from '../../normalize';
import { boundedOsaDistance, singleEditKind } from './edit-distance';
import {
  compactName,
  DISTANCE_TWO_MAX_RANK,
  DISTANCE_TWO_MIN_LENGTH,
  lookAlikeSkeleton,
  singleEditCandidates,
  singleEditMap,
  wordSetKey,
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

/** Severity from the target's rank: the more popular the imitated name, the likelier and costlier the slip. */
export function typosquatSeverity(targetRank: number, kind: TyposquatKind): Severity {
  const ladder: Severity[] = ['low', 'medium', 'high'];
  let step = targetRank <= 100 ? 2 : targetRank <= 1000 ? 1 : 0;
  if (LESS_CERTAIN.has(kind)) step = Math.max(0, step - 1);
  return ladder[step]!;
}

interface Candidate {
  target: PopularName;
  kind: TyposquatKind;
  distance: number;
  detail?: string;
}

function eligible(candidate: Candidate): boolean {
  return candidate.target.rank <= MAX_TARGET_RANK[candidate.kind] && candidate.target.normalized.length >= MIN_TARGET_LENGTH[candidate.kind];
}

function candidatesFor(asWritten: string, normalized: string, index: PopularIndex, singleEdit?: readonly PopularName[]): Candidate[] {
  const out: Candidate[] = [];
  const add = (target: PopularName, kind: TyposquatKind, detail?: string) => {
    if (target.normalized === normalized) return;
    const candidate: Candidate = { target, kind, distance: boundedOsaDistance(normalized, target.normalized, 9), ...(detail ? { detail } : {}) };
    if (eligible(candidate)) out.push(candidate);
  };

  const compact = compactName(normalized);
  for (const target of index.compact.get(compact) ?? []) add(target, 'delimiter-change');
  for (const target of index.skeletons.get(lookAlikeSkeleton(asWritten)) ?? []) {
    if (compactName(target.normalized) !== compact) add(target, 'look-alike-characters');
  }
  const words = wordSetKey(normalized);
  if (words) for (const target of index.wordSets.get(words) ?? []) add(target, 'reordered-words');

  // Single edits through the deletion neighbourhood: a shared key means the names are at most two deletions
  // apart; the bounded distance keeps the single-edit ones.
  const seen = new Set<PopularName>();
  const single = singleEdit ?? lookUpSingleEdits(index, normalized);
  for (const target of single) {
    if (seen.has(target)) continue;
    seen.add(target);
    if (boundedOsaDistance(normalized, target.normalized, 1) === 1) add(target, singleEditKind(target.normalized, normalized));
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
    const checked = new Set<PopularName>();
    for (const length of index.partitionLengths) {
      for (let i = 0; i + length <= normalized.length; i++) {
        for (const { target, offset } of index.partitions.get(normalized.slice(i, i + length)) ?? []) {
          if (checked.has(target) || seen.has(target) || Math.abs(offset - i) > 2 || Math.abs(target.normalized.length - normalized.length) > 2) continue;
          checked.add(target);
          if (boundedOsaDistance(normalized, target.normalized, 2) === 2) add(target, 'two-edits');
        }
      }
    }
  }
  return out;
}

/** Popular names sharing a one-deletion key with `normalized`: at most two deletions apart. */
function lookUpSingleEdits(index: PopularIndex, normalized: string): PopularName[] {
  const map = singleEditMap(index);
  const out: PopularName[] = [];
  for (let i = -1; i < normalized.length; i++) {
    const targets = map.get(i < 0 ? normalized : normalized.slice(0, i) + normalized.slice(i + 1));
    if (targets) out.push(...targets);
  }
  return out;
}

/** Screens one name. Undefined when it imitates nothing (or is itself popular, or an allowlisted pair). */
export function screenName(
  name: string,
  index: PopularIndex,
  options: ScreenOptions = {},
  usedAllowlist?: Set<AllowlistPair>,
  /** Precomputed single-edit candidates (`singleEditCandidates`), for batches. */
  singleEdit?: readonly PopularName[],
): TyposquatMatch | undefined {
  const normalized = normalizeName(index.ecosystem, name);
  if (normalized === '' || index.byName.has(normalized)) return undefined;
  const candidates = candidatesFor(name, normalized, index, singleEdit).filter((c) => {
    const allowed = options.allowlist?.find(
      (pair) => normalizeName(index.ecosystem, pair.name) === normalized && normalizeName(index.ecosystem, pair.target) === c.target.normalized,
    );
    if (allowed) usedAllowlist?.add(allowed);
    return !allowed;
  });
  if (candidates.length === 0) return undefined;
  // The most popular target wins; among equals, the most telling kind.
  candidates.sort((a, b) => a.target.rank - b.target.rank || KIND_PREFERENCE.indexOf(a.kind) - KIND_PREFERENCE.indexOf(b.kind));
  const best = candidates[0]!;
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
      popularList: `${index.ecosystem} top ${index.names.length} as of ${index.snapshotDate}`,
    },
  };
}

export interface ScreenResult {
  matches: TyposquatMatch[];
  /** Allowlist pairs that suppressed a match, so the policy can report the unused ones. */
  allowlistUsed: AllowlistPair[];
}

/** Screens many names (the bulk mode and the library API). Names that pass produce nothing. */
/** Below this many names, indexing the names beats building the whole list's one-deletion map. */
const SMALL_BATCH = 20_000;

export function screenNames(names: Iterable<string>, index: PopularIndex, options: ScreenOptions = {}): ScreenResult {
  const list = [...names];
  const used = new Set<AllowlistPair>();
  const matches: TyposquatMatch[] = [];
  const batch = list.length < SMALL_BATCH ? singleEditCandidates(index, list.map((n) => normalizeName(index.ecosystem, n))) : undefined;
  for (const name of list) {
    const match = screenName(name, index, options, used, batch ? (batch.get(normalizeName(index.ecosystem, name)) ?? []) : undefined);
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
