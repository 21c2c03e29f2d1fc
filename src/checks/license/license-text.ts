// Recognises a whole license text pasted into a `license` field (numpy, many older packages) by normalized-text
// matching against data/license-texts/*.txt, in the spirit of the SPDX matching guidelines: case, punctuation,
// whitespace and list markers are ignored; `<<var:N>>` in a template matches up to N words (copyright holder,
// product name); text after `<<optional>>` may be absent. The whole field must match one template, so a license
// text followed by other terms (bundled components, a second license) is not recognised: it falls through to the
// next source instead of being read as the first license alone.
import { countWork } from '../../work-meter';
import { readDataText } from './data';

/** The licenses whose texts we recognise; the file data/license-texts/<id>.txt holds the template. */
export const TEXT_LICENSE_IDS = ['MIT', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', 'ISC', 'PSF-2.0'] as const;

/** Words that, in the lines before a recognised text, signal other terms (so the field is not just that license). */
const FOREIGN_PREFIX = /\b(gpl|lgpl|agpl|gnu|mpl|eula|proprietary|commercial|dual|except|exception|additional|however)\b/;
/** Title words that may precede a license text ("The MIT License", "BSD 3-Clause License", "Apache License"). */
const TITLE_WORDS = /\b(the|mit|x11|expat|isc|bsd|new|modified|revised|simplified|clause|[0-9]+|apache|software|license|licence|python|foundation|psf|version|and|terms|conditions|of|for)\b/g;

export function normalizeLicenseText(text: string): string {
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
