// Free-text licence names from `license` fields ("BSD", "Apache 2.0", "LGPLv2+", "MIT or Apache-2.0",
// "Eclipse Public License - v 2.0", "GPL v2 with Classpath exception") -> SPDX, in order of trust:
//   1. SPDX ids and expressions as written (any case; deprecated ids read as SPDX reads them);
//   2. a licence URL (license-urls.ts);
//   3. one name, folded by the normalizer (license-normalize.ts) and looked up in depvet's hand-checked rows, the
//      GNU family parser, the clause-count rule for BSD, the family table (names without a version become an
//      ambiguous ref, never a guessed version), then the names table built from the SPDX list and ScanCode
//      LicenseDB (names-table.ts); a trailing "(abbreviation)" is dropped or, when it is an SPDX id, used;
//   4. "X with the Y exception" -> `X WITH Y`;
//   5. a name followed by a URL or "see LICENSE file": the name (and the URL must not say otherwise);
//   6. several licences ("X or Y", "X / Y", "dual licensed under X and Y" -> OR; "X and Y", "X, Y" -> AND), every
//      part read by the steps above, or the whole is unknown;
//   7. last, spdx-correct, behind guards against its measured mistakes (see data/README.md).
// Every reading says which rule made it (`rule`), for the evidence.
import spdxCorrect from 'spdx-correct';
import { AMBIGUOUS_REFS, gnuVersionRef, refForClassifier, refForFamily } from './ambiguous';
import { isLicenseClassifier, readClassifier } from './classifiers';
import { decodeEntities, nameKey, versionVariants } from './license-normalize';
import { isUrl, readLicenseUrl } from './license-urls';
import { lookupNameKey, majorMeansDotZero } from './names-table';
import { canonicalSpdx, joinSpdx } from './spdx';
import { countWork } from '../../work-meter';

export { nameKey } from './license-normalize';

/** npm's `UNLICENSED` ("not licensed for use by others"), never to be read as `Unlicense`. */
export const UNLICENSED_REF = 'LicenseRef-depvet-UNLICENSED';
export const PROPRIETARY_REF = 'LicenseRef-Proprietary';
export const PUBLIC_DOMAIN_REF = 'LicenseRef-Public-Domain';

const OSI = 'License :: OSI Approved :: ';

/** Family names without a version: an ambiguous ref standing for every version (the worst one decides). */
const FAMILIES: [string, string][] = [
  ['BSD', refForClassifier(`${OSI}BSD License`)],
  ['Berkeley Software Distribution', refForClassifier(`${OSI}BSD License`)],
  ['Apache', refForClassifier(`${OSI}Apache Software License`)],
  ['ASL', refForClassifier(`${OSI}Apache Software License`)],
  ['GPL', refForClassifier(`${OSI}GNU General Public License (GPL)`)],
  ['LGPL', refForClassifier(`${OSI}GNU Library or Lesser General Public License (LGPL)`)],
  ['AGPL', refForFamily('AGPL')],
  ['Artistic', refForClassifier(`${OSI}Artistic License`)],
  ['AFL', refForClassifier(`${OSI}Academic Free License (AFL)`)],
  ['ZPL', refForClassifier(`${OSI}Zope Public License`)],
  ['APSL', refForClassifier(`${OSI}Apple Public Source License`)],
  ['Apple Public Source', refForClassifier(`${OSI}Apple Public Source License`)],
  ['EFL', refForClassifier(`${OSI}Eiffel Forum License`)],
  ['Eiffel Forum', refForClassifier(`${OSI}Eiffel Forum License`)],
  ['NPL', refForClassifier('License :: Netscape Public License (NPL)')],
  ['Netscape Public', refForClassifier('License :: Netscape Public License (NPL)')],
  ['GFDL', refForClassifier(`${OSI}GNU Free Documentation License (FDL)`)],
  ['FDL', refForClassifier(`${OSI}GNU Free Documentation License (FDL)`)],
  ['MPL', refForFamily('MPL')],
  ['EPL', refForFamily('EPL')],
  ['CDDL', refForFamily('CDDL')],
  ['EUPL', refForFamily('EUPL')],
  ['CeCILL', refForFamily('CECILL')],
  ['Python', refForFamily('Python')],
  ['Creative Commons', refForFamily('CC')],
  ['Creative Commons Attribution', refForFamily('CC-BY')],
];

/**
 * Hand-checked rows for names the SPDX and LicenseDB names do not cover (written as people write them; the key is
 * computed by the normalizer, so a row matches every spelling that folds to it).
 */
const ROWS: [string, string][] = [
  ['MIT', 'MIT'],
  ['Expat', 'MIT'],
  ['Expat (MIT)', 'MIT'],
  ['Expat MIT/X11', 'MIT'],
  ['MIT/Expat', 'MIT'],
  ['MIT No Attribution', 'MIT-0'],
  ['New BSD', 'BSD-3-Clause'],
  ['BSD New', 'BSD-3-Clause'],
  ['New-style BSD', 'BSD-3-Clause'],
  ['Modified BSD', 'BSD-3-Clause'],
  ['Revised BSD', 'BSD-3-Clause'],
  ['Simplified BSD', 'BSD-2-Clause'],
  ['BSD Simplified', 'BSD-2-Clause'],
  ['FreeBSD', 'BSD-2-Clause'],
  ['Zero-Clause BSD', '0BSD'],
  ['Eclipse Distribution License 1.0', 'BSD-3-Clause'],
  ['EDL 1.0', 'BSD-3-Clause'],
  ['Apache 2', 'Apache-2.0'],
  ['Apache2', 'Apache-2.0'],
  ['ASL 2', 'Apache-2.0'],
  ['ASF 2.0', 'Apache-2.0'],
  ['Apache Public License 2.0', 'Apache-2.0'],
  // "or later" of the last Apache licence: no later one exists.
  ['Apache License 2 or later', 'Apache-2.0'],
  ['Apache 1.1', 'Apache-1.1'],
  ['ISCL', 'ISC'],
  ['ISC (ISCL)', 'ISC'],
  ['PSF', 'PSF-2.0'],
  ['PSFL', 'PSF-2.0'],
  ['PSF 2', 'PSF-2.0'],
  ['Python Software Foundation', 'PSF-2.0'],
  ['Python 2.0', 'Python-2.0'],
  ['CNRI', 'CNRI-Python'],
  ['HPND', 'HPND'],
  ['zlib/libpng', 'Zlib'],
  ['Unlicense', 'Unlicense'],
  ['Unlicence', 'Unlicense'],
  ['WTFPL', 'WTFPL'],
  ['CC0', 'CC0-1.0'],
  ['CC0 1.0 Universal', 'CC0-1.0'],
  ['Creative Commons CC0', 'CC0-1.0'],
  ['Creative Commons Zero', 'CC0-1.0'],
  ['CC0 Public Domain', 'CC0-1.0'],
  ['Boost', 'BSL-1.0'],
  ['Boost Software', 'BSL-1.0'],
  ['Boost 1.0', 'BSL-1.0'],
  ['Boost Software License 1.0', 'BSL-1.0'],
  ['UPL', 'UPL-1.0'],
  ['Public Domain', PUBLIC_DOMAIN_REF],
  ['PublicDomain', PUBLIC_DOMAIN_REF],
  ['Dedicated to the public domain', PUBLIC_DOMAIN_REF],
  ['PD', PUBLIC_DOMAIN_REF],
  ['UNLICENSED', UNLICENSED_REF],
  ['Proprietary', PROPRIETARY_REF],
  ['Commercial', PROPRIETARY_REF],
  ['Other/Proprietary', PROPRIETARY_REF],
  ['All rights reserved', PROPRIETARY_REF],
];

let rowIndex: Map<string, string> | undefined;
function rows(): Map<string, string> {
  if (!rowIndex) {
    rowIndex = new Map();
    for (const [text, id] of FAMILIES) rowIndex.set(nameKey(text), id);
    for (const [text, id] of ROWS) rowIndex.set(nameKey(text), id);
  }
  return rowIndex;
}

/** Values that say nothing about the license: treated as absent. */
const UNINFORMATIVE =
  /^(unknown|none|null|n\/?a|na|-|\.|other|others|custom|license|see license|see license file|see license txt|license txt|license md|license file|copying|dual|dual license|free|free software|open source|osi approved|tbd|todo|undefined|specified using classifiers|dfsg approved|see license in \S.*|see license in|see license at .*|licenseref license)$/;

export interface NameReading {
  expression: string;
  /** `spdx`: SPDX as written; `classifier-text`: a classifier string; `url`; `table`: depvet's rows, the GNU parser,
   *  the BSD rule, the families or the names table; `spdx-correct`: the guarded last resort. */
  how: 'spdx' | 'table' | 'classifier-text' | 'url' | 'spdx-correct';
  /** The rule that read it, in words (evidence). */
  rule: string;
}

/** True for values that carry no license information ("UNKNOWN", "", "Dual License", "see LICENSE"). */
export function isUninformative(value: string): boolean {
  if (value.length > 200) return false; // every uninformative phrase is short
  const key = value.trim().toLowerCase().replace(/licen[cs]e/g, 'license').replace(/[^a-z0-9/\s]+/g, ' ').replace(/\s+/g, ' ').trim();
  return key === '' || UNINFORMATIVE.test(key);
}

/** Reads a licence name (or a URL, or a short list of them). Null when nothing trustworthy comes out. */
export function readLicenseName(value: string): NameReading | null {
  const text = unwrap(decodeEntities(value));
  if (!text || isUninformative(text)) return null;
  if (/^unlicensed$/i.test(text)) return { expression: UNLICENSED_REF, how: 'table', rule: "npm's UNLICENSED" };
  const spdx = canonicalSpdx(text);
  if (spdx) return { expression: spdx, how: 'spdx', rule: 'SPDX expression as written' };
  if (isLicenseClassifier(text)) {
    const reading = readClassifier(text);
    return reading.kind === 'license' ? { expression: reading.expression, how: 'classifier-text', rule: `classifier ${JSON.stringify(text)}` } : null;
  }
  const part = readPart(text, true);
  if (part) return part;
  const compound = readCompound(text);
  if (compound) return compound;
  // "Licensed under the Apache License, Version 2.0", "Released under the MIT license."
  const lead = /^(?:this (?:project|package|software|library|code|work) is\s+)?(?:released|distributed|licen[cs]ed|available|provided)\s+(?:under|with)\s+(?:the\s+terms\s+of\s+)?(?:the\s+)?/i.exec(text);
  if (lead && text.length > lead[0].length) {
    const inner = readLicenseName(text.slice(lead[0].length));
    if (inner) return { ...inner, rule: `${inner.rule} (after "${lead[0].trim()}")` };
  }
  return null;
}

/** `['MIT']`, `"MIT"`, `<MIT>`: the quotes and brackets a serializer left around one value. */
function unwrap(value: string): string {
  let text = value.trim();
  for (let i = 0; i < 3; i += 1) {
    const inner = /^\[\s*['"]?(.*?)['"]?\s*\]$|^['"](.*)['"]$/.exec(text);
    if (!inner) break;
    text = (inner[1] ?? inner[2] ?? '').trim();
  }
  return text;
}

/** One licence: a URL, a name, "X with Y exception", or a name with a trailing URL or note. */
function readPart(text: string, allowSpdxCorrect: boolean): NameReading | null {
  const trimmed = text.trim().replace(/[.;,]+$/, '').trim();
  if (!trimmed) return null;
  const spdx = canonicalSpdx(trimmed);
  if (spdx) return { expression: spdx, how: 'spdx', rule: 'SPDX expression as written' };
  if (isUrl(trimmed)) {
    const url = readLicenseUrl(trimmed, (slug) => readSingleName(slug, false)?.expression ?? null);
    return url ? { expression: url.expression, how: 'url', rule: url.rule } : null;
  }
  const single = readSingleName(trimmed, allowSpdxCorrect);
  if (single) return single;
  const exception = readWithException(trimmed);
  if (exception) return exception;
  return readWithTrailingNote(trimmed, allowSpdxCorrect);
}

function readSingleName(value: string, allowSpdxCorrect: boolean): NameReading | null {
  const trimmed = value.trim();
  const text = /^\([^()]*\)$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
  const spdx = canonicalSpdx(text);
  if (spdx) return { expression: spdx, how: 'spdx', rule: 'SPDX expression as written' };
  const key = nameKey(text);
  if (!key) return null;
  // "GNU Free Documentation License (GFDL-1.3)": an SPDX id in parentheses says more than the name around it.
  const trailingId = /\(([^()]+)\)\s*$/.exec(text);
  if (trailingId && canonicalSpdx(trailingId[1]!)) {
    const abbreviated = readWithAbbreviation(text, allowSpdxCorrect);
    if (abbreviated) return abbreviated;
  }
  const fromKey = readKey(key);
  if (fromKey) return fromKey;
  const abbreviated = readWithAbbreviation(text, allowSpdxCorrect);
  if (abbreviated !== undefined) return abbreviated;
  if (!allowSpdxCorrect || /\b(agpl|lgpl|gpl|gfdl)\b/.test(key)) return null; // never let spdx-correct guess a GNU licence
  const corrected = guardedSpdxCorrect(text, key);
  return corrected ? { expression: corrected, how: 'spdx-correct', rule: 'spdx-correct (guarded)' } : null;
}

/** A normalized key through the hand rows, the GNU parser, the BSD clause rule and the names table. */
function readKey(key: string): NameReading | null {
  const major = /^(.*\D) (\d)( plus| only)?$/.exec(key);
  for (const variant of versionVariants(key)) {
    if (variant.length > key.length && major && !majorMeansDotZero(major[1]!, major[2]!)) continue;
    const row = rows().get(variant);
    if (row) return { expression: row, how: 'table', rule: AMBIGUOUS_REFS.has(row) ? `family name without a version (${JSON.stringify(variant)})` : `depvet name row ${JSON.stringify(variant)}` };
  }
  const gnu = gnuFamily(key);
  if (gnu) return { expression: gnu, how: 'table', rule: `GNU name ${JSON.stringify(key)}` };
  const bsd = bsdClauses(key);
  if (bsd) return { expression: bsd, how: 'table', rule: `BSD with its clause count (${JSON.stringify(key)})` };
  const hit = lookupNameKey(key);
  if (hit) return { expression: hit.id, how: 'table', rule: `names table: ${hit.via}` };
  // "EPL 1.0 or later": SPDX writes "or any later version" of a non-GNU licence as `id+`.
  const later = / plus$/.exec(key) ? readKey(key.replace(/ plus$/, '')) : null;
  if (later && /^[A-Za-z0-9.-]+$/.test(later.expression) && !AMBIGUOUS_REFS.has(later.expression) && !later.expression.startsWith('LicenseRef-')) {
    const plus = canonicalSpdx(`${later.expression}+`);
    if (plus) return { expression: plus, how: 'table', rule: `${later.rule}, or any later version` };
  }
  return null;
}

/**
 * "ISC License (ISCL)", "GNU General Public License v2 or later (GPLv2+)": the name without its abbreviation. When
 * the parenthetical is itself a licence (an SPDX id, or a name) it must agree with the name, or narrow an ambiguous
 * name to one of its candidates ("Apache Software License (Apache-2.0)"); a parenthetical that adds terms ("(with
 * FOSS License Exception)") is never dropped. Undefined: no parenthetical to use.
 */
function readWithAbbreviation(text: string, allowSpdxCorrect: boolean): NameReading | null | undefined {
  const match = /^(.*?)\s*\(([^()]*)\)\s*(.*)$/.exec(text);
  if (!match) return undefined;
  const [, before, inner, after] = match as unknown as [string, string, string, string];
  if (isUrl(inner)) return undefined; // "MIT (http://…)": a trailing URL, read by readWithTrailingNote
  if (/\b(with|except|exception|but|plus|see|dual)\b/i.test(inner)) return null;
  const outside = `${before} ${after}`.trim();
  if (!outside) return undefined;
  const name = readSingleName(outside, allowSpdxCorrect);
  const innerId = canonicalSpdx(inner) ?? (inner.trim() ? readKey(nameKey(inner))?.expression ?? null : null);
  if (innerId && name && innerId !== name.expression) {
    const candidates = AMBIGUOUS_REFS.get(name.expression)?.candidates;
    if (candidates?.includes(innerId)) return { expression: innerId, how: 'table', rule: `${name.rule}, narrowed by "(${inner})"` };
    // "Mozilla Public License 1.0 (MPL)": the abbreviation names the family the name is a version of.
    if (AMBIGUOUS_REFS.get(innerId)?.candidates.includes(name.expression)) return { ...name, rule: `${name.rule}, family abbreviation "(${inner})"` };
    if (name.expression === PUBLIC_DOMAIN_REF && ['CC0-1.0', 'Unlicense', 'CC-PDDC'].includes(innerId)) return { expression: innerId, how: 'table', rule: `public domain dedication "(${inner})"` };
    // "(CNRI Python License)" after "Python License": the parenthetical names one candidate.
    return null;
  }
  if (!name && innerId && !AMBIGUOUS_REFS.has(innerId) && canonicalSpdx(inner)) return { expression: innerId, how: 'spdx', rule: `SPDX id in parentheses "(${inner})"` };
  return name ? { ...name, rule: `${name.rule}, abbreviation "(${inner})" dropped` } : null;
}

/** "LGPLv2+", "GPL-3.0-only", "GNU General Public License v2 or later" -> exact GNU ids; no only/or-later stays ambiguous. */
function gnuFamily(key: string): string | null {
  const match = /^(agpl|lgpl|gpl|gfdl|fdl)(?: ?(\d)(?: (\d))?)?( plus| or later| only)?$/.exec(key.replace(/^(agpl|lgpl|gpl|gfdl|fdl)(\d)/, '$1 $2'));
  if (!match) return null;
  const family = match[1] === 'fdl' ? 'GFDL' : match[1]!.toUpperCase();
  const major = match[2];
  const suffix = match[4]?.trim();
  if (!major) return suffix === 'plus' ? null : rows().get(match[1]!) ?? null;
  const minor = match[3] ?? (family === 'LGPL' && major === '2' ? undefined : family === 'GFDL' ? undefined : '0');
  if (minor === undefined) {
    if (family === 'GFDL') return null; // GFDL 1 is 1.1, 1.2 or 1.3: no single family ref
    // "LGPLv2" names no minor version: 2.0 and 2.1 both exist.
    return suffix === 'plus'
      ? refForClassifier(`${OSI}GNU Lesser General Public License v2 or later (LGPLv2+)`)
      : suffix === 'only'
        ? null
        : refForClassifier(`${OSI}GNU Lesser General Public License v2 (LGPLv2)`);
  }
  const id = `${family}-${major}.${minor}`;
  if (suffix === 'plus' || suffix === 'or later') return canonicalSpdx(`${id}-or-later`);
  if (suffix === 'only') return canonicalSpdx(`${id}-only`);
  // A bare "GPLv3" does not say "only" or "or later": the same ambiguity PEP 639 sees in the classifier.
  return gnuVersionRef(id);
}

const CLAUSES: Record<string, string> = { '0': '0BSD', zero: '0BSD', '1': 'BSD-1-Clause', one: 'BSD-1-Clause', '2': 'BSD-2-Clause', two: 'BSD-2-Clause', '3': 'BSD-3-Clause', three: 'BSD-3-Clause', '4': 'BSD-4-Clause', four: 'BSD-4-Clause' };
/** Words that may stand beside "BSD" and a clause count without changing the licence. */
const BSD_WORDS = new Set(['bsd', 'bsdl', 'bdsl', 'clause', 'clauses', 'new', 'revised', 'modified', 'simplified', 'original', 'old']);

/** "BSD 3", "3-Clause BSD", "BSD (3-clause)", "Two-clause BSD", "BSD Licence 3", "BSD3" -> BSD-N-Clause. */
function bsdClauses(key: string): string | null {
  const words = key.split(' ');
  if (!words.some((w) => w === 'bsd' || w === 'bsdl' || w === 'bdsl')) return null;
  const counts = words.filter((w) => CLAUSES[w]);
  if (counts.length !== 1 || !words.every((w) => BSD_WORDS.has(w) || CLAUSES[w])) return null;
  const id = CLAUSES[counts[0]!]!;
  // "Simplified" is the 2-clause licence, "New"/"Revised" the 3-clause one: a count that contradicts them is no reading.
  if (words.includes('simplified') && id !== 'BSD-2-Clause') return null;
  if ((words.includes('new') || words.includes('revised') || words.includes('modified')) && id !== 'BSD-3-Clause') return null;
  // "Modified BSD" is the 3-clause licence; "BSD 3-Clause License Modified (PIL …)" is a changed one.
  if (words.includes('modified') && words.indexOf('modified') > words.indexOf('bsd')) return null;
  return id;
}

let exceptionIndex: Map<string, string | null> | undefined;
/** SPDX exception ids by the words of their name ("classpath" -> Classpath-exception-2.0); shared words are dropped. */
function exceptionByName(name: string): string | null {
  if (!exceptionIndex) {
    exceptionIndex = new Map();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const id of require('spdx-exceptions') as string[]) {
      const key = nameKey(id.replace(/-?exception-?/i, ' ').replace(/[-\s]*\d+(\.\d+)*\s*$/, ''));
      if (!key) continue;
      exceptionIndex.set(key, exceptionIndex.has(key) && exceptionIndex.get(key) !== id ? null : id);
    }
  }
  const key = nameKey(name).replace(/\b(gnu|the|linking|runtime library)\b/g, ' ').replace(/\s+/g, ' ').trim();
  return exceptionIndex.get(key) ?? exceptionIndex.get(nameKey(name)) ?? null;
}

/** "GPL-2.0-only with the Classpath exception", "Apache-2.0 with LLVM exception" -> `X WITH Y`; an exception SPDX does not list is no reading. */
function readWithException(text: string): NameReading | null {
  const match = /^(.*?)[\s,;(-]*\b(?:with|w\/|including|includes)\s+(?:the\s+|a\s+)?(.+?)\s+exceptions?\s*\)?$/i.exec(text);
  if (!match) return null;
  const licence = readSingleName(match[1]!, false);
  const exception = exceptionByName(match[2]!);
  if (!licence || !exception) return null;
  const expression = canonicalSpdx(`${licence.expression} WITH ${exception}`);
  return expression ? { expression, how: 'table', rule: `${licence.rule} with the ${exception} exception` } : null;
}

/**
 * "Apache License, Version 2.0 - see http://www.apache.org/licenses/", "MIT (http://mootools.net/license.txt)",
 * "BSD - See LICENCE file for details", "BSD license (see license.txt), Copyright (c) …": the name before the note.
 * A trailing licence URL that reads as another licence makes the whole unknown.
 */
function readWithTrailingNote(text: string, allowSpdxCorrect: boolean): NameReading | null {
  const match =
    /^(.*?)[\s,;:.(<-]*(?:\b(?:see|cf|refer to|details in)\b[^]*|\b(?:https?:\/\/|www\.)\S+[)>]?(?:\s.*)?|copyright\b[^]*|\(c\)[^]*|©[^]*)$/i.exec(text);
  if (!match || !match[1]!.trim() || match[1]!.trim() === text.trim()) return null;
  const name = readPart(match[1]!.replace(/\s*\(\s*$/, ''), allowSpdxCorrect);
  if (!name) return null;
  const url = /(?:https?:\/\/|www\.)[^\s)>]+/i.exec(text.slice(match[1]!.length))?.[0];
  const fromUrl = url ? readLicenseUrl(url, (slug) => readSingleName(slug, false)?.expression ?? null) : null;
  if (fromUrl && !compatible(fromUrl.expression, name.expression)) return null;
  return { ...name, rule: `${name.rule}; trailing ${url ? `URL ${url}` : 'note'} ${fromUrl ? 'agrees' : 'ignored'}` };
}

/** A URL reading agrees with a name reading when it is the same, or one is an ambiguous ref the other is a candidate of. */
function compatible(a: string, b: string): boolean {
  if (a === b) return true;
  const inA = AMBIGUOUS_REFS.get(a)?.candidates.includes(b) ?? false;
  const inB = AMBIGUOUS_REFS.get(b)?.candidates.includes(a) ?? false;
  return inA || inB;
}

/** A declared list of licences is short; more parts than this is not read as one (and keeps the cut search small). */
export const MAX_COMPOUND_PARTS = 12;

const OR_SEPARATOR = /(\s+-?or-?\s+|\s*\/\s*|\s*\|\s*)/i;
const AND_SEPARATOR = /(\s*,\s*(?:and\s+)?|\s*;\s*|\s*&\s*|\s+and\s+)/i;

/**
 * Several licences in one string, every part read (never dropping a side). The string is cut at its separators
 * into the fewest parts that each read as one licence ("Apache License, Version 2.0 and Common Development And
 * Distribution License (CDDL) Version 1.0" is two parts, not four). "Dual licensed under X and Y" is a choice.
 */
function readCompound(value: string): NameReading | null {
  let text = value.trim();
  let dual = false;
  const dualPrefix = /^(?:dual[- ]licen[cs]ed?|dual[- ]licen[cs]e|licen[cs]ed)\s*(?:under|:)?\s*(?:the\s+|either\s+)?/i.exec(text);
  if (dualPrefix) {
    dual = /dual/i.test(dualPrefix[0]);
    text = text.slice(dualPrefix[0].length).replace(/\s+licen[cs]es?\.?$/i, '');
  }
  if (/\band\s*\/\s*or\b/i.test(text)) return null;
  for (const [separator, conjunction] of [
    [OR_SEPARATOR, 'OR'],
    [AND_SEPARATOR, 'AND'],
  ] as const) {
    const pieces = text.split(separator);
    if (pieces.length < 3 || pieces.length > MAX_COMPOUND_PARTS * 2 - 1) continue;
    const segmented = segment(pieces);
    if (!segmented) continue;
    const parts = collapseRestatements(segmented);
    if (parts.length === 1) return { ...parts[0]!, rule: `${parts[0]!.rule} (the same licence restated)` };
    const expression = joinSpdx(
      parts.map((p) => p.expression),
      dual ? 'OR' : conjunction,
    );
    if (expression && canonicalSpdx(expression)) return { expression: canonicalSpdx(expression)!, how: parts.some((p) => p.how === 'url') ? 'url' : 'table', rule: `${parts.length} licences joined with ${dual ? 'OR (dual licensing)' : conjunction}: ${parts.map((p) => p.rule).join('; ')}` };
  }
  return null;
}

/** "Apache License, ASL Version 2.0": parts that restate one licence (one narrows the other) are one part. */
function collapseRestatements(parts: NameReading[]): NameReading[] {
  const out: NameReading[] = [];
  for (const part of parts) {
    const same = out.findIndex((kept) => compatible(kept.expression, part.expression));
    if (same < 0) out.push(part);
    else if (AMBIGUOUS_REFS.has(out[same]!.expression)) out[same] = part; // keep the narrower reading
  }
  return out;
}

/** pieces = [text, separator, text, separator, text…]: the fewest consecutive runs that each read as one licence. */
function segment(pieces: string[]): NameReading[] | null {
  const texts = pieces.filter((_, i) => i % 2 === 0);
  const join = (from: number, to: number): string => pieces.slice(from * 2, to * 2 - 1).join('');
  const best: (NameReading[] | null)[] = new Array(texts.length + 1).fill(null);
  best[0] = [];
  for (let end = 1; end <= texts.length; end += 1) {
    for (let start = 0; start < end; start += 1) {
      const before = best[start];
      if (!before || (end - start > 1 && start === 0 && end === texts.length)) continue;
      const part = join(start, end).trim();
      if (!part) continue;
      countWork('license.compoundCuts');
      const reading = readPart(part, false);
      if (reading && (!best[end] || before.length + 1 < best[end]!.length)) best[end] = [...before, reading];
    }
  }
  const result = best[texts.length];
  return result && result.length >= 2 ? result : null;
}

/** spdx-correct, refusing the answers its measured mistakes produce. */
export function guardedSpdxCorrect(text: string, key: string = nameKey(text)): string | null {
  if (text.length > 80 || /\b(or|and|with)\b|[/,;&|]/i.test(text)) return null;
  // "MIT-style", "BSD-like", "modified BSD-based": a resemblance is not the license.
  if (/style|like|based|modified|similar|variant|derived|inspired/i.test(text)) return null;
  if (!/[a-z]{2}/i.test(text)) return null;
  let corrected: string | null;
  try {
    corrected = spdxCorrect(text, { upgrade: true });
  } catch {
    // spdx-correct throws on some inputs ("+", blank); a string it cannot handle is simply not corrected.
    return null;
  }
  if (!corrected) return null;
  const id = canonicalSpdx(corrected);
  if (!id) return null;
  const lower = text.toLowerCase();
  if (/unlicensed/.test(lower) && id !== UNLICENSED_REF) return null;
  if (/-or-later$/.test(id) && !/later|\+/.test(lower)) return null;
  if (/-only$/.test(id) && /later|\+/.test(lower)) return null;
  // The id's name part must appear in the input ("CAL" for "HPND" does not; "MIT" inside "LIMITED" is not a word).
  const stem = (/^[A-Za-z]+/.exec(id)?.[0] ?? '').toLowerCase();
  if (!stem || !new RegExp(`\\b${stem}`).test(key)) return null;
  // Every version number in the id must be in the input ("MPL" is not "MPL-2.0"), and the input's in the id.
  const idNumbers: string[] = id.match(/\d+/g) ?? [];
  if (!/^0BSD$/.test(id) && idNumbers.some((n) => !new RegExp(`\\b${n}\\b`).test(key))) return null;
  const keyNumbers = key.match(/\b\d+\b/g) ?? [];
  if (keyNumbers.some((n) => !idNumbers.includes(n))) return null;
  return id;
}
