import fs from 'node:fs';
import { buildCatalogue, licenseText, type Catalogue, type CatalogueImage } from '../../src/catalogue/catalogue';
import { buildInventory } from '../../src/inventory/inventory';
import type { Inventory } from '../../src/inventory/types';
import { measureWork } from '../../src/work-meter';
import { LINEAR_GROWTH_BOUND } from '../helpers/work';
import type { ScanResult } from '../../src/scan/result';
import { fixturePath } from '../helpers/shared';

const TREE = 'inherited-chain-tree';
const inventory = () => buildInventory([TREE], { cwd: fixturePath('catalogue') });
const scan = (): ScanResult => JSON.parse(fs.readFileSync(fixturePath('catalogue', 'scan-of-inherited-chain-tree.json'), 'utf8')) as ScanResult;

function image(catalogue: Catalogue, name: string): CatalogueImage {
  const found = catalogue.images.find((i) => i.name === name);
  if (!found) throw new Error(`no image ${name}`);
  return found;
}

function row(catalogue: Catalogue, imageName: string, pkg: string) {
  const found = image(catalogue, imageName).packages.filter((p) => p.normalizedName === pkg && p.status === 'included');
  if (found.length !== 1) throw new Error(`${found.length} rows for ${pkg} in ${imageName}`);
  return found[0]!;
}

describe('buildCatalogue without a scan', () => {
  const catalogue = buildCatalogue(inventory());

  it('lists every image, sorted, with base chain, Python and status', () => {
    expect(catalogue.images.map((i) => i.name)).toEqual(['auth-utils', 'crypto', 'old-ldap', 'python3']);
    const auth = image(catalogue, 'auth-utils');
    expect(auth.baseChain).toEqual(['crypto', 'python3']);
    expect(auth.base).toBe('demisto/crypto:1.0.0.1234');
    expect(auth.python?.version).toBe('3.11');
    expect(image(catalogue, 'old-ldap').status).toBe('deprecated');
    expect(image(catalogue, 'old-ldap').deprecatedReason).toBe('Use the demisto/auth-utils docker image instead.');
    expect(catalogue.organisation).toBe('demisto');
  });

  it('puts own packages before inherited ones and marks where inherited ones come from', () => {
    const rows = image(catalogue, 'auth-utils').packages;
    expect(rows.slice(0, 2).map((r) => [r.name, r.inheritedFrom])).toEqual([['msal', undefined], ['pyjwt', undefined]]);
    expect(row(catalogue, 'auth-utils', 'cryptography').inheritedFrom).toBe('crypto');
    expect(row(catalogue, 'auth-utils', 'certifi').inheritedFrom).toBe('python3');
    expect(image(catalogue, 'auth-utils').counts).toMatchObject({ own: 2, inherited: 8, skipped: 0 });
  });

  it('says "not checked", with the reason, for every license instead of leaving it blank', () => {
    for (const img of catalogue.images) {
      for (const r of img.packages) {
        expect(r.license.state).toBe('not-checked');
        expect(licenseText(r.license)).toBe('not checked');
      }
    }
    expect(row(catalogue, 'crypto', 'cffi').license).toEqual({ state: 'not-checked', reason: 'no scan result was given' });
    expect(catalogue.summary.licenseLabels['not-checked']).toBeGreaterThan(0);
    expect(catalogue.summary.licenseLabels.allowed).toBe(0);
    expect(catalogue.scan).toBeUndefined();
  });

  it('keeps skipped packages with why they are not installed', () => {
    const replaced = image(catalogue, 'crypto').packages.find((r) => r.normalizedName === 'requests' && r.status === 'skipped');
    expect(replaced?.inheritedFrom).toBe('python3');
    expect(replaced?.skipReason).toMatch(/crypto installs its own requests/);
    expect(replaced?.license.state).toBe('not-checked');
  });

  it('maps each package to the images that install it (included rows only)', () => {
    const requests = catalogue.packages.find((p) => p.normalizedName === 'requests');
    expect(requests?.images).toEqual(['auth-utils', 'crypto', 'old-ldap', 'python3']);
    expect(requests?.versions).toEqual(['2.31.0', '2.32.3']);
    // pytest is a dev-only package of python3: installed nowhere.
    expect(catalogue.packages.find((p) => p.normalizedName === 'pytest')).toBeUndefined();
  });

  it('gives file:line locations relative to the scanned root', () => {
    expect(row(catalogue, 'auth-utils', 'msal').location).toMatch(/^auth-utils\/Pipfile\.lock:\d+$/);
    expect(image(catalogue, 'crypto').sourceOfTruth).toEqual(['crypto/Pipfile.lock']);
  });
});

describe('buildCatalogue with a scan result', () => {
  const catalogue = buildCatalogue(inventory(), scan());

  it('joins license verdicts per package version', () => {
    expect(row(catalogue, 'crypto', 'cryptography').license).toMatchObject({ state: 'checked', expression: 'Apache-2.0 OR BSD-3-Clause', verdict: 'allowed' });
    expect(row(catalogue, 'old-ldap', 'ldap3').license).toMatchObject({ state: 'checked', verdict: 'needs-approval' });
    expect(row(catalogue, 'auth-utils', 'msal').license).toMatchObject({ state: 'checked', expression: null, verdict: 'unknown' });
    expect(licenseText(row(catalogue, 'auth-utils', 'msal').license)).toBe('unknown');
    // The inherited copy of requests in old-ldap is 2.31.0; crypto's own is 2.32.3.
    expect(row(catalogue, 'old-ldap', 'requests').version).toBe('2.31.0');
  });

  it('records could-not-check and unrecorded packages as such, never as clean', () => {
    expect(row(catalogue, 'old-ldap', 'pyasn1').license).toEqual({ state: 'could-not-check', reason: 'PyPI answered 503 three times' });
    expect(row(catalogue, 'crypto', 'six').license).toEqual({ state: 'not-checked', reason: 'the scan result has no record of this package' });
    expect(image(catalogue, 'old-ldap').counts.licenseUnchecked).toBeGreaterThan(0);
    expect(catalogue.summary.licenseLabels['could-not-check']).toBe(1);
  });

  it('attaches findings to the rows of the images they affect, with advisory ids', () => {
    const findings = row(catalogue, 'old-ldap', 'requests').findings;
    expect(findings).toEqual([expect.objectContaining({ id: 'GHSA-9wx4-h78v-vm56', severity: 'medium', failing: true })]);
    expect(row(catalogue, 'crypto', 'requests').findings).toEqual([]);
    const denied = row(catalogue, 'auth-utils', 'pyjwt').findings[0];
    expect(denied).toMatchObject({ id: 'license-denied', failing: false, suppressedBy: 'approval: legal approved 2026-07' });
    expect(image(catalogue, 'old-ldap').counts).toMatchObject({ findings: 1, failing: 1, licenseIssues: 1 });
    expect(image(catalogue, 'auth-utils').counts).toMatchObject({ findings: 1, failing: 0, licenseIssues: 1 });
  });

  it('summarises findings by severity counting each fingerprint once', () => {
    expect(catalogue.summary.findingsBySeverity).toMatchObject({ medium: 1, high: 1, critical: 0 });
    expect(catalogue.summary.failingFindings).toBe(1);
    expect(catalogue.summary.couldNotCheck).toBe(1);
    expect(catalogue.scan).toEqual({ generatedAt: '2026-08-22T10:00:00.000Z', checks: ['license', 'advisories'], tool: 'depvet 0.1.0' });
  });

  it('keeps image-level findings that match no package row', () => {
    const withBaseFinding = scan();
    withBaseFinding.findings.push({
      check: 'base-image', kind: 'deprecated-base', severity: 'low', package: { ecosystem: 'PyPI', name: 'python3', normalizedName: 'python3' },
      message: 'base image is old', evidence: {}, fingerprint: 'fp-base', level: 'warning', failing: false, images: ['old-ldap'],
    });
    const c = buildCatalogue(inventory(), withBaseFinding);
    expect(image(c, 'old-ldap').otherFindings.map((f) => f.kind)).toEqual(['deprecated-base']);
    expect(image(c, 'old-ldap').counts.findings).toBe(2);
  });

  it('says the license check was not run when the scan skipped it', () => {
    const noLicense = { ...scan(), checks: ['advisories' as const], couldNotCheck: [] };
    const c = buildCatalogue(inventory(), noLicense);
    expect(row(c, 'crypto', 'cryptography').license).toEqual({ state: 'not-checked', reason: 'the scan did not run the license check' });
  });
});

describe('joining a scan into the catalogue (issue 15 item 5: every renderer audited for quadratic work)', () => {
  /** A base image and `images` images built on it; the base's one package (with a finding) is inherited by all. */
  function tree(images: number): { inventory: Inventory; scan: ScanResult } {
    const base = buildInventory([TREE], { cwd: fixturePath('catalogue') });
    const location = { file: 'base/Pipfile.lock', line: 3 };
    const names = Array.from({ length: images }, (_, i) => `img-${i}`);
    const pkg = { ecosystem: 'PyPI' as const, name: 'shared', normalizedName: 'shared', version: '1.0.0' };
    const inventory: Inventory = {
      ...base,
      images: names.map((name) => ({ name, dir: name, status: 'active', baseChain: ['base'], sourceOfTruth: [`${name}/Pipfile.lock`], packages: { own: 0, inherited: 1, skipped: 0 } })),
      packages: names.map((image) => ({ ...pkg, extras: [], relation: 'direct', location, image, inheritedFrom: 'base', status: 'included' })),
    };
    const result = scan();
    result.packages = [{ ...pkg, occurrences: names.map((image) => ({ image, inheritedFrom: 'base', location, relation: 'direct' })) }];
    result.findings = [{ ...result.findings[0]!, package: pkg, location, images: names }];
    result.couldNotCheck = [{ check: 'advisories', package: pkg, reason: 'OSV answered 503', location, images: names }];
    return { inventory, scan: result };
  }

  it('does work linear in the images for a package every image inherits (it was images x images)', () => {
    const work = (images: number): number => {
      const { inventory, scan: result } = tree(images);
      let catalogue: Catalogue | undefined;
      const counted = measureWork(() => {
        catalogue = buildCatalogue(inventory, result);
      })['catalogue.joinSteps']!;
      // Every image's row got the finding and the could-not-check entry.
      for (const image of catalogue!.images) {
        expect(image.packages[0]!.findings).toHaveLength(1);
        expect(image.packages[0]!.couldNotCheck).toHaveLength(1);
      }
      return counted;
    };
    const small = work(200);
    const large = work(2000);
    expect(small).toBeGreaterThan(200);
    expect(large / small).toBeLessThan(LINEAR_GROWTH_BOUND);
  });
});
