#!/usr/bin/env node
'use strict';
// Rebuilds data/license-classifiers.json and data/license-categories.json from a folder holding
// classifiers-detail.json and scancode-categories.json (the format of depvet's shared development data, built from
// pypa/trove-classifiers + PEP 639's mapping and from aboutcode-org/scancode-licensedb; see data/README.md).
// Usage: node scripts/update-license-data.js PATH
const fs = require('node:fs');
const path = require('node:path');

const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/update-license-data.js PATH (a folder with classifiers-detail.json and scancode-categories.json)');
  process.exit(2);
}
const DATA = path.join(__dirname, '..', 'data');
const detail = JSON.parse(fs.readFileSync(path.join(source, 'classifiers-detail.json'), 'utf8'));
const scancode = JSON.parse(fs.readFileSync(path.join(source, 'scancode-categories.json'), 'utf8'));

/** `License :: OSI Approved :: GNU General Public License v2 (GPLv2)` -> `GNU-General-Public-License-v2`. */
function slug(classifier) {
  const last = classifier.split('::').pop().trim().replace(/\s*\([^)]*\)\s*$/, '');
  return last.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-|-$/g, '');
}

const classifiers = {};
for (const [classifier, entry] of Object.entries(detail.classifiers)) {
  const out = { spdx: entry.spdx ?? null, status: entry.status };
  if (entry.deprecated_classifier) out.deprecatedClassifier = true;
  if (entry.status === 'ambiguous') {
    out.ref = `LicenseRef-depvet-ambiguous-${slug(classifier)}`;
    out.candidates = entry.candidates;
    out.policyClass = entry.policy_class;
  } else if (entry.status === 'generic') {
    out.ref = entry.pep639_may_map_to;
    out.policyClass = entry.policy_class;
  }
  classifiers[classifier] = out;
}
const previous = JSON.parse(fs.readFileSync(path.join(DATA, 'license-classifiers.json'), 'utf8'));
fs.writeFileSync(path.join(DATA, 'license-classifiers.json'), `${JSON.stringify({ _about: previous._about, classifiers }, null, 2)}\n`);

// Only ids on the SPDX lists depvet resolves to (spdx-license-ids, spdx-exceptions) are kept.
const spdxIds = new Set([...require('spdx-license-ids'), ...require('spdx-license-ids/deprecated'), ...require('spdx-exceptions')]);
const categories = {};
for (const [id, entry] of Object.entries(scancode.licenses)) {
  if (spdxIds.has(id)) categories[id] = entry.category;
}
const previousCategories = JSON.parse(fs.readFileSync(path.join(DATA, 'license-categories.json'), 'utf8'));
const sorted = Object.fromEntries(Object.entries(categories).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
fs.writeFileSync(
  path.join(DATA, 'license-categories.json'),
  `${JSON.stringify({ _about: previousCategories._about, scancodeLicensedbCommit: scancode.scancode_licensedb_commit, categories: sorted }, null, 2)}\n`,
);
console.log(`license-classifiers.json: ${Object.keys(classifiers).length} classifiers; license-categories.json: ${Object.keys(sorted).length} ids`);
