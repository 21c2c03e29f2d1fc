'use strict';
// The loopback fake registry for bench/resolve.bench.js, in its own process: serving (JSON encoding, ETags) is the
// registry's work, not the resolver's, so it must not share the measured process's event loop.
// argv: corpus delayMs. Prints the base URL on its first line; exits when stdin closes.
require('../scripts/register-ts');

const { startFakeRegistry } = require('../test/fake-registry/server.ts');
const { addUniverse } = require('../test/fake-registry/pypi-doc.ts');
const { poetryUniverse } = require('../test/resolve/poetry-universe.ts');
const { compareVersions } = require('../src/resolve/pep440.ts');

async function main() {
  const [corpus, delayMs] = process.argv.slice(2);
  const fake = await startFakeRegistry();
  addUniverse(fake, poetryUniverse(corpus), compareVersions);
  if (Number(delayMs) > 0) fake.inject({ kind: 'delay', delayMs: Number(delayMs) });
  process.stdout.write(`${fake.url}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => fake.close().then(() => process.exit(0)));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exitCode = 1;
});
