import { fixedVersions, smallestUpgrade } from '../../../src/checks/advisories/fixes';
import type { OsvVulnerability } from '../../../src/registries/osv-record';

const rec = (id: string, events: Record<string, string>[], name = 'pkg'): OsvVulnerability => ({
  id,
  modified: '2024-01-01T00:00:00Z',
  affected: [{ package: { ecosystem: 'PyPI', name }, ranges: [{ type: 'ECOSYSTEM', events }] }],
});

describe('fixedVersions', () => {
  it('lists this package\u2019s fixed versions above the current one, ascending, skipping invalid values', () => {
    const record = rec('A', [{ introduced: '0' }, { fixed: '1.2' }, { introduced: '2.0' }, { fixed: '2.3' }, { fixed: 'not-a-version' }]);
    expect(fixedVersions(record.affected!, 'PyPI')).toEqual(['1.2', '2.3']);
    expect(fixedVersions(record.affected!, 'PyPI', '2.1')).toEqual(['2.3']);
  });
});

describe('smallestUpgrade', () => {
  const a = rec('A', [{ introduced: '0' }, { fixed: '1.2' }, { introduced: '2.0' }, { fixed: '2.3' }]);
  const b = rec('B', [{ introduced: '1.0' }, { fixed: '1.5' }]);
  const c = rec('C', [{ introduced: '0' }, { last_affected: '1.6' }]);

  it('takes the smallest fixed version that no advisory affects', () => {
    expect(smallestUpgrade([a, b], 'PyPI', 'pkg', '1.1')).toMatchObject({ version: '1.5', basis: 'fixed-versions' });
    // 1.2 fixes A but B still covers it; 1.5 clears both.
    expect(smallestUpgrade([a], 'PyPI', 'pkg', '2.1').version).toBe('2.3');
  });

  it('uses the release list when there is one, skipping pre-releases and affected releases', () => {
    const releases = ['1.1', '1.5', '1.6', '1.7rc1', '1.7', '2.0', '2.4'];
    expect(smallestUpgrade([a, b, c], 'PyPI', 'pkg', '1.1', releases)).toEqual({ version: '1.7', basis: 'release-list' });
  });

  it('says so when no candidate clears everything', () => {
    const advice = smallestUpgrade([c], 'PyPI', 'pkg', '1.0');
    expect(advice.version).toBeUndefined();
    expect(advice.note).toMatch(/no fixed version/);
    expect(smallestUpgrade([c], 'PyPI', 'pkg', '1.0', ['1.6']).note).toMatch(/no released version/);
  });
});
