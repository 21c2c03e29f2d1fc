// Acceptance (issue 4): real-world metadata shapes, each with the expected SPDX expression, source, verdict and
// findings. Fixtures are PyPI JSON API `info` fragments / npm version documents, so they can also be served by a
// fake registry.
import fs from 'node:fs';
import type { PackageKey } from '../../../src/findings';
import { normalizeName } from '../../../src/normalize';
import { checkLicenses, licenseMetadataKey, type LicenseMetadata, type ResolveOptions } from '../../../src/checks/license';
import { fixturePath } from '../../helpers/shared';

interface ShapeFixture {
  case: string;
  provenance: string;
  ecosystem: 'PyPI' | 'npm';
  info?: { name: string; version: string; license: string | null; license_expression: string | null; classifiers: string[] };
  packument?: { name: string; version: string; license?: LicenseMetadata['license']; licenses?: unknown };
  options?: ResolveOptions;
  expected: { expression: string | null; source: string; verdict: string; findings: string[] };
}

const dir = fixturePath('license', 'shapes');
const shapes: ShapeFixture[] = fs
  .readdirSync(dir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(fs.readFileSync(`${dir}/${file}`, 'utf8')) as ShapeFixture);

export function metadataOf(shape: ShapeFixture): LicenseMetadata {
  if (shape.info) {
    return {
      ecosystem: 'PyPI',
      name: shape.info.name,
      version: shape.info.version,
      license: shape.info.license,
      licenseExpression: shape.info.license_expression,
      classifiers: shape.info.classifiers,
    };
  }
  const doc = shape.packument!;
  return { ecosystem: 'npm', name: doc.name, version: doc.version, license: doc.license ?? null, licenses: doc.licenses };
}

function keyOf(meta: LicenseMetadata): PackageKey {
  return { ecosystem: meta.ecosystem, name: meta.name, normalizedName: normalizeName(meta.ecosystem, meta.name), version: meta.version! };
}

test('there are at least 60 real-world shapes', () => {
  expect(shapes.length).toBeGreaterThanOrEqual(60);
  expect(shapes.filter((shape) => shape.ecosystem === 'npm').length).toBeGreaterThanOrEqual(5);
});

describe.each(shapes.map((shape) => [shape.case, shape] as const))('%s', (_name, shape) => {
  const meta = metadataOf(shape);
  const pkg = keyOf(meta);
  const result = checkLicenses([pkg], new Map([[licenseMetadataKey(pkg), meta]]), undefined, { ...(shape.options ? { resolve: shape.options } : {}), now: new Date('2026-01-01') });
  const outcome = result.results[0]!;

  test('expression and source', () => {
    expect({ expression: outcome.resolved.expression, source: outcome.resolved.source }).toEqual({ expression: shape.expected.expression, source: shape.expected.source });
  });

  test('verdict', () => {
    expect(outcome.verdict.verdict).toBe(shape.expected.verdict);
  });

  test('findings and their evidence', () => {
    expect(result.findings.map((finding) => finding.kind).sort()).toEqual([...shape.expected.findings].sort());
    for (const finding of result.findings) {
      expect(finding.check).toBe('license');
      expect(finding.severity).toBe(finding.kind === 'license-sources-disagree' ? 'medium' : 'high');
      expect(finding.package).toEqual(pkg);
      // Evidence carries the raw strings that were read and where the expression came from.
      expect(finding.evidence.source).toBe(shape.expected.source);
      const raw = finding.evidence.raw as Record<string, unknown>;
      if (shape.info?.license?.trim()) expect(raw.license).toBe(shape.info.license);
      if (shape.info?.license_expression) expect(raw.licenseExpression).toBe(shape.info.license_expression);
      const licenseClassifiers = shape.info?.classifiers.filter((c) => c.startsWith('License ::')) ?? [];
      if (licenseClassifiers.length > 0) expect(raw.classifiers).toEqual(licenseClassifiers);
    }
  });
});
