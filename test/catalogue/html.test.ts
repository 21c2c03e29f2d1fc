import fs from 'node:fs';
import { buildCatalogue, type Catalogue } from '../../src/catalogue/catalogue';
import { createHash } from 'node:crypto';
import { cspHash, escapeHtml, renderCatalogueHtml } from '../../src/catalogue/html';
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

/** The static detail section of one image (`id="image/NAME"`). */
function detailSection(html: string, image: string): string {
  const start = html.indexOf(`<section class="image-detail" id="image/${image}"`);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

/** The rows of a detail section's package table, as cell texts. */
function detailRows(section: string): string[][] {
  const body = /<table class="detail-packages">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(section)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim()));
}

function imageRows(html: string): string[] {
  const images = /<table id="images"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  return images.match(/<tr data-image=.*<\/tr>/g) ?? [];
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

  it("has every image's detail as static HTML at its own fragment (#image/NAME), linked from the image table", () => {
    expect(html).toContain('<a class="image-link" href="#image/auth-utils" data-image="auth-utils">auth-utils</a>');
    const auth = detailSection(html, 'auth-utils');
    expect(auth).toContain('<h2 class="detail-title">demisto/auth-utils</h2>');
    expect(auth).toContain('<dt>Base chain</dt><dd>auth-utils → crypto → python3</dd>');
    const rows = detailRows(auth);
    expect(rows).toHaveLength(10);
    expect(rows.find((r) => r[0] === 'cryptography')?.slice(0, 6)).toEqual(['cryptography', '42.0.5', 'Apache-2.0 OR BSD-3-Clause', 'allowed', '—', 'inherited from crypto']);
    expect(rows.find((r) => r[0] === 'pyjwt')?.[4]).toContain('license-denied');
    // Shown by CSS while it is the URL's target: no script needed, and the back button hides it again.
    expect(html).toMatch(/\.image-detail\{display:none;/);
    expect(html).toContain('.image-detail:target{display:block}');
    expect(html).not.toContain('application/json');
  });

  it('collapses what could not be checked to a count with a disclosure, each package and reason inside', () => {
    expect(detailSection(html, 'old-ldap')).toContain(
      '<details class="unchecked">\n<summary>Could not check: 1 package, not vetted until fixed</summary>\n<ul><li><code>pyasn1</code> 0.5.1: license: PyPI answered 503 three times</li></ul>\n</details>',
    );
    expect(detailSection(html, 'crypto')).not.toContain('class="unchecked"');
    expect(imageRows(html).find((r) => r.startsWith('<tr data-image="old-ldap">'))).toMatch(/<td class="num warn" data-v="1">1<\/td><\/tr>$/);
  });

  it('says licenses and findings were not checked when built without a scan, never 0', () => {
    const unchecked = renderCatalogueHtml(buildCatalogue(inventory()));
    expect(unchecked).toContain('Licenses and findings were <strong>not checked</strong>');
    expect(unchecked).not.toContain('Findings by severity');
    expect(unchecked).toMatch(/<td class="pkg">cffi<\/td>.*<span class="badge lic-not-checked">not checked<\/span>.*<td data-v="-1" class="muted">not checked<\/td>/);
    // Findings, license issues and could-not-check: each column a scan would fill says so.
    for (const row of imageRows(unchecked)) expect(row.match(/not checked/g)).toHaveLength(3);
    expect(detailRows(detailSection(unchecked, 'crypto'))[0]![4]).toBe('not checked');
  });

  it('says "not checked" for license issues when the scan did not run the license check', () => {
    const noLicense = scan();
    noLicense.checks = ['advisories'];
    for (const row of imageRows(renderCatalogueHtml(buildCatalogue(inventory(), noLicense)))) expect(row.match(/not checked/g)).toHaveLength(1);
  });

  it("allows its one script and one style sheet by their hashes in the CSP, never 'unsafe-inline'", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!;
    expect(csp).not.toContain('unsafe-inline');
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    const sha = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp).toBe(`default-src 'none'; script-src ${sha(scripts[0]!)}; style-src ${sha(styles[0]!)}; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(cspHash('x')).toBe(sha('x'));
    // No inline event handlers or style attributes, which a hash-based CSP would block.
    expect(html).not.toMatch(/\son[a-z]+=|\sstyle=/);
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
    expect(html).toMatch(/content="default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:; base-uri 'none'; form-action 'none'"/);
  });

  it('escapes names and texts everywhere they appear, the static detail included', () => {
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toContain('onmouseover="alert');
    expect(html).not.toMatch(/<iframe/);
    expect(html).toContain(escapeHtml(HOSTILE_PACKAGE));
    expect(html).toContain(`data-image="${escapeHtml(HOSTILE_IMAGE)}"`);
    expect(html).toContain(`id="image/${escapeHtml(HOSTILE_IMAGE)}"`);
    expect(html).toContain(escapeHtml(HOSTILE_LICENSE));
    expect(html).toContain('<code>&lt;b&gt;GHSA&lt;/b&gt;</code>');
    // The fragment link encodes what a URL must not hold raw.
    expect(html).toContain(`href="#image/${escapeHtml(HOSTILE_IMAGE.split('/').map(encodeURIComponent).join('/'))}"`);
  });
});
