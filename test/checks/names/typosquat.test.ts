import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { distance as levenshtein } from 'fastest-levenshtein';
import { boundedOsaDistance, describeSingleEdit, singleEditKind } from '../../../src/checks/names/edit-distance';
import { coreForm, lettersForm, lettersHash, soundForm, soundHash } from '../../../src/checks/names/name-forms';
import { FEATURES, loadNameModel, severityOfScore } from '../../../src/checks/names/name-model';
import { buildPopularIndex, hashText, keyHits, loadPopularIndex, nameForms, truncations } from '../../../src/checks/names/popular-index';
import { keyboardNeighbours, looksAlike, soundsAlike, substitutionCause } from '../../../src/checks/names/slip-plausibility';
import { explainName, rankedCandidates, screenName, screenNames, typosquatFinding } from '../../../src/checks/names/typosquat';
import { normalizeName } from '../../../src/normalize';
import { measureWork } from '../../../src/work-meter';

const pypi = loadPopularIndex('PyPI');
const npm = loadPopularIndex('npm');
const model = loadNameModel();

describe('edit distance', () => {
  it('counts an adjacent swap as one edit, where plain Levenshtein counts two', () => {
    expect(levenshtein('reqeusts', 'requests')).toBe(2);
    expect(boundedOsaDistance('reqeusts', 'requests', 3)).toBe(1);
    expect(boundedOsaDistance('kitten', 'sitting', 5)).toBe(3);
    expect(boundedOsaDistance('abcdefgh', 'zzzzzzzz', 2)).toBe(3);
  });

  it('agrees with a plain OSA table on random pairs (the rows are reused between calls)', () => {
    const osa = (a: string, b: string) => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      }
      return d[a.length]![b.length]!;
    };
    fc.assert(
      fc.property(fc.stringMatching(/^[a-d]{0,12}$/), fc.stringMatching(/^[a-d]{0,40}$/), fc.nat(4), (a, b, max) => {
        expect(boundedOsaDistance(a, b, max)).toBe(Math.min(osa(a, b), max + 1));
      }),
    );
  });

  it('names and locates the slip', () => {
    expect(singleEditKind('urllib3', 'urlib3')).toBe('omitted-character');
    expect(singleEditKind('requests', 'requestss')).toBe('repeated-character');
    expect(singleEditKind('requests', 'reqeusts')).toBe('swapped-characters');
    expect(singleEditKind('django', 'djangp')).toBe('substituted-character');
    expect(singleEditKind('flask', 'flasko')).toBe('inserted-character');
    expect(describeSingleEdit('emoji', 'emoki')).toEqual({ kind: 'substituted-character', index: 3, from: 'j', to: 'k' });
    expect(describeSingleEdit('requests', 'reqeusts')).toEqual({ kind: 'swapped-characters', index: 3, from: 'ue', to: 'eu' });
  });
});

describe('slip plausibility', () => {
  it('knows QWERTY neighbours (staggered rows), look-alikes and sound-alikes', () => {
    expect(keyboardNeighbours('j', 'k')).toBe(true);
    expect(keyboardNeighbours('a', 'q')).toBe(true);
    expect(keyboardNeighbours('e', '4')).toBe(true);
    expect(keyboardNeighbours('a', 'p')).toBe(false);
    expect(looksAlike('l', '1')).toBe(true);
    expect(looksAlike('o', '0')).toBe(true);
    expect(soundsAlike('c', 's')).toBe(true);
    expect(substitutionCause('j', 'k')).toBe('keyboard');
    expect(substitutionCause('o', '0')).toBe('look-alike');
    expect(substitutionCause('a', 'e')).toBe('sound-alike');
    expect(substitutionCause('e', 'z')).toBe('none');
  });
});

describe('name forms', () => {
  it('the core drops ecosystem markers, a short version number and plural s', () => {
    expect(coreForm('python3-boto3')).toMatchObject({ core: 'boto', prefixMarker: 'python3', version: '3' });
    expect(coreForm('pyyaml')).toMatchObject({ core: 'yaml', prefixMarker: 'py' });
    expect(coreForm('python-yaml')).toMatchObject({ core: 'yaml', prefixMarker: 'python' });
    expect(coreForm('liblxml3')).toMatchObject({ core: 'lxml', prefixMarker: 'lib', version: '3' });
    expect(coreForm('cross-env-js')).toMatchObject({ core: 'crossenv', suffixMarker: 'js' });
    expect(coreForm('torchs-visions')).toMatchObject({ core: 'torchvision', plural: true });
    expect(coreForm('crypto20373215155').core).toBe('crypto20373215155');
    expect(coreForm('nodemon').core).toBe('nodemon');
    expect(coreForm('re').core).toBe('re');
  });

  it('the sound form hears alternate spellings alike, and its hash is the hash of the form', () => {
    expect(soundForm('pyserial')).toBe(soundForm('pycerial'));
    expect(soundForm('serial')).toBe(soundForm('sereal'));
    expect(soundForm('colorama')).toBe(soundForm('colourama'));
    expect(soundForm('requests')).not.toBe(soundForm('quests'));
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{0,24}$/), (text) => {
        expect(soundHash(text)).toEqual({ hash: hashText(soundForm(text)), length: soundForm(text).length });
        expect(lettersHash(text)).toBe(hashText(lettersForm(text)));
      }),
    );
  });

  it('truncations are leading words and the last word cut short', () => {
    expect(truncations(['umap', 'learn'])).toEqual(['umap']);
    expect(truncations(['umap', 'learning'])).toEqual(['umap', 'umaplear', 'umaplearn', 'umaplearni']);
    expect(truncations(['keras', 'preprocessing'])).toContain('keraspreprocess');
    expect(truncations(['six'])).toEqual([]);
  });
});

describe('candidate generation', () => {
  it('every single slip of a popular name (any position) proposes that name', () => {
    const slip = fc
      .record({
        target: fc.stringMatching(/^[a-z0-9]{5,20}$/),
        op: fc.constantFrom('delete', 'insert', 'substitute', 'swap'),
        at: fc.nat(),
        char: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'),
      })
      .map(({ target, op, at, char }) => {
        const i = at % target.length;
        const j = Math.max(1, i);
        const mutant =
          op === 'delete'
            ? target.slice(0, i) + target.slice(i + 1)
            : op === 'insert'
              ? target.slice(0, i) + char + target.slice(i)
              : op === 'substitute'
                ? target.slice(0, i) + char + target.slice(i + 1)
                : target.slice(0, j - 1) + target[j] + target[j - 1] + target.slice(j + 1);
        return { target, mutant };
      });
    fc.assert(
      fc.property(slip, ({ target, mutant }) => {
        fc.pre(mutant !== target);
        const index = buildPopularIndex('PyPI', [{ name: target, downloads: 1 }], '2024-01-01');
        expect(keyHits(index, nameForms('PyPI', mutant)).targets).toEqual([0]);
        expect(explainName(mutant, index, model)[0]).toMatchObject({ target: { name: target }, distance: 1 });
      }),
      { numRuns: 300 },
    );
  });

  it('screening every ranked popular name raises zero alerts (a popular name is never flagged against another)', () => {
    const { matches } = screenNames(pypi.names.map((n) => n.name), pypi);
    expect(matches).toEqual([]);
  });

  it('the work per name grows linearly with a hostile name length (1 MB costs about ten times 100 KB)', () => {
    const keys = (name: string) => measureWork(() => screenName(name, pypi))['names.keys'] ?? 0;
    for (const unit of ['requests-', 'requests']) {
      const small = keys(unit.repeat(11_400));
      const large = keys(unit.repeat(114_000));
      expect(small).toBeGreaterThan(0);
      expect(large / small).toBeGreaterThan(9);
      expect(large / small).toBeLessThan(11);
    }
  });
});

describe('the taxonomy, on the shipped list and model', () => {
  it.each([
    ['reqeusts', 'requests', 'swapped-characters', /'ue' typed as 'eu'/],
    ['requestss', 'requests', 'repeated-character', /'s' typed twice/],
    ['urlib3', 'urllib3', 'omitted-character', /'l' left out/],
    ['boro3', 'boto3', 'substituted-character', /'t' replaced by 'r', its keyboard neighbour/],
    ['nurnpy', 'numpy', 'look-alike-characters', /'rn' for 'm'/],
    ['fIask', 'flask', 'look-alike-characters', /'I' for 'l'/],
    ['python_date-util', 'python-dateutil', 'delimiter-change', /word separators/],
    ['python-yaml', 'pyyaml', 'ecosystem-marker', /marker 'py-' swapped for 'python-'/],
    ['python3-boto3', 'boto3', 'ecosystem-marker', /marker 'python3-' added/],
    ['install-requests', 'requests', 'affix', /plus the word 'install', which appears in 0\.\d+% of PyPI names/],
    ['requests3', 'requests', 'inserted-character', /'3' added/],
    ['colouramas', 'colorama', 'homophone', /sounds like colorama/],
  ])('%s -> %s (%s), said in words', (name, target, kind, why) => {
    const match = screenName(name, pypi)!;
    expect(match).toMatchObject({ target, kind });
    expect(match.why).toMatch(why);
  });

  it('explains the kinds a flag may not reach: reordered words, truncation, version', () => {
    const best = (name: string) => explainName(name, pypi, model)[0]!;
    expect(best('dateutil-python')).toMatchObject({ target: { name: 'python-dateutil' } });
    expect(explainName('aliyun-sdk-python-ecs', pypi, model).find((e) => e.target.normalized === 'aliyun-python-sdk-ecs')).toMatchObject({ kind: 'reordered-words' });
    expect(explainName('umap', pypi, model).find((e) => e.target.normalized === 'umap-learn')).toMatchObject({ kind: 'truncation', why: "umap is umap-learn without its last word ('learn')" });
    expect(explainName('aiogram-v3', pypi, model).find((e) => e.target.normalized === 'aiogram')).toMatchObject({ kind: 'version-squat', why: "aiogram-v3 is aiogram with the version number 'v3' added" });
    expect(explainName('crytic-compilers', pypi, model).find((e) => e.target.normalized === 'crytic-compile')).toMatchObject({ kind: 'extension' });
  });

  it('npm: scope confusion, markers and slips against the npm list', () => {
    expect(npm.names.length).toBe(10000);
    expect(screenName('lodahs', npm)).toMatchObject({ target: 'lodash', kind: 'swapped-characters' });
    expect(screenName('lodash', npm)).toBeUndefined();
    expect(screenName('types-node', npm)).toMatchObject({ target: '@types/node', kind: 'scope-confusion', why: "types-node is @types/node with its scope '@types' dropped" });
    expect(screenName('@typs/node', npm)).toMatchObject({ target: '@types/node', kind: 'scope-confusion' });
    expect(screenName('typescriptjs', npm)).toMatchObject({ target: 'typescript', kind: 'ecosystem-marker' });
  });

  it('a popular name is never flagged, even beside a more popular one (pandas-stubs, types-requests)', () => {
    for (const name of ['pandas-stubs', 'types-requests', 'pytest-django', 'requests-oauthlib']) {
      expect(pypi.byName.has(normalizeName('PyPI', name))).toBe(true);
      expect(screenName(name, pypi)).toBeUndefined();
    }
  });

  it('a pair with the right target scores above one with a more popular target made by more changes', () => {
    // BeautifulSoop is one sound-alike slip from beautifulsoup, a slip and a dropped version from beautifulsoup4.
    const pairs = explainName('BeautifulSoop', pypi, model);
    const near = pairs.find((e) => e.target.normalized === 'beautifulsoup')!;
    const far = pairs.find((e) => e.target.normalized === 'beautifulsoup4')!;
    expect(near.features[FEATURES.indexOf('change.count')]).toBeLessThan(far.features[FEATURES.indexOf('change.count')]!);
  });
});

describe('score and severity', () => {
  it('severity is read off the fitted thresholds', () => {
    const { flag, medium, high } = model.thresholds;
    expect(flag).toBeLessThan(medium);
    expect(medium).toBeLessThan(high);
    expect(severityOfScore(model, flag - 0.01)).toBeUndefined();
    expect(severityOfScore(model, flag)).toBe('low');
    expect(severityOfScore(model, medium)).toBe('medium');
    expect(severityOfScore(model, high)).toBe('high');
  });

  it('the imitations of the most popular names are high; a slip on a rarely used name is lower', () => {
    for (const name of ['urlib3', 'reqeusts', 'requestss']) expect(screenName(name, pypi)!.severity).toBe('high');
    expect(screenName('acqusition', pypi)!.score).toBeLessThan(screenName('urlib3', pypi)!.score);
  });

  it('ranked candidates hold only pairs at or above the flag, best first', () => {
    const ranked = rankedCandidates('urlib3', pypi);
    expect(ranked.length).toBeGreaterThan(0);
    for (const c of ranked) expect(c.score).toBeGreaterThanOrEqual(model.thresholds.flag);
    expect([...ranked].sort((a, b) => b.score - a.score)).toEqual(ranked);
  });
});

describe('SK-CSIRT 2017 (skcsirt-sa-20170909-pypi): the names that imitate a popular PyPI project', () => {
  const advisory = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/names/skcsirt-sa-20170909-pypi.json'), 'utf8')) as {
    packages: { name: string; impersonates: string }[];
  };
  const norm = (name: string) => normalizeName('PyPI', name);

  it.each([
    ['urlib3', 'urllib3'],
    ['urllib', 'urllib3'],
    ['setup-tools', 'setuptools'],
    ['acqusition', 'acquisition'],
  ])('%s is caught with the advisory target', (name, target) => {
    expect(advisory.packages.find((p) => p.name === name)).toBeDefined();
    expect(norm(screenName(name, pypi)!.target)).toBe(target);
  });

  it.each(['apidev-coop', 'django-server', 'telnet'])('%s imitates no popular PyPI name and is not flagged', (name) => {
    const entry = advisory.packages.find((p) => p.name === name)!;
    expect(pypi.byName.has(norm(entry.impersonates))).toBe(false);
    expect(screenName(name, pypi)).toBeUndefined();
  });

  it('pwd (the advisory: pwdhash, not popular) reads as pwdlib without its marker: flagged low, not high', () => {
    expect(pypi.byName.has('pwdhash')).toBe(false);
    expect(screenName('pwd', pypi)).toMatchObject({ target: 'pwdlib', kind: 'ecosystem-marker', severity: 'low' });
  });
});

describe('allowlist and findings', () => {
  it('an allowlisted pair is not flagged, and its use is reported', () => {
    const allowlist = [{ name: 'urlib3', target: 'urllib3', reason: 'internal test fixture' }];
    const result = screenNames(['urlib3', 'reqeusts'], pypi, { allowlist });
    expect(result.matches.map((m) => m.name)).toEqual(['reqeusts']);
    expect(result.allowlistUsed).toEqual(allowlist);
  });

  it('a finding says why in words, with the target, its rank, the kind and the score in the evidence', () => {
    const match = screenName('urlib3', pypi)!;
    const finding = typosquatFinding(match, { ecosystem: 'PyPI', name: 'urlib3', normalizedName: 'urlib3', version: '1.0' });
    expect(finding).toMatchObject({ check: 'names', kind: 'typosquat', severity: 'high' });
    expect(finding.message).toMatch(/^urlib3 looks like urllib3 \(#\d+ on PyPI\): urlib3 is urllib3 with 'l' left out; is this the package you meant\?$/);
    expect(finding.evidence).toMatchObject({ target: 'urllib3', kind: 'omitted-character', distance: 1, why: "urlib3 is urllib3 with 'l' left out" });
    expect(typeof finding.evidence['score']).toBe('number');
  });

  it('an index can be built from any ranked list', () => {
    const index = buildPopularIndex('PyPI', [{ name: 'Alpha_Beta', downloads: 10_000_000 }, { name: 'alpha-beta', downloads: 5 }], '2024-01-01');
    expect(index.names).toHaveLength(1);
    expect(explainName('alphabeta', index, model)[0]).toMatchObject({ target: { name: 'Alpha_Beta' }, kind: 'delimiter-change' });
  });
});
