import { DEFAULT_LICENSE_POLICY, judgeLicense, resolveLicense } from '../../../src/checks/license';

const LGPL_ANY = 'LicenseRef-depvet-ambiguous-GNU-Library-or-Lesser-General-Public-License';
const LGPL_2_PLUS = 'LicenseRef-depvet-ambiguous-GNU-Lesser-General-Public-License-v2-or-later';

describe('resolveLicense: a loose name narrowed by a later source', () => {
  it('reads license "LGPL" with the LGPLv2+ classifier as LGPL version 2 or later (chardet)', () => {
    const resolved = resolveLicense({ ecosystem: 'PyPI', name: 'chardet', license: 'LGPL', classifiers: ['License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)'] });
    expect(resolved).toMatchObject({ expression: LGPL_2_PLUS, source: 'classifiers', ambiguous: { [LGPL_2_PLUS]: ['LGPL-2.0-or-later', 'LGPL-2.1-or-later'] } });
    expect(resolved.readings.map((r) => r.expression)).toEqual([LGPL_ANY, LGPL_2_PLUS]);
    expect(resolved.disagreement).toBeUndefined();
    expect(resolved.notes).toContain(`license-corrected reads as ${LGPL_ANY}; classifiers narrows it to ${LGPL_2_PLUS}`);
    expect(judgeLicense(resolved, DEFAULT_LICENSE_POLICY).verdict).toBe('needs-approval');
  });

  it('narrows a loose name to a precise id it allows (npm "BSD" with the legacy licenses entry BSD-3-Clause), not to itself', () => {
    const resolved = resolveLicense({ ecosystem: 'PyPI', name: 'p', license: 'BSD', licenseExpression: null, classifiers: ['License :: OSI Approved :: BSD License'] });
    // Both sources are the same loose name: nothing narrows it.
    expect(resolved).toMatchObject({ expression: 'LicenseRef-depvet-ambiguous-BSD-License' });
    const narrowed = resolveLicense({ ecosystem: 'npm', name: 'p', license: 'BSD', licenses: [{ type: 'BSD-3-Clause' }] });
    expect(narrowed).toMatchObject({ expression: 'BSD-3-Clause', source: 'npm-licenses' });
  });

  it('never narrows to a license the loose name does not allow: that is a disagreement', () => {
    const resolved = resolveLicense({ ecosystem: 'PyPI', name: 'p', license: 'LGPL', classifiers: ['License :: OSI Approved :: MIT License'] });
    expect(resolved.expression).toBe(LGPL_ANY);
    expect(resolved.disagreement?.readings.map((r) => r.expression)).toEqual([LGPL_ANY, 'MIT']);
  });

  it('never narrows a precise first reading, nor a compound one', () => {
    const precise = resolveLicense({ ecosystem: 'PyPI', name: 'p', licenseExpression: 'LGPL-2.1-only', classifiers: ['License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)'] });
    expect(precise).toMatchObject({ expression: 'LGPL-2.1-only', source: 'license_expression' });
    const compound = resolveLicense({ ecosystem: 'PyPI', name: 'p', license: 'LGPL or MIT', classifiers: ['License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)'] });
    expect(compound.source).toBe('license-corrected');
  });
});
