import { UsageError } from '../../src/errors';
import { isReportFormat, renderReport, REPORT_FORMATS } from '../../src/report';
import { renderText } from '../../src/report/text';
import { FIXTURE_NAMES, loadResult } from './load-result';

describe('renderReport', () => {
  it('offers the seven formats of the issue and the two SBOM formats', () => {
    expect([...REPORT_FORMATS].sort()).toEqual(['cyclonedx', 'github', 'gitlab', 'json', 'junit', 'markdown', 'sarif', 'spdx', 'text']);
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('html')).toBe(false);
  });

  it('throws a UsageError naming the formats for an unknown one', () => {
    expect(() => renderReport('html', loadResult('pass-all-clean'))).toThrow(UsageError);
    expect(() => renderReport('html', loadResult('pass-all-clean'))).toThrow(/unknown report format "html" \(expected one of: text, json, sarif/);
  });

  it('passes the text colour option through', () => {
    const result = loadResult('fail-license-and-advisory');
    expect(renderReport('text', result, { color: true })).toBe(renderText(result, { color: true }));
    expect(renderReport('text', result)).not.toContain('\u001b[');
  });

  it('passes the markdown size options through', () => {
    const md = renderReport('markdown', loadResult('fail-license-and-advisory'), { maxLength: 900, fullReport: 'ARTIFACT' });
    expect(md.length).toBeLessThanOrEqual(900);
    expect(md).toContain('See ARTIFACT for everything.');
  });

  // The gate's first rule, checked across every format: what could not be checked is never shown as a pass.
  describe.each(REPORT_FORMATS)('%s', (format) => {
    it('never renders an incomplete result as a pass, and names every package that could not be checked', () => {
      const result = loadResult('incomplete-registry-unavailable');
      const out = renderReport(format, result);
      expect(out).not.toMatch(/\bPASS\b|"outcome": "pass"|depvet \(pass\)|depvet pass/);
      // Markdown backslash-escapes punctuation; read it as rendered.
      const shown = format === 'markdown' ? out.replace(/\\(.)/g, '$1') : out;
      expect(shown).toContain('internal-lib');
      expect(shown).toContain('mylib');
    });

    it.each(FIXTURE_NAMES)('renders %s to non-empty text ending with a newline', (name) => {
      const out = renderReport(format, loadResult(name));
      expect(out.length).toBeGreaterThan(1);
      expect(out.endsWith('\n')).toBe(true);
    });
  });
});
