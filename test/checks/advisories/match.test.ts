import { isVersionAffected, matchAffected, prepareRange, rangeIncludes } from '../../../src/checks/advisories/match';
import { PEP440_SCHEME, SEMVER_SCHEME, versionKey } from '../../../src/checks/advisories/versions';
import type { OsvEvent, OsvVulnerability } from '../../../src/registries/osv-record';

function range(events: OsvEvent[], type = 'ECOSYSTEM') {
  return { type, events };
}

function includes(events: OsvEvent[], version: string, scheme = PEP440_SCHEME): boolean {
  return rangeIncludes(prepareRange(range(events), scheme), version, scheme);
}

describe('OSV range evaluation', () => {
  it('introduced is inclusive, fixed exclusive, last_affected inclusive', () => {
    expect(includes([{ introduced: '1.0' }, { fixed: '2.0' }], '0.9')).toBe(false);
    expect(includes([{ introduced: '1.0' }, { fixed: '2.0' }], '1.0')).toBe(true);
    expect(includes([{ introduced: '1.0' }, { fixed: '2.0' }], '2.0')).toBe(false);
    expect(includes([{ introduced: '0' }, { last_affected: '2.0' }], '2.0')).toBe(true);
    expect(includes([{ introduced: '0' }, { last_affected: '2.0' }], '2.0.post1')).toBe(false);
  });

  it('sorts events before walking them, with introduced "0" first', () => {
    const events = [{ introduced: '3.0' }, { fixed: '3.2' }, { fixed: '1.5' }, { introduced: '0' }];
    expect(['0.1', '1.4', '3.1'].map((v) => includes(events, v))).toEqual([true, true, true]);
    expect(['1.5', '2.0', '3.2'].map((v) => includes(events, v))).toEqual([false, false, false]);
  });

  it('orders by PEP 440, not by the specifier check: pre-releases of the fix are affected', () => {
    expect(includes([{ introduced: '0' }, { fixed: '1.0' }], '1.0rc1')).toBe(true);
    expect(includes([{ introduced: '0' }, { fixed: '1.0' }], '1.0.dev0')).toBe(true);
    expect(includes([{ introduced: '0' }, { fixed: '1.0' }], '1.0+ubuntu1')).toBe(false);
    expect(includes([{ introduced: '0' }, { fixed: '1.0' }], '0.9.post3')).toBe(true);
    expect(includes([{ introduced: '0' }, { fixed: '1.10' }], '1.9')).toBe(true);
    expect(includes([{ introduced: '1!0' }], '2.0')).toBe(false);
  });

  it('honours limit events (versions at or above every limit are out), with * as infinity', () => {
    expect(includes([{ introduced: '0' }, { limit: '2.0' }], '1.9')).toBe(true);
    expect(includes([{ introduced: '0' }, { limit: '2.0' }], '2.0')).toBe(false);
    expect(includes([{ introduced: '0' }, { limit: '*' }], '99')).toBe(true);
  });

  it('skips event values the scheme cannot order, reporting them', () => {
    const prepared = prepareRange(range([{ introduced: '0' }, { fixed: '2019-09-12' }]), PEP440_SCHEME);
    expect(prepared.invalidValues).toEqual(['2019-09-12']);
    expect(rangeIncludes(prepared, '5.0', PEP440_SCHEME)).toBe(true);
  });

  it('uses SemVer precedence for npm', () => {
    const events = [{ introduced: '1.2.0' }, { fixed: '1.10.0' }];
    expect(includes(events, '1.9.9', SEMVER_SCHEME)).toBe(true);
    expect(includes(events, '1.10.0-beta.1', SEMVER_SCHEME)).toBe(true);
    expect(includes(events, '1.10.0', SEMVER_SCHEME)).toBe(false);
  });
});

describe('matchAffected / isVersionAffected', () => {
  const record: OsvVulnerability = {
    id: 'TEST-1',
    modified: '2024-01-01T00:00:00Z',
    affected: [
      {
        package: { ecosystem: 'PyPI', name: 'Foo.Bar' },
        ranges: [range([{ introduced: '0' }, { fixed: '1.0' }]), { type: 'GIT', repo: 'https://x', events: [{ introduced: 'abc' }] }],
        versions: ['2.0a1', 'weird-version'],
      },
      { package: { ecosystem: 'npm', name: 'foo-bar' }, ranges: [range([{ introduced: '0' }], 'SEMVER')] },
    ],
  };

  it('matches versions[] OR ranges, names normalized, ecosystems kept apart', () => {
    expect(isVersionAffected(record, 'PyPI', 'foo-bar', '0.5')).toBe(true);
    expect(isVersionAffected(record, 'PyPI', 'foo-bar', '2.0a1')).toBe(true);
    expect(isVersionAffected(record, 'PyPI', 'foo-bar', '2.0')).toBe(false);
    expect(isVersionAffected(record, 'PyPI', 'foo-bar', 'weird-version')).toBe(true);
    expect(isVersionAffected(record, 'PyPI', 'other', '0.5')).toBe(false);
    expect(isVersionAffected(record, 'npm', 'foo-bar', '5.0.0')).toBe(true);
  });

  it('says when ranges could not be evaluated for an invalid queried version', () => {
    const result = matchAffected(record.affected![0]!, 'not-a-version', PEP440_SCHEME);
    expect(result).toEqual({ affected: false, via: [], rangesEvaluated: false, invalidValues: [] });
  });

  it('compares listed versions by PEP 440 equality', () => {
    expect(versionKey(PEP440_SCHEME, '1.0')).toBe(versionKey(PEP440_SCHEME, '1.0.0'));
    expect(versionKey(PEP440_SCHEME, '1.0')).not.toBe(versionKey(PEP440_SCHEME, '1.0+local'));
    expect(versionKey(PEP440_SCHEME, '1.0-1')).toBe(versionKey(PEP440_SCHEME, '1.0.post1'));
    expect(versionKey(SEMVER_SCHEME, '1.0.0+build')).toBe('1.0.0');
  });
});
