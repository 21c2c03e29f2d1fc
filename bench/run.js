#!/usr/bin/env node
'use strict';
// `npm run bench`: runs every bench/*.bench.js in turn (each prints its figures beside a baseline measured in
// the same run, as a ratio). Benchmarks that need ../shared say so plainly and skip when it is absent.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const only = process.argv.slice(2);
const files = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n## ${file.replace(/\.bench\.js$/, '')}\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, file)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    process.stdout.write(`(${file} exited with ${result.status})\n`);
  }
}
process.exitCode = failed ? 1 : 0;
