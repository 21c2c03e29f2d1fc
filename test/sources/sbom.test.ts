import fs from 'node:fs';
import { manifestKindOf, sniffManifestKind } from '../../src/inventory/load-manifest';
import { parseCycloneDx, parseSpdxJson, sbomKindOf } from '../../src/sources/sbom';
import { fixturePath } from '../helpers/shared';

const read = (name: string) => fs.readFileSync(fixturePath('sbom', name), 'utf8');

describe('parseCycloneDx', () => {
  const m = parseCycloneDx(read('syft-python-image.cdx.json'), 'image.cdx.json');

  test('PyPI and npm components by purl, nested ones included, each installed, at its line and JSON pointer', () => {
    expect(m.kind).toBe('cyclonedx.json');
    expect(m.packages.map((p) => [p.ecosystem, p.name, p.normalizedName, p.version, p.relation, p.location.pointer])).toEqual([
      ['PyPI', 'certifi', 'certifi', '2024.2.2', 'installed', '/components/0'],
      ['PyPI', 'PyYAML', 'pyyaml', '5.3.1', 'installed', '/components/1'],
      ['PyPI', 'requests', 'requests', '2.31.0', 'installed', '/components/2'],
      ['npm', '@scope/left-pad', '@scope/left-pad', '1.3.0', 'installed', '/components/3'],
      ['PyPI', 'idna', 'idna', '3.6', 'installed', '/components/7/components/0'],
    ]);
    expect(m.packages[0]!.location).toEqual({ file: 'image.cdx.json', line: 18, pointer: '/components/0' });
  });

  test('licences as the SBOM writes them (id, name, expression) are kept as evidence', () => {
    expect(m.packages.map((p) => p.sbomLicenses)).toEqual([['MPL-2.0'], ['MIT'], ['Apache-2.0'], undefined, undefined]);
  });

  test('other ecosystems and components without a purl are counted in one warning, never dropped silently', () => {
    const summary = m.diagnostics.filter((d) => d.code === 'sbom-components-not-checked');
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ severity: 'warning', location: { file: 'image.cdx.json', pointer: '/components' } });
    expect(summary[0]!.message).toBe('4 of 10 components are not PyPI or npm packages and were not checked: deb 2, golang 1, no purl (operating-system) 1');
  });

  test('a malformed purl and a version-less component are errors at the component; the rest is read', () => {
    const errors = m.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.location.pointer])).toEqual([
      ['sbom-component-invalid', '/components/8'],
      ['sbom-component-no-version', '/components/9'],
    ]);
    expect(errors[0]!.message).toContain('invalid purl "pkg:pypi"');
  });

  test("depvet's own unvettable properties and purl qualifiers make unvettable records", () => {
    const doc = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [
        { type: 'library', name: 'tool', purl: 'pkg:pypi/tool', properties: [{ name: 'depvet:unvettable:kind', value: 'vcs' }, { name: 'depvet:unvettable:reference', value: 'git+https://example.com/tool@v1' }] },
        { type: 'library', name: 'dl', purl: 'pkg:pypi/dl?download_url=https%3A%2F%2Fexample.com%2Fdl-1.0.tar.gz' },
        { type: 'library', name: 'internal', purl: 'pkg:pypi/internal@1.0?repository_url=https%3A%2F%2Fpypi.example.com%2Fsimple' },
      ],
    };
    const parsed = parseCycloneDx(JSON.stringify(doc), 'bom.json');
    expect(parsed.packages.map((p) => [p.name, p.unvettable?.kind, p.unvettable?.reference, p.index])).toEqual([
      ['tool', 'vcs', 'git+https://example.com/tool@v1', undefined],
      ['dl', 'url', 'https://example.com/dl-1.0.tar.gz', undefined],
      ['internal', undefined, undefined, 'https://pypi.example.com/simple'],
    ]);
    expect(parsed.diagnostics).toEqual([]);
  });
});

describe('parseSpdxJson', () => {
  const m = parseSpdxJson(read('syft-python-image.spdx.json'), 'image.spdx.json');

  test('packages with a pypi/npm purl (PACKAGE-MANAGER or PACKAGE_MANAGER), declared licences as evidence', () => {
    expect(m.kind).toBe('spdx.json');
    expect(m.packages.map((p) => [p.name, p.version, p.relation, p.location.pointer, p.sbomLicenses])).toEqual([
      ['certifi', '2024.2.2', 'installed', '/packages/0', ['MPL-2.0']],
      ['PyYAML', '5.3.1', 'installed', '/packages/1', ['MIT']],
    ]);
    expect(m.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'sbom-components-not-checked', message: '2 of 4 components are not PyPI or npm packages and were not checked: deb 1, oci 1' }),
    ]);
  });
});

describe('SBOMs are recognised by content, not only by name', () => {
  test('sbomKindOf and the manifest kind of a .json file', () => {
    expect(sbomKindOf(read('syft-python-image.cdx.json'))).toBe('cyclonedx.json');
    expect(sbomKindOf(read('syft-python-image.spdx.json'))).toBe('spdx.json');
    expect(sbomKindOf('{"name": "x", "lockfileVersion": 3}')).toBeUndefined();
    expect(manifestKindOf('bom.json', read('syft-python-image.cdx.json'))).toBe('cyclonedx.json');
    expect(manifestKindOf('image.json', read('syft-python-image.spdx.json'))).toBe('spdx.json');
  });

  test('standard input and nameless files: JSON, TOML locks, Dockerfiles, else requirements', () => {
    expect(sniffManifestKind(read('syft-python-image.cdx.json'))).toBe('cyclonedx.json');
    expect(sniffManifestKind('[{"name": "certifi", "version": "2024.2.2"}]')).toBe('pip-list.json');
    expect(sniffManifestKind(fs.readFileSync(fixturePath('uv-lock', 'grumpyfuk', 'uv.lock'), 'utf8'))).toBe('uv.lock');
    expect(sniffManifestKind(fs.readFileSync(fixturePath('pylock', 'h11-pylock.toml'), 'utf8'))).toBe('pylock.toml');
    expect(sniffManifestKind('[[package]]\nname = "a"\nversion = "1"\n\n[metadata]\ncontent-hash = "x"\n')).toBe('poetry.lock');
    expect(sniffManifestKind('# syntax=docker/dockerfile:1\nARG PY=3.12\nFROM python:${PY}\nRUN pip install requests\n')).toBe('Dockerfile');
    expect(sniffManifestKind('certifi==2024.2.2\nidna==3.6\n')).toBe('requirements.txt');
  });
});
