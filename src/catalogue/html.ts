// HTML rendering of the catalogue: one self-contained page (inline CSS, JS and SVG; a CSP forbids every external
// request and allows the page's one script and one style sheet by their SHA-256 hashes, never 'unsafe-inline').
// Without JavaScript it is complete: the summary charts, the image table, the package table and, for every image, a
// static detail section with its own URL fragment (`#image/crypto`) that CSS shows while it is the target, so a link
// to one image works and the back button goes back. The script only enhances: search and column sorting.
import { createHash } from 'node:crypto';
import type { Severity } from '../findings';
import { SEVERITIES } from '../findings';
import { countWork } from '../work-meter';
import { couldNotCheckReasons, LICENSE_LABELS, licenseLabel, licenseText, versionLabel, type Catalogue, type CatalogueFinding, type CatalogueImage, type CataloguePackage, type LicenseLabel } from './catalogue';

/** `'sha256-…'`: the CSP source that allows exactly this inline script or style sheet (CSP Level 2 hashes). */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The page's Content Security Policy: nothing from anywhere, except its own script and style by hash. */
export function catalogueCsp(): string {
  return `default-src 'none'; script-src ${cspHash(SCRIPT)}; style-src ${cspHash(CSS)}; img-src data:; base-uri 'none'; form-action 'none'`;
}

/** The URL fragment of an image's detail section: `image/crypto`. */
export function imageFragment(name: string): string {
  return `image/${name}`;
}

export function renderCatalogueHtml(catalogue: Catalogue): string {
  const s = catalogue.summary;
  const checked = catalogue.scan !== undefined;
  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // No request may leave the page, and nothing but its own script and style may run or apply.
    `<meta http-equiv="Content-Security-Policy" content="${catalogueCsp()}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Image catalogue: ${escapeHtml(catalogue.roots.join(', '))}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>Image catalogue</h1>',
    `<p class="meta">Roots: ${catalogue.roots.map((root) => `<code>${escapeHtml(root)}</code>`).join(', ')}. ${s.images} images (${s.imagesByStatus.active} active, ${s.imagesByStatus.deprecated} deprecated, ${s.imagesByStatus.devonly} dev-only), ${s.packageRows} package rows, ${s.distinctPackages} distinct packages.</p>`,
    checked && catalogue.scan
      ? `<p class="meta">Checked by ${escapeHtml(catalogue.scan.tool)} at ${escapeHtml(catalogue.scan.generatedAt)} (checks: ${escapeHtml(catalogue.scan.checks.join(', ') || 'none')}).</p>`
      : '<p class="meta warn">Licenses and findings were <strong>not checked</strong>: this catalogue was built without a scan.</p>',
    '<noscript><p class="meta">Search and sorting need JavaScript; the tables and every image\u2019s detail (follow its link) are complete without it.</p></noscript>',
    '</header>',
    '<section id="summary" aria-label="Summary">',
    licenseChart(catalogue),
    expressionChart(catalogue),
    checked ? findingsChart(catalogue) : '',
    '</section>',
    '<div class="search"><label for="search">Search images and packages</label> <input id="search" type="search" placeholder="package or image name" autocomplete="off"> <span id="search-count" aria-live="polite"></span></div>',
    imagesTable(catalogue),
    '<div id="details">',
    ...catalogue.images.map((image) => imageDetail(image, catalogue)),
    '</div>',
    packagesTable(catalogue),
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
  );
  return parts.join('\n');
}

function imagesTable(catalogue: Catalogue): string {
  const checked = catalogue.scan !== undefined;
  const licenseRan = checked && catalogue.scan!.checks.includes('license');
  const notChecked = '<td data-v="-1" class="muted">not checked</td>';
  const rows = catalogue.images.map((image) => {
    countWork('render.rows', 1 + image.baseChain.length);
    const c = image.counts;
    const unchecked = uncheckedRows(image).length;
    const findings = checked ? numCell(c.findings, c.failing > 0 ? `${c.findings} (${c.failing} failing)` : String(c.findings), c.failing > 0 ? 'bad' : '') : notChecked;
    // A column whose check did not run says so: 0 would read as "checked, nothing found".
    const issues = licenseRan ? numCell(c.licenseIssues, String(c.licenseIssues), c.licenseIssues > 0 ? 'warn' : '') : notChecked;
    const couldNot = checked ? numCell(unchecked, String(unchecked), unchecked > 0 ? 'warn' : '') : notChecked;
    return [
      `<tr data-image="${escapeHtml(image.name)}">`,
      `<td><a class="image-link" href="#${escapeHtml(fragmentHref(imageFragment(image.name)))}" data-image="${escapeHtml(image.name)}">${escapeHtml(image.name)}</a></td>`,
      `<td><span class="badge status-${image.status}">${image.status === 'devonly' ? 'dev-only' : image.status}</span></td>`,
      `<td>${image.python ? escapeHtml(image.python.version) : '<span class="muted">unknown</span>'}</td>`,
      `<td>${image.baseChain.map(escapeHtml).join(' → ') || '<span class="muted">—</span>'}</td>`,
      numCell(c.own),
      numCell(c.inherited),
      numCell(c.skipped),
      findings,
      issues,
      couldNot,
      '</tr>',
    ].join('');
  });
  return [
    '<section id="images-section">',
    `<h2>Images <span class="count">(${catalogue.images.length})</span></h2>`,
    '<table id="images" class="sortable">',
    `<thead><tr>${header('Image')}${header('Status')}${header('Python', 'version')}${header('Base chain')}${header('Own', 'num')}${header('Inherited', 'num')}${header('Skipped', 'num')}${header('Findings', 'num')}${header('License issues', 'num')}${header('Could not check', 'num')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
    '</section>',
  ].join('\n');
}

/** A fragment as it goes in an href: percent-encoded where a URL needs it, `/` kept (`image/crypto`). */
function fragmentHref(fragment: string): string {
  return fragment.split('/').map(encodeURIComponent).join('/');
}

/** Included rows that could not be (fully) checked, with their reasons. */
function uncheckedRows(image: CatalogueImage): { row: CataloguePackage; reasons: string[] }[] {
  const out: { row: CataloguePackage; reasons: string[] }[] = [];
  for (const row of image.packages) {
    const reasons = couldNotCheckReasons(row);
    if (reasons.length > 0) out.push({ row, reasons });
  }
  return out;
}

/**
 * One image's detail as static HTML: shown by CSS while its fragment is the URL's target (no script needed), hidden
 * otherwise. Facts, findings that are not about a package, what could not be checked (collapsed to a count), and
 * every package row, own and inherited.
 */
function imageDetail(image: CatalogueImage, catalogue: Catalogue): string {
  const checked = catalogue.scan !== undefined;
  const id = imageFragment(image.name);
  const qualified = catalogue.organisation ? `${catalogue.organisation}/${image.name}` : image.name;
  const c = image.counts;
  const facts: [string, string][] = [
    ['Status', `${image.status}${image.deprecatedReason ? ` (${image.deprecatedReason})` : ''}`],
    ['Version (build.conf)', image.version ?? 'unknown'],
    ['Python', image.python ? `${image.python.version} (${image.python.source})` : 'unknown'],
    ['Base image', image.base ?? 'unknown'],
    ['Base chain', [image.name, ...image.baseChain].join(' → ')],
    ['Source of truth', image.sourceOfTruth.join(', ') || 'none'],
    ['Packages', `${c.own} own, ${c.inherited} inherited, ${c.skipped} skipped`],
    ['Findings', checked ? `${c.findings} (${c.failing} failing)` : 'not checked'],
  ];
  const parts: string[] = [
    `<section class="image-detail" id="${escapeHtml(id)}" data-image="${escapeHtml(image.name)}" aria-label="${escapeHtml(qualified)}">`,
    '<p class="back"><a href="#images-section">↑ All images</a></p>',
    `<h2 class="detail-title">${escapeHtml(qualified)}</h2>`,
    `<dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`,
  ];
  if (image.otherFindings.length > 0) parts.push(`<div class="other-findings">${image.otherFindings.map(findingHtml).join('')}</div>`);
  const unchecked = uncheckedRows(image);
  if (unchecked.length > 0) {
    countWork('render.rows', unchecked.length);
    parts.push(
      '<details class="unchecked">',
      `<summary>Could not check: ${unchecked.length} package${unchecked.length === 1 ? '' : 's'}, not vetted until fixed</summary>`,
      `<ul>${unchecked.map(({ row, reasons }) => `<li><code>${escapeHtml(row.name)}</code> ${escapeHtml(versionLabel(row))}: ${escapeHtml(reasons.join('; '))}</li>`).join('')}</ul>`,
      '</details>',
    );
  }
  const rows = image.packages.map((row) => {
    countWork('render.rows', 1 + row.findings.length + row.couldNotCheck.length);
    const label = licenseLabel(row.license);
    const from = row.inheritedFrom ? `inherited from ${row.inheritedFrom}` : `own (${row.relation})`;
    const cls = `${row.inheritedFrom ? 'inherited' : 'own'}${row.status === 'skipped' ? ' skipped' : ' included'}`;
    const findings = row.findings.length > 0 ? row.findings.map(findingHtml).join('') : checked ? '—' : '<span class="muted">not checked</span>';
    return [
      `<tr class="${cls}">`,
      `<td class="pkg">${escapeHtml(row.name)}</td>`,
      `<td>${escapeHtml(versionLabel(row))}</td>`,
      `<td>${escapeHtml(licenseText(row.license))}</td>`,
      `<td>${badge(label)}</td>`,
      `<td>${findings}</td>`,
      `<td>${escapeHtml(from)}</td>`,
      `<td><code>${escapeHtml(row.location)}</code></td>`,
      `<td class="muted">${escapeHtml(noteOf(row))}</td>`,
      '</tr>',
    ].join('');
  });
  parts.push(
    '<table class="detail-packages">',
    `<thead><tr>${['Package', 'Version', 'License', 'Verdict', 'Findings', 'From', 'Declared at', 'Note'].map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
    '</section>',
  );
  return parts.join('\n');
}

function findingHtml(finding: CatalogueFinding): string {
  const severity = (SEVERITIES as readonly string[]).includes(finding.severity) ? finding.severity : 'info';
  return [
    '<div class="finding">',
    `<span class="badge sev-${severity}">${escapeHtml(finding.severity)}</span> `,
    `<code>${escapeHtml(finding.id)}</code>`,
    finding.failing ? ' <strong class="bad">failing</strong>' : '',
    finding.suppressedBy ? ` (suppressed: ${escapeHtml(finding.suppressedBy)})` : '',
    ` ${escapeHtml(finding.message)}`,
    '</div>',
  ].join('');
}

function packagesTable(catalogue: Catalogue): string {
  const checked = catalogue.scan !== undefined;
  const rows = catalogue.packages.map((pkg) => {
    countWork('render.rows', 1 + pkg.versions.length + pkg.licenses.length + pkg.images.length);
    const searchKey = `${pkg.name} ${pkg.normalizedName}`.toLowerCase();
    return [
      `<tr data-search="${escapeHtml(searchKey)}">`,
      `<td class="pkg">${escapeHtml(pkg.name)}</td>`,
      `<td>${pkg.ecosystem}</td>`,
      `<td>${pkg.versions.map(escapeHtml).join(', ')}</td>`,
      `<td>${pkg.licenses.map(escapeHtml).join('; ')}</td>`,
      `<td data-v="${LICENSE_LABELS.indexOf(pkg.verdict)}">${badge(pkg.verdict)}</td>`,
      checked ? numCell(pkg.findings, String(pkg.findings), pkg.findings > 0 ? 'bad' : '') : '<td data-v="-1" class="muted">not checked</td>',
      numCell(pkg.images.length),
      `<td class="images-list">${pkg.images.map(escapeHtml).join(', ') || '<span class="muted">outside images</span>'}</td>`,
      '</tr>',
    ].join('');
  });
  return [
    '<section>',
    `<h2>Packages <span class="count">(${catalogue.packages.length})</span></h2>`,
    '<table id="packages" class="sortable">',
    `<thead><tr>${header('Package')}${header('Ecosystem')}${header('Versions')}${header('License')}${header('Verdict', 'num')}${header('Findings', 'num')}${header('Images', 'num')}${header('Used by')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
    '</section>',
  ].join('\n');
}

function header(label: string, type: 'text' | 'num' | 'version' = 'text'): string {
  return `<th scope="col" aria-sort="none"><button type="button" class="sort" data-type="${type}">${escapeHtml(label)}</button></th>`;
}

function numCell(value: number, shown = String(value), cls = ''): string {
  return `<td class="num${cls ? ` ${cls}` : ''}" data-v="${value}">${escapeHtml(shown)}</td>`;
}

function badge(label: LicenseLabel): string {
  return `<span class="badge lic-${label}">${label.replace(/-/g, ' ')}</span>`;
}

const LABEL_TITLES: Record<LicenseLabel, string> = {
  denied: 'denied',
  'needs-approval': 'needs approval',
  unknown: 'unknown license',
  'could-not-check': 'could not check',
  'not-checked': 'not checked',
  allowed: 'allowed',
};

function licenseChart(catalogue: Catalogue): string {
  const items = LICENSE_LABELS.map((label) => ({ label: LABEL_TITLES[label], value: catalogue.summary.licenseLabels[label], cls: `lic-${label}` })).filter((item) => item.value > 0);
  return barChart('License verdicts (distinct package versions)', items);
}

function expressionChart(catalogue: Catalogue): string {
  const all = catalogue.summary.licenseExpressions;
  const top = all.slice(0, 10).map((e) => ({ label: e.expression, value: e.packages, cls: 'expr' }));
  const rest = all.slice(10).reduce((sum, e) => sum + e.packages, 0);
  if (rest > 0) top.push({ label: `${all.length - 10} other licenses`, value: rest, cls: 'expr-other' });
  return barChart('Licenses (distinct package versions)', top);
}

function findingsChart(catalogue: Catalogue): string {
  const items = [...SEVERITIES].reverse().map((severity: Severity) => ({ label: severity, value: catalogue.summary.findingsBySeverity[severity], cls: `sev-${severity}` }));
  const total = items.reduce((sum, item) => sum + item.value, 0);
  return barChart(`Findings by severity (${total}; ${catalogue.summary.failingFindings} failing; ${catalogue.summary.couldNotCheck} could not check)`, items);
}

/** A horizontal bar chart as inline SVG, computed here so it shows without JavaScript. */
function barChart(title: string, items: { label: string; value: number; cls: string }[]): string {
  const rowHeight = 22;
  const labelWidth = 210;
  const barWidth = 260;
  const width = labelWidth + barWidth + 60;
  const height = Math.max(1, items.length) * rowHeight + 8;
  const max = items.reduce((largest, item) => Math.max(largest, item.value), 1);
  const bars = items.map((item, index) => {
    const y = index * rowHeight + 4;
    const w = item.value === 0 ? 0 : Math.max(2, Math.round((item.value / max) * barWidth));
    const label = item.label.length > 32 ? `${item.label.slice(0, 31)}…` : item.label;
    return [
      `<g><title>${escapeHtml(`${item.label}: ${item.value}`)}</title>`,
      `<text x="${labelWidth - 6}" y="${y + 14}" text-anchor="end">${escapeHtml(label)}</text>`,
      `<rect class="${escapeHtml(item.cls)}" x="${labelWidth}" y="${y + 2}" width="${w}" height="${rowHeight - 6}" rx="2"></rect>`,
      `<text x="${labelWidth + w + 6}" y="${y + 14}">${item.value}</text></g>`,
    ].join('');
  });
  const empty = items.length === 0 ? `<text x="6" y="16">none</text>` : '';
  return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption><svg role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars.join('')}${empty}</svg></figure>`;
}

function noteOf(row: CataloguePackage): string {
  const notes: string[] = [];
  if (row.skipReason !== undefined) notes.push(row.skipReason);
  if (row.license.state !== 'checked') notes.push(row.license.reason);
  for (const c of row.couldNotCheck) if (c.check !== 'license') notes.push(`${c.check}: ${c.reason}`);
  return notes.join('; ');
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

const CSS = `
:root{--fg:#1d2330;--muted:#69707d;--line:#d9dde3;--bg:#fff;--head:#f3f5f8;--ok:#1f7a3a;--warn:#a86400;--bad:#b3261e;--info:#2f5fb3}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0 24px 48px}
h1{font-size:24px;margin:20px 0 4px}h2{font-size:18px;margin:28px 0 8px}.count{color:var(--muted);font-weight:normal}
.meta{margin:2px 0;color:var(--muted)}.warn{color:var(--warn)}.bad{color:var(--bad);font-weight:600}.muted{color:var(--muted)}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
#summary{display:flex;flex-wrap:wrap;gap:16px;margin:16px 0}
.chart{margin:0;padding:10px 12px;border:1px solid var(--line);border-radius:6px}
.chart figcaption{font-weight:600;margin-bottom:4px}.chart text{font-size:12px;fill:var(--fg)}
.search{position:sticky;top:0;background:var(--bg);padding:10px 0;border-bottom:1px solid var(--line);z-index:2}
#search{width:320px;padding:5px 8px;font-size:14px}#search-count{color:var(--muted);margin-left:8px}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--head);position:sticky;top:50px;z-index:1}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.images-list{font-size:12px;color:var(--muted);max-width:420px}
button.sort{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
th[aria-sort=ascending] button.sort::after{content:" ▲"}th[aria-sort=descending] button.sort::after{content:" ▼"}
.badge{display:inline-block;padding:0 6px;border-radius:9px;font-size:12px;white-space:nowrap;border:1px solid transparent}
.lic-allowed,.status-active{background:#e3f4e8;color:var(--ok)}
.lic-needs-approval,.status-devonly{background:#fff1d6;color:var(--warn)}
.lic-denied{background:#fde4e1;color:var(--bad)}
.lic-unknown,.status-deprecated{background:#eceef2;color:var(--muted)}
.lic-could-not-check{background:#fff;color:var(--warn);border-color:var(--warn)}
.lic-not-checked{background:#fff;color:var(--muted);border:1px dashed var(--muted)}
.sev-critical{background:#7a1010;color:#fff}.sev-high{background:#fde4e1;color:var(--bad)}.sev-medium{background:#fff1d6;color:var(--warn)}
.sev-low,.sev-info{background:#e6edf9;color:var(--info)}
rect.lic-allowed{fill:#3a9a57}rect.lic-needs-approval{fill:#e0a030}rect.lic-denied{fill:#d0453a}rect.lic-unknown{fill:#9aa1ad}
rect.lic-could-not-check{fill:#f0c36a}rect.lic-not-checked{fill:#c9cdd4}rect.expr{fill:#5b7fc7}rect.expr-other{fill:#a9b8d9}
rect.sev-critical{fill:#7a1010}rect.sev-high{fill:#d0453a}rect.sev-medium{fill:#e0a030}rect.sev-low{fill:#5b7fc7}rect.sev-info{fill:#9aa1ad}
/* Each image's detail is static HTML, shown while its fragment (#image/NAME) is the URL's target: no script needed. */
.image-detail{display:none;scroll-margin-top:64px;border:2px solid var(--info);border-radius:8px;padding:8px 16px 16px;margin:16px 0;background:#fafbfd}
.image-detail:target{display:block}
.image-detail h2{margin-top:8px}.image-detail dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
.image-detail dt{color:var(--muted)}.image-detail dd{margin:0}.back{float:right;margin:8px 0 0}
details.unchecked{margin:8px 0;padding:4px 8px;border:1px solid var(--warn);border-radius:6px;background:#fffaf0}
details.unchecked summary{cursor:pointer;color:var(--warn);font-weight:600}
tr.inherited td{background:#f7f8fa}tr.skipped td{color:var(--muted);text-decoration:line-through}
`;

// Plain ES2017 for the browser. It only enhances the static page (search and sorting); it reads the page itself, never
// embedded data, and writes text with textContent (never innerHTML).
const SCRIPT = `
(function () {
  'use strict';
  // Search: package rows match on their name; image rows on their name or any package they install (read from the
  // image's static detail section).
  var packageNames = {};
  Array.prototype.forEach.call(document.querySelectorAll('section.image-detail'), function (section) {
    packageNames[section.getAttribute('data-image')] = Array.prototype.map.call(section.querySelectorAll('tr.included td.pkg'), function (td) {
      return td.textContent.toLowerCase();
    });
  });
  var search = document.getElementById('search');
  var imageRows = Array.prototype.slice.call(document.querySelectorAll('#images tbody tr'));
  var packageRows = Array.prototype.slice.call(document.querySelectorAll('#packages tbody tr'));
  var count = document.getElementById('search-count');
  function applySearch() {
    var q = search.value.trim().toLowerCase();
    var shownImages = 0, shownPackages = 0;
    imageRows.forEach(function (tr) {
      var name = tr.getAttribute('data-image');
      var hit = !q || name.toLowerCase().indexOf(q) >= 0 || (packageNames[name] || []).some(function (p) { return p.indexOf(q) >= 0; });
      tr.hidden = !hit; if (hit) shownImages++;
    });
    packageRows.forEach(function (tr) {
      var hit = !q || tr.getAttribute('data-search').indexOf(q) >= 0;
      tr.hidden = !hit; if (hit) shownPackages++;
    });
    count.textContent = q ? shownImages + ' images, ' + shownPackages + ' packages match' : '';
  }
  search.addEventListener('input', applySearch);

  // Sorting: click a column header; again to reverse. Numbers sort by data-v, versions by their numeric parts.
  function versionKey(s) { return String(s).split(/[^0-9]+/).filter(Boolean).map(Number); }
  function compareVersions(a, b) {
    var x = versionKey(a), y = versionKey(b);
    for (var i = 0; i < Math.max(x.length, y.length); i++) { var d = (x[i] || 0) - (y[i] || 0); if (d) return d; }
    return 0;
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var ths = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(ths, function (th, index) {
      var button = th.querySelector('button.sort');
      if (!button) return;
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(ths, function (other) { other.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var type = button.getAttribute('data-type');
        var tbody = table.tBodies[0];
        var rows = Array.prototype.slice.call(tbody.rows);
        var keyed = rows.map(function (tr, position) {
          var cell = tr.cells[index];
          var v = type === 'num' ? Number(cell.getAttribute('data-v')) : cell.textContent.trim();
          return { tr: tr, v: v, position: position };
        });
        keyed.sort(function (a, b) {
          var d = type === 'num' ? a.v - b.v : type === 'version' ? compareVersions(a.v, b.v) : (a.v.toLowerCase() < b.v.toLowerCase() ? -1 : a.v.toLowerCase() > b.v.toLowerCase() ? 1 : 0);
          if (!ascending) d = -d;
          return d || a.position - b.position;
        });
        var fragment = document.createDocumentFragment();
        keyed.forEach(function (k) { fragment.appendChild(k.tr); });
        tbody.appendChild(fragment);
      });
    });
  });
})();
`;
