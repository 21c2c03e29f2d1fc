import { ConfigError } from '../../../src/errors';
import type { PackageKey } from '../../../src/findings';
import { ignoreMatches, isIgnoreExpired, validateAdvisoryIgnores } from '../../../src/checks/advisories/ignores';

const pkg = (version: string, name = 'Django'): PackageKey => ({ ecosystem: 'PyPI', name, normalizedName: name.toLowerCase(), version });

describe('advisory ignores', () => {
  it('match the id or any alias, case-insensitively', () => {
    const ignore = { id: 'cve-2021-1', reason: 'not reachable' };
    expect(ignoreMatches(ignore, ['PYSEC-2021-9', 'CVE-2021-1'], pkg('3.2'))).toBe(true);
    expect(ignoreMatches(ignore, ['PYSEC-2021-9'], pkg('3.2'))).toBe(false);
  });

  it('respect package and version scope', () => {
    const ignore = { id: 'X-1', reason: 'r', package: 'DJANGO', versions: '>=3.2,<3.3' };
    expect(ignoreMatches(ignore, ['X-1'], pkg('3.2.5'))).toBe(true);
    expect(ignoreMatches(ignore, ['X-1'], pkg('3.2.5rc1'))).toBe(true);
    expect(ignoreMatches(ignore, ['X-1'], pkg('3.3'))).toBe(false);
    expect(ignoreMatches(ignore, ['X-1'], pkg('3.2.5', 'flask'))).toBe(false);
    expect(ignoreMatches({ id: 'X-1', reason: 'r', versions: '3.2' }, ['X-1'], pkg('3.2.0'))).toBe(true);
    const npmPkg: PackageKey = { ecosystem: 'npm', name: 'lodash', normalizedName: 'lodash', version: '4.17.20' };
    expect(ignoreMatches({ id: 'X-1', reason: 'r', versions: '<4.17.21' }, ['X-1'], npmPkg)).toBe(true);
    expect(ignoreMatches({ id: 'X-1', reason: 'r', ecosystem: 'PyPI' }, ['X-1'], npmPkg)).toBe(false);
  });

  it('expire at the end of the day they name', () => {
    const ignore = { id: 'X-1', reason: 'r', expires: '2025-03-01' };
    expect(isIgnoreExpired(ignore, new Date('2025-03-01T23:00:00Z'))).toBe(false);
    expect(isIgnoreExpired(ignore, new Date('2025-03-02T00:00:00Z'))).toBe(true);
    expect(isIgnoreExpired({ id: 'X-1', reason: 'r' }, new Date('2999-01-01'))).toBe(false);
  });

  it('are validated up front, naming the policy entry', () => {
    const source = { file: 'depvet.json', pointer: '/advisories/ignores/0' };
    expect(() => validateAdvisoryIgnores([{ id: 'X-1', reason: 'r', expires: 'next week', source }])).toThrow(
      new ConfigError('depvet.json', '/advisories/ignores/0', 'ignore X-1: expires "next week" is not a date (YYYY-MM-DD)'),
    );
    expect(() => validateAdvisoryIgnores([{ id: 'X-1', reason: ' ' }])).toThrow(/a reason is required/);
    expect(() => validateAdvisoryIgnores([{ id: 'X-1', reason: 'r', versions: '>>1' }])).toThrow(/not a version or range/);
  });
});
