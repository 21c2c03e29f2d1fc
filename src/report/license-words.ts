// Licenses as a reviewer reads them in text and Markdown reports. depvet's LicenseRefs (an ambiguous classifier's
// `LicenseRef-depvet-ambiguous-GNU-Library-or-Lesser-General-Public-License`, `LicenseRef-Proprietary`) read in words
// ("LGPL (version not stated)", from the license check's one names table); SPDX ids stay ids (`MIT`, `MPL-2.0`): they
// are short, reviewers know them, and an approval in the policy file names them so. JSON and SARIF keep every id.
import { AMBIGUOUS_REFS } from '../checks/license/ambiguous';
import { licenseName } from '../checks/license/names-table';

/** Words for one license id: an SPDX id as it is, a LicenseRef depvet knows by its name, any other as written. */
export function licenseIdInWords(id: string): string {
  return id.startsWith('LicenseRef-') ? (licenseName(id) ?? id) : id;
}

/** An SPDX expression with every LicenseRef in words: `LGPL (version not stated) OR MIT`. */
export function licenseInWords(expression: string): string {
  return expression.replace(/LicenseRef-[A-Za-z0-9.-]+/g, (id) => licenseIdInWords(id));
}

/** The SPDX ids an ambiguous LicenseRef stands for (empty for any other id). */
export function ambiguousCandidates(id: string): string[] {
  return AMBIGUOUS_REFS.get(id)?.candidates ?? [];
}

/** Whether `id` is one of depvet's ambiguous refs. */
export function isAmbiguousRef(id: string): boolean {
  return AMBIGUOUS_REFS.has(id);
}
