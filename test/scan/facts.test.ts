import { factsKey, firstNpmRelease } from '../../src/scan/facts';

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
