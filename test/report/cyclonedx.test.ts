import { renderCycloneDx } from '../../src/report/cyclonedx';
import { renderReport } from '../../src/report';
import type { ReportedFinding, ScanResult } from '../../src/scan/result';
import { FIXTURE_NAMES, loadResult } from './load-result';
import { cycloneDxValidator } from './sbom-schemas';

interface Bom {
  bomFormat: string;
  specVersion: string;
  serialNumber: string;
  metadata: { component: { 'bom-ref': string }; properties: { name: string; value: string }[] };
  components: { type: string; 'bom-ref': string; name: string; group?: string; version?: string; purl?: string; licenses?: unknown[]; properties?: { name: string; value: string }[] }[];
  dependencies: { ref: string; dependsOn: string[] }[];
  vulnerabilities?: {
    'bom-ref': string;
    id: string;
    references?: { id: string }[];
    ratings: { method: string; score?: number; severity: string; vector?: string }[];
    recommendation: string;
    affects: { ref: string; versions?: { version: string; status: string }[] }[];
    analysis?: { state: string; justification?: string; response?: string[]; detail?: string };
  }[];
}

const bomOf = (result: ScanResult): Bom => JSON.parse(renderCycloneDx(result)) as Bom;
const prop = (c: { properties?: { name: string; value: string }[] }, name: string) => c.properties?.filter((p) => p.name === name).map((p) => p.value) ?? [];

/** An advisory finding as the advisory check writes its evidence. */
function advisory(name: string, version: string, id: string, extra: Partial<ReportedFinding> = {}, evidence: Record<string, unknown> = {}): ReportedFinding {
  return {
    check: 'advisories',
    kind: 'advisory',
    severity: 'high',
    package: { ecosystem: 'PyPI', name, normalizedName: name, version },
    message: `${name} ${version}: ${id}`,
    evidence: {
      id,
      ids: [id, 'CVE-2024-0001'],
      aliases: ['CVE-2024-0001'],
      summary: 'A flaw',
      severity: { level: 'high', source: 'cvss', score: 7.5, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H' },
      fixedVersions: ['9.9'],
      upgrade: { version: '9.9', basis: 'fixed-versions' },
      ...evidence,
    },
    location: { file: 'app/requirements.txt', line: 1 },
    fingerprint: `fp-${name}-${id}`,
    level: 'error',
    failing: true,
    images: [],
    ...extra,
  };
}

/** A result with the cases the fixtures lack: chains, VEX, justified and plain ignores, unvettable, npm scopes. */
function richResult(): ScanResult {
  const result = loadResult('pass-all-clean');
  const at = (line: number) => ({ file: 'app/uv.lock', line });
  result.images = [];
  result.packages = [
    { ecosystem: 'PyPI', name: 'django', normalizedName: 'django', version: '6.0.5', license: { expression: 'BSD-3-Clause', source: 'license_expression', verdict: 'allowed', declared: 'BSD-3-Clause' }, occurrences: [{ location: at(71), relation: 'direct', group: 'main' }] },
    {
      ecosystem: 'PyPI',
      name: 'asgiref',
      normalizedName: 'asgiref',
      version: '3.11.1',
      sbomLicenses: ['BSD'],
      license: { expression: 'LicenseRef-depvet-ambiguous-BSD-License', source: 'classifiers', verdict: 'allowed', raw: { classifiers: ['License :: OSI Approved :: BSD License'] } },
      occurrences: [{ location: at(6), relation: 'transitive', group: 'main', resolvedFrom: [{ name: 'django', version: '6.0.5', requirement: 'asgiref' }] }],
    },
    { ecosystem: 'PyPI', name: 'cryptography', normalizedName: 'cryptography', version: '42.0.5', license: { expression: 'Apache-2.0 OR BSD-3-Clause', source: 'license', verdict: 'allowed' }, occurrences: [{ location: at(20), relation: 'direct' }] },
    { ecosystem: 'PyPI', name: 'jinja2', normalizedName: 'jinja2', version: '2.10', occurrences: [{ location: at(30), relation: 'direct' }] },
    { ecosystem: 'PyPI', name: 'idna', normalizedName: 'idna', version: '3.6', occurrences: [{ location: at(40), relation: 'direct' }] },
    { ecosystem: 'npm', name: '@scope/left-pad', normalizedName: '@scope/left-pad', version: '1.3.0', occurrences: [{ location: { file: 'app/package-lock.json', line: 9 }, relation: 'direct' }] },
    { ecosystem: 'PyPI', name: 'tool', normalizedName: 'tool', unvettable: 'vcs: a git checkout at v1, not a registry release', unvettableReference: 'git+https://example.com/tool@v1', occurrences: [{ location: { file: 'app/requirements.txt', line: 3 }, relation: 'direct' }] },
  ];
  result.findings = [
    advisory('django', '6.0.5', 'GHSA-aaaa-bbbb-cccc'),
    advisory('jinja2', '2.10', 'PYSEC-2019-217', { failing: false, suppressed: { by: 'ignore', reason: 'templates are never user-supplied', expires: '2027-01-31' } }),
    advisory('idna', '3.6', 'PYSEC-2024-60', { failing: false, suppressed: { by: 'ignore', reason: 'we never call idna.encode on input', justification: 'vulnerable_code_not_in_execute_path' } }),
    advisory('cryptography', '42.0.5', 'GHSA-dddd-eeee-ffff', {
      failing: false,
      suppressed: {
        by: 'vex',
        reason: 'VEX vex.json/statements/0: GHSA-dddd-eeee-ffff not_affected (component_not_present)',
        vex: { file: 'vex.json', pointer: '/statements/0', status: 'not_affected', justification: 'component_not_present' },
      },
    }),
    advisory('asgiref', '3.11.1', 'GHSA-gggg-hhhh-iiii', {}, { severity: { level: 'medium', source: 'database', score: undefined }, expiredIgnores: [{ id: 'GHSA-gggg-hhhh-iiii', expires: '2025-01-01', reason: 'old decision' }] }),
  ];
  return result;
}

describe('renderCycloneDx', () => {
  const validate = cycloneDxValidator();

  it.each(FIXTURE_NAMES)('renders %s as a BOM valid against the CycloneDX 1.6 schema', (name) => {
    const ok = validate(JSON.parse(renderCycloneDx(loadResult(name))));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('renders the rich result valid too, and the schema check can fail', () => {
    const bom = bomOf(richResult());
    expect(validate(bom)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    (bom.components[0] as Record<string, unknown>)['type'] = 'not-a-type';
    expect(validate(bom)).toBe(false);
  });

  it('is a CycloneDX 1.6 BOM through renderReport, with a stable serial number', () => {
    const text = renderReport('cyclonedx', richResult());
    const bom = JSON.parse(text) as Bom;
    expect([bom.bomFormat, bom.specVersion]).toEqual(['CycloneDX', '1.6']);
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(renderReport('cyclonedx', richResult())).toBe(text);
  });

  it('images are container components; packages are libraries with purls and the concluded licence', () => {
    const bom = bomOf(loadResult('fail-license-and-advisory'));
    expect(bom.components.filter((c) => c.type === 'container').map((c) => c.name)).toEqual(['crypto', 'tools']);
    const rich = bomOf(richResult());
    const byName = new Map(rich.components.map((c) => [c.name, c]));
    expect(byName.get('django')).toMatchObject({ type: 'library', version: '6.0.5', purl: 'pkg:pypi/django@6.0.5', licenses: [{ license: { id: 'BSD-3-Clause', acknowledgement: 'concluded' } }] });
    expect(byName.get('cryptography')!.licenses).toEqual([{ expression: 'Apache-2.0 OR BSD-3-Clause', acknowledgement: 'concluded' }]);
    expect(byName.get('asgiref')!.licenses).toEqual([{ expression: 'LicenseRef-depvet-ambiguous-BSD-License', acknowledgement: 'concluded' }]);
    expect(prop(byName.get('asgiref')!, 'depvet:license:verdict')).toEqual(['allowed']);
    expect(prop(byName.get('asgiref')!, 'depvet:sbom:license')).toEqual(['BSD']);
    expect(byName.get('jinja2')!.licenses).toBeUndefined();
    expect(byName.get('left-pad')).toMatchObject({ group: '@scope', purl: 'pkg:npm/%40scope/left-pad@1.3.0' });
    expect(byName.get('tool')).toMatchObject({ purl: 'pkg:pypi/tool' });
    expect(prop(byName.get('tool')!, 'depvet:unvettable:kind')).toEqual(['vcs']);
    expect(prop(byName.get('tool')!, 'depvet:unvettable:reference')).toEqual(['git+https://example.com/tool@v1']);
  });

  it('the dependency graph: scan -> images -> own packages, base images, and lock chains (image -> direct -> transitive)', () => {
    const bom = bomOf(loadResult('fail-license-and-advisory'));
    const deps = new Map(bom.dependencies.map((d) => [d.ref, d.dependsOn]));
    expect(deps.get(bom.metadata.component['bom-ref'])).toEqual(['depvet:image:crypto', 'depvet:image:tools']);
    expect(deps.get('depvet:image:tools')).toContain('depvet:image:crypto');
    const rich = new Map(bomOf(richResult()).dependencies.map((d) => [d.ref, d.dependsOn]));
    expect(rich.get('depvet:scan')).toContain('pkg:pypi/django@6.0.5');
    expect(rich.get('depvet:scan')).not.toContain('pkg:pypi/asgiref@3.11.1');
    expect(rich.get('pkg:pypi/django@6.0.5')).toEqual(['pkg:pypi/asgiref@3.11.1']);
    // Every component has its entry, so a consumer can tell "no dependencies" from "unknown".
    expect(bomOf(richResult()).components.every((c) => rich.has(c['bom-ref']))).toBe(true);
  });

  it('advisories are vulnerabilities with the CVSS rating, aliases, what they affect and the upgrade', () => {
    const vulns = new Map(bomOf(richResult()).vulnerabilities!.map((v) => [v.id, v]));
    const django = vulns.get('GHSA-aaaa-bbbb-cccc')!;
    expect(django.ratings).toEqual([{ source: { name: 'OSV', url: 'https://osv.dev' }, method: 'CVSSv31', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 7.5, severity: 'high' }]);
    expect(django.references).toEqual([{ id: 'CVE-2024-0001', source: { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-0001' } }]);
    expect(django.affects).toEqual([{ ref: 'pkg:pypi/django@6.0.5', versions: [{ version: '6.0.5', status: 'affected' }] }]);
    expect(django.recommendation).toBe('Upgrade django to 9.9 (fixed in 9.9).');
    expect(django.analysis).toBeUndefined();
    expect(vulns.get('GHSA-gggg-hhhh-iiii')!.ratings).toEqual([{ source: { name: 'OSV', url: 'https://osv.dev' }, method: 'other', severity: 'medium' }]);
  });

  it('ignored and VEX-suppressed advisories carry their analysis: state, justification, reason and expiry', () => {
    const vulns = new Map(bomOf(richResult()).vulnerabilities!.map((v) => [v.id, v]));
    expect(vulns.get('PYSEC-2019-217')!.analysis).toEqual({ state: 'exploitable', response: ['will_not_fix'], detail: 'Accepted risk: templates are never user-supplied (ignored until 2027-01-31)' });
    expect(vulns.get('PYSEC-2024-60')!.analysis).toEqual({ state: 'not_affected', justification: 'code_not_reachable', detail: 'we never call idna.encode on input' });
    expect(vulns.get('GHSA-dddd-eeee-ffff')!.analysis).toEqual({ state: 'not_affected', justification: 'code_not_present', detail: 'VEX vex.json/statements/0: GHSA-dddd-eeee-ffff not_affected (component_not_present)' });
    expect(vulns.get('GHSA-gggg-hhhh-iiii')!.analysis).toMatchObject({ state: 'in_triage', detail: expect.stringContaining('expired on 2025-01-01') });
  });

  it('the suppressed fixture: an ignored advisory is an accepted risk with its expiry', () => {
    const bom = bomOf(loadResult('suppressed-approval-and-ignore'));
    expect(bom.vulnerabilities).toHaveLength(1);
    expect(bom.vulnerabilities![0]).toMatchObject({ id: 'GHSA-462w-v97r-4m45', analysis: { state: 'exploitable', response: ['will_not_fix'] } });
    expect(bom.vulnerabilities![0]!.analysis!.detail).toContain('until 2027-01-31');
  });
});
