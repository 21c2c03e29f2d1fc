// The bundled snapshot is what the README's quick start trusts, so it must hold real facts and stay in step with
// examples/registry-data (its source of truth) and examples/docker (what it answers for).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normalizePypiName } from '../../src/normalize';
import { DEFAULT_OSV_URL, DEFAULT_PYPI_URL } from '../../src/registries/defaults';
import { vulnerabilitySchema } from '../../src/registries/osv';
import { projectToSchema } from '../../src/registries/schema';
import { SNAPSHOT_INDEX, readSnapshotForReplay, type SnapshotEntry } from '../../src/registries/snapshot';
import { describeWithShared, sharedPath } from '../helpers/shared';
import { EXAMPLE_DATA, PROJECT_ROOT, exampleOsvFiles, exampleProjects, recordExampleSnapshot } from './record-example-snapshot';

const SNAPSHOT = path.join(PROJECT_ROOT, 'examples', 'snapshot');
const OSV_DATA = path.join(EXAMPLE_DATA, 'osv');
const projects = exampleProjects();
const osvFiles = exampleOsvFiles();
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

function snapshotEntries(dir: string): Map<string, SnapshotEntry> {
  const entries = new Map<string, SnapshotEntry>();
  for (const file of fs.readdirSync(dir).filter((f) => f !== SNAPSHOT_INDEX).sort()) {
    entries.set(file, readJson(path.join(dir, file)) as SnapshotEntry);
  }
  return entries;
}

/** What a recorded answer says, without when it was fetched. */
function factsOf(entry: SnapshotEntry): Omit<SnapshotEntry, 'fetchedAt'> {
  const { fetchedAt: _fetchedAt, ...facts } = entry;
  return facts;
}

it('holds one OSV querybatch entry per package version of the example, each asking one query', () => {
  const batches = [...bundled.values()].filter((e) => e.registry === 'osv' && e.path === '/v1/querybatch');
  const asked = batches.map((e) => (e.requestBody as { queries: { package: { name: string }; version: string }[] }).queries);
  expect(asked.every((queries) => queries.length === 1)).toBe(true);
  expect(new Set(asked.map(([q]) => `${q!.package.name}@${q!.version}`)).size).toBe(batches.length);
});

const bundled = snapshotEntries(SNAPSHOT);

it('every answer is indexed, dated, keyed by registry kind (no host) and said to come from the default registry URLs', () => {
  const index = readSnapshotForReplay(SNAPSHOT);
  expect(Object.keys(index.entries).sort()).toEqual([...bundled.keys()]);
  expect(index.registries).toEqual({ pypi: DEFAULT_PYPI_URL, osv: DEFAULT_OSV_URL });
  for (const [file, entry] of bundled) {
    expect(index.entries[file]).toEqual({ registry: entry.registry, method: entry.method, path: entry.path, status: entry.status });
    expect(['pypi', 'osv']).toContain(entry.registry);
    expect(file.startsWith(`${entry.registry}-`)).toBe(true);
    expect(Number.isNaN(Date.parse(entry.fetchedAt))).toBe(false);
  }
});

it('the PyPI answers carry the licenses, classifiers and Python ranges of registry-data, and urlib3 is a real 404', () => {
  const pypi = [...bundled.values()].filter((e) => e.registry === 'pypi');
  for (const spec of projects) {
    const release = spec.releases[0]!;
    const answer = pypi.find((e) => e.path === `/pypi/${normalizePypiName(spec.name)}/${release.version}/json`);
    expect(answer).toBeDefined();
    const info = (answer!.body as { info: Record<string, unknown> }).info;
    expect(answer!.status).toBe(200);
    expect(info).toMatchObject({
      license: spec.license ?? null,
      license_expression: spec.licenseExpression ?? null,
      classifiers: spec.classifiers ?? [],
      requires_python: release.requiresPython ?? null,
      requires_dist: release.requiresDist ?? null,
      version: release.version,
    });
  }
  const urlib3 = pypi.filter((e) => /^\/pypi\/urlib3\//.test(e.path));
  expect(urlib3.length).toBeGreaterThan(0);
  for (const answer of urlib3) expect(answer.status).toBe(404);
});

it('every OSV record in the snapshot is a record of registry-data, in the form depvet keeps answers (the fields it reads)', () => {
  const records = new Map(osvFiles.map((f) => [f.replace(/\.json$/, ''), projectToSchema(readJson(path.join(OSV_DATA, f)), vulnerabilitySchema)]));
  const vulns = [...bundled.values()].filter((e) => e.registry === 'osv' && e.path.startsWith('/v1/vulns/'));
  expect(vulns.map((e) => e.path.split('/').pop()).sort()).toEqual(['PYSEC-2021-142', 'PYSEC-2024-60']);
  for (const entry of vulns) expect(entry.body).toEqual(records.get(entry.path.split('/').pop()!));
});

describe('the snapshot is current', () => {
  let out: string;
  beforeAll(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-example-snapshot-'));
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('re-recording examples/docker from registry-data, as scripts/build-example-snapshot.js does, gives the same answers', async () => {
    await recordExampleSnapshot(out);
    const fresh = snapshotEntries(out);
    // A difference here means examples/ changed without `npm run example:snapshot`.
    expect([...fresh.keys()]).toEqual([...bundled.keys()]);
    for (const [file, entry] of fresh) expect(factsOf(entry)).toEqual(factsOf(bundled.get(file)!));
  });
});

describeWithShared('registry-data/osv against the advisory database in ../shared', () => {
  const shared = sharedPath('osv', 'pypi');

  it('holds byte-for-byte copies of the real records', () => {
    for (const file of osvFiles) expect(fs.readFileSync(path.join(OSV_DATA, file), 'utf8')).toBe(fs.readFileSync(path.join(shared, file), 'utf8'));
  });

  it('holds every record that names a package of the example, so no advisory is left out', () => {
    const names = new Set([...projects.map((p) => normalizePypiName(p.name)), 'urlib3']);
    const naming = fs
      .readdirSync(shared)
      .filter((file) => {
        const record = readJson(path.join(shared, file)) as { affected?: { package: { name: string } }[] };
        return (record.affected ?? []).some((a) => names.has(normalizePypiName(a.package.name)));
      })
      .sort();
    expect(osvFiles).toEqual(naming);
  });
});
