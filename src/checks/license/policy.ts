// The license policy and the judgement of one resolved license against it.
// Policy: allowed / needs-approval / denied lists of SPDX ids (globs such as `LGPL-*`, and `X WITH exception`
// entries), then a ScanCode-category fallback for ids no list names. Expressions are judged structurally over the
// parsed SPDX tree (the same parse spdx-satisfies uses): `A OR B` passes when either side passes, `A AND B` only
// when both do; a `WITH` leaf is judged by a list entry naming the exception, else by its license.
import { AMBIGUOUS_REFS } from './ambiguous';
import { readDataJson } from './data';
import type { ResolvedLicense } from './resolve';
import { parseCanonicalSpdx, type SpdxNode } from './spdx';

export type LicenseVerdictKind = 'allowed' | 'needs-approval' | 'denied' | 'unknown';

/** ScanCode LicenseDB categories (data/license-categories.json). */
export type LicenseCategory =
  | 'Permissive'
  | 'Public Domain'
  | 'Copyleft'
  | 'Copyleft Limited'
  | 'Proprietary Free'
  | 'Free Restricted'
  | 'Source-available'
  | 'Commercial'
  | 'CLA'
  | 'Patent License'
  | 'Unstated License';

export interface LicensePolicy {
  allowed: string[];
  needsApproval: string[];
  denied: string[];
  /** Verdict for ids no list names, by ScanCode category. Categories not listed, and ids without one, are unknown. */
  categoryFallback: Partial<Record<LicenseCategory, Exclude<LicenseVerdictKind, 'unknown'>>>;
  /** Where the policy came from, for the report (`default`, `depvet.config.json`, `demisto/dockerfiles approved_licenses.json`). */
  origin?: string[];
}

/** Default policy (issue 4): permissive allowed; weak copyleft needs approval; strong copyleft, non-free, unknown denied. */
export const DEFAULT_LICENSE_POLICY: LicensePolicy = {
  allowed: [
    'MIT', 'MIT-0', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', 'ISC', '0BSD', 'Unlicense', 'Zlib', 'PSF-2.0',
    'Python-2.0', 'Python-2.0.1', 'HPND', 'MIT-CMU', 'CNRI-Python', 'BSL-1.0', 'UPL-1.0', 'X11', 'NCSA', 'PostgreSQL',
    'BlueOak-1.0.0', 'CC0-1.0', 'Apache-2.0 WITH LLVM-exception', 'BSD-3-Clause-Clear', 'BSD-2-Clause-Patent',
  ],
  needsApproval: [
    'LGPL-*', 'MPL-*', 'EPL-*', 'CDDL-*', 'EUPL-*', 'CPL-1.0', 'IPL-1.0', 'Artistic-*', 'APSL-*', 'NPL-*', 'OFL-*',
    'CC-BY-SA-*', 'QPL-1.0', 'GFDL-*', 'LicenseRef-Public-Domain',
    'GPL-2.0-only WITH Classpath-exception-2.0', 'GPL-2.0-or-later WITH Classpath-exception-2.0',
    'GPL-3.0-only WITH GCC-exception-3.1', 'GPL-3.0-or-later WITH GCC-exception-3.1',
  ],
  denied: ['GPL-*', 'AGPL-*', 'SSPL-1.0', 'OSL-*', 'BUSL-*', 'Elastic-2.0', 'CC-BY-NC-*', 'CC-BY-ND-*', 'LicenseRef-Proprietary', 'LicenseRef-depvet-UNLICENSED', 'Sleepycat'],
  categoryFallback: {
    Permissive: 'allowed',
    'Public Domain': 'allowed',
    'Copyleft Limited': 'needs-approval',
    Copyleft: 'denied',
    'Proprietary Free': 'denied',
    'Free Restricted': 'denied',
    'Source-available': 'denied',
    Commercial: 'denied',
    CLA: 'denied',
    'Patent License': 'denied',
  },
  origin: ['default'],
};

/** How one license leaf was judged. */
export interface LeafJudgement {
  license: string;
  verdict: LicenseVerdictKind;
  /** The policy entry or category that decided (`allowed: MIT`, `category Copyleft Limited`, `not on the SPDX list`). */
  rule: string;
}

export interface LicenseVerdict {
  verdict: LicenseVerdictKind;
  /** The licenses that decided the verdict (the failing side of an AND, the best side of an OR). */
  decidingLicenses: string[];
  judgements: LeafJudgement[];
  /** The expression judged: the resolved one, or `(A) AND (B)` of disagreeing sources under the stricter reading. */
  judgedExpression: string | null;
}

/** Rank for combining: AND takes the lowest, OR the highest. Denied is worse than unknown: it is a known "no". */
const RANK: Record<LicenseVerdictKind, number> = { denied: 0, unknown: 1, 'needs-approval': 2, allowed: 3 };

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^ ]*')}$`, 'i');
}

interface CompiledPolicy {
  lists: { verdict: Exclude<LicenseVerdictKind, 'unknown'>; entries: { text: string; pattern: RegExp }[] }[];
  policy: LicensePolicy;
}

const compiled = new WeakMap<LicensePolicy, CompiledPolicy>();

function compile(policy: LicensePolicy): CompiledPolicy {
  let result = compiled.get(policy);
  if (!result) {
    const entries = (list: string[]) => list.map((text) => ({ text, pattern: globToRegExp(text.trim().replace(/\s+/g, ' ')) }));
    // Denied first: an id both denied and allowed (by overlapping globs) is denied.
    result = {
      lists: [
        { verdict: 'denied', entries: entries(policy.denied) },
        { verdict: 'needs-approval', entries: entries(policy.needsApproval) },
        { verdict: 'allowed', entries: entries(policy.allowed) },
      ],
      policy,
    };
    compiled.set(policy, result);
  }
  return result;
}

function categoryOf(id: string): LicenseCategory | undefined {
  return readDataJson<{ categories: Record<string, LicenseCategory> }>('license-categories.json').categories[id.replace(/\+$/, '')];
}

function judgeId(id: string, policy: CompiledPolicy, exception?: string): LeafJudgement {
  const license = exception ? `${id} WITH ${exception}` : id;
  // Exact list entries beat globs, so `allowed: ["GPL-2.0-only WITH Classpath-exception-2.0"]` wins over `denied: ["GPL-*"]`.
  for (const exactOnly of [true, false]) {
    for (const list of policy.lists) {
      for (const entry of list.entries) {
        if (exactOnly !== !entry.text.includes('*')) continue;
        if (entry.pattern.test(license)) return { license, verdict: list.verdict, rule: `${list.verdict}: ${entry.text}` };
      }
    }
  }
  if (exception) {
    const base = judgeId(id, policy);
    return { ...base, license, rule: `${base.rule} (exception ${exception} not listed)` };
  }
  const ambiguous = AMBIGUOUS_REFS.get(id);
  if (ambiguous) {
    // "One of these licenses": only as good as the worst candidate.
    const candidates = ambiguous.candidates.map((candidate) => judgeId(candidate, policy));
    const worst = candidates.reduce((a, b) => (RANK[b.verdict] < RANK[a.verdict] ? b : a));
    return { license: id, verdict: worst.verdict, rule: `ambiguous "${ambiguous.classifier ?? ambiguous.name}": worst of ${ambiguous.candidates.join(', ')} (${worst.license}: ${worst.rule})` };
  }
  const category = categoryOf(id);
  if (category) {
    const verdict = policy.policy.categoryFallback[category];
    if (verdict) return { license, verdict, rule: `category ${category}` };
    return { license, verdict: 'unknown', rule: `category ${category} has no policy` };
  }
  return { license, verdict: 'unknown', rule: /^LicenseRef-/.test(id) ? 'LicenseRef not named by the policy' : 'no category for this id' };
}

function judgeNode(node: SpdxNode, policy: CompiledPolicy, judgements: LeafJudgement[]): { verdict: LicenseVerdictKind; deciding: string[] } {
  if (node.kind === 'license') {
    const judgement = judgeId(node.id, policy, node.exception);
    judgements.push(judgement);
    return { verdict: judgement.verdict, deciding: [judgement.license] };
  }
  const left = judgeNode(node.left, policy, judgements);
  const right = judgeNode(node.right, policy, judgements);
  const pick = node.kind === 'and' ? Math.min(RANK[left.verdict], RANK[right.verdict]) : Math.max(RANK[left.verdict], RANK[right.verdict]);
  const deciding = [left, right].filter((side) => RANK[side.verdict] === pick).flatMap((side) => side.deciding);
  return { verdict: RANK[left.verdict] === pick ? left.verdict : right.verdict, deciding: [...new Set(deciding)] };
}

/** Judges a resolved license. A null expression is `unknown`: could-not-determine never passes. */
export function judgeLicense(resolved: ResolvedLicense, policy: LicensePolicy = DEFAULT_LICENSE_POLICY): LicenseVerdict {
  let expression = resolved.expression;
  if (expression && resolved.disagreement?.reading === 'stricter') {
    const all = [...new Set(resolved.disagreement.readings.map((reading) => reading.expression))];
    expression = all.length > 1 ? all.map((e) => (/\s(AND|OR)\s/.test(e) ? `(${e})` : e)).join(' AND ') : expression;
  }
  if (!expression) return { verdict: 'unknown', decidingLicenses: [], judgements: [], judgedExpression: null };
  const judgements: LeafJudgement[] = [];
  const { verdict, deciding } = judgeNode(parseCanonicalSpdx(expression), compile(policy), judgements);
  return { verdict, decidingLicenses: deciding, judgements, judgedExpression: expression };
}

/** Layers policies: later ones add entries; an id named by a later policy's list takes that list's verdict. */
export function mergeLicensePolicies(base: LicensePolicy, ...overrides: Partial<LicensePolicy>[]): LicensePolicy {
  let result: LicensePolicy = { ...base, origin: [...(base.origin ?? [])] };
  for (const override of overrides) {
    const named = new Set([...(override.allowed ?? []), ...(override.needsApproval ?? []), ...(override.denied ?? [])]);
    const keep = (list: string[]) => list.filter((entry) => !named.has(entry));
    result = {
      allowed: [...keep(result.allowed), ...(override.allowed ?? [])],
      needsApproval: [...keep(result.needsApproval), ...(override.needsApproval ?? [])],
      denied: [...keep(result.denied), ...(override.denied ?? [])],
      categoryFallback: { ...result.categoryFallback, ...(override.categoryFallback ?? {}) },
      origin: [...(result.origin ?? []), ...(override.origin ?? [])],
    };
  }
  return result;
}
