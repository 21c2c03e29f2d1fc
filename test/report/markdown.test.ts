import { escapeHtml, escapeMarkdown, MARKDOWN_MARKER, MARKDOWN_MAX_LENGTH, osvUrl, registryUrl, renderMarkdown } from '../../src/report/markdown';
import type { ScanResult } from '../../src/scan/result';
import { LINEAR_GROWTH_BOUND, workGrowth } from '../helpers/work';
import { advisoryFinding, largeResult, loadResult, networkDownResult } from './load-result';

/** The rows of the Markdown table that follows `header`. */
function tableAfter(md: string, header: string): string[][] {
  const lines = md.split('\n');
  const start = lines.indexOf(header);
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    // Split on unescaped pipes only, as GFM does.
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}

const PACKAGE_TABLE = '| Package | Where | Problems |';

describe('renderMarkdown', () => {
  it('starts with one line that says it all, then the summary and exit code, then a table per check', () => {
    const md = renderMarkdown(loadResult('fail-license-and-advisory'));
    const lines = md.split('\n');
    expect(lines[0]).toBe('## ❌ depvet: 3 problems in 2 images — 1 high advisory, 1 license denied, 1 license needs an approval');
    expect(lines[2]).toBe(
      'FAIL: 3 failing findings (2 in license, 1 in advisories), 1 warning, 4 packages in 2 images. Exit code 1: a finding fails the policy: fix it, or record an approval or ignore with a reason.',
    );
    const table = tableAfter(md, '| Check | Failing | Warnings | Suppressed | Could not check |');
    expect(table).toEqual([
      ['license', '2', '0', '0', '0'],
      ['names', '0', '1', '0', '0'],
      ['advisories', '1', '0', '0', '0'],
      // A check that did not run says so rather than 0.
      ['base-image', 'not checked', '', '', ''],
    ]);
  });

  it('puts one row per package in a <details> block per image, open when the image has failing findings', () => {
    const md = renderMarkdown(loadResult('fail-license-and-advisory'));
    expect(md).toContain('<details open><summary><strong>crypto</strong>: 3 failing</summary>');
    expect(md).toContain('<details><summary><strong>tools</strong>: 1 warning</summary>');
    expect(md.match(/<details/g)).toHaveLength(2);
    expect(md.match(/<\/details>/g)).toHaveLength(2);
    const rows = tableAfter(md, PACKAGE_TABLE);
    expect(rows[0]).toEqual([
      '[chardet 3.0.4](https://pypi.org/project/chardet/3.0.4/)',
      'crypto/Pipfile.lock:20',
      '❌ **license** (failing): license LGPL-2.1-only is denied by the policy',
    ]);
    expect(rows[1]![0]).toBe('[requests 2.19.0](https://pypi.org/project/requests/2.19.0/)<br>also in tools');
    expect(rows[1]![2]).toBe(
      '❌ **advisories** (failing): advisory [GHSA-x84v-xcm2-53pg](https://osv.dev/vulnerability/GHSA-x84v-xcm2-53pg) ([CVE-2018-18074](https://osv.dev/vulnerability/CVE-2018-18074), [PYSEC-2018-28](https://osv.dev/vulnerability/PYSEC-2018-28)), high 7.5: requests before 2.20.0 sends Authorization headers on redirect to HTTP; upgrade to 2.20.0 clears it',
    );
    expect(md).toContain('### Diagnostics');
    expect(md.trimEnd().split('\n').pop()).toBe(MARKDOWN_MARKER);
  });

  it('gives a package with 25 advisories one row, not 25', () => {
    const result = loadResult('pass-all-clean');
    const pkg = { ecosystem: 'PyPI' as const, name: 'Django', normalizedName: 'django', version: '3.2.0' };
    result.images = [];
    result.findings = Array.from({ length: 25 }, (_, i) => advisoryFinding(pkg, `PYSEC-2022-${100 + i}`, { level: 'medium' }, '3.2.25'));
    const md = renderMarkdown(result);
    expect(md.split('\n')[0]).toBe('## ❌ depvet: 1 problem in 1 manifest — 25 advisories (highest medium)');
    const rows = tableAfter(md, PACKAGE_TABLE);
    expect(rows).toHaveLength(1);
    expect(rows[0]![2]).toBe(
      '❌ **advisories** (failing): 25 advisories, severity not stated (treated as medium): [PYSEC-2022-100](https://osv.dev/vulnerability/PYSEC-2022-100), [PYSEC-2022-101](https://osv.dev/vulnerability/PYSEC-2022-101), [PYSEC-2022-102](https://osv.dev/vulnerability/PYSEC-2022-102) +22 more; upgrade to 3.2.25 clears all 25',
    );
    // A single manifest is headed by its file ("Outside images" was the old heading).
    expect(md).toContain('<summary><strong>requirements.txt</strong>: 1 failing</summary>');
  });

  it('says "via" the parent that pulls in a transitive package', () => {
    const result = loadResult('fail-license-and-advisory');
    const requests = result.packages.find((p) => p.name === 'requests')!;
    requests.occurrences[0]!.relation = 'transitive';
    requests.occurrences[0]!.resolvedFrom = [{ name: 'msal', version: '1.28.0', requirement: 'requests<3,>=2.0.0' }];
    const rows = tableAfter(renderMarkdown(result), PACKAGE_TABLE);
    expect(rows[1]![0]).toBe('[requests 2.19.0](https://pypi.org/project/requests/2.19.0/)<br>via msal; also in tools');
  });

  it('lists what could not be checked grouped by cause, collapsed, and never reads as a pass', () => {
    const md = renderMarkdown(networkDownResult(51));
    expect(md.split('\n')[0]).toBe('## ⚠️ depvet: not a pass — 51 packages could not be checked; no failing findings (51 packages in 1 image)');
    expect(md).not.toMatch(/\bPASS\b/);
    expect(md).toContain('<details><summary>⚠️ <strong>51 packages could not be checked</strong> (not a pass; not counted as clean)</summary>');
    expect(md).toContain('- **PyPI unreachable (ENOTFOUND pypi.org)**: 51 packages (license, names not checked); use --offline, --snapshot or --pypi-url.');
    expect(md).toContain('- **OSV unreachable (ENOTFOUND api.osv.dev)**: 51 packages (advisories not checked); use --offline, --osv-db, --snapshot or --osv-url.');
    expect(md).toContain('  pkg-0 1.0.0 (python3/Pipfile.lock:1), pkg-1 1.0.1 (python3/Pipfile.lock:2),');
    expect(md).not.toContain('https://pypi.org/pypi/');
    const counts = tableAfter(md, '| Check | Failing | Warnings | Suppressed | Could not check |');
    expect(counts.map((r) => r[4])).toEqual(['51', '51', '51', '']);
  });

  it('shows suppressed findings as suppressed, with the reason, approver and expiry, and the policy notes', () => {
    const md = renderMarkdown(loadResult('suppressed-approval-and-ignore'));
    expect(md.split('\n')[0]).toBe('## ✅ depvet: pass — 2 packages in 1 image checked, no problems');
    expect(md).toContain(
      '🔕 **license** (suppressed): license LGPL-2.1-only is denied by the policy<br>🔕 approved by legal@\u2060example.com until 2027-06-30: used unmodified as a dynamically linked library; legal ticket LEGAL-42',
    );
    expect(md).not.toContain('none applies');
    expect(md).toContain('### Policy notes\n\n- approval-unused: approval for pycryptodome (LicenseRef-OCB) matched no package');
  });

  it('marks findings already there in diff mode as not failing', () => {
    const md = renderMarkdown(loadResult('diff-existing-and-new'));
    expect(md).toContain('Compared with origin/master; changed images: crypto.');
    expect(md).toContain('➖ **advisories** (already there): advisory [PYSEC-2019-132]');
    expect(md).toContain('<br>Already there at origin/master, so not failing.');
    expect(md).toContain('| Check | Failing | Warnings | Suppressed | Already there | Could not check |');
    // The image with the failing finding comes first.
    expect(md.indexOf('<strong>crypto</strong>')).toBeLessThan(md.indexOf('<strong>python3</strong>'));
  });

  it('links advisory ids to OSV and packages to their registry, and nothing hostile to anything', () => {
    expect(osvUrl('GHSA-x84v-xcm2-53pg')).toBe('https://osv.dev/vulnerability/GHSA-x84v-xcm2-53pg');
    expect(osvUrl('X) [y](javascript:alert(1)')).toBe('https://osv.dev/vulnerability/X%29%20%5By%5D%28javascript%3Aalert%281%29');
    expect(registryUrl({ ecosystem: 'PyPI', name: 'Django', normalizedName: 'django', version: '3.2.0' })).toBe('https://pypi.org/project/Django/3.2.0/');
    expect(registryUrl({ ecosystem: 'npm', name: '@types/node', normalizedName: '@types/node', version: '20.1.0' })).toBe('https://www.npmjs.com/package/@types/node/v/20.1.0');
    expect(registryUrl({ ecosystem: 'PyPI', name: '<script>', normalizedName: '<script>', version: '1' })).toBeUndefined();
    expect(registryUrl({ ecosystem: 'PyPI', name: 'ok', normalizedName: 'ok', version: '1\n::x' })).toBeUndefined();
  });

  describe('hostile names and messages', () => {
    const md = renderMarkdown(loadResult('hostile-package-names'));

    it('contain no raw HTML, no code spans, no links but ours, and no mentions', () => {
      expect(md).not.toContain('<script>');
      expect(md).not.toMatch(/<\/details><script>/);
      expect(md).not.toMatch(/(?<!\\)`/);
      // Every link is to osv.dev or a registry page.
      for (const m of md.matchAll(/(?<!\\)\]\(([^)]*)\)/g)) expect(m[1]).toMatch(/^https:\/\/(osv\.dev|pypi\.org|www\.npmjs\.com)\//);
      expect(md).not.toMatch(/@org/);
      expect(md).toContain('&lt;script>alert(1)&lt;/script> 1.0.0');
    });

    it('cannot add or split table rows or cells', () => {
      const rows = tableAfter(md, PACKAGE_TABLE);
      expect(rows).toHaveLength(5);
      for (const row of rows) expect(row).toHaveLength(3);
      expect(rows.map((r) => r[0])).toContain('a\\|b\\|c 1.0.0');
    });

    it('keeps <details> blocks balanced', () => {
      expect(md.match(/<details[ >]/g)?.length).toBe(md.match(/<\/details>/g)?.length);
    });
  });

  it('escapes only what Markdown would misread', () => {
    // No noise on versions, specifiers, dots, dashes, parentheses or intraword underscores.
    expect(escapeMarkdown('urllib3 1.26.5 >=5.0 (typing_extensions, a-b.c) #x !y +z')).toBe('urllib3 1.26.5 >=5.0 (typing_extensions, a-b.c) #x !y +z');
    expect(escapeMarkdown('a|b`c*d _e_ [f](g)\nh<i> &amp; & ~s~ $x$')).toBe('a\\|b\\`c\\*d \\_e\\_ \\[f\\](g) h&lt;i> &amp;amp; & \\~s\\~ \\$x\\$');
    expect(escapeMarkdown('@team #12')).toBe('@\u2060team #\u206012');
    expect(escapeHtml('x</summary>\n@team')).toBe('x&lt;/summary&gt; @\u2060team');
  });

  describe('size limit', () => {
    const result = largeResult(3000, 20, 50);
    const md = renderMarkdown(result, { fullReport: 'the `depvet-report` job artifact' });

    it('stays under 65,000 characters with a note naming what was left out and where the full report is', () => {
      expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
      const shownRows = md.split('\n').filter((l) => l.includes('| ❌ **license**')).length;
      expect(shownRows).toBeGreaterThan(100);
      const lines = md.trimEnd().split('\n');
      expect(lines.pop()).toBe(MARKDOWN_MARKER);
      const note = lines.pop()!;
      expect(note).toMatch(/^> \*\*This comment was cut to stay under 65,000 characters:\*\* /);
      expect(note).toContain(`${3000 - shownRows} of 3000 findings and 50 of 50 packages that could not be checked are not shown`);
      expect(note).toContain('See the `depvet-report` job artifact for everything.');
    });

    it('cuts at a line boundary and closes the open <details> block', () => {
      expect(md.match(/<details[ >]/g)?.length).toBe(md.match(/<\/details>/g)?.length);
      for (const line of md.split('\n')) {
        if (line.startsWith('| [')) expect(line).toMatch(/ \|$/);
      }
      // The heading, summary and table are always kept.
      expect(md.startsWith('## ❌ depvet: 3000 problems in 20 images — 3000 licenses denied; 50 packages could not be checked\n')).toBe(true);
    });

    it('honours a smaller limit and does not cut what fits', () => {
      const small = renderMarkdown(result, { maxLength: 5000 });
      expect(small.length).toBeLessThanOrEqual(5000);
      expect(small).toContain('This comment was cut');
      const whole = renderMarkdown(loadResult('fail-license-and-advisory'));
      expect(whole).not.toContain('This comment was cut');
    });
  });

  it('does work proportional to the result (issue 15 item 5)', () => {
    const growth = workGrowth((result: ScanResult) => renderMarkdown(result, { maxLength: 1e9 }), largeResult(1000, 10, 100), largeResult(10000, 10, 1000), ['render.']);
    expect(growth.small).toBeGreaterThan(1000);
    expect(growth.ratio).toBeLessThan(LINEAR_GROWTH_BOUND);
  });
});
