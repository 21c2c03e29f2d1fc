'use strict';
// Offline advisory matching over ../shared/osv/pypi (2,661 real PyPI advisories): load time of the local database,
// time to match 10,000 distinct pinned packages, each beside the time to just read + JSON.parse the same files.
const fs = require('node:fs');
const path = require('node:path');
const { sharedPathOrSkip, time, timeAsync } = require('./shared');

const dist = process.env.DEPVET_DIST || path.join(__dirname, '..', 'dist');
const { LocalOsvDatabase } = require(path.join(dist, 'checks', 'advisories', 'osv-database'));

const PACKAGES = 10_000;

function parseOnly(dir) {
  let count = 0;
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    count += 1;
  }
  return count;
}

/** 10,000 distinct (name, version) pairs spread evenly over every version the advisories list or fix. */
function pinnedPackages(db) {
  const pairs = new Map();
  for (const id of db.ids().sort()) {
    for (const affected of db.get(id).affected || []) {
      const name = affected.package && affected.package.name;
      if (!name) continue;
      const versions = [...(affected.versions || [])];
      for (const range of affected.ranges || []) for (const event of range.events || []) if (range.type === 'ECOSYSTEM' && event.fixed) versions.push(event.fixed);
      for (const version of versions) pairs.set(`${name.toLowerCase()}@${version}`, { name, version });
    }
  }
  const all = [...pairs.values()];
  const step = all.length / PACKAGES;
  return Array.from({ length: Math.min(PACKAGES, all.length) }, (_, i) => all[Math.floor(i * step)]);
}

async function main() {
  const dir = sharedPathOrSkip('osv', 'pypi');
  if (global.gc) global.gc();
  const parse = time(() => parseOnly(dir));
  if (global.gc) global.gc();
  const load = await timeAsync(() => LocalOsvDatabase.load(dir));
  const db = load.value;
  const packages = pinnedPackages(db);
  if (global.gc) global.gc();
  const match = time(() => {
    let findings = 0;
    for (const pkg of packages) findings += db.match('PyPI', pkg.name, pkg.version).vulnerabilities.length;
    return findings;
  });
  const rematch = time(() => {
    for (const pkg of packages) db.match('PyPI', pkg.name, pkg.version);
  });
  const line = (label, ms) => `${label.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms   ${(ms / parse.ms).toFixed(2).padStart(6)}x parse`;
  process.stdout.write(`records: ${db.stats.records} (${parse.value} files), invalid version values skipped: ${db.stats.invalidVersionValues}\n`);
  process.stdout.write(`${line('baseline: read + JSON.parse all files', parse.ms)}\n`);
  process.stdout.write(`${line('load LocalOsvDatabase (validate + index)', load.ms)}\n`);
  process.stdout.write(`${line(`match ${packages.length} pinned packages (${match.value} hits)`, match.ms)}\n`);
  process.stdout.write(`${line(`match again (prepared ranges, warm caches)`, rematch.ms)}\n`);
  process.stdout.write(`per package: ${((match.ms * 1000) / packages.length).toFixed(1)} µs first pass, ${((rematch.ms * 1000) / packages.length).toFixed(1)} µs warm\n`);
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exitCode = 1;
});
