#!/usr/bin/env node
'use strict';
// Rebuilds examples/snapshot: the registry answers a scan of examples/docker needs, recorded so that the README's
// quick start (`depvet scan examples/docker --snapshot examples/snapshot`) runs with no network at all.
//
// The answers come from the loopback fake registry (test/fake-registry) loaded with examples/registry-data: PyPI
// release metadata as PyPI serves it and real OSV records (pypa/advisory-database); see
// examples/registry-data/SOURCE.md. The recording itself is test/examples/record-example-snapshot.ts, which the
// test that checks the snapshot is current also runs. No build step: the .ts sources are transpiled on load
// (scripts/register-ts.js).
// Run: npm run example:snapshot (or node scripts/build-example-snapshot.js)
const fs = require('node:fs');
const path = require('node:path');
require('./register-ts');

const { recordExampleSnapshot, PROJECT_ROOT } = require('../test/examples/record-example-snapshot.ts');

async function main() {
  const out = path.join(PROJECT_ROOT, 'examples', 'snapshot');
  const result = await recordExampleSnapshot(out);
  const answers = fs.readdirSync(out).filter((f) => f !== 'index.json').length;
  const { outcome, failing, couldNotCheck } = result.summary;
  process.stdout.write(
    `recorded ${answers} answers in examples/snapshot; the scan's outcome: ${outcome} (${failing} failing findings, ${couldNotCheck} could not be checked)\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`build-example-snapshot: ${(error && error.stack) || error}\n`);
  process.exitCode = 1;
});
