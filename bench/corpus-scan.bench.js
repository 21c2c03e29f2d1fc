'use strict';
// The whole demisto/dockerfiles corpus scanned against the loopback fake registry: cold (empty cache) and warm
// (same cache, within max-age), with request counts, wall time and peak memory, each beside the parse-only floor
// measured in the same run (`depvet list` of the same tree). Targets: warm within 2x of the floor, peak < 300 MB.
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ts = require('typescript');
const { sharedPathOrSkip } = require('./shared');

const corpus = sharedPathOrSkip('corpus', 'dockerfiles');
const osvDir = sharedPathOrSkip('osv', 'pypi');

// The fake registry and its corpus fixtures are the tests' own TypeScript, transpiled on load.
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(outputText, filename);
};
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

async function main() {
  const fake = await startCorpusRegistry(corpus, osvDir);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-bench-corpus-'));
  try {
    // Medians of three runs each (floor and warm) keep one noisy run from deciding the ratio.
    const median = (runs) => [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
    const floor = median([await child('list', cacheDir, fake), await child('list', cacheDir, fake), await child('list', cacheDir, fake)]);
    fake.resetCounts();
    const cold = await child('scan', cacheDir, fake);
    const coldRequests = { pypi: fake.requests('pypi-release') + fake.requests('pypi-project'), osvBatch: fake.requests('osv-querybatch'), osvVulns: fake.requests('osv-vuln'), npm: fake.requests('npm-packument') };
    fake.resetCounts();
    const warm = median([await child('scan', cacheDir, fake), await child('scan', cacheDir, fake), await child('scan', cacheDir, fake)]);
    const warmRequests = fake.requests();
    const registryFlags = ['--cache-dir', cacheDir, '--pypi-url', fake.pypiUrl, '--osv-url', fake.osvUrl, '--npm-registry', fake.npmUrl];
    const cliList = median([await cli(['list', corpus, '--format', 'json']), await cli(['list', corpus, '--format', 'json']), await cli(['list', corpus, '--format', 'json'])]);
    fake.resetCounts();
    const cliScan = median([
      await cli(['scan', corpus, ...registryFlags, '--format', 'json']),
      await cli(['scan', corpus, ...registryFlags, '--format', 'json']),
      await cli(['scan', corpus, ...registryFlags, '--format', 'json']),
    ]);
    const cliRequests = fake.requests();
    // The same tree against bodies the size PyPI serves (a 2-18 KB README in every release document): the cache
    // keeps only the fields depvet reads, so the warm scan should not grow with the bodies.
    const realFake = await startCorpusRegistry(corpus, osvDir, { realSizeReadmes: true });
    const realCacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-bench-corpus-real-'));
    let warmReal;
    try {
      await child('scan', realCacheDir, realFake);
      realFake.resetCounts();
      warmReal = median([await child('scan', realCacheDir, realFake), await child('scan', realCacheDir, realFake), await child('scan', realCacheDir, realFake)]);
      warmReal.requests = realFake.requests();
    } finally {
      await realFake.close();
      fs.rmSync(realCacheDir, { recursive: true, force: true });
    }
    const line = (label, run, extra) => console.log(`${label.padEnd(34)} ${run.ms.toFixed(0).padStart(6)} ms  ${(run.ms / floor.ms).toFixed(2).padStart(5)}x floor  peak ${run.peakMb.toFixed(0)} MB${extra ? `  ${extra}` : ''}`);
    line('floor: depvet list (median of 3)', floor, `${floor.packages} inventory entries`);
    line('cold scan (empty cache, loopback)', cold, `requests: PyPI ${coldRequests.pypi}, OSV batch ${coldRequests.osvBatch}, OSV vulns ${coldRequests.osvVulns}, npm ${coldRequests.npm}; ${cold.packages} packages, ${cold.findings} findings`);
    line('warm scan (median of 3)', warm, `requests: ${warmRequests}`);
    line('warm scan, real-size READMEs', warmReal, `requests: ${warmReal.requests}; ${warmReal.findings} findings`);
    console.log(`CLI, whole process: depvet list --format json ${cliList.ms.toFixed(0)} ms (median of 3); warm depvet scan --format json ${cliScan.ms.toFixed(0)} ms, ${(cliScan.ms / cliList.ms).toFixed(2)}x (requests: ${cliRequests})`);
    console.log(`targets: warm/floor ${(warm.ms / floor.ms).toFixed(2)}x, with real-size READMEs ${(warmReal.ms / floor.ms).toFixed(2)}x (target <= 2x); peak ${Math.max(cold.peakMb, warm.peakMb, warmReal.peakMb).toFixed(0)} MB (target < 300 MB)`);
  } finally {
    await fake.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
