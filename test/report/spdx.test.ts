import { renderSpdx } from '../../src/report/spdx';
import type { ScanResult } from '../../src/scan/result';
import { FIXTURE_NAMES, loadResult } from './load-result';
import { spdxValidator } from './sbom-schemas';

interface SpdxDoc {
  spdxVersion: string;
  SPDXID: string;
  documentNamespace: string;
  creationInfo: { created: string; creators: string[] };
  packages: {
    SPDXID: string;
    name: string;
    versionInfo?: string;
    downloadLocation: string;
    primaryPackagePurpose?: string;
    licenseConcluded?: string;
    licenseDeclared?: string;
    licenseComments?: string;
    externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  }[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
  hasExtractedLicensingInfos?: { licenseId: string; extractedText: string }[];
}

const docOf = (result: ScanResult) => JSON.parse(renderSpdx(result)) as SpdxDoc;

function chainResult(): ScanResult {
  const result = loadResult('pass-all-clean');
  result.images = [];
  result.packages = [
    { ecosystem: 'PyPI', name: 'django', normalizedName: 'django', version: '6.0.5', license: { expression: 'BSD-3-Clause', source: 'license_expression', verdict: 'allowed', declared: 'BSD-3-Clause' }, occurrences: [{ location: { file: 'uv.lock', line: 71 }, relation: 'direct' }] },
    {
      ecosystem: 'PyPI',
      name: 'asgiref',
      normalizedName: 'asgiref',
      version: '3.11.1',
      license: { expression: 'LicenseRef-depvet-ambiguous-BSD-License', source: 'classifiers', verdict: 'allowed', declared: 'LicenseRef-depvet-ambiguous-BSD-License', raw: { license: 'BSD', classifiers: ['License :: OSI Approved :: BSD License'] } },
      occurrences: [{ location: { file: 'uv.lock', line: 6 }, relation: 'transitive', resolvedFrom: [{ name: 'django', version: '6.0.5', requirement: 'asgiref' }] }],
    },
    {
      ecosystem: 'PyPI',
      name: 'chardet',
      normalizedName: 'chardet',
      version: '5.2.0',
      // A policy override decided; the registry said something else.
      license: { expression: 'LGPL-2.1-or-later', source: 'policy-override', verdict: 'needs-approval', declared: 'LicenseRef-depvet-ambiguous-GNU-Library-or-Lesser-General-Public-License' },
      occurrences: [{ location: { file: 'uv.lock', line: 9 }, relation: 'direct' }],
    },
    { ecosystem: 'PyPI', name: 'tool', normalizedName: 'tool', unvettable: 'vcs: a git checkout at v1, not a registry release', unvettableReference: 'git+https://example.com/tool@v1', occurrences: [{ location: { file: 'requirements.txt', line: 3 }, relation: 'direct' }] },
  ];
  return result;
}

describe('renderSpdx', () => {
  const validate = spdxValidator();

  it.each(FIXTURE_NAMES)('renders %s as a document valid against the SPDX 2.3 schema', (name) => {
    const ok = validate(JSON.parse(renderSpdx(loadResult(name))));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail: a package without downloadLocation is rejected', () => {
    const doc = docOf(chainResult());
    expect(validate(doc)).toBe(true);
    delete (doc.packages[0] as Record<string, unknown>)['downloadLocation'];
    expect(validate(doc)).toBe(false);
  });

  it('what the schema leaves loose: SPDXIDs, dates without fractions, every LicenseRef declared', () => {
    for (const name of FIXTURE_NAMES) {
      const doc = docOf(loadResult(name));
      const ids = doc.packages.map((p) => p.SPDXID);
      expect(ids.every((id) => /^SPDXRef-[A-Za-z0-9.-]+$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      expect(doc.creationInfo.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const known = new Set([...ids, 'SPDXRef-DOCUMENT']);
      expect(doc.relationships.every((r) => known.has(r.spdxElementId) && known.has(r.relatedSpdxElement))).toBe(true);
    }
    const doc = docOf(chainResult());
    const refs = new Set(doc.hasExtractedLicensingInfos!.map((l) => l.licenseId));
    const used = doc.packages.flatMap((p) => `${p.licenseConcluded ?? ''} ${p.licenseDeclared ?? ''}`.match(/LicenseRef-[A-Za-z0-9.-]+/g) ?? []);
    expect(used.length).toBeGreaterThan(0);
    expect(used.every((ref) => refs.has(ref))).toBe(true);
  });

  it('packages carry the purl, the concluded and declared licences and the raw registry fields', () => {
    const byName = new Map(docOf(chainResult()).packages.map((p) => [p.name, p]));
    expect(byName.get('django')).toMatchObject({
      versionInfo: '6.0.5',
      primaryPackagePurpose: 'LIBRARY',
      licenseConcluded: 'BSD-3-Clause',
      licenseDeclared: 'BSD-3-Clause',
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:pypi/django@6.0.5' }],
    });
    expect(byName.get('chardet')).toMatchObject({ licenseConcluded: 'LGPL-2.1-or-later', licenseDeclared: 'LicenseRef-depvet-ambiguous-GNU-Library-or-Lesser-General-Public-License' });
    expect(byName.get('asgiref')!.licenseComments).toContain('registry classifiers: License :: OSI Approved :: BSD License');
    expect(byName.get('tool')).toMatchObject({ downloadLocation: 'git+https://example.com/tool@v1', licenseConcluded: 'NOASSERTION' });
  });

  it('relationships: DESCRIBES the images, DESCENDANT_OF the base, DEPENDS_ON packages and along lock chains', () => {
    const doc = docOf(loadResult('fail-license-and-advisory'));
    const id = new Map(doc.packages.map((p) => [p.name, p.SPDXID]));
    const has = (a: string, type: string, b: string) => doc.relationships.some((r) => r.spdxElementId === a && r.relationshipType === type && r.relatedSpdxElement === b);
    expect(has('SPDXRef-DOCUMENT', 'DESCRIBES', id.get('crypto')!)).toBe(true);
    expect(has(id.get('tools')!, 'DESCENDANT_OF', id.get('crypto')!)).toBe(true);
    expect(doc.packages.find((p) => p.name === 'crypto')!.primaryPackagePurpose).toBe('CONTAINER');
    const chain = docOf(chainResult());
    const cid = new Map(chain.packages.map((p) => [p.name, p.SPDXID]));
    const chainHas = (a: string, type: string, b: string) => chain.relationships.some((r) => r.spdxElementId === a && r.relationshipType === type && r.relatedSpdxElement === b);
    expect(chainHas(cid.get('django')!, 'DEPENDS_ON', cid.get('asgiref')!)).toBe(true);
    expect(chainHas('SPDXRef-scan', 'DEPENDS_ON', cid.get('asgiref')!)).toBe(false);
    expect(chainHas('SPDXRef-DOCUMENT', 'DESCRIBES', 'SPDXRef-scan')).toBe(true);
  });

  it('advisories are SECURITY references to OSV', () => {
    const doc = docOf(loadResult('fail-license-and-advisory'));
    const requests = doc.packages.find((p) => p.name === 'requests')!;
    expect(requests.externalRefs).toContainEqual(expect.objectContaining({ referenceCategory: 'SECURITY', referenceType: 'advisory', referenceLocator: 'https://osv.dev/vulnerability/GHSA-x84v-xcm2-53pg' }));
  });
});
