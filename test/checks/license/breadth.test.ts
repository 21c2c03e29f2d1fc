// Issue 18's targets, measured on depvet's own breadth corpus (test/fixtures/license/breadth: 902 real declared
// strings, labelled and frozen before the rules). `npm run bench` prints the same figures beside spdx-correct's.
import { isAmbiguousRef } from '../../../src/checks/license/ambiguous';
import { judgeLicense } from '../../../src/checks/license/policy';
import { resolveLicense } from '../../../src/checks/license/resolve';

interface Row {
  entry: { text: string; expected: string; class: string };
  expression: string | null;
  verdict: string;
  outcome: 'exact' | 'unknown' | 'guessed' | 'wrong';
  notes: string[];
}
interface Score {
  total: number;
  exactShare: number;
  unknownShare: number;
  target: { count: number; exactShare: number; misses: Row[] };
  guessed: Row[];
  wrong: Row[];
  falsePasses: Row[];
}
// The scorer is plain JavaScript shared with the bench (bench/license-breadth.bench.js), so both measure alike.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { scoreBreadth } = require('../../../bench/license-breadth-score.js') as { scoreBreadth: (lib: object) => Score };

const score = scoreBreadth({ resolveLicense, judgeLicense, isAmbiguousRef });
const describeRow = (row: Row) => `${JSON.stringify(row.entry.text.slice(0, 100))} -> ${row.expression} (label ${row.entry.expected})`;

test('the corpus is the frozen one: 902 strings with provenance, every class and form represented', () => {
  expect(score.total).toBe(902);
  expect(score.target.count).toBeGreaterThan(400);
});

test('no false pass: no copyleft, restricted, non-commercial or mixed string comes back allowed', () => {
  expect(score.falsePasses.map(describeRow)).toEqual([]);
});

test('ambiguous strings are never read as one exact version', () => {
  expect(score.guessed.map(describeRow)).toEqual([]);
});

test('no string is read as a licence other than the one it names', () => {
  expect(score.wrong.map(describeRow)).toEqual([]);
});

test('at least 95% of strings naming one licence family with a version resolve to the exact SPDX expression; the rest say why', () => {
  expect(score.target.exactShare).toBeGreaterThanOrEqual(0.95);
  for (const miss of score.target.misses) {
    expect([miss.entry.text, miss.expression]).toEqual([miss.entry.text, null]);
    expect(miss.notes.join(' ')).toMatch(/could not be read/);
  }
});

test('overall: most strings resolve to their label and few stay unknown', () => {
  expect(score.exactShare).toBeGreaterThan(0.9);
  expect(score.unknownShare).toBeLessThan(0.12);
});
