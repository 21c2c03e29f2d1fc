// Fixture scan results for the report tests, and a large generated one for size limits.
import fs from 'node:fs';
import type { PackageKey, Severity } from '../../src/findings';
import type { ReportedFinding, ScanResult } from '../../src/scan/result';
import { fixturePath } from '../helpers/shared';

export const FIXTURE_NAMES = [
  'pass-all-clean',
  'fail-license-and-advisory',
  'incomplete-registry-unavailable',
  'suppressed-approval-and-ignore',
  'diff-existing-and-new',
  'hostile-package-names',
] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

export function loadResult(name: FixtureName): ScanResult {
  return JSON.parse(fs.readFileSync(fixturePath('report', `${name}.json`), 'utf8')) as ScanResult;
}

/**
 * A result with `count` failing license findings spread over `images` images, `incomplete` could-not-check entries
 * and one policy note: big enough that a Markdown comment must be cut.
 */
export function largeResult(count: number, images = 20, incomplete = 50): ScanResult {
  const result = loadResult('fail-license-and-advisory');
  result.images = [];
  result.packages = [];
  result.findings = [];
  result.couldNotCheck = [];
  for (let i = 0; i < images; i += 1) {
    result.images.push({ name: `image-${i}`, dir: `image-${i}`, status: 'active', baseChain: [], sourceOfTruth: [`image-${i}/Pipfile.lock`], packages: { own: 0, inherited: 0, skipped: 0 } });
  }
  for (let i = 0; i < count; i += 1) {
    const image = `image-${i % images}`;
    const pkg = { ecosystem: 'PyPI' as const, name: `package-${i}`, normalizedName: `package-${i}`, version: `1.${i}.0` };
    const location = { file: `${image}/Pipfile.lock`, line: i + 1 };
    result.packages.push({ ...pkg, occurrences: [{ image, location, relation: 'direct' }] });
    result.findings.push({
      check: 'license',
      kind: 'license-denied',
      severity: 'high',
      package: pkg,
      message: `package-${i} 1.${i}.0 is licensed GPL-3.0-only, which the policy denies`,
      evidence: {},
      location,
      fingerprint: `fp-large-${i}`,
      level: 'error',
      failing: true,
      images: [image],
    });
  }
  for (let i = 0; i < incomplete; i += 1) {
    const pkg = { ecosystem: 'PyPI' as const, name: `unreachable-${i}`, normalizedName: `unreachable-${i}`, version: '1.0.0' };
    result.couldNotCheck.push({ check: 'advisories', package: pkg, reason: 'OSV query timed out after 3 retries', images: ['image-0'] });
  }
  result.summary = {
    images,
    packages: count,
    findings: { error: count, warning: 0, note: 0 },
    failing: count,
    suppressed: 0,
    couldNotCheck: incomplete,
    inputErrors: 0,
    outcome: 'fail',
  };
  return result;
}

/** An advisory finding shaped as the advisory check writes it (evidence with id, severity, upgrade). */
export function advisoryFinding(
  pkg: PackageKey,
  id: string,
  severity: { level: Severity; score?: number },
  upgrade: string | undefined,
  location: { file: string; line: number } = { file: 'requirements.txt', line: 1 },
): ReportedFinding {
  const known = severity.score !== undefined;
  return {
    check: 'advisories',
    kind: 'advisory',
    severity: severity.level,
    package: pkg,
    message: `${pkg.name} ${pkg.version}: ${id} [${known ? `${severity.level} ${severity.score}` : `severity unknown, treated as ${severity.level}`}]`,
    evidence: {
      id,
      ids: [id],
      aliases: [],
      summary: `summary of ${id}`,
      severity: known ? { level: severity.level, source: 'cvss', score: severity.score } : { level: severity.level, source: 'unknown' },
      fixedVersions: upgrade ? [upgrade] : [],
      upgrade: upgrade ? { version: upgrade, basis: 'release-list' } : { basis: 'release-list', note: 'no released version above the current one is free of these advisories' },
    },
    location,
    fingerprint: `fp-${pkg.normalizedName}-${id}`,
    level: 'error',
    failing: true,
    images: [],
  };
}

/**
 * A scan with no route to PyPI or OSV: `count` pinned packages in one image, each with the license, names and
 * advisories entries the scan writes when DNS fails (the reasons quote the RegistryError text, `URL: kind: detail`).
 */
export function networkDownResult(count: number): ScanResult {
  const result = loadResult('pass-all-clean');
  result.images = [{ name: 'python3', dir: 'python3', status: 'active', baseChain: [], sourceOfTruth: ['python3/Pipfile.lock'], packages: { own: count, inherited: 0, skipped: 0 } }];
  result.packages = [];
  result.findings = [];
  result.couldNotCheck = [];
  for (let i = 0; i < count; i += 1) {
    const pkg = { ecosystem: 'PyPI' as const, name: `pkg-${i}`, normalizedName: `pkg-${i}`, version: `1.0.${i}` };
    const location = { file: 'python3/Pipfile.lock', line: i + 1 };
    result.packages.push({ ...pkg, occurrences: [{ image: 'python3', location, relation: 'direct' }] });
    const pypi = `PyPI lookup of ${pkg.name} ${pkg.version} failed: https://pypi.org/pypi/${pkg.name}/${pkg.version}/json: connection: ENOTFOUND: getaddrinfo ENOTFOUND pypi.org`;
    result.couldNotCheck.push(
      { check: 'license', package: pkg, reason: pypi, location, images: ['python3'] },
      { check: 'names', package: pkg, reason: `cannot tell whether ${pkg.name} exists: ${pypi}`, location, images: ['python3'] },
      { check: 'advisories', package: pkg, reason: 'OSV query failed: https://api.osv.dev/v1/querybatch: connection: ENOTFOUND: getaddrinfo ENOTFOUND api.osv.dev', location, images: ['python3'] },
    );
  }
  result.summary = { images: 1, packages: count, findings: { error: 0, warning: 0, note: 0 }, failing: 0, suppressed: 0, couldNotCheck: count * 3, inputErrors: 0, outcome: 'incomplete' };
  return result;
}
