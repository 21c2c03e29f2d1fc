// Licenses in words in text and Markdown reports (issue 16): depvet's LicenseRefs never reach a reader as ids.
import { AMBIGUOUS_REFS } from '../../src/checks/license/ambiguous';
import { ambiguousCandidates, licenseIdInWords, licenseInWords } from '../../src/report/license-words';

describe('licenses in words', () => {
  it('reads every ambiguous classifier as a reviewer says it (none falls back to the classifier text)', () => {
    const classifierRefs = [...AMBIGUOUS_REFS].filter(([, ref]) => ref.classifier !== undefined);
    expect(classifierRefs.length).toBeGreaterThanOrEqual(17);
    for (const [id, ref] of classifierRefs) {
      const words = licenseIdInWords(id);
      expect(words).not.toMatch(/LicenseRef|classifier;/);
      expect(words).toBe(ref.name);
    }
    expect(licenseIdInWords('LicenseRef-depvet-ambiguous-GNU-Library-or-Lesser-General-Public-License')).toBe('LGPL (version not stated)');
    expect(ambiguousCandidates('LicenseRef-depvet-ambiguous-GNU-Lesser-General-Public-License-v2-or-later')).toEqual(['LGPL-2.0-or-later', 'LGPL-2.1-or-later']);
  });

  it('keeps SPDX ids and unknown LicenseRefs as written, and an expression with its operators', () => {
    expect(licenseInWords('MIT OR LicenseRef-depvet-ambiguous-BSD-License')).toBe('MIT OR BSD (which clauses not stated)');
    expect(licenseInWords('BSD-2-Clause AND LicenseRef-OCB')).toBe('BSD-2-Clause AND LicenseRef-OCB');
    expect(licenseIdInWords('LicenseRef-Proprietary')).toBe('Proprietary licence');
    expect(licenseIdInWords('MPL-2.0')).toBe('MPL-2.0');
  });
});
