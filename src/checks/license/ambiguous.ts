// Ambiguous licence names: a depvet LicenseRef that stands for "one of these SPDX ids" when a string names a family
// but not which member (`BSD License`, `GPLv3` without "only" / "or later", `Mozilla Public License` without a
// version). Two sources: the ambiguous `License ::` classifiers (PEP 639's list, data/license-classifiers.json) and
// the families below, which free-text names, URLs and licence texts reach. The policy judges such a ref by its worst
// candidate; nothing ever picks a version for it.
import { classifierTable } from './classifiers';

export interface AmbiguousRef {
  /** What the ref stands for, in words ("GNU LGPL v2.1, neither 'only' nor 'or later' stated"). */
  name: string;
  /** The `License ::` classifier it was defined for, when it comes from one. */
  classifier?: string;
  candidates: string[];
}

const OSI = 'License :: OSI Approved :: ';

/** Families reached by names, URLs and texts that no classifier covers: slug -> name and candidates. */
const NAME_FAMILIES: Record<string, { name: string; candidates: string[] }> = {
  'GPL-1.0': { name: "GNU GPL v1, neither 'only' nor 'or later' stated", candidates: ['GPL-1.0-only', 'GPL-1.0-or-later'] },
  'LGPL-2.0': { name: "GNU LGPL v2.0, neither 'only' nor 'or later' stated", candidates: ['LGPL-2.0-only', 'LGPL-2.0-or-later'] },
  'LGPL-2.1': { name: "GNU LGPL v2.1, neither 'only' nor 'or later' stated", candidates: ['LGPL-2.1-only', 'LGPL-2.1-or-later'] },
  'AGPL': { name: 'GNU AGPL, version not stated', candidates: ['AGPL-1.0-only', 'AGPL-1.0-or-later', 'AGPL-3.0-only', 'AGPL-3.0-or-later'] },
  'GFDL-1.1': { name: "GNU FDL v1.1, neither 'only' nor 'or later' stated", candidates: ['GFDL-1.1-only', 'GFDL-1.1-or-later'] },
  'GFDL-1.2': { name: "GNU FDL v1.2, neither 'only' nor 'or later' stated", candidates: ['GFDL-1.2-only', 'GFDL-1.2-or-later'] },
  'GFDL-1.3': { name: "GNU FDL v1.3, neither 'only' nor 'or later' stated", candidates: ['GFDL-1.3-only', 'GFDL-1.3-or-later'] },
  MPL: { name: 'Mozilla Public License, version not stated', candidates: ['MPL-1.0', 'MPL-1.1', 'MPL-2.0'] },
  EPL: { name: 'Eclipse Public License, version not stated', candidates: ['EPL-1.0', 'EPL-2.0'] },
  CDDL: { name: 'Common Development and Distribution License, version not stated', candidates: ['CDDL-1.0', 'CDDL-1.1'] },
  EUPL: { name: 'European Union Public Licence, version not stated', candidates: ['EUPL-1.0', 'EUPL-1.1', 'EUPL-1.2'] },
  CECILL: { name: 'CeCILL, version not stated', candidates: ['CECILL-1.0', 'CECILL-1.1', 'CECILL-2.0', 'CECILL-2.1', 'CECILL-B', 'CECILL-C'] },
  Python: { name: 'a Python licence, which one not stated', candidates: ['PSF-2.0', 'Python-2.0', 'CNRI-Python'] },
  'CC-BY': { name: 'Creative Commons Attribution, version not stated', candidates: ['CC-BY-1.0', 'CC-BY-2.0', 'CC-BY-2.5', 'CC-BY-3.0', 'CC-BY-4.0'] },
  CC: {
    name: 'a Creative Commons licence, which one not stated',
    candidates: ['CC0-1.0', 'CC-BY-4.0', 'CC-BY-SA-4.0', 'CC-BY-ND-4.0', 'CC-BY-NC-4.0', 'CC-BY-NC-SA-4.0', 'CC-BY-NC-ND-4.0', 'CC-BY-3.0', 'CC-BY-SA-3.0', 'CC-BY-ND-3.0', 'CC-BY-NC-3.0', 'CC-BY-NC-SA-3.0', 'CC-BY-NC-ND-3.0'],
  },
};

/**
 * What each ambiguous classifier's ref stands for, as a reviewer says it (issue 16: "LGPL (version not stated)", not
 * the ref). Keyed by the ref's slug; a classifier added to the data later falls back to its own last part.
 */
const CLASSIFIER_NAMES: Record<string, string> = {
  'Academic-Free-License': 'Academic Free License (version not stated)',
  'Apache-Software-License': 'Apache (version not stated)',
  'Apple-Public-Source-License': 'Apple Public Source License (version not stated)',
  'Artistic-License': 'Artistic License (version not stated)',
  'BSD-License': 'BSD (which clauses not stated)',
  'Eiffel-Forum-License': 'Eiffel Forum License (version not stated)',
  'GNU-Affero-General-Public-License-v3': "AGPL v3 ('only' or 'or later' not stated)",
  'GNU-Free-Documentation-License': 'GNU FDL (version not stated)',
  'GNU-General-Public-License': 'GPL (version not stated)',
  'GNU-General-Public-License-v2': "GPL v2 ('only' or 'or later' not stated)",
  'GNU-General-Public-License-v3': "GPL v3 ('only' or 'or later' not stated)",
  'GNU-Lesser-General-Public-License-v2': "LGPL v2 (2.0 or 2.1, 'only' or 'or later' not stated)",
  'GNU-Lesser-General-Public-License-v2-or-later': 'LGPL v2 or later (2.0 or 2.1 not stated)',
  'GNU-Lesser-General-Public-License-v3': "LGPL v3 ('only' or 'or later' not stated)",
  'GNU-Library-or-Lesser-General-Public-License': 'LGPL (version not stated)',
  'Netscape-Public-License': 'Netscape Public License (version not stated)',
  'Zope-Public-License': 'Zope Public License (version not stated)',
};

function build(): Map<string, AmbiguousRef> {
  const refs = new Map<string, AmbiguousRef>();
  for (const [classifier, entry] of Object.entries(classifierTable())) {
    if (entry.status !== 'ambiguous' || !entry.ref || refs.has(entry.ref)) continue;
    const name = CLASSIFIER_NAMES[entry.ref.replace(/^LicenseRef-depvet-ambiguous-/, '')] ?? `${classifier.split('::').pop()!.trim()} (classifier; which licence not stated)`;
    refs.set(entry.ref, { name, classifier, candidates: entry.candidates ?? [] });
  }
  for (const [slug, family] of Object.entries(NAME_FAMILIES)) refs.set(`LicenseRef-depvet-ambiguous-${slug}`, family);
  return refs;
}

/** Every ambiguous LicenseRef -> what it stands for and its candidate SPDX ids. */
export const AMBIGUOUS_REFS: ReadonlyMap<string, AmbiguousRef> = build();

export function isAmbiguousRef(id: string): boolean {
  return AMBIGUOUS_REFS.has(id);
}

/** The ref of an ambiguous classifier (`License :: OSI Approved :: BSD License`). */
export function refForClassifier(classifier: string): string {
  const ref = classifierTable()[classifier]?.ref;
  if (!ref || !AMBIGUOUS_REFS.has(ref)) throw new Error(`no ambiguous ref for ${classifier}`);
  return ref;
}

/** The ref of a name family (`MPL`, `LGPL-2.1`). */
export function refForFamily(slug: keyof typeof NAME_FAMILIES | string): string {
  const ref = `LicenseRef-depvet-ambiguous-${slug}`;
  if (!AMBIGUOUS_REFS.has(ref)) throw new Error(`no ambiguous family ${slug}`);
  return ref;
}

/** GNU family + version without "only"/"or later" -> its ambiguous ref (`GPL-2.0` -> the GPLv2 classifier's ref). */
export function gnuVersionRef(id: string): string | null {
  const classifierOf: Record<string, string> = {
    'GPL-2.0': `${OSI}GNU General Public License v2 (GPLv2)`,
    'GPL-3.0': `${OSI}GNU General Public License v3 (GPLv3)`,
    'LGPL-3.0': `${OSI}GNU Lesser General Public License v3 (LGPLv3)`,
    'AGPL-3.0': `${OSI}GNU Affero General Public License v3`,
  };
  if (classifierOf[id]) return refForClassifier(classifierOf[id]!);
  return AMBIGUOUS_REFS.has(`LicenseRef-depvet-ambiguous-${id}`) ? `LicenseRef-depvet-ambiguous-${id}` : null;
}
