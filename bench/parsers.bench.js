'use strict';
// Hostile single-line inputs at 100 KB and 1 MB through the parsers, the license-text matcher and the name screen:
// wall time at both sizes and its growth, beside the growth of a linear floor measured in the same run on the same
// text (JSON.stringify, one pass). The tests assert linear growth by counting work (src/work-meter.ts); this is where
// what a count cannot see is timed: regular-expression backtracking and smol-toml's own parse. Growth near the
// floor's (~10x for 10x the input) is linear; ~100x would be quadratic.
const fs = require('node:fs');
const path = require('node:path');

const dist = process.env.DEPVET_DIST || path.join(__dirname, '..', 'dist');
const { parseRequirementsTxt } = require(path.join(dist, 'sources', 'requirements-txt'));
const { parseDockerfile } = require(path.join(dist, 'sources', 'dockerfile'));
const { parsePipfileLock } = require(path.join(dist, 'sources', 'pipfile-lock'));
const { parsePoetryLock } = require(path.join(dist, 'sources', 'poetry-lock'));
const { parsePyproject } = require(path.join(dist, 'sources', 'pyproject'));
const { indexTomlLines } = require(path.join(dist, 'sources', 'toml-lines'));
const { matchLicenseText } = require(path.join(dist, 'checks', 'license', 'license-text'));
const { loadPopularIndex } = require(path.join(dist, 'checks', 'names', 'popular-index'));
const { screenName } = require(path.join(dist, 'checks', 'names', 'typosquat'));

const SMALL = 100_000;
const LARGE = 1_000_000;

/** `unit` repeated to `bytes` characters. */
const fill = (unit, bytes) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

/** Whole units `unit(i)` joined by `separator` until `bytes` characters (so the document stays valid). */
function units(unit, separator, bytes) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = unit(i);
    parts.push(part);
    size += part.length + separator.length;
  }
  return parts.join(separator);
}

/** Runs `fn` and swallows the parsers' own typed errors (a hostile line may be refused; only the time matters). */
function quietly(fn) {
  try {
    fn();
  } catch (error) {
    if (!error || error.name !== 'InputError') throw error;
  }
}

/**
 * Fastest of three runs after one warm-up, in ms. Each run gets its own input (`inputs[run]`, the same text with a
 * different number of trailing newlines), so a memo of the last input (the license-text normalizer keeps one)
 * cannot answer a timed run.
 */
function fastestMs(fn, inputs) {
  quietly(() => fn(inputs[0]));
  let best = Infinity;
  for (let run = 1; run < inputs.length; run++) {
    const input = inputs[run];
    const start = process.hrtime.bigint();
    quietly(() => fn(input));
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return Math.max(best, 0.001);
}

/** The text and three variants of it that differ only in trailing newlines. */
const variants = (text) => [0, 1, 2, 3].map((k) => text + '\n'.repeat(k));

const mitText = fs.readFileSync(require.resolve('fastest-levenshtein/LICENSE.md'), 'utf8');
const pypi = loadPopularIndex('PyPI');
screenName('reqeusts', pypi);

const cases = [
  ['requirements: marker ( run', (n) => `a; ${'('.repeat(n)}`, (t) => parseRequirementsTxt(t, 'r.txt')],
  ['requirements: spaces then #', (n) => `a${' '.repeat(n)}#`, (t) => parseRequirementsTxt(t, 'r.txt')],
  ['requirements: many specifiers', (n) => `a${fill('>=1,', n)}`, (t) => parseRequirementsTxt(t, 'r.txt')],
  ['requirements: ${A openers', (n) => fill('${A', n), (t) => parseRequirementsTxt(t, 'r.txt')],
  ['Dockerfile: pip arguments', (n) => `FROM a\nRUN pip install ${fill(' "a>=1" -r f --index-url=u x==1', n)}\n`, (t) => parseDockerfile(t, 'Dockerfile')],
  ['Dockerfile: glued redirects', (n) => `FROM a\nRUN pip install ${fill(' a>=1 b~=2', n)}\n`, (t) => parseDockerfile(t, 'Dockerfile')],
  ['Dockerfile: known variables', (n) => `FROM a\nARG A=1\nENV B="y z"\nRUN pip install ${fill('$A$B${A:-$B} ', n)}\n`, (t) => parseDockerfile(t, 'Dockerfile')],
  ['Pipfile.lock: one line', (n) => `{"_meta":{},"default":{${units((i) => `"p${i}":{"version":"==1.0","markers":"python_version >= '3.8'"}`, ',', n)}}}`, (t) => parsePipfileLock(t, 'Pipfile.lock')],
  ['poetry.lock: inline files array', (n) => `[[package]]\nname = "big"\nversion = "1.0"\nfiles = [${units((i) => `{file = "p${i}.whl", hash = "sha256:${'a'.repeat(64)}"}`, ', ', n)}]\n`, (t) => parsePoetryLock(t, 'poetry.lock')],
  ['pyproject.toml: dotted key', (n) => `[tool]\n${fill('a.', n)}a = 1\n`, (t) => parsePyproject(t, 'pyproject.toml')],
  ['TOML line index: one-line array', (n) => `a = [${units((i) => `"v${i}"`, ', ', n)}]`, (t) => indexTomlLines(t)],
  ['license text: MIT + words', (n) => `${mitText}\n${fill('word ', n)}`, (t) => matchLicenseText(t)],
  // (a name has no trailing newline to vary: the screen keeps no memo of its last name)
  ['name screen: long name', (n) => fill('requests-', n), (t) => screenName(t.trimEnd(), pypi)],
];

const floor = (text) => JSON.stringify(text).length;
console.log(`${'case'.padEnd(36)} ${'100 KB'.padStart(9)} ${'1 MB'.padStart(9)} ${'growth'.padStart(7)}   floor growth (JSON.stringify, same text)`);
for (const [name, make, run] of cases) {
  const small = variants(make(SMALL));
  const large = variants(make(LARGE));
  const smallMs = fastestMs(run, small);
  const largeMs = fastestMs(run, large);
  const floorGrowth = fastestMs(floor, large) / fastestMs(floor, small);
  console.log(`${name.padEnd(36)} ${smallMs.toFixed(1).padStart(7)}ms ${largeMs.toFixed(1).padStart(7)}ms ${(largeMs / smallMs).toFixed(1).padStart(6)}x   ${floorGrowth.toFixed(1)}x`);
}
