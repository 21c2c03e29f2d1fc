'use strict';
// The two splits the name screen is calibrated and measured on (scripts/calibrate-names.js, bench/names.bench.js
// and test/checks/names/dev-set.test.ts share this file):
//  - the development set of real malicious PyPI look-alikes (../shared/data/typosquat-dev.tsv), split once by
//    target into a calibration half and an evaluation half: seeded, and committed as the list of targets in
//    names-dev-split.json, so every run measures the same halves and the model never sees the evaluation half;
//  - the PyPI namespace (../shared/data/pypi-names.txt), split by a seeded hash of each normalized name into the
//    learning half (word frequencies, neighbourhood counts, the alert threshold) and the held-back half on which
//    false alarms are counted. A hash, not a list: 886k names need no file, and a name always falls the same way.
const fs = require('node:fs');
const path = require('node:path');
const { seededRandom, shuffleInPlace } = require('./seeded-random');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_SHARED = path.resolve(ROOT, '..', 'shared');
const DEV_SPLIT_FILE = path.join(__dirname, 'names-dev-split.json');
const DEV_SPLIT_SEED = 20261205;
const NAMESPACE_SEED = 'depvet-names-namespace-2026';

/** PEP 503 (the product's normalizePypiName, repeated so this file needs no build). */
function normalize(name) {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

function sharedFile(sharedDir, ...parts) {
  return path.join(sharedDir || DEFAULT_SHARED, ...parts);
}

/** The development set: `{ name, target, kind, source }` rows, targets PEP 503-normalized. */
function readDevSet(sharedDir) {
  const lines = fs.readFileSync(sharedFile(sharedDir, 'data', 'typosquat-dev.tsv'), 'utf8').split('\n');
  const header = lines[0].split('\t');
  return lines
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cells = line.split('\t');
      const row = Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
      return { name: row.name, target: normalize(row.target), kind: row.kind, source: row.source };
    });
}

/** A copy of `items` in an order shuffled by mulberry32(seed) (Fisher-Yates). */
function seededShuffle(items, seed) {
  return shuffleInPlace(seededRandom(seed), [...items]);
}

/** Splits the set's distinct targets in two with the seeded shuffle; the first half calibrates. */
function makeDevSplit(rows) {
  const targets = seededShuffle([...new Set(rows.map((r) => r.target))].sort(), DEV_SPLIT_SEED);
  const half = Math.ceil(targets.length / 2);
  return {
    seed: DEV_SPLIT_SEED,
    method: 'distinct targets of typosquat-dev.tsv, sorted, shuffled with mulberry32(seed); the first half calibrates',
    calibration: targets.slice(0, half).sort(),
    evaluation: targets.slice(half).sort(),
  };
}

/**
 * Real malicious PyPI look-alikes from public reports that the development set does not hold
 * (test/fixtures/names/pypi-public-attacks.json, each row citing its report): `{ name, target, kind, source }`.
 */
function readPublicAttacks() {
  const doc = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'names', 'pypi-public-attacks.json'), 'utf8'));
  return doc.rows.map((row) => ({ name: row.name, target: normalize(row.target), kind: row.categories.join('|'), source: row.source }));
}

/** The committed split (names-dev-split.json). */
function readDevSplit() {
  const doc = JSON.parse(fs.readFileSync(DEV_SPLIT_FILE, 'utf8'));
  return { ...doc, calibrationSet: new Set(doc.calibration), evaluationSet: new Set(doc.evaluation) };
}

/** FNV-1a over the seed and the normalized name: the namespace half a name falls in. */
function namespaceHalf(normalizedName) {
  let h = 0x811c9dc5;
  const text = `${NAMESPACE_SEED}:${normalizedName}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 2 === 0 ? 'learn' : 'held-back';
}

/** Every PyPI name of the namespace file (as written, one per line). */
function readNamespace(sharedDir) {
  return fs.readFileSync(sharedFile(sharedDir, 'data', 'pypi-names.txt'), 'utf8').split('\n').filter((line) => line !== '');
}

module.exports = { DEFAULT_SHARED, DEV_SPLIT_FILE, NAMESPACE_SEED, normalize, readDevSet, readPublicAttacks, makeDevSplit, seededShuffle, readDevSplit, namespaceHalf, readNamespace, sharedFile };
