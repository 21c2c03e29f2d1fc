import { factsKey, firstNpmRelease, gatherFacts } from '../../src/scan/facts';

describe('firstNpmRelease', () => {
  it('is time.created when the packument has it', () => {
    expect(firstNpmRelease({ created: '2014-03-14T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', '1.0.0': '2014-03-15T00:00:00.000Z' })).toBe('2014-03-14T00:00:00.000Z');
  });
  it('falls back to the earliest version time (some mirrors drop created), ignoring modified', () => {
    expect(firstNpmRelease({ modified: '2001-01-01T00:00:00.000Z', '1.0.0': '2020-05-01T00:00:00+00:00', '0.1.0': '2019-02-01T10:00:00+00:00' })).toBe('2019-02-01T10:00:00.000Z');
    expect(firstNpmRelease({})).toBeUndefined();
  });
});

describe('factsKey', () => {
  it('keys pinned versions by version and unpinned ones by specifier and Python', () => {
    expect(factsKey({ ecosystem: 'PyPI', name: 'Six', normalizedName: 'six', version: '1.16.0' })).toBe('PyPI:six@1.16.0');
    expect(factsKey({ ecosystem: 'PyPI', name: 'lxml', normalizedName: 'lxml', specifier: '>=5', python: '3.12' })).toBe('PyPI:lxml~>=5~py3.12');
  });
});

describe('npm facts', () => {
  const packument = {
    name: 'puppeteer',
    versions: { '21.0.0': { license: 'Apache-2.0' }, '22.1.0': { license: 'Apache-2.0' }, '23.0.0-beta.1': {} },
    time: { created: '2017-05-09T00:00:00.000Z', '22.1.0': '2024-02-01T00:00:00.000Z' },
    'dist-tags': { latest: '22.1.0', next: '23.0.0-beta.1' },
  };
  const npm = { getPackument: async () => ({ status: 'found' as const, value: packument, source: 'network' as const }) } as unknown as import('../../src/registries/npm').NpmClient;

  it('resolves a dist-tag (`puppeteer@latest`) to the version it points at', async () => {
    const facts = await gatherFacts([{ ecosystem: 'npm', name: 'puppeteer', normalizedName: 'puppeteer', specifier: 'latest' }], { npm, minAgeDays: 30, now: new Date('2024-06-01T00:00:00Z') });
    const f = [...facts.values()][0]!;
    expect(f.version).toBe('22.1.0');
    expect(f.resolved).toEqual({ from: 'latest', how: 'the version the dist-tag latest points at' });
    expect(f.license).toEqual({ license: 'Apache-2.0' });
    expect(f.firstReleaseTime).toBe('2017-05-09T00:00:00.000Z');
  });

  it('resolves a semver range to the newest matching release', async () => {
    const facts = await gatherFacts([{ ecosystem: 'npm', name: 'puppeteer', normalizedName: 'puppeteer', specifier: '^21' }], { npm, minAgeDays: 30, now: new Date() });
    expect([...facts.values()][0]!.version).toBe('21.0.0');
  });
});
