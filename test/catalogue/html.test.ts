import fs from 'node:fs';
import { buildCatalogue, type Catalogue } from '../../src/catalogue/catalogue';
import { escapeHtml, jsonForScript, renderCatalogueHtml } from '../../src/catalogue/html';
import { buildInventory } from '../../src/inventory/inventory';
import type { ScanResult } from '../../src/scan/result';
import { fixturePath } from '../helpers/shared';

const inventory = () => buildInventory(['inherited-chain-tree'], { cwd: fixturePath('catalogue') });
const scan = (): ScanResult => JSON.parse(fs.readFileSync(fixturePath('catalogue', 'scan-of-inherited-chain-tree.json'), 'utf8')) as ScanResult;

const HOSTILE_PACKAGE = '</script><script>alert(1)</script><img src="https://evil.example/x.png">';
const HOSTILE_IMAGE = 'x" onmouseover="alert(2)" href="http://evil.example/';
const HOSTILE_LICENSE = 'MIT</td><style>body{background:url(https://evil.example/t.png)}</style>';

/** A catalogue of the fixture tree whose names and texts carry markup, as a hostile registry or manifest could. */
function hostileCatalogue(): Catalogue {
  const catalogue = buildCatalogue(inventory(), scan());
  const img = catalogue.images[0]!;
  img.name = HOSTILE_IMAGE;
  const row = img.packages[0]!;
  row.name = HOSTILE_PACKAGE;
  row.license = { state: 'checked', expression: HOSTILE_LICENSE, verdict: 'allowed', source: 'license' };
  row.findings.push({ check: 'advisories', kind: 'advisory', severity: 'high', level: 'error', id: '<b>GHSA</b>', message: '<iframe src="//evil.example">', failing: true });
  catalogue.packages[0]!.name = HOSTILE_PACKAGE;
  catalogue.packages[0]!.images = [HOSTILE_IMAGE];
  catalogue.packages[0]!.licenses = [HOSTILE_LICENSE];
  catalogue.summary.licenseExpressions.unshift({ expression: HOSTILE_LICENSE, packages: 99 });
  return catalogue;
}

function attributeValues(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'gi'))].map((m) => m[2] ?? m[3] ?? m[4] ?? '');
}

function embeddedData(html: string): { images: { name: string; rows: unknown[][] }[] } {
  const match = /<script type="application\/json" id="catalogue-data">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no embedded data');
  return JSON.parse(match[1]!) as { images: { name: string; rows: unknown[][] }[] };
}

describe('renderCatalogueHtml', () => {
  const html = renderCatalogueHtml(buildCatalogue(inventory(), scan()));

  it('shows the image and package tables without JavaScript', () => {
    const images = /<table id="images"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(images.match(/<tr data-image=/g)).toHaveLength(4);
    expect(images).toContain('data-image="auth-utils">auth-utils</a></td><td><span class="badge status-active">active</span></td><td>3.11</td><td>crypto → python3</td>');
    expect(images).toContain('<span class="badge status-deprecated">deprecated</span>');
    const packages = /<table id="packages"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(packages).toMatch(/<td class="pkg">ldap3<\/td><td>PyPI<\/td><td>2\.9\.1<\/td><td>LGPL-3\.0-or-later<\/td><td data-v="\d">\s*<span class="badge lic-needs-approval">needs approval<\/span><\/td>/);
    expect(packages).toMatch(/<td class="pkg">requests<\/td>.*<td class="images-list">auth-utils, crypto, old-ldap, python3<\/td>/);
  });

  it('draws the license and findings charts as inline SVG at render time', () => {
    expect(html).toMatch(/<figcaption>License verdicts \(distinct package versions\)<\/figcaption><svg role="img"/);
    expect(html).toMatch(/<title>needs approval: 1<\/title>/);
    expect(html).toMatch(/<title>could not check: 1<\/title>/);
    expect(html).toMatch(/<figcaption>Findings by severity \(2; 1 failing; 1 could not check\)<\/figcaption>/);
    expect(html).toMatch(/<title>Apache-2\.0: 2<\/title>/);
  });

  it('embeds every package row of every image for the detail panel', () => {
    const data = embeddedData(html);
    expect(data.images.map((i) => i.name)).toEqual(['auth-utils', 'crypto', 'old-ldap', 'python3']);
    const auth = data.images[0]!;
    expect(auth.rows).toHaveLength(10);
    expect(auth.rows.find((r) => r[0] === 'cryptography')?.slice(0, 5)).toEqual(['cryptography', '42.0.5', 'Apache-2.0 OR BSD-3-Clause', 'allowed', 'crypto']);
  });

  it("embeds each image's could-not-check packages with their reasons for the detail panel", () => {
    const data = embeddedData(html) as unknown as { images: { name: string; unchecked: string[][] }[] };
    expect(data.images.map((i) => [i.name, i.unchecked])).toEqual([
      ['auth-utils', []],
      ['crypto', []],
      ['old-ldap', [['pyasn1', '0.5.1', 'license: PyPI answered 503 three times']]],
      ['python3', []],
    ]);
  });

  it('says licenses and findings were not checked when built without a scan', () => {
    const unchecked = renderCatalogueHtml(buildCatalogue(inventory()));
    expect(unchecked).toContain('Licenses and findings were <strong>not checked</strong>');
    expect(unchecked).not.toContain('Findings by severity');
    expect(unchecked).toMatch(/<td class="pkg">cffi<\/td>.*<span class="badge lic-not-checked">not checked<\/span>.*<td data-v="-1" class="muted">not checked<\/td>/);
  });
});

describe('renderCatalogueHtml with hostile names', () => {
  const html = renderCatalogueHtml(hostileCatalogue());

  it('makes no external request: no http(s) or protocol-relative URL in src/href, no CSS url(), CSP forbids the rest', () => {
    for (const attribute of ['src', 'href', 'action', 'srcset', 'poster', 'data']) {
      for (const value of attributeValues(html, attribute)) expect(value).not.toMatch(/^\s*(https?:)?\/\//i);
    }
    const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1] ?? '');
    expect(styles).toHaveLength(1);
    for (const style of styles) expect(style).not.toMatch(/url\s*\(|@import/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`);
  });

  it('escapes names and texts everywhere they appear', () => {
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('onmouseover="alert');
    expect(html).toContain(escapeHtml(HOSTILE_PACKAGE));
    expect(html).toContain(`data-image="${escapeHtml(HOSTILE_IMAGE)}"`);
    expect(html).toContain(escapeHtml(HOSTILE_LICENSE));
  });

  it('keeps hostile names intact inside the embedded JSON', () => {
    const data = embeddedData(html);
    expect(data.images[0]!.name).toBe(HOSTILE_IMAGE);
    expect(data.images[0]!.rows[0]![0]).toBe(HOSTILE_PACKAGE);
    expect(data.images[0]!.rows[0]![2]).toBe(HOSTILE_LICENSE);
  });
});

describe('jsonForScript', () => {
  it('cannot close the script element or open a comment', () => {
    const encoded = jsonForScript({ a: '</script><!-- \u2028 & >' });
    expect(encoded).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(encoded)).toEqual({ a: '</script><!-- \u2028 & >' });
  });
});
