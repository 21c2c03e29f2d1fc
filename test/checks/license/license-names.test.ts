import { guardedSpdxCorrect, isUninformative, nameKey, readLicenseName, UNLICENSED_REF } from '../../../src/checks/license/license-names';

const expr = (text: string) => readLicenseName(text)?.expression ?? null;

describe('readLicenseName: the spdx-correct mistakes measured on PyPI strings are guarded', () => {
  test.each([
    ['UNLICENSED', UNLICENSED_REF],
    ['GNU Lesser General Public License v2 or later (LGPLv2+)', 'LicenseRef-depvet-ambiguous-GNU-Lesser-General-Public-License-v2-or-later'],
    ['Historical Permission Notice and Disclaimer (HPND)', 'HPND'],
    ['GNU General Public License v2 or later (GPLv2+)', 'GPL-2.0-or-later'],
    ['GPL-3.0', 'GPL-3.0-only'],
    ['Expat', 'MIT'],
    ['ASL 2', 'Apache-2.0'],
    ['ISC License (ISCL)', 'ISC'],
    ['Python Software Foundation License', 'PSF-2.0'],
    ['MIT or Apache 2.0', 'MIT OR Apache-2.0'],
    ['MIT/BSD-3-Clause', 'MIT OR BSD-3-Clause'],
  ])('%s -> %s', (text, expected) => {
    expect(expr(text)).toBe(expected);
  });

  test('a side that cannot be read makes the whole "X or Y" unknown instead of being dropped', () => {
    expect(expr('MIT or Frobnicate Public License')).toBeNull();
  });

  test('a parenthetical adding terms is not dropped as an abbreviation', () => {
    expect(expr('GNU GPLv2 (with FOSS License Exception)')).toBeNull();
  });

  test('resemblances are not the license', () => {
    expect(expr('MIT-style')).toBeNull();
    expect(expr('BSD-like')).toBeNull();
  });

  test('uninformative values', () => {
    for (const value of ['UNKNOWN', '', '  ', 'None', 'Dual License', 'see LICENSE', 'LICENSE.txt', 'Other']) expect(isUninformative(value)).toBe(true);
    expect(isUninformative('MIT')).toBe(false);
  });

  test('version-less family names stay ambiguous rather than picking a version', () => {
    expect(expr('GPL')).toBe('LicenseRef-depvet-ambiguous-GNU-General-Public-License');
    expect(expr('GPLv3')).toBe('LicenseRef-depvet-ambiguous-GNU-General-Public-License-v3');
    expect(expr('MPL')).toBe('LicenseRef-depvet-ambiguous-MPL');
  });
});

describe('guardedSpdxCorrect', () => {
  test('refuses answers whose name or version is not in the input', () => {
    expect(guardedSpdxCorrect('Historical Permission Notice and Disclaimer')).toBeNull();
    expect(guardedSpdxCorrect('UNLICENSED')).toBeNull();
    expect(guardedSpdxCorrect('LIMITED WARRANTY')).toBeNull();
  });
  test('accepts a plain correction', () => {
    expect(guardedSpdxCorrect('EUPL 1.2')).toBe('EUPL-1.2');
  });
});

test('nameKey shortens GNU names and drops noise', () => {
  expect(nameKey('The GNU Lesser General Public License, version 3 or later')).toBe('lgpl 3 plus');
  expect(nameKey('The MIT License (MIT)')).toBe('mit');
});
