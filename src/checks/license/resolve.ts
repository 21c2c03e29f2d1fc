// Package metadata -> one SPDX expression, with where it came from and every raw string seen.
// Precedence (issue 4): PEP 639 license_expression; a `license` field that is SPDX; a whole license text in the field;
// a short name corrected by our table / guarded spdx-correct; `License ::` classifiers. npm: `license`, then legacy
// `licenses`. When two sources both say something and disagree, the result says so and (by default) the policy
// judges the stricter reading: every disagreeing expression must pass.
import type { Ecosystem } from '../../model';
import type { AppliedChoice } from './choices';
import { AMBIGUOUS_REFS } from './ambiguous';
import { isLicenseClassifier, readClassifier } from './classifiers';
import { readDeclaredLicense, type DeclaredReading } from './declared';
import { canonicalSpdx, joinSpdx, parseCanonicalSpdx, spdxLeaves } from './spdx';

export interface LicenseMetadata {
  ecosystem: Ecosystem;
  name: string;
  version?: string;
  /** PEP 639 `License-Expression` (PyPI JSON `info.license_expression`). */
  licenseExpression?: string | null;
  /** PyPI `info.license` (free text) or npm `license` (SPDX expression, or a legacy `{type,url}` object). */
  license?: string | null | { type?: unknown; url?: unknown };
  /** npm legacy `licenses: [{type, url}]`. */
  licenses?: unknown;
  /** PyPI trove classifiers (all of them; only `License ::` ones are read). */
  classifiers?: string[];
}

export type LicenseSource =
  | 'license_expression'
  | 'license'
  | 'license-corrected'
  | 'license-text'
  | 'classifiers'
  | 'npm-license'
  | 'npm-licenses'
  | 'policy-override'
  | 'none';

export interface ResolveOptions {
  /** How several license classifiers combine: `and` (default, as the dockerfiles gate) or `or`. */
  classifierCombination?: 'and' | 'or';
  /** How entries of an npm legacy `licenses` array combine: `or` (default: the array was used for dual licensing). */
  npmLicensesCombination?: 'and' | 'or';
  /** `stricter` (default): every disagreeing source must pass. `prefer-expression`: the highest-precedence source decides. */
  disagreement?: 'stricter' | 'prefer-expression';
}

export interface SourceReading {
  source: LicenseSource;
  expression: string;
}

export interface ResolvedLicense {
  /** SPDX expression (may contain depvet LicenseRefs for ambiguous classifiers/names), null when unknown. */
  expression: string | null;
  source: LicenseSource;
  raw: {
    licenseExpression?: string;
    license?: string;
    licenses?: string[];
    classifiers?: string[];
  };
  /** Every source that yielded an expression, highest precedence first. */
  readings: SourceReading[];
  disagreement?: { readings: SourceReading[]; reading: 'stricter' | 'prefer-expression' };
  /** Ambiguous LicenseRefs used, with the SPDX ids each may stand for. */
  ambiguous?: Record<string, string[]>;
  /** How each declared string was read (or why not): the field, the value, the rule, the expression. Always set by
   *  resolveLicense; optional so that readings built elsewhere (an SBOM's licence, an override) need not invent one. */
  evidence?: ReadingEvidence[];
  /** A recorded licence choice taken: `expression` is then the chosen side, `choice.given` the OR it replaced. */
  choice?: AppliedChoice;
  notes: string[];
}

/** One declared string and what the reader made of it (issue 18: every reading recorded as evidence). */
export interface ReadingEvidence {
  field: 'license_expression' | 'license' | 'licenses';
  /** The value as declared (long texts cut to their first 200 characters). */
  value: string;
  kind: DeclaredReading['kind'];
  rule: string;
  expression: string | null;
  /** A licence text that matched no template: the closest one and its score. */
  closest?: { template: string; score: number };
}

function evidenceOf(field: ReadingEvidence['field'], value: string, reading: DeclaredReading): ReadingEvidence {
  const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value;
  return { field, value: shown, kind: reading.kind, rule: reading.rule, expression: reading.expression, ...(reading.closest ? { closest: reading.closest } : {}) };
}

/** A license established by hand for a package (dockerfiles' known_licenses.json): it replaces what metadata says. */
export interface LicenseOverride {
  package: string;
  ecosystem?: Ecosystem;
  /** SPDX expression, or null when the recorded license could not be read as one (then the package is unknown). */
  license: string | null;
  /** The license as recorded, and where (URL of the evidence, file). */
  recorded: string;
  url?: string;
  origin: string;
}

/** Resolves from metadata (kept as evidence), then lets the override decide; metadata disagreement is moot then. */
export function resolveWithOverride(meta: LicenseMetadata, override: LicenseOverride, options: ResolveOptions = {}): ResolvedLicense {
  const fromMetadata = resolveLicense(meta, options);
  const license = override.license === null ? null : canonicalSpdx(override.license);
  return {
    expression: license,
    source: 'policy-override',
    raw: fromMetadata.raw,
    readings: license ? [{ source: 'policy-override', expression: license }, ...fromMetadata.readings] : fromMetadata.readings,
    ...(fromMetadata.ambiguous ? { ambiguous: fromMetadata.ambiguous } : {}),
    ...(fromMetadata.evidence ? { evidence: fromMetadata.evidence } : {}),
    notes: [
      `license set by ${override.origin}: ${JSON.stringify(override.recorded)}${override.url ? ` (${override.url})` : ''}${license ? ` read as ${license}` : ' could not be read as SPDX'}`,
      ...(fromMetadata.expression ? [`metadata says ${fromMetadata.expression} (${fromMetadata.source})`] : []),
      ...fromMetadata.notes,
    ],
  };
}

const PRECEDENCE: LicenseSource[] = ['policy-override', 'license_expression', 'npm-license', 'license', 'license-text', 'license-corrected', 'npm-licenses', 'classifiers'];

export function resolveLicense(meta: LicenseMetadata, options: ResolveOptions = {}): ResolvedLicense {
  const notes: string[] = [];
  const raw: ResolvedLicense['raw'] = {};
  const readings: SourceReading[] = [];
  const evidence: ReadingEvidence[] = [];

  if (typeof meta.licenseExpression === 'string' && meta.licenseExpression.trim()) {
    raw.licenseExpression = meta.licenseExpression;
    const expression = canonicalSpdx(meta.licenseExpression);
    if (expression) readings.push({ source: 'license_expression', expression });
    else notes.push(`license_expression ${JSON.stringify(meta.licenseExpression)} is not a valid SPDX expression`);
    evidence.push({ field: 'license_expression', value: meta.licenseExpression, kind: expression ? 'spdx' : 'unreadable', rule: expression ? 'SPDX expression as written' : 'not a valid SPDX expression', expression });
  }

  if (meta.ecosystem === 'npm') readNpm(meta, options, raw, readings, notes, evidence);
  else readPypiLicenseField(meta, raw, readings, notes, evidence);

  // Registry JSON is untrusted: anything but an array of strings carries no classifiers.
  const classifierList: unknown[] = Array.isArray(meta.classifiers) ? meta.classifiers : [];
  const licenseClassifiers = classifierList.filter((classifier): classifier is string => typeof classifier === 'string' && isLicenseClassifier(classifier));
  if (licenseClassifiers.length > 0) {
    raw.classifiers = licenseClassifiers;
    const classifierReading = readClassifiers(licenseClassifiers, options.classifierCombination ?? 'and', notes);
    if (classifierReading) readings.push({ source: 'classifiers', expression: classifierReading });
  }

  readings.sort((a, b) => PRECEDENCE.indexOf(a.source) - PRECEDENCE.indexOf(b.source));
  const primary = narrowestReading(readings, notes);
  const result: ResolvedLicense = {
    expression: primary?.expression ?? null,
    source: primary?.source ?? 'none',
    raw,
    readings,
    evidence,
    notes,
  };
  if (!primary) notes.push('no license information could be read');

  const disagreeing = readings.filter((reading) => !agrees(reading.expression, primary!.expression));
  if (primary && disagreeing.length > 0) {
    result.disagreement = { readings: [primary, ...disagreeing], reading: options.disagreement ?? 'stricter' };
  }

  const ambiguous: Record<string, string[]> = {};
  for (const reading of readings) {
    for (const leaf of spdxLeaves(parseCanonicalSpdx(reading.expression))) {
      const info = AMBIGUOUS_REFS.get(leaf.id);
      if (info) ambiguous[leaf.id] = info.candidates;
    }
  }
  if (Object.keys(ambiguous).length > 0) {
    result.ambiguous = ambiguous;
    notes.push(`ambiguous license name(s) ${Object.keys(ambiguous).join(', ')}: judged by all candidate licenses`);
  }
  return result;
}

/** The licenses a single-license reading may stand for: an ambiguous ref's candidates, else the license itself. */
function candidatesOf(expression: string): string[] | undefined {
  const leaves = spdxLeaves(parseCanonicalSpdx(expression));
  if (leaves.length !== 1 || /\s/.test(expression.trim())) return undefined;
  const id = leaves[0]!.id;
  return AMBIGUOUS_REFS.get(id)?.candidates ?? [id];
}

/**
 * The reading that decides: the first by precedence, unless it is one ambiguous name and a later source names a
 * narrower one the first allows. `license = "LGPL"` with the classifier `LGPLv2+` is the LGPL, version 2 or later:
 * what the maintainer said twice, once loosely. A later reading that is not within the first is a disagreement
 * (handled by the caller), never a refinement.
 */
function narrowestReading(readings: SourceReading[], notes: string[]): SourceReading | undefined {
  const first = readings[0];
  if (!first) return undefined;
  let best = first;
  let bestCandidates = AMBIGUOUS_REFS.has(first.expression) ? candidatesOf(first.expression) : undefined;
  if (!bestCandidates) return first;
  for (const reading of readings.slice(1)) {
    const candidates = candidatesOf(reading.expression);
    if (candidates && candidates.length < bestCandidates.length && candidates.every((c) => bestCandidates!.includes(c))) {
      best = reading;
      bestCandidates = candidates;
    }
  }
  if (best !== first) notes.push(`${first.source} reads as ${first.expression}; ${best.source} narrows it to ${best.expression}`);
  return best;
}

function readPypiLicenseField(meta: LicenseMetadata, raw: ResolvedLicense['raw'], readings: SourceReading[], notes: string[], evidence: ReadingEvidence[]): void {
  if (typeof meta.license !== 'string') return;
  const value = meta.license;
  if (!value.trim()) return;
  raw.license = value;
  const reading = readDeclaredLicense(value);
  evidence.push(evidenceOf('license', value, reading));
  if (reading.kind === 'none') {
    notes.push(`license field ${JSON.stringify(value.trim())} carries no license information`);
    return;
  }
  if (!reading.expression) {
    notes.push(reading.kind === 'unreadable' && reading.closest ? `license field holds a text that is not one of the recognised license texts (${reading.rule})` : `license field ${JSON.stringify(shorten(value))} could not be read as a license`);
    return;
  }
  if (reading.kind === 'text' || reading.kind === 'notice') {
    readings.push({ source: 'license-text', expression: reading.expression });
    if (reading.kind === 'notice' || !/exact template/.test(reading.rule)) notes.push(`license field read as ${reading.expression}: ${reading.rule}`);
    return;
  }
  // Only a field that is SPDX as written counts as `license`; "mit" or "MIT or Apache-2.0" was corrected.
  const asWritten = reading.kind === 'spdx' && reading.expression === value.trim();
  readings.push({ source: asWritten ? 'license' : 'license-corrected', expression: reading.expression });
  if (!asWritten) notes.push(`license field ${JSON.stringify(shorten(value))} read as ${reading.expression} (${reading.rule})`);
}

function shorten(value: string): string {
  const text = value.trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function readNpm(meta: LicenseMetadata, options: ResolveOptions, raw: ResolvedLicense['raw'], readings: SourceReading[], notes: string[], evidence: ReadingEvidence[]): void {
  const license = meta.license;
  const licenseText = typeof license === 'string' ? license : license && typeof license === 'object' && typeof license.type === 'string' ? license.type : undefined;
  if (licenseText !== undefined && licenseText.trim()) {
    raw.license = licenseText;
    if (/^see license in /i.test(licenseText.trim())) {
      notes.push(`npm license ${JSON.stringify(licenseText)} points at a file that metadata does not include`);
      evidence.push({ field: 'license', value: licenseText, kind: 'none', rule: 'points at a file that metadata does not include', expression: null });
    } else {
      const reading = readDeclaredLicense(licenseText);
      evidence.push(evidenceOf('license', licenseText, reading));
      if (reading.expression) readings.push({ source: 'npm-license', expression: reading.expression });
      else notes.push(`npm license ${JSON.stringify(shorten(licenseText))} could not be read as a license${reading.kind === 'unreadable' ? '' : ` (${reading.rule})`}`);
      if (reading.expression && reading.kind !== 'spdx') notes.push(`npm license ${JSON.stringify(shorten(licenseText))} read as ${reading.expression} (${reading.rule})`);
    }
  }
  if (Array.isArray(meta.licenses) && meta.licenses.length > 0) {
    const names = meta.licenses.map((entry: unknown) =>
      typeof entry === 'string' ? entry : entry && typeof entry === 'object' && typeof (entry as { type?: unknown }).type === 'string' ? (entry as { type: string }).type : '',
    );
    raw.licenses = names;
    const parts = names.map((name) => (name ? readDeclaredLicense(name) : null));
    names.forEach((name, i) => {
      const part = parts[i];
      if (part) evidence.push(evidenceOf('licenses', name, part));
    });
    if (parts.every((part) => part?.expression)) {
      const expression = joinSpdx(
        parts.map((part) => part!.expression!),
        (options.npmLicensesCombination ?? 'or') === 'or' ? 'OR' : 'AND',
      );
      if (expression) readings.push({ source: 'npm-licenses', expression });
    } else {
      notes.push(`npm licenses entries ${JSON.stringify(names)} could not all be read`);
    }
  }
}

function readClassifiers(classifiers: string[], combination: 'and' | 'or', notes: string[]): string | null {
  const expressions: string[] = [];
  let unmapped = false;
  for (const classifier of classifiers) {
    const reading = readClassifier(classifier);
    if (reading.kind === 'license') expressions.push(reading.expression);
    else if (reading.kind === 'unmapped') {
      unmapped = true;
      notes.push(`classifier ${JSON.stringify(classifier)}: ${reading.reason}`);
    }
  }
  // Read strictly, a classifier we cannot map leaves the whole combination unknown; read as OR, the others decide.
  if (unmapped && combination === 'and') return null;
  return joinSpdx(expressions, combination === 'and' ? 'AND' : 'OR');
}

/**
 * Two readings agree when every license in one is compatible with some license in the other and vice versa;
 * an ambiguous ref is compatible with each of its candidates ("BSD License" agrees with "BSD-3-Clause").
 */
export function agrees(a: string, b: string): boolean {
  const idsA = spdxLeaves(parseCanonicalSpdx(a)).map((leaf) => leaf.id);
  const idsB = spdxLeaves(parseCanonicalSpdx(b)).map((leaf) => leaf.id);
  const compatible = (x: string, y: string): boolean =>
    x === y || (AMBIGUOUS_REFS.get(x)?.candidates.includes(y) ?? false) || (AMBIGUOUS_REFS.get(y)?.candidates.includes(x) ?? false) || sameAmbiguity(x, y);
  return idsA.every((x) => idsB.some((y) => compatible(x, y))) && idsB.every((y) => idsA.some((x) => compatible(x, y)));
}

function sameAmbiguity(x: string, y: string): boolean {
  const cx = AMBIGUOUS_REFS.get(x)?.candidates;
  const cy = AMBIGUOUS_REFS.get(y)?.candidates;
  return !!cx && !!cy && cx.some((id) => cy.includes(id));
}
