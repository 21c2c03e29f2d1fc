#!/usr/bin/env node
// Runs the fake registry outside jest: `node test/fake-registry/main.js [port] [fixturesDir]`
// (or FAKE_REGISTRY_PORT / FAKE_REGISTRY_FIXTURES / FAKE_REGISTRY_MAX_AGE). No build step: the .ts sources are
// transpiled on load (scripts/register-ts.js).
'use strict';
const path = require('node:path');
require('../../scripts/register-ts');

const { startFakeRegistry } = require('./server.ts');

async function main() {
  const port = Number.parseInt(process.argv[2] ?? process.env.FAKE_REGISTRY_PORT ?? '0', 10);
  const fixturesDir = path.resolve(
    process.argv[3] ?? process.env.FAKE_REGISTRY_FIXTURES ?? path.join(__dirname, '..', 'fixtures', 'registry'),
  );
  const maxAgeSeconds = Number.parseInt(process.env.FAKE_REGISTRY_MAX_AGE ?? '0', 10);
  const fake = await startFakeRegistry({ port, fixturesDir, maxAgeSeconds });
  process.stdout.write(
    `fake registry on ${fake.url} (fixtures: ${fixturesDir})\n` +
      `DEPVET_PYPI_URL=${fake.pypiUrl}\nDEPVET_OSV_URL=${fake.osvUrl}\nDEPVET_NPM_REGISTRY=${fake.npmUrl}\n`,
  );
  const stop = () => fake.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`fake registry: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
