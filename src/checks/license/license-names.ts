// Short free-text license names from PyPI `license` fields ("BSD", "Apache 2.0", "LGPLv2+", "MIT or Apache-2.0")
// -> SPDX. Our own table and GNU-family parser come first because spdx-correct is measurably wrong on common PyPI
// strings (see data/README.md); its answers are used last and only when they pass the guards below.
import spdxCorrect from 'spdx-correct';
import { AMBIGUOUS_REFS, isLicenseClassifier, readClassifier } from './classifiers';
import { canonicalSpdx, joinSpdx } from './spdx';

/** npm's `UNLICENSED` ("not licensed for use by others"), never to be read as `Unlicense`. */
export const UNLICENSED_REF = 'LicenseRef-depvet-UNLICENSED';
export const PROPRIETARY_REF = 'LicenseRef-Proprietary';
export const PUBLIC_DOMAIN_REF = 'LicenseRef-Public-Domain';

function refFor(classifier: string): string {
  for (const [ref, info] of AMBIGUOUS_REFS) if (info.classifier === classifier) return ref;
  throw new Error(`no ambiguous ref for ${classifier}`);
}

const OSI = 'License :: OSI Approved :: ';
/** Family names without a version: the same reading as the matching ambiguous classifier. */
const FAMILY_REFS: Record<string, string> = {
  bsd: refFor(`${OSI}BSD License`),
  apache: refFor(`${OSI}Apache Software License`),
  gpl: refFor(`${OSI}GNU General Public License (GPL)`),
  lgpl: refFor(`${OSI}GNU Library or Lesser General Public License (LGPL)`),
  artistic: refFor(`${OSI}Artistic License`),
  afl: refFor(`${OSI}Academic Free License (AFL)`),
  zpl: refFor(`${OSI}Zope Public License`),
};

/** Exact names (after `key()`), each checked by hand. */
const NAMES: Record<string, string> = {
  mit: 'MIT',
  'mit x11': 'MIT',
  expat: 'MIT',
  'expat mit': 'MIT',
  'expat mit x11': 'MIT',
  x11: 'X11',
  'mit 0': 'MIT-0',
  'mit no attribution': 'MIT-0',
  'new bsd': 'BSD-3-Clause',
  'modified bsd': 'BSD-3-Clause',
  'revised bsd': 'BSD-3-Clause',
  'bsd 3': 'BSD-3-Clause',
  'bsd 3 clause': 'BSD-3-Clause',
  '3 clause bsd': 'BSD-3-Clause',
  'bsd new': 'BSD-3-Clause',
  'simplified bsd': 'BSD-2-Clause',
  freebsd: 'BSD-2-Clause',
  'bsd 2': 'BSD-2-Clause',
  'bsd 2 clause': 'BSD-2-Clause',
  '2 clause bsd': 'BSD-2-Clause',
  'bsd simplified': 'BSD-2-Clause',
  '0bsd': '0BSD',
  'zero clause bsd': '0BSD',
  'apache 2': 'Apache-2.0',
  'apache 2 0': 'Apache-2.0',
  apache2: 'Apache-2.0',
  'asl 2': 'Apache-2.0',
  'asl 2 0': 'Apache-2.0',
  'apache 1 1': 'Apache-1.1',
  isc: 'ISC',
  iscl: 'ISC',
  'isc iscl': 'ISC',
  psf: 'PSF-2.0',
  psfl: 'PSF-2.0',
  'psf 2': 'PSF-2.0',
  'psf 2 0': 'PSF-2.0',
  'python foundation': 'PSF-2.0',
  'python foundation psf': 'PSF-2.0',
  'python 2 0': 'Python-2.0',
  cnri: 'CNRI-Python',
  hpnd: 'HPND',
  'historical permission notice and disclaimer': 'HPND',
  'historical permission notice and disclaimer hpnd': 'HPND',
  zlib: 'Zlib',
  'zlib libpng': 'Zlib',
  unlicense: 'Unlicense',
  'unlicense unlicense': 'Unlicense',
  wtfpl: 'WTFPL',
  cc0: 'CC0-1.0',
  'cc0 1 0': 'CC0-1.0',
  'cc0 1 0 universal': 'CC0-1.0',
  'boost 1 0': 'BSL-1.0',
  bsl: 'BSL-1.0',
  'mpl 2': 'MPL-2.0',
  'mpl 2 0': 'MPL-2.0',
  'mpl 1 1': 'MPL-1.1',
  'epl 1': 'EPL-1.0',
  'epl 1 0': 'EPL-1.0',
  'epl 2': 'EPL-2.0',
  'epl 2 0': 'EPL-2.0',
  'public domain': PUBLIC_DOMAIN_REF,
  'cc0 public domain': 'CC0-1.0',
  unlicensed: UNLICENSED_REF,
  proprietary: PROPRIETARY_REF,
  commercial: PROPRIETARY_REF,
  'other proprietary': PROPRIETARY_REF,
  'all rights reserved': PROPRIETARY_REF,
  upl: 'UPL-1.0',
  'upl 1 0': 'UPL-1.0',
  ...Object.fromEntries(Object.entries(FAMILY_REFS)),
};

/** Values that say nothing about the license: treated as absent. */
const UNINFORMATIVE =
  /^(unknown|none|null|n\/?a|na|-|\.|other|others|custom|license|see license|see license file|see license txt|license txt|license md|license file|copying|dual|dual license|free|free software|open source|osi approved|tbd|todo|undefined)$/;

/**
 * A lookup key: lower case, "licence"/"license", "the", "version", "v" before a digit and punctuation dropped,
 * GNU long names shortened ("GNU Lesser General Public License" -> "lgpl").
 */
export function nameKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/licen[cs]e[ds]?/g, ' ')
    .replace(/gnu\s+(affero\s+)general\s+public/g, ' agpl ')
    .replace(/gnu\s+(lesser|library)\s+(or\s+lesser\s+)?general\s+public/g, ' lgpl ')
    .replace(/(gnu\s+)?general\s+public/g, ' gpl ')
    .replace(/\bgnu\b/g, ' ')
    .replace(/mozilla\s+public/g, ' mpl ')
    .replace(/eclipse\s+public/g, ' epl ')
    .replace(/boost\s+software/g, ' boost ')
    .replace(/universal\s+permissive/g, ' upl ')
    .replace(/apache\s+software/g, ' apache ')
    .replace(/python\s+software\s+foundation/g, ' python foundation ')
    .replace(/academic\s+free/g, ' afl ')
    .replace(/zope\s+public/g, ' zpl ')
    .replace(/\b(the|version|ver|software|agreement|open\s+source)\b/g, ' ')
    .replace(/(\bv|(?<=gpl)v)(?=\d)/g, ' ')
    .replace(/(\d)\+/g, '$1 plus ')
    .replace(/\bor\s+(any\s+)?later(\s+version)?\b/g, ' plus ')
    .replace(/[^a-z0-9+]+/g, ' ')
    .replace(/\+/g, ' plus ')
    .replace(/\s+/g, ' ')
    .trim()
    // "The MIT License (MIT)" -> "mit", not "mit mit".
    .split(' ')
    .filter((word, index, words) => word !== words[index - 1])
    .join(' ');
}

/** "LGPLv2+", "GPL-3.0-only", "GNU General Public License v2 or later" -> exact GNU ids; bare versions stay ambiguous. */
function gnuFamily(key: string): string | null {
  const match = /^(agpl|lgpl|gpl)(?: ?(\d)(?: (\d))?)?( plus| or later| only)?$/.exec(key.replace(/^(agpl|lgpl|gpl)(\d)/, '$1 $2'));
  if (!match) return null;
  const family = match[1]!.toUpperCase();
  const major = match[2];
  const suffix = match[4]?.trim();
  if (!major) return suffix === 'plus' ? null : FAMILY_REFS[match[1]!] ?? null;
  const minor = match[3] ?? (family === 'LGPL' && major === '2' ? undefined : '0');
  if (minor === undefined) {
    // "LGPLv2" names no minor version: 2.0 and 2.1 both exist.
    return suffix === 'plus' ? refFor(`${OSI}GNU Lesser General Public License v2 or later (LGPLv2+)`) : refFor(`${OSI}GNU Lesser General Public License v2 (LGPLv2)`);
  }
  const id = `${family}-${major}.${minor}`;
  if (suffix === 'plus' || suffix === 'or later') return canonicalSpdx(`${id}-or-later`);
  if (suffix === 'only') return canonicalSpdx(`${id}-only`);
  // A bare "GPLv3" does not say "only" or "or later": the same ambiguity PEP 639 sees in the classifier.
  const classifier: Record<string, string> = {
    'GPL-2.0': `${OSI}GNU General Public License v2 (GPLv2)`,
    'GPL-3.0': `${OSI}GNU General Public License v3 (GPLv3)`,
    'LGPL-3.0': `${OSI}GNU Lesser General Public License v3 (LGPLv3)`,
    'AGPL-3.0': `${OSI}GNU Affero General Public License v3`,
  };
  if (classifier[id]) return refFor(classifier[id]!);
  return null;
}

export interface NameReading {
  expression: string;
  /** `license`: already SPDX; `license-corrected`: our table, GNU parser or guarded spdx-correct. */
  how: 'spdx' | 'table' | 'classifier-text' | 'spdx-correct';
}

/** True for values that carry no license information ("UNKNOWN", "", "Dual License", "see LICENSE"). */
export function isUninformative(value: string): boolean {
  const key = value.trim().toLowerCase().replace(/licen[cs]e/g, 'license').replace(/[^a-z0-9/]+/g, ' ').trim();
  return key === '' || UNINFORMATIVE.test(key);
}

/** Reads a short license name. Null when nothing trustworthy comes out. */
export function readLicenseName(value: string): NameReading | null {
  const text = value.trim();
  if (!text || isUninformative(text)) return null;
  if (/^unlicensed$/i.test(text)) return { expression: UNLICENSED_REF, how: 'table' };
  const spdx = canonicalSpdx(text);
  if (spdx) return { expression: spdx, how: 'spdx' };
  if (isLicenseClassifier(text)) {
    const reading = readClassifier(text);
    return reading.kind === 'license' ? { expression: reading.expression, how: 'classifier-text' } : null;
  }
  const single = readSingleName(text);
  if (single) return single;
  // "MIT or Apache 2.0", "BSD/GPL", "MIT and BSD": every part must resolve, or the whole is unknown
  // (spdx-correct silently drops a side).
  for (const [separator, conjunction] of [
    [/\s+or\s+|\s*\/\s*|\s*\|\s*/i, 'OR'],
    [/\s+and\s+|\s*,\s*|\s*;\s*|\s*&\s*/i, 'AND'],
  ] as const) {
    const parts = text.split(separator).filter((part) => part.trim() !== '');
    if (parts.length < 2 || /and\s*\/\s*or/i.test(text)) continue;
    const readings = parts.map((part) => readSingleName(part));
    if (readings.every((reading): reading is NameReading => reading !== null)) {
      const expression = joinSpdx(
        readings.map((reading) => reading.expression),
        conjunction,
      );
      if (expression) return { expression, how: readings.some((r) => r.how === 'spdx-correct') ? 'spdx-correct' : 'table' };
    }
  }
  return null;
}

function readSingleName(value: string): NameReading | null {
  const trimmed = value.trim();
  const text = /^\([^()]*\)$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
  const spdx = canonicalSpdx(text);
  if (spdx) return { expression: spdx, how: 'spdx' };
  const key = nameKey(text);
  if (!key) return null;
  const named = NAMES[key];
  if (named) return { expression: named, how: 'table' };
  const gnu = gnuFamily(key);
  if (gnu) return { expression: gnu, how: 'table' };
  // "ISC License (ISCL)", "GNU General Public License v2 or later (GPLv2+)": the name without its abbreviation.
  // A parenthetical that adds terms ("(with FOSS License Exception)") is not an abbreviation: never drop it.
  const withoutAbbreviation = text.replace(/\s*\(([^()]*)\)\s*$/, (whole, inner: string) => (/\b(with|except|exception|but|plus|see)\b/i.test(inner) ? whole : ''));
  if (withoutAbbreviation !== text && withoutAbbreviation.trim()) return readSingleName(withoutAbbreviation);
  if (/\b(agpl|lgpl|gpl)\b/.test(key)) return null; // never let spdx-correct guess a GNU license
  const corrected = guardedSpdxCorrect(text, key);
  return corrected ? { expression: corrected, how: 'spdx-correct' } : null;
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
  // Every version number in the id must be in the input ("MPL" is not "MPL-2.0").
  const major = /(\d+)/.exec(id)?.[1];
  if (major && !/^0BSD$/.test(id) && !new RegExp(`\\b${major}\\b`).test(key)) return null;
  return id;
}
