#!/usr/bin/env node
'use strict';
// Builds the licence names table and the licence text templates depvet reads declared licence strings with
// (issue 18), from data only:
//  - the SPDX License List as the npm package `spdx-license-list` carries it (devDependency; CC0-1.0): every licence
//    id with its full name and canonical URL (spdx.json), and the reference texts of the licences in TEMPLATE_IDS
//    (spdx-full.json);
//  - ScanCode LicenseDB (aboutcode-org/scancode-licensedb; data CC-BY-4.0, © nexB Inc. and others): the ScanCode
//    key of every SPDX id, read from depvet's shared development data (`scancode-categories.json`), or, given a
//    local checkout of scancode-licensedb, its `docs/index.json` plus each licence's `docs/<key>.json` for the
//    LicenseDB `name` and `short_name` too.
// Writes data/license-names.json and data/license-templates.json. Usage:
//   node scripts/update-license-names.js [SCANCODE] [--out DIR]
// SCANCODE: a scancode-categories.json file (default: ../shared/licenses/scancode-categories.json beside the
// repository) or the root of a scancode-licensedb checkout.
const fs = require('node:fs');
const path = require('node:path');

const DEFAULT_DATA = path.join(__dirname, '..', 'data');
const spdxPackage = require('spdx-license-list/package.json');
const spdxList = require('spdx-license-list/spdx.json');
const spdxFull = require('spdx-license-list/spdx-full.json');
const deprecatedIds = new Set(require('spdx-license-ids/deprecated.json'));

/** Licences whose reference text is kept as a template for matching texts pasted into a `license` field. */
const TEMPLATE_IDS = [
  'MIT', 'MIT-0', 'X11', 'ISC', '0BSD', 'BSD-2-Clause', 'BSD-2-Clause-Views', 'BSD-3-Clause', 'BSD-3-Clause-Clear',
  'BSD-4-Clause', 'Apache-1.1', 'Apache-2.0', 'PSF-2.0', 'Python-2.0', 'HPND', 'PostgreSQL', 'NCSA', 'UPL-1.0',
  'BlueOak-1.0.0', 'Zlib', 'BSL-1.0', 'Unlicense', 'WTFPL', 'CC0-1.0', 'Unicode-3.0', 'ZPL-2.1', 'Artistic-2.0',
  'OFL-1.1', 'MPL-1.1', 'MPL-2.0', 'EPL-1.0', 'EPL-2.0', 'CDDL-1.0', 'EUPL-1.2', 'GPL-1.0-only', 'GPL-2.0-only',
  'GPL-3.0-only', 'LGPL-2.0-only', 'LGPL-2.1-only', 'LGPL-3.0-only', 'AGPL-3.0-only',
];

function readScancode(source) {
  const stat = fs.statSync(source);
  if (stat.isFile()) {
    // depvet's shared format: { scancode_licensedb_commit, licenses: { SPDX id: { scancode_key, ... } } }
    const doc = JSON.parse(fs.readFileSync(source, 'utf8'));
    const entries = Object.entries(doc.licenses).map(([spdx, entry]) => ({ spdx, key: entry.scancode_key }));
    return { commit: doc.scancode_licensedb_commit, from: 'scancode-categories.json (keys only)', entries };
  }
  // A scancode-licensedb checkout: docs/index.json lists every licence; docs/<key>.json holds its names.
  const index = JSON.parse(fs.readFileSync(path.join(source, 'docs', 'index.json'), 'utf8'));
  const entries = [];
  for (const item of index) {
    const spdxKeys = [item.spdx_license_key, ...(item.other_spdx_license_keys || [])].filter((k) => k && !/^LicenseRef-/.test(k));
    if (spdxKeys.length === 0) continue;
    let detail = {};
    const file = path.join(source, 'docs', `${item.license_key}.json`);
    if (fs.existsSync(file)) detail = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const spdx of spdxKeys) entries.push({ spdx, key: item.license_key, name: detail.name, shortName: detail.short_name });
  }
  let commit = null;
  try {
    const head = fs.readFileSync(path.join(source, '.git', 'HEAD'), 'utf8').trim();
    const ref = /^ref: (.+)$/.exec(head);
    commit = ref ? fs.readFileSync(path.join(source, '.git', ref[1]), 'utf8').trim() : head;
  } catch {
    // not a git checkout (or a packed ref): the commit stays unknown; record it in data/README.md by hand
  }
  return { commit, from: 'scancode-licensedb checkout (docs/index.json, docs/<key>.json)', entries };
}

function main() {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const DATA = outAt >= 0 ? path.resolve(args[outAt + 1]) : DEFAULT_DATA;
  const positional = args.filter((_, i) => i !== outAt && i !== outAt + 1);
  const source = positional[0] || path.join(__dirname, '..', '..', 'shared', 'licenses', 'scancode-categories.json');
  if (!fs.existsSync(source)) {
    console.error(`usage: node scripts/update-license-names.js [SCANCODE]  (${source} does not exist)`);
    process.exit(2);
  }
  const scancode = readScancode(source);
  const licenses = {};
  for (const id of Object.keys(spdxList).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const entry = spdxList[id];
    const out = { name: entry.name };
    if (entry.url) out.url = entry.url;
    if (deprecatedIds.has(id)) out.deprecated = true;
    licenses[id] = out;
  }
  let aliases = 0;
  for (const { spdx, key, name, shortName } of scancode.entries) {
    const target = licenses[spdx];
    if (!target) continue; // an id of a newer or older SPDX list than the one in spdx-license-list
    target.scancode = [...new Set([...(target.scancode || []), key])];
    for (const alias of [name, shortName]) {
      if (alias && alias !== target.name) {
        target.aliases = [...new Set([...(target.aliases || []), alias])];
        aliases += 1;
      }
    }
  }
  const names = {
    _about:
      'SPDX licence ids -> full name, canonical URL, ScanCode LicenseDB keys (and LicenseDB names when built from a checkout). Read by src/checks/license/names-table.ts; built by scripts/update-license-names.js. See data/README.md.',
    spdxLicenseList: `${spdxPackage.name}@${spdxPackage.version}`,
    scancodeLicensedb: { commit: scancode.commit, from: scancode.from, license: 'CC-BY-4.0, (c) nexB Inc. and others' },
    licenses,
  };
  fs.writeFileSync(path.join(DATA, 'license-names.json'), `${JSON.stringify(names, null, 1)}\n`);
  const templates = {};
  for (const id of TEMPLATE_IDS) {
    const text = spdxFull[id] && spdxFull[id].licenseText;
    if (!text) throw new Error(`spdx-license-list has no text for ${id}`);
    templates[id] = text.replace(/\r\n?/g, '\n');
  }
  fs.writeFileSync(
    path.join(DATA, 'license-templates.json'),
    `${JSON.stringify({ _about: 'SPDX reference texts (from spdx-license-list) of the licences recognised by similarity in a license field. Built by scripts/update-license-names.js.', spdxLicenseList: names.spdxLicenseList, templates }, null, 1)}\n`,
  );
  console.log(`license-names.json: ${Object.keys(licenses).length} ids, ${scancode.entries.length} ScanCode keys, ${aliases} LicenseDB names; license-templates.json: ${TEMPLATE_IDS.length} texts`);
}

main();
