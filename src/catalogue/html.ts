// HTML rendering of the catalogue: one self-contained page (inline CSS, JS and SVG; a CSP forbids every external
// request). Without JavaScript it shows the summary charts, the image table and the package table; the script adds
// search, column sorting and a per-image detail panel built from embedded JSON, so 10k package rows are not all
// rendered as HTML twice.
import type { Severity } from '../findings';
import { SEVERITIES } from '../findings';
import { countWork } from '../work-meter';
import { couldNotCheckReasons, LICENSE_LABELS, licenseLabel, licenseText, versionLabel, type Catalogue, type CatalogueFinding, type CatalogueImage, type CataloguePackage, type LicenseLabel } from './catalogue';

export function renderCatalogueHtml(catalogue: Catalogue): string {
  const s = catalogue.summary;
  const checked = catalogue.scan !== undefined;
  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // No request may leave the page: everything it needs is inline.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
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
    '<noscript><p class="meta">Search, sorting and the per-image detail need JavaScript; the tables below are complete without it.</p></noscript>',
    '</header>',
    '<section id="summary" aria-label="Summary">',
    licenseChart(catalogue),
    expressionChart(catalogue),
    checked ? findingsChart(catalogue) : '',
    '</section>',
    '<div class="search"><label for="search">Search images and packages</label> <input id="search" type="search" placeholder="package or image name" autocomplete="off"> <span id="search-count" aria-live="polite"></span></div>',
    '<section id="detail" hidden aria-live="polite"></section>',
    imagesTable(catalogue),
    packagesTable(catalogue),
    `<script type="application/json" id="catalogue-data">${jsonForScript(detailData(catalogue))}</script>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
  );
  return parts.join('\n');
}

function imagesTable(catalogue: Catalogue): string {
  const checked = catalogue.scan !== undefined;
  const rows = catalogue.images.map((image) => {
    countWork('render.rows', 1 + image.baseChain.length);
    const c = image.counts;
    const findings = checked ? numCell(c.findings, c.failing > 0 ? `${c.findings} (${c.failing} failing)` : String(c.findings), c.failing > 0 ? 'bad' : '') : '<td data-v="-1" class="muted">not checked</td>';
    const issues = checked ? numCell(c.licenseIssues, String(c.licenseIssues), c.licenseIssues > 0 ? 'warn' : '') : '<td data-v="-1" class="muted">not checked</td>';
    return [
      `<tr data-image="${escapeHtml(image.name)}">`,
      `<td><a class="image-link" href="#detail" data-image="${escapeHtml(image.name)}">${escapeHtml(image.name)}</a></td>`,
      `<td><span class="badge status-${image.status}">${image.status === 'devonly' ? 'dev-only' : image.status}</span></td>`,
      `<td>${image.python ? escapeHtml(image.python.version) : '<span class="muted">unknown</span>'}</td>`,
      `<td>${image.baseChain.map(escapeHtml).join(' → ') || '<span class="muted">—</span>'}</td>`,
      numCell(c.own),
      numCell(c.inherited),
      numCell(c.skipped),
      findings,
      issues,
      numCell(c.licenseUnchecked, String(c.licenseUnchecked), c.licenseUnchecked > 0 ? 'muted' : ''),
      '</tr>',
    ].join('');
  });
  return [
    '<section>',
    `<h2>Images <span class="count">(${catalogue.images.length})</span></h2>`,
    '<table id="images" class="sortable">',
    `<thead><tr>${header('Image')}${header('Status')}${header('Python', 'version')}${header('Base chain')}${header('Own', 'num')}${header('Inherited', 'num')}${header('Skipped', 'num')}${header('Findings', 'num')}${header('License issues', 'num')}${header('Licenses not checked', 'num')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
    '</section>',
  ].join('\n');
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

/**
 * What the detail panel needs, compact: package rows are arrays (about 10k of them for the whole corpus).
 * Row: [name, version, license text, label, inheritedFrom, relation, location, status, note, findings, ecosystem];
 * finding: [severity, id, failing (0/1), message, check, suppressed-by].
 */
function detailData(catalogue: Catalogue): { organisation: string; checked: boolean; images: unknown[] } {
  return {
    organisation: catalogue.organisation ?? '',
    checked: catalogue.scan !== undefined,
    images: catalogue.images.map((image: CatalogueImage) => ({
      name: image.name,
      status: image.status,
      version: image.version ?? '',
      deprecatedReason: image.deprecatedReason ?? '',
      python: image.python ? `${image.python.version} (${image.python.source})` : 'unknown',
      base: image.base ?? '',
      chain: image.baseChain,
      sourceOfTruth: image.sourceOfTruth,
      counts: image.counts,
      other: image.otherFindings.map(findingTuple),
      // [name, version, reasons]: the packages a reviewer must see were not vetted, listed on their own.
      unchecked: image.packages.flatMap((row) => {
        const reasons = couldNotCheckReasons(row);
        return reasons.length > 0 ? [[row.name, versionLabel(row), reasons.join('; ')]] : [];
      }),
      rows: image.packages.map((row: CataloguePackage) => {
        countWork('render.rows', 1 + row.findings.length + row.couldNotCheck.length);
        return [
          row.name,
          versionLabel(row),
          licenseText(row.license),
          licenseLabel(row.license),
          row.inheritedFrom ?? '',
          row.relation,
          row.location,
          row.status,
          noteOf(row),
          row.findings.map(findingTuple),
          row.ecosystem,
        ];
      }),
    })),
  };
}

function noteOf(row: CataloguePackage): string {
  const notes: string[] = [];
  if (row.skipReason !== undefined) notes.push(row.skipReason);
  if (row.license.state !== 'checked') notes.push(row.license.reason);
  for (const c of row.couldNotCheck) if (c.check !== 'license') notes.push(`${c.check}: ${c.reason}`);
  return notes.join('; ');
}

function findingTuple(finding: CatalogueFinding): unknown[] {
  return [finding.severity, finding.id, finding.failing ? 1 : 0, finding.message, finding.check, finding.suppressedBy ?? ''];
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

/** JSON that cannot end its `<script>` element or open a comment, whatever the strings hold. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
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
#detail{scroll-margin-top:64px;border:2px solid var(--info);border-radius:8px;padding:8px 16px 16px;margin:16px 0;background:#fafbfd}
#detail h2{margin-top:8px}#detail dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
#detail dt{color:var(--muted)}#detail dd{margin:0}
tr.inherited td{background:#f7f8fa}tr.skipped td{color:var(--muted);text-decoration:line-through}
.close{float:right;margin-top:8px}
`;

// Plain ES2017 for the browser; reads only the embedded JSON and builds the detail with textContent (never innerHTML).
const SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('catalogue-data').textContent);
  var byName = {};
  var packageNames = {};
  data.images.forEach(function (image) {
    byName[image.name] = image;
    packageNames[image.name] = image.rows.filter(function (r) { return r[7] === 'included'; }).map(function (r) { return String(r[0]).toLowerCase(); });
  });
  var LABELS = ['denied', 'needs-approval', 'unknown', 'could-not-check', 'not-checked', 'allowed'];
  var SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { if (k === 'text') node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { if (c != null) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function badge(text, cls) { return el('span', { 'class': 'badge ' + cls, text: text }); }

  // Search: package rows match on their name; image rows match on their name or on any package they install.
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

  // Per-image detail, rendered on demand from the embedded JSON.
  var detail = document.getElementById('detail');
  function findingNodes(findings) {
    return findings.map(function (f) {
      var sev = SEVERITIES.indexOf(f[0]) >= 0 ? f[0] : 'info';
      return el('div', null, [badge(f[0], 'sev-' + sev), ' ', el('code', { text: f[1] }), f[2] ? el('strong', { 'class': 'bad', text: ' failing' }) : null, f[5] ? ' (suppressed: ' + f[5] + ')' : null, ' ' + f[3]]);
    });
  }
  function showImage(name) {
    var image = byName[name];
    if (!image) return;
    while (detail.firstChild) detail.removeChild(detail.firstChild);
    var close = el('button', { type: 'button', 'class': 'close', text: 'Close' });
    close.addEventListener('click', function () { detail.hidden = true; });
    var qualified = data.organisation ? data.organisation + '/' + image.name : image.name;
    detail.appendChild(close);
    detail.appendChild(el('h2', { id: 'detail-title', text: qualified }));
    var facts = [
      ['Status', image.status + (image.deprecatedReason ? ' (' + image.deprecatedReason + ')' : '')],
      ['Version (build.conf)', image.version || 'unknown'],
      ['Python', image.python],
      ['Base image', image.base || 'unknown'],
      ['Base chain', [image.name].concat(image.chain).join(' \\u2192 ')],
      ['Source of truth', image.sourceOfTruth.join(', ') || 'none'],
      ['Packages', image.counts.own + ' own, ' + image.counts.inherited + ' inherited, ' + image.counts.skipped + ' skipped'],
      ['Findings', data.checked ? image.counts.findings + ' (' + image.counts.failing + ' failing)' : 'not checked']
    ];
    var dl = el('dl');
    facts.forEach(function (f) { dl.appendChild(el('dt', { text: f[0] })); dl.appendChild(el('dd', { text: f[1] })); });
    detail.appendChild(dl);
    if (image.other.length) detail.appendChild(el('div', null, findingNodes(image.other)));
    if (image.unchecked.length) {
      detail.appendChild(el('h3', { id: 'detail-unchecked-title', text: 'Could not check (' + image.unchecked.length + '): not vetted until fixed' }));
      detail.appendChild(el('ul', { id: 'detail-unchecked' }, image.unchecked.map(function (u) {
        return el('li', null, [el('code', { text: u[0] }), ' ' + u[1] + ': ' + u[2]]);
      })));
    }
    var head = el('tr', null, ['Package', 'Version', 'License', 'Verdict', 'Findings', 'From', 'Declared at', 'Note'].map(function (h) { return el('th', { scope: 'col', text: h }); }));
    var body = el('tbody');
    image.rows.forEach(function (r) {
      var label = LABELS.indexOf(r[3]) >= 0 ? r[3] : 'unknown';
      var from = r[4] ? 'inherited from ' + r[4] : 'own (' + r[5] + ')';
      var cls = (r[4] ? 'inherited' : 'own') + (r[7] === 'skipped' ? ' skipped' : '');
      body.appendChild(el('tr', { 'class': cls }, [
        el('td', { 'class': 'pkg', text: r[0] }), el('td', { text: r[1] }), el('td', { text: r[2] }),
        el('td', null, [badge(label.replace(/-/g, ' '), 'lic-' + label)]),
        el('td', null, r[9].length ? findingNodes(r[9]) : [data.checked ? '\\u2014' : 'not checked']),
        el('td', { text: from }), el('td', null, [el('code', { text: r[6] })]), el('td', { 'class': 'muted', text: r[8] })
      ]));
    });
    detail.appendChild(el('table', { id: 'detail-packages' }, [el('thead', null, [head]), body]));
    detail.hidden = false;
    detail.scrollIntoView();
  }
  Array.prototype.forEach.call(document.querySelectorAll('a.image-link'), function (a) {
    a.addEventListener('click', function (event) { event.preventDefault(); showImage(a.getAttribute('data-image')); });
  });
})();
`;
