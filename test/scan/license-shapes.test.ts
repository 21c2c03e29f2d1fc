// Issue 4 acceptance: the real-world license metadata shapes (test/fixtures/license/shapes) served by the fake
// registry in PyPI's and npm's own formats, scanned end to end: each gets the expected SPDX expression, source,
// verdict and finding kinds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scan } from '../../src/scan/scan';
import type { ScanResult } from '../../src/scan/result';
import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { pypiProjectDoc } from '../fake-registry/pypi-doc';
import { fixturePath } from '../helpers/shared';

interface Shape {
  case: string;
  ecosystem: 'PyPI' | 'npm';
  info?: { name: string; version: string; license?: string | null; license_expression?: string | null; classifiers?: string[] };
  packument?: { name: string; version: string; license?: unknown; licenses?: unknown };
  expected: { expression: string | null; source: string; verdict: string; findings: string[] };
  /** Resolve options the case is about (`classifierCombination`, `disagreement`): set in the scan's config. */
  options?: { classifierCombination?: 'and' | 'or'; disagreement?: 'stricter' | 'prefer-expression' };
}

const dir = fixturePath('license', 'shapes');
const shapes: Shape[] = fs.readdirSync(dir).sort().map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Shape);

let fake: FakeRegistry;
let work: string;
const results = new Map<string, ScanResult>();
const optionKey = (s: Shape) => JSON.stringify(s.options ?? {});

beforeAll(async () => {
  fake = await startFakeRegistry();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-shapes-'));
  // Shapes sharing a project name become versions of one project, each version with its own metadata.
  const pypi = new Map<string, Shape[]>();
  for (const s of shapes.filter((s) => s.ecosystem === 'PyPI')) pypi.set(s.info!.name, [...(pypi.get(s.info!.name) ?? []), s]);
  const requirements = new Map<string, string[]>();
  for (const [name, group] of pypi) {
    const versions = group.map((s, i) => ({ shape: s, version: group.length > 1 ? `${i + 1}.0.${i}` : s.info!.version }));
    const last = versions[versions.length - 1]!.shape.info!;
    const doc = pypiProjectDoc({
      name,
      releases: versions.map((v) => ({ version: v.version, uploaded: '2022-01-01T00:00:00.000000Z' })),
      license: last.license ?? null,
      licenseExpression: last.license_expression ?? null,
      classifiers: last.classifiers ?? [],
    });
    const releaseInfo: Record<string, Record<string, unknown>> = {};
    for (const v of versions) {
      releaseInfo[v.version] = { version: v.version, license: v.shape.info!.license ?? null, license_expression: v.shape.info!.license_expression ?? null, classifiers: v.shape.info!.classifiers ?? [] };
      const key = optionKey(v.shape);
      requirements.set(key, [...(requirements.get(key) ?? []), `${name}==${v.version}  # ${v.shape.case}`]);
      v.shape.info!.version = v.version;
    }
    fake.addPypiProject(doc, releaseInfo);
  }
  const dependencies = new Map<string, Record<string, string>>();
  for (const s of shapes.filter((s) => s.ecosystem === 'npm')) {
    const p = s.packument!;
    const meta: Record<string, unknown> = { name: p.name, version: p.version };
    if (p.license !== undefined) meta['license'] = p.license;
    if (p.licenses !== undefined) meta['licenses'] = p.licenses;
    fake.addNpm({ name: p.name, versions: { [p.version]: meta }, time: { created: '2020-01-01T00:00:00.000Z', [p.version]: '2020-01-01T00:00:00.000Z' }, 'dist-tags': { latest: p.version } });
    dependencies.set(optionKey(s), { ...(dependencies.get(optionKey(s)) ?? {}), [p.name]: p.version });
  }
  // One scan per set of resolve options, each over its own folder.
  for (const [index, key] of [...new Set(shapes.map(optionKey))].entries()) {
    const folder = path.join(work, `set-${index}`);
    fs.mkdirSync(folder);
    if (requirements.has(key)) fs.writeFileSync(path.join(folder, 'requirements.txt'), `${requirements.get(key)!.join('\n')}\n`);
    if (dependencies.has(key)) fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'shapes', version: '1.0.0', dependencies: dependencies.get(key) }, null, 2));
    results.set(
      key,
      await scan([folder], {
        cwd: work,
        env: {},
        checks: ['license'],
        now: new Date('2024-06-01T00:00:00Z'),
        config: { license: JSON.parse(key) as Shape['options'] & object },
        // Retries (without waiting) absorb a transient loopback reset; what is tested is the metadata's reading.
        registry: { pypiUrl: fake.pypiUrl, osvUrl: fake.osvUrl, npmRegistry: fake.npmUrl, cacheDir: path.join(work, 'cache'), retries: 2 },
        httpHooks: { sleep: async () => undefined },
      }),
    );
  }
});

afterAll(async () => {
  await fake.close();
  fs.rmSync(work, { recursive: true, force: true });
});

it('serves at least 60 shapes', () => {
  expect(shapes.length).toBeGreaterThanOrEqual(60);
  for (const result of results.values()) expect(result.couldNotCheck).toEqual([]);
});

describe.each(shapes.map((s) => [s.case, s] as const))('%s', (_case, shape) => {
  it('gets the expected expression, source, verdict and findings through the registry', () => {
    const name = shape.info?.name ?? shape.packument!.name;
    const version = shape.info?.version ?? shape.packument!.version;
    const result = results.get(optionKey(shape))!;
    const pkg = result.packages.find((p) => p.ecosystem === shape.ecosystem && p.name === name && p.version === version)!;
    expect(pkg).toBeDefined();
    const { expression, source, verdict } = pkg.license!;
    expect({ expression, source, verdict }).toEqual({ expression: shape.expected.expression, source: shape.expected.source, verdict: shape.expected.verdict });
    // What the registry declared is kept beside the verdict: the reading before any policy override.
    if (source !== 'policy-override') expect(pkg.license!.declared ?? null).toBe(expression);
    const kinds = result.findings.filter((f) => f.package.name === name && f.package.version === version).map((f) => f.kind).sort();
    expect(kinds).toEqual([...shape.expected.findings].sort());
  });
});
