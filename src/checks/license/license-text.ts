// Recognises a whole license text pasted into a `license` field (numpy, many older packages) by normalized-text
// matching against data/license-texts/*.txt, in the spirit of the SPDX matching guidelines: case, punctuation,
// whitespace and list markers are ignored; `<<var:N>>` in a template matches up to N words (copyright holder,
// product name); text after `<<optional>>` may be absent. The whole field must match one template, so a license
// text followed by other terms (bundled components, a second license) is not recognised: it falls through to the
// next source instead of being read as the first license alone.
import { countWork } from '../../work-meter';
import { gnuVersionRef } from './ambiguous';
import { readDataJson, readDataText } from './data';
import { canonicalSpdx } from './spdx';

/** The licenses whose texts we recognise; the file data/license-texts/<id>.txt holds the template. */
export const TEXT_LICENSE_IDS = ['MIT', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', 'ISC', 'PSF-2.0'] as const;

/** Words that, in the lines before a recognised text, signal other terms (so the field is not just that license). */
const FOREIGN_PREFIX = /\b(gpl|lgpl|agpl|gnu|mpl|eula|proprietary|commercial|dual|except|exception|additional|however)\b/;
/** Title words that may precede a license text ("The MIT License", "BSD 3-Clause License", "Apache License"). */
const TITLE_WORDS = /\b(the|mit|x11|expat|isc|bsd|new|modified|revised|simplified|clause|[0-9]+|apache|software|license|licence|python|foundation|psf|version|and|terms|conditions|of|for)\b/g;

/** The last text normalized: a field is read by the exact, notice and similarity matchers in turn. */
let lastNormalized: { text: string; normalized: string } | undefined;

export function normalizeLicenseText(text: string): string {
  if (lastNormalized?.text === text) return lastNormalized.normalized;
  const normalized = normalizeUncached(text);
  lastNormalized = { text, normalized };
  return normalized;
}

function normalizeUncached(text: string): string {
  // seven regular-expression passes over the text (`license.textChars`: characters handed to the regex engine)
  countWork('license.textChars', 7 * text.length);
  return (
    text
      .toLowerCase()
      .replace(/licence/g, 'license')
      .replace(/&/g, ' and ')
      .replace(/[©]/g, ' copyright ')
      // List markers: "1.", "(a)", "a)", "*", "-", "•" at the start of a line or after whitespace.
      .replace(/(^|\s)(\(?[a-z0-9]{1,2}[.)]|\*|-|•)(?=\s)/g, ' ')
      .replace(/[^a-z0-9]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

interface Template {
  id: string;
  pattern: RegExp;
}

let templates: Template[] | undefined;

function compileTemplate(id: string, text: string): Template {
  const [required, optional] = text.split('<<optional>>');
  const toPattern = (part: string): string =>
    normalizeLicenseText(part.replace(/<<var:(\d+)>>/g, ' zzvar$1zz '))
      .split(' ')
      .filter(Boolean)
      .map((word) => {
        const variable = /^zzvar(\d+)zz$/.exec(word);
        return variable ? `(?:[a-z0-9]+ ){0,${variable[1]!}}` : `${word} `;
      })
      .join('');
  // The template's leading variable captures the preamble (copyright and title lines) for the evidence.
  const body = toPattern(required ?? '').replace(/^\(\?:\[a-z0-9\]\+ \)\{0,(\d+)\}/, '((?:[a-z0-9]+ ){0,$1})');
  const tail = optional ? `(?:${toPattern(optional)})?` : '';
  return { id, pattern: new RegExp(`^${body}${tail}$`) };
}

function loadTemplates(): Template[] {
  templates ??= TEXT_LICENSE_IDS.map((id) => compileTemplate(id, readDataText('license-texts', `${id}.txt`)));
  return templates;
}

/** A field longer than this, or spanning lines, is treated as a license text rather than a license name. */
export function looksLikeLicenseText(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length > 200 || (trimmed.includes('\n') && trimmed.split(/\s+/).length > 20);
}

export interface LicenseTextMatch {
  id: string;
  /** Words before the license text (copyright and title lines), kept as evidence. */
  preamble: string;
}

/** The SPDX id whose full text the field holds, or null. */
export function matchLicenseText(text: string): LicenseTextMatch | null {
  const normalized = `${normalizeLicenseText(text)} `;
  for (const template of loadTemplates()) {
    countWork('license.textChars', normalized.length);
    const match = template.pattern.exec(normalized);
    if (!match) continue;
    const preamble = (match[1] ?? '').trim();
    // Copyright lines are expected; anything hinting at other terms is not.
    const withoutTitle = preamble.replace(/\bcopyright\b.*$/, '').replace(TITLE_WORDS, ' ');
    if (FOREIGN_PREFIX.test(preamble) || FOREIGN_PREFIX.test(withoutTitle)) return null;
    return { id: template.id, preamble };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Beyond the exact templates: licence texts recognised by similarity, and the standard notices (issue 18).
//
// Similarity: the SPDX reference texts in data/license-templates.json (spdx-license-list, built by
// scripts/update-license-names.js), compared as sets of word pairs (bigrams) after normalizeLicenseText:
//   containment = shared pairs / the field's pairs (how much of the field is this licence)
//   coverage    = shared pairs / the template's pairs (how much of the licence the field holds)
// A whole text matches at containment and coverage >= FULL_MATCH; a truncated text or the opening lines match when
// containment >= OPENING_MATCH and the field covers the template's beginning (its first words, as many as the
// field has) to OPENING_COVERAGE. Re-wrapping and punctuation never matter (the normalized words are compared).
// Words of the field outside the template that name other terms (another licence, an exception, "dual",
// "commercial") reject the match. Two templates matching equally well (a BSD text cut before its third clause)
// is no match. Without a match, the closest template and its score are kept as evidence.
export const FULL_MATCH = 0.9;
export const OPENING_MATCH = 0.95;
export const OPENING_COVERAGE = 0.85;
/** A field shorter than this (in words) is a name or a notice, never an opening of a text. */
const MIN_OPENING_WORDS = 20;

/** Words that, outside the matched licence, say the field holds other terms too. */
const OTHER_TERMS = /\b(gpl|lgpl|agpl|gnu|mpl|mozilla|eclipse|cddl|apache|mit|bsd|isc|proprietary|commercial|dual|exception|except|additional|however|instead|alternatively|non|restricted)\b/;

interface SimilarityTemplate {
  id: string;
  /** What a match reads as: the id, or for GNU texts the ambiguous ref of that version (a text is not a notice). */
  expression: string;
  words: string[];
  pairs: Set<string>;
}

let similarityTemplates: SimilarityTemplate[] | undefined;

function pairsOf(words: string[]): Set<string> {
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < words.length; i += 1) pairs.add(`${words[i]} ${words[i + 1]}`);
  return pairs;
}

function loadSimilarityTemplates(): SimilarityTemplate[] {
  if (!similarityTemplates) {
    const { templates } = readDataJson<{ templates: Record<string, string> }>('license-templates.json');
    similarityTemplates = Object.entries(templates).map(([id, text]) => {
      const words = normalizeLicenseText(text).split(' ').filter(Boolean);
      const gnu = /^(A?GPL|LGPL)-(\d\.\d)-only$/.exec(id);
      const expression = gnu ? (gnuVersionRef(`${gnu[1]}-${gnu[2]}`) ?? id) : id;
      return { id, expression, words, pairs: pairsOf(words) };
    });
  }
  return similarityTemplates;
}

export interface TextSimilarity {
  /** The template (SPDX id of the reference text). */
  template: string;
  /** What a match reads as. */
  expression: string;
  /** Dice coefficient of the two pair sets (the figure shown as "score"). */
  score: number;
  containment: number;
  coverage: number;
  /** Coverage of the template's beginning, as long as the field. */
  openingCoverage: number;
}

export interface TextSimilarityResult {
  match: (TextSimilarity & { kind: 'full' | 'opening' }) | null;
  /** The closest template, kept as evidence when nothing matched. */
  closest: TextSimilarity | null;
  /** Why a close template was not taken (other terms beside it, a tie). */
  rejected?: string;
}

function intersectionSize(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const pair of small) if (large.has(pair)) shared += 1;
  return shared;
}

/** Compares a licence text with every template; see the block comment above for the rule. */
export function matchLicenseTextBySimilarity(text: string): TextSimilarityResult {
  const words = normalizeLicenseText(text).split(' ').filter(Boolean);
  const pairs = pairsOf(words);
  if (pairs.size === 0) return { match: null, closest: null };
  const scored: TextSimilarity[] = loadSimilarityTemplates().map((template) => {
    const shared = intersectionSize(pairs, template.pairs);
    const opening = pairsOf(template.words.slice(0, words.length + 10));
    return {
      template: template.id,
      expression: template.expression,
      score: (2 * shared) / (pairs.size + template.pairs.size),
      containment: shared / pairs.size,
      coverage: shared / template.pairs.size,
      openingCoverage: opening.size === 0 ? 0 : intersectionSize(pairs, opening) / opening.size,
    };
  });
  scored.sort((a, b) => b.score - a.score);
  const closest = scored[0] ?? null;
  const full = scored.filter((s) => s.containment >= FULL_MATCH && s.coverage >= FULL_MATCH);
  const opening = words.length >= MIN_OPENING_WORDS ? scored.filter((s) => s.containment >= OPENING_MATCH && s.openingCoverage >= OPENING_COVERAGE) : [];
  const candidates: (TextSimilarity & { kind: 'full' | 'opening' })[] =
    full.length > 0 ? full.map((s) => ({ ...s, kind: 'full' as const })) : [...opening].sort((a, b) => b.openingCoverage - a.openingCoverage).map((s) => ({ ...s, kind: 'opening' as const }));
  const best = candidates[0];
  if (!best) return { match: null, closest };
  const rival = candidates.find((c) => c.expression !== best.expression && Math.abs((c.kind === 'full' ? c.score : c.openingCoverage) - (best.kind === 'full' ? best.score : best.openingCoverage)) < 0.02);
  if (rival) return { match: null, closest, rejected: `matches ${best.template} and ${rival.template} equally well` };
  const template = loadSimilarityTemplates().find((t) => t.id === best.template)!;
  const outside = words.filter((word, i) => !template.pairs.has(`${word} ${words[i + 1]}`) && !template.pairs.has(`${words[i - 1]} ${word}`));
  const other = OTHER_TERMS.exec(outside.join(' ').replace(new RegExp(`\\b(${titleWordsOf(best.template)})\\b`, 'g'), ' '));
  if (other) return { match: null, closest, rejected: `text beside ${best.template} mentions "${other[1]}" (other terms)` };
  return { match: best, closest };
}

/** Words of a licence's own name that may appear outside its text (a title line: "MIT License", "BSD 3-Clause"). */
function titleWordsOf(id: string): string {
  return id.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 1).join('|') || 'zz';
}

// Notices: the short texts a licence tells its users to put in their files. GNU notices carry the version and say
// "or (at your option) any later version" when the later versions are allowed; the Apache and MPL headers carry
// the version. Matched on the normalized text; the notice's usual boilerplate (warranty disclaimer, where to get a
// copy) may surround it, nothing naming other terms may.
const GNU_NOTICE =
  /\b(?:gnu )?(lesser |library |affero )?general public license(?: as published by the free software foundation)?(?: either)? version (\d)(?: (\d))?(?: of the license)?(?: as published by the free software foundation)?( or at your option any later version| or any later version)?/;
const APACHE_NOTICE = /\blicensed under the apache license version 2 0 the license you may not use this file except in compliance with the license\b/;
const MPL_NOTICE = /\bthis source code form is subject to the terms of the mozilla public license v 2 0\b/;
/** Notice boilerplate that says nothing about which licence: removed before looking for other terms. */
const NOTICE_BOILERPLATE = [
  /\bthis (?:program|library|file|software|module|package|code|work) is free software\b/g,
  /\byou can redistribute it and or modify it under the terms of the\b/g,
  /\bas published by the free software foundation\b/g,
  /\bthis (?:program|library|file|software|module|package|code|work) is distributed in the hope that it will be useful but without any warranty without even the implied warranty of merchantability or fitness for a particular purpose\b/g,
  /\bsee the (?:gnu )?(?:lesser |library |affero )?general public license for more details\b/g,
  /\byou should have received a copy of the (?:gnu )?(?:lesser |library |affero )?general public license along with this (?:program|library|file|software|module|package|code|work)\b/g,
  /\bif not (?:see|write to)\b.{0,160}?(?:\busa\b|licenses\b)/g,
  /\byou may obtain a copy of the license at\b/g,
  /\bhttps? (?:www )?apache org licenses license 2 0\b/g,
  /\bunless required by applicable law or agreed to in writing software distributed under the license is distributed on an as is basis without warranties or conditions of any kind either express or implied see the license for the specific language governing permissions and limitations under the license\b/g,
  /\bif a copy of the mpl was not distributed with this file you can obtain one at https? mozilla org mpl 2 0\b/g,
  /\bcopyright\b.{0,120}?\b(?:19|20)\d\d\b(?: \w+){0,8}?(?= (?:this|licensed|you|all)\b|$)/g,
  /\ball rights reserved\b/g,
];

const MAX_NOTICE_CHARS = 4000;

export interface NoticeMatch {
  expression: string;
  /** The notice as recognised (`GNU LGPL notice, version 2.1, or any later version`). */
  notice: string;
}

/** The licence a standard notice states, or null (no notice, or a notice beside other terms). */
export function matchLicenseNotice(text: string): NoticeMatch | null {
  // A notice with its boilerplate is a few hundred words; a longer field is a text (or several), not a notice.
  if (text.length > MAX_NOTICE_CHARS) return null;
  const normalized = normalizeLicenseText(text);
  let found: NoticeMatch | null = null;
  let span: RegExpExecArray | null;
  if ((span = APACHE_NOTICE.exec(normalized))) found = { expression: 'Apache-2.0', notice: 'Apache License 2.0 header' };
  else if ((span = MPL_NOTICE.exec(normalized))) found = { expression: 'MPL-2.0', notice: 'Mozilla Public License 2.0 header' };
  else if ((span = GNU_NOTICE.exec(normalized))) {
    const family = span[1] === 'affero ' ? 'AGPL' : span[1] ? 'LGPL' : 'GPL';
    const version = `${span[2]!}.${span[3] ?? '0'}`;
    const later = Boolean(span[4]);
    const id = canonicalSpdx(`${family}-${version}-${later ? 'or-later' : 'only'}`);
    if (!id) return null;
    found = { expression: id, notice: `GNU ${family} notice, version ${version}${later ? ', or any later version' : ' only'}` };
  }
  if (!found || !span) return null;
  let rest = `${normalized.slice(0, span.index)} ${normalized.slice(span.index + span[0].length)}`;
  for (const boilerplate of NOTICE_BOILERPLATE) rest = rest.replace(boilerplate, ' ');
  // A second notice or any other licence word beside the one found: not this licence alone.
  if (OTHER_TERMS.test(rest) || /\b(license|licence|licensed)\b/.test(rest)) return null;
  return found;
}
