'use strict';
// The resolver against the loopback fake registry with a fixed 50 ms delay on every request: the seeded requirement
// sets of the pip agreement test (drawn from the real dependency metadata of ../shared's poetry.lock files), each
// resolved from a cold client. Printed beside their floors, computed in the same run from what each resolution read:
//   wall time  vs  max(longest chain of requests that must wait for one another, all requests / concurrency) x 50 ms
//   requests   vs  distinct names whose release list was read + distinct releases whose metadata was read (those a
//                  project document does not already describe)
// A request for X's release list cannot be sent before the metadata of a release that requires X is known, and a
// release document not before its project's release list: the chain is the longest such path.
const path = require('node:path');
const { sharedPathOrSkip, timeAsync } = require('./shared');
require('../scripts/register-ts');

const dist = process.env.DEPVET_DIST || path.join(__dirname, '..', 'dist');
const { resolvePypi } = require(path.join(dist, 'resolve', 'pypi-resolver'));
const { PypiRegistrySource } = require(path.join(dist, 'resolve', 'pypi-source'));
const { PypiClient } = require(path.join(dist, 'registries', 'pypi'));
const { resolveRegistryOptions } = require(path.join(dist, 'registries', 'defaults'));
const { markerEnvironment, parseRequirement } = require(path.join(dist, 'sources', 'pep508'));
const { spawn } = require('node:child_process');
const { axiosTransport } = require(path.join(dist, 'registries', 'http'));
const { poetryUniverse } = require('../test/resolve/poetry-universe.ts');
const { generateSets } = require('../test/resolve/requirement-sets.ts');

const DELAY_MS = Number(process.env.DEPVET_BENCH_DELAY_MS ?? 50);
const PYTHON = '3.11.7';

/** Floors of one resolution from what it read. */
function floors(read, fetchedReleases, concurrency) {
  const releaseDocs = read.releases.filter((r) => fetchedReleases.has(r.release));
  const count = read.projects.length + releaseDocs.length;
  // level(project) = 1 for a requirement the user wrote, else 1 + the level of the first release that requires it;
  // level(release) = level(project) + 1 when it needs its own document, else level(project).
  const projectLevel = new Map();
  const requiredBy = new Map();
  for (const r of read.releases) for (const dep of r.requires) requiredBy.set(dep, [...(requiredBy.get(dep) || []), r.release]);
  const releaseLevel = (key) => {
    const project = key.slice(0, key.lastIndexOf('@'));
    return levelOf(project) + (fetchedReleases.has(key) ? 1 : 0);
  };
  const visiting = new Set();
  function levelOf(project) {
    if (projectLevel.has(project)) return projectLevel.get(project);
    if (visiting.has(project)) return Infinity;
    visiting.add(project);
    const parents = requiredBy.get(project) || [];
    const level = parents.length === 0 ? 1 : 1 + Math.min(...parents.map(releaseLevel));
    visiting.delete(project);
    projectLevel.set(project, Number.isFinite(level) ? level : 1);
    return projectLevel.get(project);
  }
  let chain = 0;
  for (const p of read.projects) chain = Math.max(chain, levelOf(p));
  for (const r of read.releases) chain = Math.max(chain, releaseLevel(r.release));
  return { count, wallMs: Math.max(chain, Math.ceil(count / concurrency)) * DELAY_MS, chain };
}

async function main() {
  const corpus = sharedPathOrSkip('corpus', 'dockerfiles');
  const universe = poetryUniverse(corpus);
  const sets = generateSets(universe, { seed: 20240613, random: 72, backtrack: 16, conflict: 6, python: PYTHON });
  // The registry runs in its own process; requests are counted here, at the transport.
  const child = spawn(process.execPath, [path.join(__dirname, 'resolve-registry-child.js'), corpus, String(DELAY_MS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`fake registry exited with ${code}`)));
  });
  let sent = 0;
  const hooks = { transport: (request, limits) => ((sent += 1), axiosTransport(request, limits)) };
  const options = resolveRegistryOptions({ pypiUrl: url, noCache: true, retries: 0 }, {});
  let wall = 0;
  let wallFloor = 0;
  let requests = 0;
  let requestFloor = 0;
  let worst = { ratio: 0, id: '' };
  const perSet = [];
  const resolveSet = async (set) => {
    const source = new PypiRegistrySource(new PypiClient(options, hooks));
    const roots = set.requirements.map((line) => {
      const r = parseRequirement(line);
      return { name: r.name, extras: r.extras, specifier: r.specifier };
    });
    const timed = await timeAsync(() => resolvePypi(roots, source, { pythonVersion: PYTHON, environment: markerEnvironment(PYTHON) }));
    return { ...timed, source };
  };
  try {
    // One unmeasured run first: the HTTP stack loads on the first request.
    await resolveSet(sets[0]);
    for (const set of sets) {
      sent = 0;
      const { value: result, ms, source } = await resolveSet(set);
      const floor = floors(result.stats.read, new Set(source.requests.releases), options.concurrency);
      wall += ms;
      wallFloor += floor.wallMs;
      requests += sent;
      requestFloor += floor.count;
      if (ms / floor.wallMs > worst.ratio) worst = { ratio: ms / floor.wallMs, id: set.id };
      perSet.push({ id: set.id, ms, floor: floor.wallMs, chain: floor.chain, requests: sent, floorRequests: floor.count, rejected: result.stats.rejected });
    }
  } finally {
    child.stdin.end();
  }
  const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
  if (process.env.DEPVET_BENCH_DETAIL) {
    for (const r of perSet.sort((a, b) => b.ms / b.floor - a.ms / a.floor).slice(0, 12)) process.stdout.write(`  ${JSON.stringify(r)}\n`);
  }
  process.stdout.write(
    `resolve ${sets.length} seeded sets (${DELAY_MS} ms per request, concurrency ${options.concurrency}):\n` +
      `  wall time ${(wall / 1000).toFixed(2)} s   floor ${(wallFloor / 1000).toFixed(2)} s   ${ratio(wall, wallFloor)}   (worst set ${worst.id}: ${worst.ratio.toFixed(2)}x)\n` +
      `  requests  ${requests}   floor ${requestFloor}   ${ratio(requests, requestFloor)}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${(error && error.stack) || error}\n`);
  process.exitCode = 1;
});
