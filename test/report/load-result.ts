// Fixture scan results for the report tests, and a large generated one for size limits.
import fs from 'node:fs';
import type { ScanResult } from '../../src/scan/result';
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
