'use strict';
// Licence breadth (issue 18): depvet's declared-licence reader on the labelled breadth corpus, beside spdx-correct
// alone (what hand-written licence scripts use) measured in the same run on the same strings. Prints the share
// resolved to the labelled expression, the share unknown, the one-family-with-version share (target >= 95%), and
// the false passes (copyleft, restricted, non-commercial or mixed strings judged allowed: must be 0).
const path = require('node:path');
const spdxCorrect = require('spdx-correct');
const { scoreBreadth } = require('./license-breadth-score');

const dist = path.join(__dirname, '..', 'dist', 'checks', 'license');
const license = require(path.join(dist, 'index.js'));
const { isAmbiguousRef } = require(path.join(dist, 'ambiguous.js'));
const { canonicalSpdx } = require(path.join(dist, 'spdx.js'));

const depvet = scoreBreadth({ resolveLicense: license.resolveLicense, judgeLicense: license.judgeLicense, isAmbiguousRef });
// Baseline: the same strings through spdx-correct only (no guards, no table), judged by the same policy.
const baseline = scoreBreadth({
  resolveLicense: (meta) => {
    let expression = null;
    try {
      expression = canonicalSpdx(spdxCorrect(meta.license, { upgrade: true }) ?? '');
    } catch {
      expression = null;
    }
    return { expression, source: expression ? 'license-corrected' : 'none', raw: {}, readings: expression ? [{ source: 'license-corrected', expression }] : [], evidence: [], notes: [] };
  },
  judgeLicense: license.judgeLicense,
  isAmbiguousRef,
});

const pct = (x) => `${(100 * x).toFixed(1)}%`;
const row = (label, a, b) => process.stdout.write(`${label.padEnd(52)} depvet ${String(a).padStart(7)}   spdx-correct ${String(b).padStart(7)}\n`);
process.stdout.write(`corpus: ${depvet.total} strings (test/fixtures/license/breadth/corpus.json)\n`);
row('resolved to the labelled expression', pct(depvet.exactShare), pct(baseline.exactShare));
row('unknown (of strings that name a licence)', pct(depvet.unknownShare), pct(baseline.unknownShare));
row(`one family with a version, exact (${depvet.target.count} strings)`, pct(depvet.target.exactShare), pct(baseline.target.exactShare));
row('ambiguous read as one exact version', depvet.guessed.length, baseline.guessed.length);
row('read as another licence', depvet.wrong.length, baseline.wrong.length);
row('false passes (copyleft/restricted/NC judged allowed)', depvet.falsePasses.length, baseline.falsePasses.length);
for (const miss of depvet.falsePasses) process.stdout.write(`  FALSE PASS ${JSON.stringify(miss.entry.text.slice(0, 80))} -> ${miss.expression}\n`);
if (depvet.falsePasses.length > 0 || depvet.target.exactShare < 0.95) process.exitCode = 1;
