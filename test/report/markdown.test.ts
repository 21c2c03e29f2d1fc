import { escapeHtml, escapeMarkdown, MARKDOWN_MAX_LENGTH, renderMarkdown } from '../../src/report/markdown';
import { largeResult, loadResult } from './load-result';

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

describe('renderMarkdown', () => {
  it('starts with the outcome heading and the summary, then a table of check x bucket', () => {
    const md = renderMarkdown(loadResult('fail-license-and-advisory'));
    const lines = md.split('\n');
    expect(lines[0]).toBe('## ❌ depvet: FAIL');
    expect(lines[2]).toBe('**FAIL: 3 failing findings (2 in license, 1 in advisories), 1 warning, 4 packages in 2 images**');
    const table = tableAfter(md, '| Check | Failing | Warnings | Suppressed | Already there | Could not check |');
    expect(table).toEqual([
      ['license', '2', '0', '0', '0', '0'],
      ['names', '0', '1', '0', '0', '0'],
      ['advisories', '1', '0', '0', '0', '0'],
    ]);
  });

  it('puts details per image in <details> blocks, open when the image has failing findings', () => {
    const md = renderMarkdown(loadResult('fail-license-and-advisory'));
    expect(md).toContain('<details open><summary><strong>crypto</strong>: 3 failing</summary>');
    expect(md).toContain('<details><summary><strong>tools</strong>: 1 warning</summary>');
    expect(md.match(/<details/g)).toHaveLength(2);
    expect(md.match(/<\/details>/g)).toHaveLength(2);
    expect(md).toContain('| ❌ failing | crypto/Pipfile\\.lock:20 | license | chardet==3\\.0\\.4 |');
    expect(md).toContain('Also in: tools');
    expect(md).toContain('### Diagnostics');
  });

  it('lists could-not-check entries under an Incomplete heading and never reads as a pass', () => {
    const md = renderMarkdown(loadResult('incomplete-registry-unavailable'));
    expect(md.split('\n')[0]).toBe('## ⚠️ depvet: INCOMPLETE (not a pass)');
    expect(md).not.toContain('PASS');
    const rows = tableAfter(md, '| Package | Check | Location | Images | Reason |');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual(['internal\\-lib==1\\.4\\.0', 'license', 'python3/Pipfile\\.lock:25', 'python3', 'PyPI answered 503 Service Unavailable after 3 retries']);
  });

  it('shows suppressed findings with the reason, approver and expiry, and the policy notes', () => {
    const md = renderMarkdown(loadResult('suppressed-approval-and-ignore'));
    expect(md.split('\n')[0]).toBe('## ✅ depvet: PASS');
    expect(md).toContain('**Suppressed by approval**: used unmodified as a dynamically linked library; legal ticket LEGAL\\-42, approved by legal@\u2060example\\.com, expires 2027\\-06\\-30');
    expect(md).toContain('### Policy notes\n\n- approval-unused: approval for pycryptodome \\(LicenseRef\\-OCB\\) matched no package');
  });

  it('marks findings already there in diff mode as not failing', () => {
    const md = renderMarkdown(loadResult('diff-existing-and-new'));
    expect(md).toContain('Compared with origin/master; changed images: crypto.');
    expect(md).toContain('| ➖ already there | python3/Pipfile\\.lock:40 |');
    expect(md).toContain('Already there at origin/master; not failing.');
    // The image with the failing finding comes first.
    expect(md.indexOf('<strong>crypto</strong>')).toBeLessThan(md.indexOf('<strong>python3</strong>'));
  });

  describe('hostile names and messages', () => {
    const md = renderMarkdown(loadResult('hostile-package-names'));

    it('contain no raw HTML, no code spans, no links and no mentions', () => {
      expect(md).not.toContain('<script>');
      expect(md).not.toMatch(/<\/details><script>/);
      expect(md).not.toMatch(/(?<!\\)`/);
      expect(md).not.toMatch(/(?<!\\)\]\((?!http)/);
      expect(md).not.toMatch(/@org/);
      expect(md).toContain('&lt;script&gt;alert\\(1\\)&lt;/script&gt;==1\\.0\\.0');
    });

    it('cannot add or split table rows or cells', () => {
      const rows = tableAfter(md, '| Status | Location | Check | Package | Finding |');
      expect(rows).toHaveLength(5);
      for (const row of rows) expect(row).toHaveLength(5);
      expect(rows[1]![3]).toBe('a\\|b\\|c==1\\.0\\.0');
      const incomplete = tableAfter(md, '| Package | Check | Location | Images | Reason |');
      expect(incomplete).toHaveLength(1);
      expect(incomplete[0]).toHaveLength(5);
    });

    it('keeps <details> blocks balanced', () => {
      expect(md.match(/<details[ >]/g)?.length).toBe(md.match(/<\/details>/g)?.length);
    });
  });

  it('escapes for Markdown and for HTML blocks', () => {
    expect(escapeMarkdown('a|b`c*d_e[f](g)\nh<i>&')).toBe('a\\|b\\`c\\*d\\_e\\[f\\]\\(g\\) h&lt;i&gt;&amp;');
    expect(escapeHtml('x</summary>\n@team')).toBe('x&lt;/summary&gt; @\u2060team');
  });

  describe('size limit', () => {
    const result = largeResult(3000, 20, 50);
    const md = renderMarkdown(result, { fullReport: 'the `depvet-report` job artifact' });

    it('stays under 65,000 characters with a note naming what was left out and where the full report is', () => {
      expect(md.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
      const shownRows = md.split('\n').filter((l) => l.startsWith('| ❌ failing |')).length;
      expect(shownRows).toBeGreaterThan(100);
      const note = md.trimEnd().split('\n').pop()!;
      expect(note).toMatch(/^> \*\*This comment was cut to stay under 65,000 characters:\*\* /);
      expect(note).toContain(`${3000 - shownRows} of 3000 findings and 50 of 50 could-not-check entries are not shown`);
      expect(note).toContain('See the `depvet-report` job artifact for everything.');
    });

    it('cuts at a line boundary and closes the open <details> block', () => {
      expect(md.match(/<details[ >]/g)?.length).toBe(md.match(/<\/details>/g)?.length);
      for (const line of md.split('\n')) {
        if (line.startsWith('| ❌')) expect(line).toMatch(/ \|$/);
      }
      // The heading, summary and table are always kept.
      expect(md.startsWith('## ❌ depvet: FAIL\n\n**FAIL: 3000 failing findings (3000 in license), 50 packages could not be checked')).toBe(true);
    });

    it('honours a smaller limit and does not cut what fits', () => {
      const small = renderMarkdown(result, { maxLength: 5000 });
      expect(small.length).toBeLessThanOrEqual(5000);
      expect(small).toContain('This comment was cut');
      const whole = renderMarkdown(loadResult('fail-license-and-advisory'));
      expect(whole).not.toContain('This comment was cut');
    });
  });
});
