import { canonicalSpdx, joinSpdx, spdxIds } from '../../../src/checks/license/spdx';

describe('canonicalSpdx', () => {
  test.each([
    ['mit', 'MIT'],
    ['apache-2.0 or mit', 'Apache-2.0 OR MIT'],
    ['(MIT OR Apache-2.0)', 'MIT OR Apache-2.0'],
    ['MIT AND (Apache-2.0 OR BSD-2-Clause)', 'MIT AND (Apache-2.0 OR BSD-2-Clause)'],
    ['GPL-2.0', 'GPL-2.0-only'],
    ['GPL-2.0+', 'GPL-2.0-or-later'],
    ['LGPL-2.1+', 'LGPL-2.1-or-later'],
    ['gpl-2.0-only with classpath-exception-2.0', 'GPL-2.0-only WITH Classpath-exception-2.0'],
    ['licenseref-Proprietary', 'LicenseRef-Proprietary'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalSpdx(input)).toBe(expected);
  });

  test.each(['', 'MIT License', 'Apache 2.0', 'MIT AND', 'MIT WITH MIT', '(MIT'])('%j is not SPDX', (input) => {
    expect(canonicalSpdx(input)).toBeNull();
  });
});

test('joinSpdx parenthesises compound parts and drops duplicates', () => {
  expect(joinSpdx(['MIT', 'Apache-2.0 OR BSD-3-Clause', 'MIT'], 'AND')).toBe('MIT AND (Apache-2.0 OR BSD-3-Clause)');
  expect(joinSpdx([], 'AND')).toBeNull();
  expect(spdxIds('MIT AND (ISC OR MIT)')).toEqual(['MIT', 'ISC']);
});
