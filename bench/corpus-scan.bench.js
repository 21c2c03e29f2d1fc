'use strict';
// The whole demisto/dockerfiles corpus scanned against the loopback fake registry: cold (empty cache) and warm
// (same cache, within max-age), with request counts, wall time and peak memory, each beside the parse-only floor
// measured in the same rounds (`depvet list` of the same tree). Targets: warm within 2x of the floor, peak < 300 MB.
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { requireTypeScript, sharedPathOrSkip } = require('./shared');

const corpus = sharedPathOrSkip('corpus', 'dockerfiles');
const osvDir = sharedPathOrSkip('osv', 'pypi');

// The fake registry and its corpus fixtures are the tests' own TypeScript, transpiled on load.
requireTypeScript();
const { startCorpusRegistry } = require('../test/e2e/corpus-registry.ts');

// Asynchronous on purpose: the fake registry answers from this process's event loop while the child scans.
function child(mode, cacheDir, fake) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(__dirname, 'corpus-scan-child.js'), mode, corpus, cacheDir, fake.pypiUrl, fake.osvUrl, fake.npmUrl], { encoding: 'utf8', maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${mode}: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

// The same pair as a user runs it: the CLI in a fresh process (module loading and rendering included), output to
// /dev/null. A scan that finds failing packages exits 1, which is its answer, not an error.
function cli(args) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    execFile(process.execPath, [path.join(__dirname, '..', 'bin', 'depvet.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 }, (error, _stdout, stderr) => {
      if (error && error.code !== 1) reject(new Error(`depvet ${args[0]}: exit ${error.code}: ${stderr}`));
      else resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6 });
    });
  });
}

const ROUNDS = 5;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const fake = await startCorpusRegistry(corpus, osvDir);
  // The same tree against bodies the size PyPI serves (a 2-18 KB README in every release document): the cache
  // keeps only the fields depvet reads, so the warm scan should not grow with the bodies.
  const realFake = await startCorpusRegistry(corpus, osvDir, { realSizeReadmes: true });
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-bench-corpus-'));
  const realCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-bench-corpus-real-'));
  try {
    const cold = await child('scan', cacheDir, fake);
    const coldRequests = { pypi: fake.requests('pypi-release') + fake.requests('pypi-project'), osvBatch: fake.requests('osv-querybatch'), osvVulns: fake.requests('osv-vuln'), npm: fake.requests('npm-packument') };
    await child('scan', realCacheDir, realFake);
    fake.resetCounts();
    realFake.resetCounts();
    const registryFlags = ['--cache-dir', cacheDir, '--pypi-url', fake.pypiUrl, '--osv-url', fake.osvUrl, '--npm-registry', fake.npmUrl];
    // Rounds of floor, warm scans and the CLI pair back to back: this machine's speed drifts (a shared host), and a
    // ratio taken within one round sees the same drift on both sides. The medians of the per-round ratios are
    // reported, with the median times.
    const runs = { floor: [], warm: [], warmReal: [], cliList: [], cliScan: [] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.floor.push(await child('list', cacheDir, fake));
      runs.warm.push(await child('scan', cacheDir, fake));
      runs.warmReal.push(await child('scan', realCacheDir, realFake));
      runs.cliList.push(await cli(['list', corpus, '--format', 'json']));
      runs.cliScan.push(await cli(['scan', corpus, ...registryFlags, '--format', 'json']));
    }
    const warmRequests = fake.requests() + realFake.requests();
    const ms = (name) => median(runs[name].map((r) => r.ms));
    const ratio = (name, base) => median(runs[name].map((r, i) => r.ms / runs[base][i].ms));
    const peak = (name) => Math.max(...runs[name].map((r) => r.peakMb));
    const floorMs = ms('floor');
    const row = (label, time, times, peakMb, extra) => console.log(`${label.padEnd(36)} ${time.toFixed(0).padStart(6)} ms  ${times.toFixed(2).padStart(5)}x floor  peak ${peakMb.toFixed(0)} MB${extra ? `  ${extra}` : ''}`);
    row(`floor: depvet list (median of ${ROUNDS})`, floorMs, 1, peak('floor'), `${runs.floor[0].packages} inventory entries`);
    row('cold scan (empty cache, loopback)', cold.ms, cold.ms / floorMs, cold.peakMb, `requests: PyPI ${coldRequests.pypi}, OSV batch ${coldRequests.osvBatch}, OSV vulns ${coldRequests.osvVulns}, npm ${coldRequests.npm}; ${cold.packages} packages, ${cold.findings} findings`);
    row('warm scan', ms('warm'), ratio('warm', 'floor'), peak('warm'), `requests: ${warmRequests}`);
    row('warm scan, real-size READMEs', ms('warmReal'), ratio('warmReal', 'floor'), peak('warmReal'), `${runs.warmReal[0].findings} findings`);
    console.log(`CLI, whole process: depvet list --format json ${ms('cliList').toFixed(0)} ms; warm depvet scan --format json ${ms('cliScan').toFixed(0)} ms, ${ratio('cliScan', 'cliList').toFixed(2)}x`);
    console.log(
      `targets: warm/floor ${ratio('warm', 'floor').toFixed(2)}x, real-size READMEs ${ratio('warmReal', 'floor').toFixed(2)}x, CLI ${ratio('cliScan', 'cliList').toFixed(2)}x (target <= 2x); ` +
        `peak ${Math.max(cold.peakMb, peak('warm'), peak('warmReal')).toFixed(0)} MB (target < 300 MB)`,
    );
  } finally {
    await fake.close();
    await realFake.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
    fs.rmSync(realCacheDir, { recursive: true, force: true });
  }
}
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
