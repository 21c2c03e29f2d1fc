#!/usr/bin/env node
'use strict';
// `npm run data:update`: refreshes the popular-name lists in data/ from their upstream sources.
//  - PyPI: hugovk/top-pypi-packages' monthly list (the 15,000 most-downloaded projects over 30 days).
//  - npm: the download counts of the listed names for the last month, from the npm downloads API (bulk queries
//    of up to 128 unscoped names; scoped names one at a time), re-ranked. npm publishes no ranked list, so the set
//    of names is the current one; new names enter only when added to the file by hand.
// Plain Node (https), no dependencies; honours no proxy settings beyond what Node does by itself.
const fs = require('node:fs');
const path = require('node:path');
const { getJson: getJsonAs } = require('./get-json');

const DATA = path.join(__dirname, '..', 'data');
const PYPI_URL = process.env.DEPVET_TOP_PYPI_URL || 'https://hugovk.dev/top-pypi-packages/top-pypi-packages.min.json';
const NPM_DOWNLOADS = process.env.DEPVET_NPM_DOWNLOADS_URL || 'https://api.npmjs.org/downloads/point/last-month';

const getJson = (url) => getJsonAs(url, 'depvet data:update');

async function updatePypi() {
  const doc = await getJson(PYPI_URL);
  if (!doc || !Array.isArray(doc.rows) || doc.rows.length < 1000 || typeof doc.last_update !== 'string') {
    throw new Error(`${PYPI_URL}: not the top-pypi-packages format`);
  }
  fs.writeFileSync(path.join(DATA, 'top-pypi-packages.min.json'), JSON.stringify(doc));
  console.log(`PyPI: ${doc.rows.length} projects as of ${doc.last_update}`);
}

async function updateNpm() {
  const file = path.join(DATA, 'top-npm-packages.tsv');
  const names = fs.readFileSync(file, 'utf8').split('\n').slice(1).map((l) => l.split('\t')[1]).filter(Boolean);
  const counts = new Map();
  const plain = names.filter((n) => !n.startsWith('@'));
  for (let i = 0; i < plain.length; i += 128) {
    const batch = plain.slice(i, i + 128);
    const answer = await getJson(`${NPM_DOWNLOADS}/${batch.map(encodeURIComponent).join(',')}`);
    for (const name of batch) if (answer[name]) counts.set(name, answer[name].downloads);
  }
  for (const name of names.filter((n) => n.startsWith('@'))) {
    const answer = await getJson(`${NPM_DOWNLOADS}/${name.replace('/', '%2f')}`);
    counts.set(name, answer.downloads);
  }
  const rows = [...counts].sort((a, b) => b[1] - a[1]);
  fs.writeFileSync(file, `download_count_month\tname\n${rows.map(([n, c]) => `${c}\t${n}`).join('\n')}\n`);
  const meta = path.join(DATA, 'top-npm-packages.meta.json');
  const doc = JSON.parse(fs.readFileSync(meta, 'utf8'));
  doc.asOf = new Date().toISOString().slice(0, 10);
  fs.writeFileSync(meta, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`npm: ${rows.length} packages re-ranked as of ${doc.asOf}`);
}

(async () => {
  const which = process.argv.slice(2);
  let failed = false;
  for (const [name, run] of [['pypi', updatePypi], ['npm', updateNpm]]) {
    if (which.length && !which.includes(name)) continue;
    try {
      await run();
    } catch (error) {
      failed = true;
      console.error(`data:update ${name}: ${error.message}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
})();
