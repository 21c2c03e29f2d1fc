import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { distance as levenshtein } from 'fastest-levenshtein';
import { boundedOsaDistance, singleEditKind } from '../../../src/checks/names/edit-distance';
import { batchLookups, buildPopularIndex, compactName, deletionHashes, loadPopularIndex, lookAlikeSkeleton, lookUpName, popularKeys, wordSetKey } from '../../../src/checks/names/popular-index';
import { normalizeName } from '../../../src/normalize';
import { screenName, screenNames, typosquatFinding, typosquatSeverity } from '../../../src/checks/names/typosquat';
import { LINEAR_GROWTH_BOUND, workGrowth } from '../../helpers/work';

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
  const advisory = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/names/skcsirt-sa-20170909-pypi.json'), 'utf8')) as {
    packages: { name: string; impersonates: string }[];
  };
  const norm = (name: string) => normalizeName('PyPI', name);
  const imitatesPopular = advisory.packages.filter((p) => pypi.byName.has(norm(p.impersonates)));
  // bz2file is popular, but `bzip` is no slip of it (four edits): the name borrows the bzip2 tool's instead.
  const bySlip = imitatesPopular.filter((p) => p.name !== 'bzip');

  it('the advisory lists ten names; six imitate a project in the popular list', () => {
    expect(advisory.packages).toHaveLength(10);
    expect(imitatesPopular.map((p) => p.name).sort()).toEqual(['acqusition', 'bzip', 'crypt', 'setup-tools', 'urlib3', 'urllib']);
  });

  it.each([
    ['urlib3', 'omitted-character'],
    ['urllib', 'omitted-character'],
    ['setup-tools', 'delimiter-change'],
    ['acqusition', 'omitted-character'],
    ['crypt', 'omitted-character'],
  ])('%s is caught with the advisory target (%s)', (name, kind) => {
    const entry = bySlip.find((p) => p.name === name)!;
    expect(screenName(name, pypi)).toMatchObject({ target: norm(entry.impersonates), kind });
  });

  it('every name that is a slip of a popular project is caught with the advisory target', () => {
    for (const entry of bySlip) expect(norm(screenName(entry.name, pypi)?.target ?? '')).toBe(norm(entry.impersonates));
  });

  it('bzip is still flagged, but against a name one slip away, not the advisory target bz2file', () => {
    expect(boundedOsaDistance('bzip', 'bz2file', 9)).toBe(4);
    expect(screenName('bzip', pypi)).toMatchObject({ kind: 'omitted-character', distance: 1 });
    expect(screenName('bzip', pypi)!.target).not.toBe('bz2file');
  });

  it('the imitations of the most popular names are high severity (they fail the default gate)', () => {
    for (const name of ['urlib3', 'urllib', 'setup-tools']) expect(screenName(name, pypi)!.severity).toBe('high');
  });

  // apidev-coop_cms, django-server-guardian-api, pwdhash and telnetsrvlib are not among the 15,000 most downloaded
  // projects: there is nothing popular to imitate, so these four pass the offline screen (existence and age are
  // the checks that speak to such names).
  it.each(['apidev-coop', 'django-server', 'pwd', 'telnet'])('%s imitates no popular PyPI name and is not flagged', (name) => {
    const entry = advisory.packages.find((p) => p.name === name)!;
    expect(pypi.byName.has(norm(entry.impersonates))).toBe(false);
    expect(screenName(name, pypi)).toBeUndefined();
  });
});

describe('first-character slips', () => {
  it('a slip away from the first letter beats a more popular target with a changed first letter', () => {
    const index = buildPopularIndex(
      'PyPI',
      [
        { name: 'bcrypt', downloads: 100 },
        { name: 'crypto', downloads: 10 },
      ],
      '2024-01-01',
    );
    expect(screenName('crypt', index)).toMatchObject({ target: 'crypto', targetRank: 2, kind: 'omitted-character' });
    expect(screenName('bcryp', index)).toMatchObject({ target: 'bcrypt' });
  });

  it('a first-letter slip is still caught when it is the only one', () => {
    expect(screenName('equests', pypi)).toMatchObject({ target: 'requests', kind: 'omitted-character' });
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

describe('index lookups', () => {
  it("a deletion's hash equals the hash of the string with that character deleted", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const hashes = new Int32Array(text.length + 1);
        expect(deletionHashes(text, hashes)).toBe(text.length + 1);
        for (let i = 0; i < text.length; i++) {
          const deleted = text.slice(0, i) + text.slice(i + 1);
          const own = new Int32Array(deleted.length + 1);
          deletionHashes(deleted, own);
          expect(hashes[i]).toBe(own[deleted.length]);
        }
      }),
    );
  });

  it('hashes long names too (the scratch buffers grow)', () => {
    const long = 'a'.repeat(500) + 'b'.repeat(500);
    const hashes = new Int32Array(long.length + 1);
    deletionHashes(long, hashes);
    const own = new Int32Array(long.length);
    deletionHashes(long.slice(1), own);
    expect(hashes[0]).toBe(own[long.length - 1]);
  });

  it('every single slip of a popular name (after its first letter) is found with that name as target', () => {
    const slip = fc
      .record({
        target: fc.stringMatching(/^[a-z0-9]{6,20}$/),
        op: fc.constantFrom('delete', 'insert', 'substitute', 'swap'),
        at: fc.nat(),
        char: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
      })
      .map(({ target, op, at, char }) => {
        const i = 1 + (at % (target.length - 1));
        const mutant =
          op === 'delete'
            ? target.slice(0, i) + target.slice(i + 1)
            : op === 'insert'
              ? target.slice(0, i) + char + target.slice(i)
              : op === 'substitute'
                ? target.slice(0, i) + char + target.slice(i + 1)
                : target.slice(0, i - 1) + target[i] + target[i - 1] + target.slice(i + 1);
        return { target, mutant };
      });
    fc.assert(
      fc.property(slip, ({ target, mutant }) => {
        fc.pre(mutant !== target);
        const index = buildPopularIndex('PyPI', [{ name: target, downloads: 1 }], '2024-01-01');
        expect(screenName(mutant, index)).toMatchObject({ target, distance: 1 });
      }),
      { numRuns: 300 },
    );
  });

  it("a batch's own index of its names (screenNames) and the list's tables (screenName) give the same matches", () => {
    const names = pypi.names.slice(0, 800).flatMap((n) => [
      n.normalized.slice(0, 2) + n.normalized.slice(3),
      `${n.normalized}s`,
      `x${n.normalized.slice(1)}`,
      n.name.replace(/l/, 'I').replace(/o/, '0'),
      n.normalized.replace(/-/, '_') + (n.normalized.includes('-') ? '' : '-'),
      n.normalized.split('-').reverse().join('-'),
      n.normalized.slice(0, 2) + (n.normalized[3] ?? '') + (n.normalized[2] ?? '') + n.normalized.slice(4),
      `python-${n.normalized}`,
      n.normalized.slice(0, 3) + n.normalized.slice(4, 7) + n.normalized.slice(8),
    ]);
    const batch = screenNames(names, pypi).matches;
    const single = names.map((name) => screenName(name, pypi)).filter((m) => m !== undefined);
    expect(batch.length).toBeGreaterThan(1500);
    expect(new Set(batch.map((m) => m.kind))).toEqual(new Set(['look-alike-characters', 'delimiter-change', 'reordered-words', 'omitted-character', 'repeated-character', 'inserted-character', 'substituted-character', 'swapped-characters', 'affix', 'two-edits']));
    expect(batch).toEqual(single);
    // Lookup by lookup, too: the same popular names under each kind of key.
    const lookups = batchLookups(pypi, names);
    const ids = (list: { normalized: string }[]) => [...new Set(list.map((p) => p.normalized))].sort();
    for (const name of names.slice(0, 600)) {
      const fromBatch = lookups.get(name)!;
      const fromTables = lookUpName(pypi, name);
      for (const key of ['singleEdit', 'compact', 'skeleton', 'wordSet'] as const) expect([name, key, ids(fromBatch[key])]).toEqual([name, key, ids(fromTables[key])]);
    }
  });

  it("a popular name's keys (with the shortcut for plain names) are the skeleton, compact and word-set keys", () => {
    let plain = 0;
    for (const entry of [...pypi.names, ...loadPopularIndex('npm').names, ...buildPopularIndex('PyPI', ['Ipython', 'modern', 'RNAseq', 'vvv', 'Py0', 'a|b', 'x.y_z'].map((name) => ({ name, downloads: 1 })), '2024-01-01').names]) {
      const keys = popularKeys(entry);
      expect(keys).toEqual({ skeleton: lookAlikeSkeleton(entry.name), compact: compactName(entry.normalized), words: wordSetKey(entry.normalized) });
      if (keys.skeleton === entry.normalized && keys.compact === entry.normalized) plain++;
    }
    expect(plain).toBeGreaterThan(5_000);
  });

  it('the batch candidates hold every popular name one edit away (checked against a pass over the whole list)', () => {
    const queries = pypi.names.filter((_, i) => i % 97 === 0).flatMap((n) => [`${n.normalized.slice(0, 3)}${n.normalized.slice(4)}`, `${n.normalized}-`, n.normalized.replace(/e/, 'a')]);
    const lookups = batchLookups(pypi, queries);
    let oneEditPairs = 0;
    for (const query of queries) {
      const expected = pypi.names.filter((p: { normalized: string }) => boundedOsaDistance(query, p.normalized, 1) <= 1).map((p) => p.normalized);
      const found = new Set((lookups.get(query)?.singleEdit ?? []).map((p) => p.normalized));
      for (const name of expected) expect(found.has(name) ? name : `missing ${name} for ${query}`).toBe(name);
      oneEditPairs += expected.length;
    }
    expect(oneEditPairs).toBeGreaterThan(queries.length / 2);
  });

  it('two edits that are one deletion on each side (a shared deletion key) are still judged as two edits', () => {
    const index = buildPopularIndex('PyPI', [{ name: 'abcdefghijkl', downloads: 1 }], '2024-01-01');
    expect(screenName('xabcdefghijk', index)).toMatchObject({ target: 'abcdefghijkl', kind: 'two-edits', distance: 2 });
  });

  it('one slip to a popular name is a better explanation than two edits to a more popular one', () => {
    const index = buildPopularIndex('PyPI', [{ name: 'progressbar2', downloads: 2 }, { name: 'progressbar', downloads: 1 }], '2024-01-01');
    expect(screenName('progress-bar', index)).toMatchObject({ target: 'progressbar', kind: 'delimiter-change' });
  });

  it('work grows about linearly with a hostile name length (1 MB costs < 20x the work of 100 KB)', () => {
    const small = 'requests-'.repeat(11_400);
    const large = 'requests-'.repeat(114_000);
    screenName('reqeusts', pypi); // the index's tables are built on first use: not part of either measurement
    // Characters of the name hashed (deletion neighbourhood), keyed (delimiters, look-alikes, words) and cut into
    // parts for two-edit lookups.
    const growth = workGrowth((name: string) => screenName(name, pypi), small, large, ['names.']);
    expect(growth.small).toBeGreaterThan(small.length);
    expect(growth.ratio).toBeLessThan(LINEAR_GROWTH_BOUND);
  });
});
