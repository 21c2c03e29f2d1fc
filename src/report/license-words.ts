// Licenses as a reviewer reads them. depvet's internal LicenseRefs (`LicenseRef-depvet-ambiguous-GNU-Library-or-
// Lesser-General-Public-License`, standing for "one of these SPDX ids") are for JSON and SARIF, where tools match
// on them; text and Markdown say "LGPL (version not stated)" and list the candidates depvet judged.
import { AMBIGUOUS_REFS } from '../checks/license/classifiers';

const AMBIGUOUS_PREFIX = 'LicenseRef-depvet-ambiguous-';

/** Words for each ambiguous classifier's LicenseRef (the suffix after `LicenseRef-depvet-ambiguous-`). */
const AMBIGUOUS_WORDS: Record<string, string> = {
  'Academic-Free-License': 'Academic Free License (version not stated)',
  'Apache-Software-License': 'Apache (version not stated)',
  'Apple-Public-Source-License': 'Apple Public Source License (version not stated)',
  'Artistic-License': 'Artistic License (version not stated)',
  'BSD-License': 'BSD (which clauses not stated)',
  'Eiffel-Forum-License': 'Eiffel Forum License (version not stated)',
  'GNU-Affero-General-Public-License-v3': 'AGPL v3 ("only" or "or later" not stated)',
  'GNU-Free-Documentation-License': 'GNU FDL (version not stated)',
  'GNU-General-Public-License': 'GPL (version not stated)',
  'GNU-General-Public-License-v2': 'GPL v2 ("only" or "or later" not stated)',
  'GNU-General-Public-License-v3': 'GPL v3 ("only" or "or later" not stated)',
  'GNU-Lesser-General-Public-License-v2': 'LGPL v2 (2.0 or 2.1, "only" or "or later" not stated)',
  'GNU-Lesser-General-Public-License-v2-or-later': 'LGPL v2 or later (2.0 or 2.1 not stated)',
  'GNU-Lesser-General-Public-License-v3': 'LGPL v3 ("only" or "or later" not stated)',
  'GNU-Library-or-Lesser-General-Public-License': 'LGPL (version not stated)',
  'Netscape-Public-License': 'Netscape Public License (version not stated)',
  'Zope-Public-License': 'Zope Public License (version not stated)',
};

/** PEP 639's LicenseRefs for classifiers that name no license text. */
const OTHER_REFS: Record<string, string> = {
  'LicenseRef-Proprietary': 'proprietary',
  'LicenseRef-Public-Domain': 'public domain',
};

/** Words for one license id: the id itself for SPDX ids (reviewers know `MIT`, `MPL-2.0`), words for LicenseRefs. */
export function licenseIdInWords(id: string): string {
  if (id.startsWith(AMBIGUOUS_PREFIX)) {
    const words = AMBIGUOUS_WORDS[id.slice(AMBIGUOUS_PREFIX.length)];
    if (words) return words;
    // A ref added to the data later: its classifier's last part, which is what the maintainer wrote.
    const classifier = AMBIGUOUS_REFS.get(id)?.classifier;
    const name = classifier?.split('::').pop()?.trim() ?? id.slice(AMBIGUOUS_PREFIX.length).replace(/-/g, ' ');
    return `${name} (version not stated)`;
  }
  return OTHER_REFS[id] ?? id;
}

/** An SPDX expression with every LicenseRef in words: `LGPL (version not stated) OR MIT`. */
export function licenseInWords(expression: string): string {
  return expression.replace(/LicenseRef-[A-Za-z0-9.-]+/g, (id) => licenseIdInWords(id));
}

/** The SPDX ids an ambiguous LicenseRef stands for, from the data (empty for any other id). */
export function ambiguousCandidates(id: string): string[] {
  return AMBIGUOUS_REFS.get(id)?.candidates ?? [];
}

/** Whether `id` is one of depvet's ambiguous-classifier refs. */
export function isAmbiguousRef(id: string): boolean {
  return id.startsWith(AMBIGUOUS_PREFIX);
}
