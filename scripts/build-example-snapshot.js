#!/usr/bin/env node
'use strict';
// Rebuilds examples/snapshot: the registry answers a scan of examples/docker needs, recorded so that the README's
// quick start (`depvet scan examples/docker --snapshot examples/snapshot`) runs with no network at all.
//
// The answers come from the loopback fake registry (test/fake-registry) loaded with examples/registry-data: PyPI
// release metadata as PyPI serves it and real OSV records (pypa/advisory-database). They are recorded under the
// default registry URLs (https://pypi.org, https://api.osv.dev), which is what a scan without URL flags asks for.
// Run after `npm run build`: node scripts/build-example-snapshot.js
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(outputText, filename);
};

const root = path.join(__dirname, '..');
const { startFakeRegistry } = require(path.join(root, 'test', 'fake-registry', 'server.ts'));
const { pypiProjectDoc } = require(path.join(root, 'test', 'fake-registry', 'pypi-doc.ts'));
const { scan } = require(path.join(root, 'dist'));
const { axiosTransport } = require(path.join(root, 'dist', 'registries', 'http'));
const { DEFAULT_PYPI_URL, DEFAULT_OSV_URL } = require(path.join(root, 'dist', 'registries', 'defaults'));

async function main() {
  const data = path.join(root, 'examples', 'registry-data');
  const out = path.join(root, 'examples', 'snapshot');
  const fake = await startFakeRegistry({ maxAgeSeconds: 0 });
  try {
    const { projects } = JSON.parse(fs.readFileSync(path.join(data, 'pypi-projects.json'), 'utf8'));
    for (const spec of projects) fake.addPypiProject(pypiProjectDoc(spec));
    for (const file of fs.readdirSync(path.join(data, 'osv')).sort()) {
      fake.addOsv(JSON.parse(fs.readFileSync(path.join(data, 'osv', file), 'utf8')));
    }
    // Requests go to the fake, but are made (and recorded) under the default registry URLs.
    const transport = (request, limits) =>
      axiosTransport({ ...request, url: request.url.replace(DEFAULT_PYPI_URL, fake.pypiUrl).replace(DEFAULT_OSV_URL, fake.osvUrl) }, limits);
    fs.rmSync(out, { recursive: true, force: true });
    const result = await scan([path.join('examples', 'docker')], {
      cwd: root,
      env: {},
      registry: { pypiUrl: DEFAULT_PYPI_URL, osvUrl: DEFAULT_OSV_URL, noCache: true, snapshotDir: out, snapshotMode: 'record' },
      httpHooks: { transport },
    });
    const files = fs.readdirSync(out).length - 1;
    process.stdout.write(`recorded ${files} answers in examples/snapshot; the scan's outcome: ${result.summary.outcome} (${result.summary.failing} failing findings, ${result.summary.couldNotCheck} could not be checked)\n`);
  } finally {
    await fake.close();
  }
}

main().catch((error) => {
  process.stderr.write(`build-example-snapshot: ${error.stack || error}\n`);
  process.exitCode = 1;
});
