import { ConfigError } from '../../src/errors';
import type { PackageKey } from '../../src/findings';
import { cycloneDxJustification, parseVexDocument, vexMatch, vexSuppresses } from '../../src/policy/vex';

const idna: PackageKey = { ecosystem: 'PyPI', name: 'idna', normalizedName: 'idna', version: '3.6' };
const ids = ['PYSEC-2024-60', 'CVE-2024-3651', 'GHSA-jjg7-2v4v-x38h'];

describe('parseVexDocument', () => {
  test('OpenVEX 0.2.0: vulnerability objects with aliases, products with subcomponents, justification, impact', () => {
    const doc = parseVexDocument(
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        statements: [
          {
            vulnerability: { name: 'GHSA-jjg7-2v4v-x38h', aliases: ['CVE-2024-3651'] },
            products: [{ '@id': 'pkg:oci/python3@sha256%3Aabc?repository_url=demisto%2Fpython3', subcomponents: [{ '@id': 'pkg:pypi/IDNA@3.6' }] }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_present',
            impact_statement: 'built without the encoder',
          },
        ],
      }),
      'vex.json',
    );
    const [statement] = doc.statements;
    expect(statement).toMatchObject({ format: 'openvex', vulnerability: 'GHSA-jjg7-2v4v-x38h', aliases: ['CVE-2024-3651'], status: 'not_affected', ref: { file: 'vex.json', pointer: '/statements/0', justification: 'vulnerable_code_not_present', impactStatement: 'built without the encoder' } });
    expect(statement!.products[0]!.purl).toMatchObject({ type: 'oci', name: 'python3' });
    expect(statement!.products[0]!.subcomponents[0]).toMatchObject({ ecosystem: 'PyPI', normalizedName: 'idna', version: '3.6' });
    expect(vexSuppresses(statement!)).toBe(true);
  });

  test('OpenVEX 0.0.1: vulnerability and products as strings, subcomponents on the statement', () => {
    const doc = parseVexDocument(
      JSON.stringify({
        '@context': 'https://openvex.dev/ns',
        statements: [{ vulnerability: 'CVE-2024-3651', products: ['pkg:docker/demisto/python3@1.0'], subcomponents: ['pkg:pypi/idna'], status: 'not_affected', justification: 'component_not_present' }],
      }),
      'old.json',
    );
    expect(vexMatch(doc.statements[0]!, ids, idna, ['python3', 'crypto'])).toEqual(['python3']);
  });

  test('CycloneDX VEX: affects by bom-ref of a component, by purl, by BOM-Link; vulnerabilities without analysis state nothing', () => {
    const doc = parseVexDocument(
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        components: [{ 'bom-ref': 'idna-ref', type: 'library', name: 'idna', purl: 'pkg:pypi/idna@3.6' }],
        vulnerabilities: [
          { id: 'CVE-2024-3651', analysis: { state: 'not_affected', justification: 'code_not_reachable' }, affects: [{ ref: 'idna-ref' }] },
          { id: 'PYSEC-2024-60', affects: [{ ref: 'pkg:pypi/idna@3.6' }] },
          { id: 'GHSA-jjg7-2v4v-x38h', analysis: { state: 'false_positive' }, affects: [{ ref: 'urn:cdx:a1b2/1#pkg:pypi/idna@3.6' }] },
        ],
      }),
      'vex.cdx.json',
    );
    expect(doc.statements.map((s) => [s.ref.pointer, s.status, vexSuppresses(s), vexMatch(s, ids, idna, [])])).toEqual([
      ['/vulnerabilities/0', 'not_affected', true, 'all'],
      ['/vulnerabilities/2', 'false_positive', false, 'all'],
    ]);
  });

  test.each([
    ['{"statements": [{"products": [], "status": "not_affected"}]}', '/statements/0/vulnerability'],
    ['{"statements": [{"vulnerability": "CVE-1", "status": "fine"}]}', '/statements/0/status'],
    ['{"statements": [{"vulnerability": "CVE-1", "status": "affected", "products": ["pkg:"]}]}', '/statements/0/products/0'],
    ['{"bomFormat": "CycloneDX", "vulnerabilities": [{"id": "X", "analysis": {"state": "maybe"}}]}', '/vulnerabilities/0/analysis/state'],
    ['[1, 2]', ''],
    ['{"hello": 1}', ''],
    ['{"statements": ', ''],
  ])('a malformed document is a ConfigError at the bad statement: %s', (text, pointer) => {
    let error: unknown;
    try {
      parseVexDocument(text, 'vex.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).pointer).toBe(pointer);
  });
});

describe('vexMatch and vexSuppresses', () => {
  const statement = (products: unknown[], extra: Record<string, unknown> = {}) =>
    parseVexDocument(JSON.stringify({ statements: [{ vulnerability: { name: 'CVE-2024-3651' }, products, status: 'not_affected', justification: 'component_not_present', ...extra }] }), 'v.json').statements[0]!;

  test('by any alias of the finding; a package purl without a version covers every version, with one only that one', () => {
    expect(vexMatch(statement([{ '@id': 'pkg:pypi/idna' }]), ids, idna, [])).toBe('all');
    expect(vexMatch(statement([{ '@id': 'pkg:pypi/idna@3.7' }]), ids, idna, [])).toBeUndefined();
    expect(vexMatch(statement([{ '@id': 'pkg:pypi/requests' }]), ids, idna, [])).toBeUndefined();
    expect(vexMatch(statement([{ '@id': 'pkg:npm/idna' }]), ids, idna, [])).toBeUndefined();
    expect(vexMatch(statement([{ '@id': 'pkg:pypi/idna' }]), ['PYSEC-2099-1'], idna, [])).toBeUndefined();
  });

  test('an image product scopes the statement to that image; without images (an SBOM scan) it is the image scanned', () => {
    const s = statement([{ '@id': 'pkg:docker/demisto/crypto@1.0.0', subcomponents: [{ '@id': 'pkg:pypi/idna@3.6' }] }]);
    expect(vexMatch(s, ids, idna, ['crypto', 'python3'])).toEqual(['crypto']);
    expect(vexMatch(s, ids, idna, ['python3'])).toBeUndefined();
    expect(vexMatch(s, ids, idna, [])).toBe('all');
  });

  test('only not_affected with a known justification suppresses', () => {
    expect(vexSuppresses(statement([]))).toBe(true);
    expect(vexSuppresses(statement([], { justification: undefined, impact_statement: 'trust us' }))).toBe(false);
    expect(vexSuppresses(statement([], { justification: 'because' }))).toBe(false);
    expect(vexSuppresses(statement([], { status: 'fixed' }))).toBe(false);
    expect(cycloneDxJustification('vulnerable_code_not_in_execute_path')).toBe('code_not_reachable');
    expect(cycloneDxJustification('protected_at_runtime')).toBe('protected_at_runtime');
  });
});
