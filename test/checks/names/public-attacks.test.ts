// Real attacks from public reports, beside the development set (test/fixtures/names/*.json, each row citing its
// report): the npm development set (187 attacks on names in data/top-npm-packages.tsv, from the TypoMind archive of
// Neupane et al., USENIX Security 2023) and PyPI attacks of the rarer kinds that the development set does not hold.
// The npm attacks were never fitted on (the model is fitted on PyPI). The PyPI attacks whose target is not an
// evaluation target of the development set's split (scripts/names-dev-split.json) are calibration cases
// (scripts/calibrate-names.js); those on evaluation targets never are, and are measured apart. The floors are what
// the shipped model reaches.
import fs from 'node:fs';
import { loadNameModel } from '../../../src/checks/names/name-model';
import { loadPopularIndex } from '../../../src/checks/names/popular-index';
import { explainName, screenName } from '../../../src/checks/names/typosquat';
import { normalizeName } from '../../../src/normalize';
import { fixturePath } from '../../helpers/shared';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const devSplit = (require('../../../scripts/names-split.js') as { readDevSplit(): { evaluationSet: Set<string> } }).readDevSplit();

interface AttackRow {
  name: string;
  target: string;
  categories: string[];
  source: string;
}

const read = (file: string) => JSON.parse(fs.readFileSync(fixturePath('names', file), 'utf8')) as { provenance: unknown; rows: AttackRow[] };
const model = loadNameModel();

function figures(rows: AttackRow[], ecosystem: 'PyPI' | 'npm') {
  const index = loadPopularIndex(ecosystem);
  let right = 0;
  let explained = 0;
  const missed: string[] = [];
  for (const row of rows) {
    const target = normalizeName(ecosystem, row.target);
    const match = screenName(row.name, index, { model });
    if (match && normalizeName(ecosystem, match.target) === target) right++;
    else missed.push(`${row.name}->${row.target}`);
    if (explainName(row.name, index, model).some((e) => e.target.normalized === target)) explained++;
  }
  return { right: right / rows.length, explained: explained / rows.length, missed };
}

describe('real attacks from public reports', () => {
  it('every row cites its report and its target is a popular name its own name is not', () => {
    for (const [file, ecosystem] of [
      ['npm-attacks.json', 'npm'],
      ['pypi-public-attacks.json', 'PyPI'],
    ] as const) {
      const doc = read(file);
      expect(doc.provenance).toBeDefined();
      const index = loadPopularIndex(ecosystem);
      for (const row of doc.rows) {
        expect(row.source).toMatch(/\S/);
        expect(index.byName.has(normalizeName(ecosystem, row.target))).toBe(true);
        expect(index.byName.has(normalizeName(ecosystem, row.name))).toBe(false);
      }
    }
  });

  it('npm: the attacks are flagged with their target', () => {
    const { rows } = read('npm-attacks.json');
    expect(rows.length).toBeGreaterThanOrEqual(180);
    const result = figures(rows, 'npm');
    expect(result.explained).toBeGreaterThanOrEqual(NPM_EXPLAINED);
    expect(result.right).toBeGreaterThanOrEqual(NPM_RIGHT);
  });

  it('PyPI: attacks of every kind the development set is short of are explained with their target, and flagged', () => {
    const { rows } = read('pypi-public-attacks.json');
    const result = figures(rows, 'PyPI');
    expect(result.explained).toBeGreaterThanOrEqual(PYPI_EXPLAINED);
    expect(result.right).toBeGreaterThanOrEqual(PYPI_RIGHT);
    // The ones on evaluation targets were never fitted on: the figure that says how the score carries over.
    const unseen = rows.filter((r) => devSplit.evaluationSet.has(normalizeName('PyPI', r.target)));
    expect(unseen.length).toBeGreaterThanOrEqual(15);
    expect(figures(unseen, 'PyPI').right).toBeGreaterThanOrEqual(PYPI_UNSEEN_RIGHT);
  });

  it('npm: an unscoped twin of a scoped package is scope confusion (JFrog 2022, the @azure and @autorest campaign)', () => {
    const { rows } = read('npm-attacks.json');
    const twins = rows.filter((r) => r.categories.join() === 'scope confusion' && r.target.startsWith('@'));
    expect(twins.length).toBeGreaterThanOrEqual(8);
    const index = loadPopularIndex('npm');
    for (const row of twins) {
      const pair = explainName(row.name, index, model).find((e) => e.target.normalized === normalizeName('npm', row.target));
      expect([row.name, pair?.kind]).toEqual([row.name, 'scope-confusion']);
    }
  });

  it.each([
    ['nmap-python', 'python-nmap', 'ecosystem-marker'],
    ['pythonkafka', 'kafka-python', 'ecosystem-marker'],
    ['huggingface-hubs', 'huggingface-hub', 'inserted-character'],
    ['fairsequence', 'fairseq', 'affix'],
    ['r3quests', 'requests', 'substituted-character'],
    ['colourama', 'colorama', 'inserted-character'],
    ['torchs-visions', 'torchvision', 'extension'],
  ])('%s is explained as %s made from %s', (name, target, kind) => {
    const pair = explainName(name, loadPopularIndex('PyPI'), model).find((e) => e.target.normalized === target);
    expect(pair).toMatchObject({ kind });
  });
});

// Measured on the shipped model (see docs/names.md); a change that loses attacks fails here.
const NPM_EXPLAINED = 0.95;
const NPM_RIGHT = 0.8;
const PYPI_EXPLAINED = 0.91;
const PYPI_RIGHT = 0.76;
const PYPI_UNSEEN_RIGHT = 0.72;
