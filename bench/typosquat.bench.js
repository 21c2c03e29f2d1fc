'use strict';
// The name screen over the whole PyPI namespace (../shared/data/pypi-names.txt, ~886k names) against the popular
// index, beside a naive baseline measured in the same run: a pairwise fastest-levenshtein loop over all 15,000
// popular names per query (on a sample, since the full run would take hours).
const fs = require('node:fs');
const { distance } = require('fastest-levenshtein');
const { sharedPathOrSkip, time } = require('./shared');

const namesFile = sharedPathOrSkip('data', 'pypi-names.txt');
const { loadPopularIndex } = require('../dist/checks/names/popular-index');
const { screenName } = require('../dist/checks/names/typosquat');

const names = fs.readFileSync(namesFile, 'utf8').split('\n').filter(Boolean);
const build = time(() => loadPopularIndex('PyPI'));
const index = build.value;
const screen = time(() => {
  let alerts = 0;
  const bySeverity = {};
  for (const name of names) {
    const match = screenName(name, index);
    if (match) {
      alerts += 1;
      bySeverity[match.severity] = (bySeverity[match.severity] ?? 0) + 1;
    }
  }
  return { alerts, bySeverity };
});

// Naive baseline: every popular name compared with plain Levenshtein, on every 500th name.
const sample = names.filter((_, i) => i % 500 === 0);
const popular = index.names.map((n) => n.normalized);
const naive = time(() => {
  let alerts = 0;
  for (const name of sample) {
    const q = name.toLowerCase().replace(/[-_.]+/g, '-');
    if (index.byName.has(q)) continue;
    for (const p of popular) {
      if (distance(q, p) <= 2) {
        alerts += 1;
        break;
      }
    }
  }
  return alerts;
});

const perName = (screen.ms * 1000) / names.length;
const naivePerName = (naive.ms * 1000) / sample.length;
console.log(`index build (15,000 popular names):        ${build.ms.toFixed(0)} ms`);
console.log(`screen ${names.length} PyPI names:              ${(screen.ms / 1000).toFixed(1)} s total, ${perName.toFixed(1)} µs per name (target: under 20 s)`);
console.log(`alerts:                                    ${screen.value.alerts} (${((100 * screen.value.alerts) / names.length).toFixed(2)}% of names; target under 1.5%) by severity ${JSON.stringify(screen.value.bySeverity)}`);
console.log(`baseline: naive pairwise Levenshtein<=2:   ${naivePerName.toFixed(0)} µs per name on a ${sample.length}-name sample (alert rate ${((100 * naive.value) / sample.length).toFixed(1)}%)`);
console.log(`speed ratio (naive / indexed):             ${(naivePerName / perName).toFixed(0)}x`);
