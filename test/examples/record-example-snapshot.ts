// Records a scan of examples/docker, answered by the loopback fake registry loaded with examples/registry-data, into
// a snapshot folder. Shared by scripts/build-example-snapshot.js (which writes examples/snapshot) and the test that
// checks examples/snapshot is current, so the test checks the very recording the script makes.
import fs from 'node:fs';
import path from 'node:path';
import { scan } from '../../src/scan/scan';
import type { ScanResult } from '../../src/scan/result';
import { axiosTransport } from '../../src/registries/http';
import { DEFAULT_OSV_URL, DEFAULT_PYPI_URL } from '../../src/registries/defaults';
import type { OsvVulnerability } from '../../src/registries/osv-record';
import { startFakeRegistry } from '../fake-registry/server';
import { pypiProjectDoc, type ProjectSpec } from '../fake-registry/pypi-doc';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLE_DATA = path.join(PROJECT_ROOT, 'examples', 'registry-data');

export function exampleProjects(): ProjectSpec[] {
  const text = fs.readFileSync(path.join(EXAMPLE_DATA, 'pypi-projects.json'), 'utf8');
  return (JSON.parse(text) as { projects: ProjectSpec[] }).projects;
}

/** File names of the OSV records in registry-data, sorted. */
export function exampleOsvFiles(): string[] {
  return fs
    .readdirSync(path.join(EXAMPLE_DATA, 'osv'))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** Replaces `outDir` with a fresh recording; the scan's result is returned for the caller to summarise. */
export async function recordExampleSnapshot(outDir: string): Promise<ScanResult> {
  const fake = await startFakeRegistry({ maxAgeSeconds: 0 });
  try {
    for (const spec of exampleProjects()) fake.addPypiProject(pypiProjectDoc(spec));
    for (const file of exampleOsvFiles()) {
      fake.addOsv(JSON.parse(fs.readFileSync(path.join(EXAMPLE_DATA, 'osv', file), 'utf8')) as OsvVulnerability);
    }
    fs.rmSync(outDir, { recursive: true, force: true });
    // Recorded under the default registry URLs, which the README's quick start (no URL flags) asks for; the
    // transport sends each request to the fake instead.
    const record = (noDeps: boolean) =>
      scan([path.join('examples', 'docker')], {
        cwd: PROJECT_ROOT,
        env: {},
        registry: { pypiUrl: DEFAULT_PYPI_URL, osvUrl: DEFAULT_OSV_URL, noCache: true, snapshotDir: outDir, snapshotMode: 'record' },
        httpHooks: {
          transport: (request, limits) =>
            axiosTransport({ ...request, url: request.url.replace(DEFAULT_PYPI_URL, fake.pypiUrl).replace(DEFAULT_OSV_URL, fake.osvUrl) }, limits),
        },
        ...(noDeps ? { noDeps: true } : {}),
      });
    const result = await record(false);
    // A scan that resolves reads a release from its project document; one that does not (--no-deps, an SBOM of the
    // built images) asks for each release's own document. The snapshot answers both.
    await record(true);
    return result;
  } finally {
    await fake.close();
  }
}
