'use strict';
// One measured run for bench/corpus-scan.bench.js, in its own process so its peak memory (VmHWM) is its own.
// argv: mode (list|scan) corpus cacheDir pypiUrl osvUrl npmUrl
const fs = require('node:fs');
const { buildInventory, scan } = require('../dist');

async function main() {
  const [mode, corpus, cacheDir, pypiUrl, osvUrl, npmUrl] = process.argv.slice(2);
  const start = process.hrtime.bigint();
  let detail = {};
  if (mode === 'list') {
    const inventory = buildInventory([corpus]);
    detail = { packages: inventory.packages.length };
  } else {
    const result = await scan([corpus], { env: {}, registry: { pypiUrl, osvUrl, npmRegistry: npmUrl, cacheDir, retries: 0 } });
    detail = { findings: result.findings.length, couldNotCheck: result.couldNotCheck.length, packages: result.packages.length };
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  process.stdout.write(JSON.stringify({ ms, peakMb: peakKb / 1024, ...detail }));
}
main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exitCode = 1;
});
