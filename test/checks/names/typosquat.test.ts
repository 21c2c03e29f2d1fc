import { distance as levenshtein } from 'fastest-levenshtein';
import { boundedOsaDistance, singleEditKind } from '../../../src/checks/names/edit-distance';
import { buildPopularIndex, loadPopularIndex } from '../../../src/checks/names/popular-index';
import { screenName, screenNames, typosquatFinding, typosquatSeverity } from '../../../src/checks/names/typosquat';

const pypi = loadPopularIndex('PyPI');

describe('edit distance', () => {
  it('counts an adjacent swap as one edit, where plain Levenshtein counts two', () => {
    expect(levenshtein('reqeusts', 'requests')).toBe(2);
    expect(boundedOsaDistance('reqeusts', 'requests', 3)).toBe(1);
    expect(boundedOsaDistance('kitten', 'sitting', 5)).toBe(3);
    expect(boundedOsaDistance('abcdefgh', 'zzzzzzzz', 2)).toBe(3);
  });

  it('names the slip', () => {
    expect(singleEditKind('urllib3', 'urlib3')).toBe('omitted-character');
    expect(singleEditKind('requests', 'requestss')).toBe('repeated-character');
    expect(singleEditKind('requests', 'reqeusts')).toBe('swapped-characters');
    expect(singleEditKind('django', 'djangp')).toBe('substituted-character');
    expect(singleEditKind('flask', 'flasko')).toBe('inserted-character');
  });
});

describe('popular-name index', () => {
  it('holds the ranked list from data/ with its snapshot date', () => {
    expect(pypi.names.length).toBe(15000);
    expect(pypi.names[0]!.rank).toBe(1);
    expect(pypi.byName.get('urllib3')!.rank).toBeLessThan(10);
    expect(pypi.snapshotDate).toMatch(/^\d{4}-\d{2}-\d{2}/);
  });

  it('screening every ranked popular name raises zero alerts (a popular name is never flagged against another)', () => {
    const { matches } = screenNames(pypi.names.map((n) => n.name), pypi);
    expect(matches).toEqual([]);
  });
});

describe('SK-CSIRT 2017 (skcsirt-sa-20170909-pypi): the names that imitate a popular PyPI project are caught', () => {
  it.each([
    ['urlib3', 'urllib3', 'omitted-character'],
    ['urllib', 'urllib3', 'omitted-character'],
    ['setup-tools', 'setuptools', 'delimiter-change'],
    ['acqusition', 'acquisition', 'omitted-character'],
  ])('%s -> %s (%s)', (name, target, kind) => {
    const match = screenName(name, pypi)!;
    expect(match).toBeDefined();
    expect(match.target).toBe(target);
    expect(match.kind).toBe(kind);
  });

  it('the imitations of the most popular names are high severity (they fail the default gate)', () => {
    for (const name of ['urlib3', 'setup-tools']) expect(screenName(name, pypi)!.severity).toBe('high');
  });

  // pwd and telnet imitate standard-library modules, django-server and apidev-coop no project in the popular
  // list: nothing in the popular-name index to match them against.
  it.each(['pwd', 'telnet', 'django-server', 'apidev-coop'])('%s imitates no popular PyPI name and is not flagged', (name) => {
    expect(screenName(name, pypi)).toBeUndefined();
  });

  // crypt and bzip imitated the standard library's crypt and bz2, which are not PyPI projects; each is still one
  // slip from a popular PyPI name and is reported against that.
  it.each([
    ['crypt', 'bcrypt'],
    ['bzip', 'nbzip'],
  ])('%s is reported against the popular %s', (name, target) => {
    expect(screenName(name, pypi)?.target).toBe(target);
  });
});

describe('kinds of confusion', () => {
  it.each([
    ['reqeusts', 'requests', 'swapped-characters'],
    ['requestss', 'requests', 'repeated-character'],
    ['djang0', 'django', 'look-alike-characters'],
    ['nurnpy', 'numpy', 'look-alike-characters'],
    ['python_date-util', 'python-dateutil', 'delimiter-change'],
    ['dateutil-python', 'python-dateutil', 'reordered-words'],
    ['numpy-sdk', 'numpy', 'affix'],
    ['requests2', 'requests', 'affix'],
  ])('%s -> %s (%s)', (name, target, kind) => {
    const match = screenName(name, pypi)!;
    expect(match).toMatchObject({ target, kind });
  });

  it('uses look-alike characters as written (capital I for l)', () => {
    expect(screenName('fIask', pypi)).toMatchObject({ target: 'flask', kind: 'look-alike-characters' });
  });

  it('two edits only for long, very popular names', () => {
    const long = pypi.names.find((n) => n.normalized.length >= 12 && n.rank <= 300)!;
    const twoOff = `${long.normalized.slice(0, 3)}x${long.normalized.slice(4, -1)}`;
    expect(boundedOsaDistance(twoOff, long.normalized, 3)).toBe(2);
    expect(screenName(twoOff, pypi)).toMatchObject({ target: long.name, kind: 'two-edits', distance: 2 });
    const shortPopular = pypi.byName.get('numpy')!;
    expect(screenName('nxmpx', pypi)?.target).not.toBe(shortPopular.name);
  });

  it('one edit on a short name is noise, not a slip', () => {
    expect(screenName('sx', pypi)).toBeUndefined();
    expect(screenName('sixx', pypi)?.target ?? 'none').not.toBe('six');
  });

  it('severity grows with the target rank and drops for the less certain kinds', () => {
    expect(typosquatSeverity(5, 'omitted-character')).toBe('high');
    expect(typosquatSeverity(500, 'omitted-character')).toBe('medium');
    expect(typosquatSeverity(9000, 'omitted-character')).toBe('low');
    expect(typosquatSeverity(5, 'affix')).toBe('medium');
  });
});

describe('allowlist and findings', () => {
  it('an allowlisted pair is not flagged, and its use is reported', () => {
    const allowlist = [{ name: 'urlib3', target: 'urllib3', reason: 'internal test fixture' }];
    const result = screenNames(['urlib3', 'reqeusts'], pypi, { allowlist });
    expect(result.matches.map((m) => m.name)).toEqual(['reqeusts']);
    expect(result.allowlistUsed).toEqual(allowlist);
  });

  it('a finding names the target, the kind and the evidence', () => {
    const match = screenName('urlib3', pypi)!;
    const finding = typosquatFinding(match, { ecosystem: 'PyPI', name: 'urlib3', normalizedName: 'urlib3', version: '1.0' });
    expect(finding).toMatchObject({ check: 'names', kind: 'typosquat', severity: 'high' });
    expect(finding.message).toMatch(/urlib3 looks like urllib3 \(#\d+ on PyPI\): omitted character/);
    expect(finding.evidence).toMatchObject({ target: 'urllib3', kind: 'omitted-character', distance: 1 });
  });

  it('works for npm names against the npm list', () => {
    const npm = loadPopularIndex('npm');
    expect(npm.names.length).toBe(10000);
    expect(screenName('lodahs', npm)).toMatchObject({ target: 'lodash', kind: 'swapped-characters' });
    expect(screenName('lodash', npm)).toBeUndefined();
  });

  it('an index can be built from any ranked list', () => {
    const index = buildPopularIndex('PyPI', [{ name: 'Alpha_Beta', downloads: 10 }, { name: 'alpha-beta', downloads: 5 }], '2024-01-01');
    expect(index.names).toHaveLength(1);
    expect(screenName('alphabeta', index)).toMatchObject({ target: 'Alpha_Beta', kind: 'delimiter-change' });
  });
});
