// Recorded licence choices (as ORT's `license_choices`): "for package P (versions V) we use it under the MIT side
// of `MIT OR GPL-2.0-only`". The verdict is then judged on the chosen side. A choice names the OR it was made for
// (`given`, optional) and the side taken (`choice`: one alternative, or several of them joined with OR). When the
// package's licence no longer holds that OR (the maintainers relicensed, or the choice was written for another
// expression), the choice does not apply and is reported as stale, so the decision is made again.
import type { PackageKey } from '../../findings';
import type { Ecosystem } from '../../model';
import { normalizeName } from '../../normalize';
import { entryError, versionInScope, versionScopeValid } from '../../policy/entry-scope';
import type { ResolvedLicense } from './resolve';
import { canonicalSpdx, parseCanonicalSpdx, renderSpdx, type SpdxNode } from './spdx';

export interface LicenseChoice {
  package: string;
  ecosystem?: Ecosystem;
  /** PEP 440 specifier (PyPI) or semver range (npm), or one exact version; absent: every version. */
  versions?: string;
  /** The OR expression the choice was made for (`MIT OR GPL-2.0-only`); absent: any OR offering the choice. */
  given?: string;
  /** The side taken: one alternative of the OR (or several, joined with OR). */
  choice: string;
  reason: string;
  approvedBy?: string;
  /** Where the entry was written, for messages. */
  source?: { file: string; pointer: string };
}

/** What a choice did to one package's licence. */
export interface AppliedChoice {
  /** The OR the choice was applied to, as it stands in the package's expression. */
  given: string;
  chosen: string;
  reason: string;
  approvedBy?: string;
  source?: { file: string; pointer: string };
}

/** The alternatives of an OR chain (`A OR (B OR C)` -> A, B, C), each in canonical form. */
function alternatives(node: SpdxNode): string[] {
  if (node.kind === 'or') return [...alternatives(node.left), ...alternatives(node.right)];
  return [renderSpdx(node)];
}

/** Checks every choice up front, so a typo fails the run instead of silently never applying. */
export function validateLicenseChoices(choices: LicenseChoice[]): void {
  for (const choice of choices) {
    if (!choice.package?.trim()) throw entryError(choice, 'license choice without a package');
    if (!choice.reason?.trim()) throw entryError(choice, `license choice for ${choice.package}: a reason is required`);
    const chosen = canonicalSpdx(choice.choice ?? '');
    if (!chosen) throw entryError(choice, `license choice for ${choice.package}: choice ${JSON.stringify(choice.choice)} is not an SPDX expression`);
    if (/\sAND\s/.test(chosen)) throw entryError(choice, `license choice for ${choice.package}: choice ${JSON.stringify(choice.choice)} must be one side of an OR, not an AND`);
    if (choice.given !== undefined) {
      const given = canonicalSpdx(choice.given);
      if (!given) throw entryError(choice, `license choice for ${choice.package}: given ${JSON.stringify(choice.given)} is not an SPDX expression`);
      const offered = alternatives(parseCanonicalSpdx(given));
      if (offered.length < 2) throw entryError(choice, `license choice for ${choice.package}: given ${JSON.stringify(choice.given)} offers no choice (no OR)`);
      if (!alternatives(parseCanonicalSpdx(chosen)).every((side) => offered.includes(side))) {
        throw entryError(choice, `license choice for ${choice.package}: ${JSON.stringify(choice.choice)} is not a side of ${JSON.stringify(choice.given)}`);
      }
    }
    if (choice.versions !== undefined) {
      const ecosystems: Ecosystem[] = choice.ecosystem ? [choice.ecosystem] : ['PyPI', 'npm'];
      if (!ecosystems.some((ecosystem) => versionScopeValid(ecosystem, choice.versions!))) {
        throw entryError(choice, `license choice for ${choice.package}: versions ${JSON.stringify(choice.versions)} is not a version or range`);
      }
    }
  }
}

/** Does the choice name this package and version? (Whether its OR is still there is `applyChoiceToExpression`.) */
export function choiceScopeMatches(choice: LicenseChoice, pkg: PackageKey): boolean {
  if (choice.ecosystem && choice.ecosystem !== pkg.ecosystem) return false;
  if (normalizeName(pkg.ecosystem, choice.package) !== pkg.normalizedName) return false;
  if (choice.versions !== undefined && (!pkg.version || !versionInScope(pkg.ecosystem, pkg.version, choice.versions))) return false;
  return true;
}

/**
 * The expression with the choice taken: the OR (`given`, or any OR offering every chosen side) replaced by the
 * chosen side(s). Null when the expression holds no such OR (the choice is stale for it).
 */
export function applyChoiceToExpression(expression: string, choice: Pick<LicenseChoice, 'given' | 'choice'>): { expression: string; given: string } | null {
  const chosen = canonicalSpdx(choice.choice);
  if (!chosen) return null;
  const chosenSides = alternatives(parseCanonicalSpdx(chosen));
  const given = choice.given === undefined ? undefined : canonicalSpdx(choice.given);
  const givenSides = given ? [...alternatives(parseCanonicalSpdx(given))].sort() : undefined;
  let applied: string | undefined;
  const visit = (node: SpdxNode): SpdxNode => {
    if (node.kind === 'or') {
      const sides = alternatives(node);
      const fits = givenSides ? sides.length === givenSides.length && [...sides].sort().every((side, i) => side === givenSides[i]) : chosenSides.every((side) => sides.includes(side));
      if (fits && chosenSides.every((side) => sides.includes(side))) {
        applied ??= renderSpdx(node);
        return parseCanonicalSpdx(chosen);
      }
      return node; // an OR inside an OR is one chain: alternatives() saw it whole
    }
    if (node.kind === 'and') return { kind: 'and', left: visit(node.left), right: visit(node.right) };
    return node;
  };
  let tree: SpdxNode;
  try {
    tree = parseCanonicalSpdx(expression);
  } catch {
    return null;
  }
  const result = visit(tree);
  return applied === undefined ? null : { expression: canonicalSpdx(renderSpdx(result)) ?? renderSpdx(result), given: applied };
}

export type ChoiceOutcome =
  | { kind: 'none' }
  | { kind: 'applied'; choice: LicenseChoice; resolved: ResolvedLicense; applied: AppliedChoice }
  | { kind: 'stale'; choice: LicenseChoice; reason: string };

/**
 * Applies the first choice that names this package to its resolved licence: the expression (and every reading of
 * a disagreement, so the stricter reading judges the chosen sides too) with the OR replaced by the chosen side.
 * A choice for this package whose OR is not in the licence is stale.
 */
export function applyLicenseChoices(pkg: PackageKey, resolved: ResolvedLicense, choices: LicenseChoice[]): ChoiceOutcome {
  const scoped = choices.filter((choice) => choiceScopeMatches(choice, pkg));
  if (scoped.length === 0) return { kind: 'none' };
  for (const choice of scoped) {
    const result = resolved.expression ? applyChoiceToExpression(resolved.expression, choice) : null;
    if (!result) continue;
    const applied: AppliedChoice = {
      given: result.given,
      chosen: canonicalSpdx(choice.choice)!,
      reason: choice.reason,
      ...(choice.approvedBy ? { approvedBy: choice.approvedBy } : {}),
      ...(choice.source ? { source: choice.source } : {}),
    };
    const disagreement = resolved.disagreement
      ? { ...resolved.disagreement, readings: resolved.disagreement.readings.map((reading) => ({ ...reading, expression: applyChoiceToExpression(reading.expression, choice)?.expression ?? reading.expression })) }
      : undefined;
    return {
      kind: 'applied',
      choice,
      applied,
      resolved: {
        ...resolved,
        expression: result.expression,
        ...(disagreement ? { disagreement } : {}),
        choice: applied,
        notes: [...resolved.notes, `license choice: ${applied.chosen} of ${applied.given} (${choice.reason}${choice.approvedBy ? `; ${choice.approvedBy}` : ''})`],
      },
    };
  }
  const first = scoped[0]!;
  return {
    kind: 'stale',
    choice: first,
    reason: resolved.expression
      ? `its license is now ${resolved.expression}, which ${first.given ? `does not contain ${canonicalSpdx(first.given) ?? first.given}` : `offers no OR with ${canonicalSpdx(first.choice) ?? first.choice}`}`
      : 'its license could not be determined',
  };
}

export function describeChoice(choice: LicenseChoice): Record<string, unknown> {
  return {
    package: choice.package,
    ...(choice.versions ? { versions: choice.versions } : {}),
    ...(choice.given ? { given: choice.given } : {}),
    choice: choice.choice,
    reason: choice.reason,
    ...(choice.approvedBy ? { approvedBy: choice.approvedBy } : {}),
  };
}
