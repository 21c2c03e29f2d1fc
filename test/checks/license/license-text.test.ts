import fs from 'node:fs';
import path from 'node:path';
import { looksLikeLicenseText, matchLicenseText } from '../../../src/checks/license/license-text';
import { LINEAR_GROWTH_BOUND, workGrowth } from '../../helpers/work';

const nodeModules = path.resolve(__dirname, '..', '..', '..', 'node_modules');

describe('matchLicenseText on license files as projects ship them', () => {
  // Real LICENSE files of installed dependencies: varied bullets, copyright lines, holder names.
  test.each([
    ['smol-toml/LICENSE', 'BSD-3-Clause'],
    ['source-map/LICENSE', 'BSD-3-Clause'],
    ['istanbul-lib-coverage/LICENSE', 'BSD-3-Clause'],
    ['semver/LICENSE', 'ISC'],
    ['fastest-levenshtein/LICENSE.md', 'MIT'],
    ['typescript/LICENSE.txt', 'Apache-2.0'],
  ])('%s is %s', (file, id) => {
    const text = fs.readFileSync(path.join(nodeModules, file), 'utf8');
    expect(looksLikeLicenseText(text)).toBe(true);
    expect(matchLicenseText(text)?.id).toBe(id);
  });

  test('BSD-3-Clause is not read as BSD-2-Clause or MIT, and BSD-2-Clause not as BSD-3-Clause', () => {
    const bsd3 = fs.readFileSync(path.join(nodeModules, 'smol-toml/LICENSE'), 'utf8');
    const bsd2 = bsd3.replace(/3\. Neither[\s\S]*?permission\.\n/, '');
    expect(matchLicenseText(bsd2)?.id).toBe('BSD-2-Clause');
  });

  test('a changed clause, added terms or a foreign preamble are not recognised', () => {
    const mit = fs.readFileSync(path.join(nodeModules, 'fastest-levenshtein/LICENSE.md'), 'utf8');
    expect(matchLicenseText(mit.replace('and to permit persons', 'but not to permit persons'))).toBeNull();
    expect(matchLicenseText(`${mit}\nThe Software shall be used for Good, not Evil.\n`)).toBeNull();
    expect(matchLicenseText(`This project is dual licensed under GPL-3.0 and:\n${mit}`)).toBeNull();
  });

  test('matching work grows about linearly with input size', () => {
    const mit = fs.readFileSync(path.join(nodeModules, 'fastest-levenshtein/LICENSE.md'), 'utf8');
    const small = `${mit}\n${'word '.repeat(2_000)}`;
    const large = `${mit}\n${'word '.repeat(20_000)}`;
    // Characters handed to the normalizing and template regular expressions (their own backtracking is timed in
    // `npm run bench`): one fixed set of passes, whatever the length.
    const growth = workGrowth(matchLicenseText, small, large, ['license.']);
    expect(growth.small).toBeGreaterThan(small.length);
    expect(growth.ratio).toBeLessThan(LINEAR_GROWTH_BOUND);
  });
});
