#!/usr/bin/env node
'use strict';
// Collects the declared licence strings of npm packages, as their packuments serve them, with provenance: for
// each distinct `license` / legacy `licenses` value, the package versions that declare it. It feeds the breadth
// corpus in test/fixtures/license/breadth/ (labels there are written by hand, never by this script).
// Usage: node scripts/collect-npm-license-strings.js [--top N] [NAME ...]   (default: the first 30 names of
// data/top-npm-packages.tsv). Output: JSON on stdout. DEPVET_NPM_REGISTRY overrides the registry URL.
// One packument per name, one request at a time: this is a small sample, not a crawl.
const fs = require('node:fs');
const path = require('node:path');
const { getJson: getJsonAs } = require('./get-json');

const REGISTRY = (process.env.DEPVET_NPM_REGISTRY || 'https://registry.npmjs.org').replace(/\/$/, '');

/** The declared value as a string: `license` as written, a legacy `{type}` object's type, `licenses[]` types joined. */
function declaredValues(manifest) {
  const values = [];
  const license = manifest.license;
  if (typeof license === 'string') values.push({ field: 'license', text: license });
  else if (license && typeof license === 'object' && typeof license.type === 'string') values.push({ field: 'license.type', text: license.type });
  if (Array.isArray(manifest.licenses)) {
    for (const entry of manifest.licenses) {
      const text = typeof entry === 'string' ? entry : entry && typeof entry.type === 'string' ? entry.type : null;
      if (text !== null) values.push({ field: 'licenses[].type', text });
    }
  }
  return values;
}

const getJson = (url) => getJsonAs(url, 'depvet collect-npm-license-strings');

async function main() {
  const args = process.argv.slice(2);
  let top = 30;
  const names = [];
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--top') top = Number(args[++i]);
    else names.push(args[i]);
  }
  if (names.length === 0) {
    const file = path.join(__dirname, '..', 'data', 'top-npm-packages.tsv');
    names.push(...fs.readFileSync(file, 'utf8').split('\n').slice(1).map((l) => l.split('\t')[1]).filter(Boolean).slice(0, top));
  }
  const strings = new Map();
  for (const name of names) {
    const url = `${REGISTRY}/${name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name)}`;
    let doc;
    try {
      doc = await getJson(url);
    } catch (error) {
      console.error(`${name}: ${error.message}`);
      continue;
    }
    for (const [version, manifest] of Object.entries(doc.versions || {})) {
      for (const { field, text } of declaredValues(manifest)) {
        const key = `${field}\u0000${text}`;
        if (!strings.has(key)) strings.set(key, { text, field, packages: {} });
        const entry = strings.get(key);
        (entry.packages[name] ??= []).push(version);
      }
    }
  }
  const out = [...strings.values()].map((entry) => ({
    text: entry.text,
    field: entry.field,
    // First and last version per package that declare it (the full list is long and adds nothing).
    packages: Object.fromEntries(Object.entries(entry.packages).map(([name, versions]) => [name, versions.length === 1 ? versions[0] : `${versions[0]} .. ${versions[versions.length - 1]} (${versions.length} versions)`])),
  }));
  process.stdout.write(`${JSON.stringify({ registry: REGISTRY, collected: new Date().toISOString().slice(0, 10), names, strings: out }, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
