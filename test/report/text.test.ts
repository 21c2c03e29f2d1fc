import { renderText, terminalSafe } from '../../src/report/text';
import { largeResult, loadResult } from './load-result';
import { LINEAR_GROWTH_BOUND, workGrowth } from '../helpers/work';

const plain = (name: Parameters<typeof loadResult>[0]) => renderText(loadResult(name), { color: false });

describe('renderText', () => {
  it('groups findings by image, then file, each with file:line, severity, kind, package==version and message', () => {
    const lines = plain('fail-license-and-advisory').split('\n');
    const crypto = lines.indexOf('Image crypto');
    const tools = lines.indexOf('Image tools');
    expect(crypto).toBeGreaterThanOrEqual(0);
    expect(tools).toBeGreaterThan(crypto);
    expect(lines[crypto + 1]).toBe('  crypto/Pipfile.lock');
    const chardet = lines.find((l) => l.includes('chardet==3.0.4'))!;
    expect(chardet).toMatch(/^ {4}FAIL {2}crypto\/Pipfile\.lock:20 {2}high {2}license\/license-denied {2}chardet==3\.0\.4: .*denies$/);
    expect(lines.indexOf(chardet)).toBeGreaterThan(crypto);
    expect(lines.indexOf(chardet)).toBeLessThan(tools);
    expect(lines.find((l) => l.includes('reqeusts==1.0.0'))).toMatch(/^ {4}WARN {2}tools\/requirements\.txt:3 /);
    // A package inherited by another image is listed once, under the declaring image, naming the others.
    expect(lines.filter((l) => l.includes('requests==2.19.0'))).toHaveLength(1);
    expect(lines).toContain('      also in 1 image(s): tools');
    expect(lines).toContain('  warning: tools/requirements.txt:1: unknown option --foo ignored');
  });

  it('ends with one summary line naming the outcome and the counts', () => {
    const out = plain('fail-license-and-advisory');
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trimEnd().split('\n').pop()).toBe(
      'FAIL: 3 failing findings (2 in license, 1 in advisories), 1 warning, 4 packages in 2 images',
    );
    expect(plain('pass-all-clean').trimEnd().split('\n').pop()).toBe('PASS: no failing findings, 2 packages in 1 image');
  });

  it('lists what could not be checked under an Incomplete heading and never says PASS', () => {
    const out = plain('incomplete-registry-unavailable');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('Incomplete: 3 check(s) could not be completed (not a pass)');
    expect(lines[1]).toBe('  INCOMPLETE  python3/Pipfile.lock:25  license  internal-lib==1.4.0: PyPI answered 503 Service Unavailable after 3 retries [python3]');
    expect(lines).toContain('  INCOMPLETE  python3/requirements.txt:4  license  mylib: VCS requirement: no registry can vet it [python3]');
    expect(lines.pop()).toBe('INCOMPLETE: no failing findings, 2 packages could not be checked, 3 packages in 1 image');
    expect(out).not.toMatch(/\bPASS\b/);
  });

  it('does not pass a result whose summary claims pass while entries could not be checked', () => {
    const result = loadResult('incomplete-registry-unavailable');
    result.summary.outcome = 'pass';
    expect(renderText(result, { color: false }).trimEnd().split('\n').pop()).toMatch(/^INCOMPLETE: /);
  });

  it('shows suppressed findings with who approved them, why and until when, and policy notes', () => {
    const out = plain('suppressed-approval-and-ignore');
    expect(out).toContain('    SUPPRESSED  python3/Pipfile.lock:20  high  license/license-denied  chardet==3.0.4:');
    expect(out).toContain(
      '      suppressed by approval: used unmodified as a dynamically linked library; legal ticket LEGAL-42 (approved by legal@example.com, expires 2027-06-30)',
    );
    expect(out).toContain('      suppressed by ignore: templates are never user-supplied in this image (expires 2027-01-31)');
    expect(out).toContain('Policy notes\n  approval-unused: approval for pycryptodome (LicenseRef-OCB) matched no package\n  ignore-expired:');
    expect(out.trimEnd().split('\n').pop()).toBe('PASS: no failing findings, 2 suppressed, 2 packages in 1 image');
  });

  it('marks findings already there in diff mode as existing and not failing', () => {
    const out = plain('diff-existing-and-new');
    expect(out).toContain('    EXISTING  python3/Pipfile.lock:40  high  advisories/advisory  urllib3==1.24.1:');
    expect(out).toContain('      already there at origin/master; not failing');
    expect(out).toContain('    FAIL  crypto/Pipfile.lock:8  critical  advisories/advisory  pyyaml==5.3:');
    expect(out.trimEnd().split('\n').pop()).toBe('FAIL: 1 failing finding (1 in advisories), 1 already there, 2 packages in 2 images');
  });

  it('uses ANSI colour only when asked', () => {
    const result = loadResult('fail-license-and-advisory');
    expect(renderText(result, { color: false })).not.toContain('\u001b[');
    expect(renderText(result)).not.toContain('\u001b[');
    const coloured = renderText(result, { color: true });
    expect(coloured).toContain('\u001b[31mFAIL\u001b[0m');
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderText(result, { color: false }));
  });

  it('cannot be used to forge lines or terminal escapes through package names and messages', () => {
    const result = loadResult('hostile-package-names');
    result.findings[0]!.message = 'evil \u001b[2J\u001b[31m clear screen\rback';
    const out = renderText(result, { color: false });
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\r');
    expect(out).toContain('evil\\nname::error::injected==1.0\\n::warning::x');
    // Every line of the output is one the renderer wrote: no line starts with an injected workflow command.
    for (const line of out.split('\n')) expect(line.startsWith('::')).toBe(false);
    expect(terminalSafe('a\u0007b\u009bc')).toBe('a\\u0007b\\u009bc');
  });

  it('renders a large result with work proportional to its size', () => {
    const small = largeResult(2000, 10, 10);
    const big = largeResult(20000, 10, 10);
    // Records visited and lines written: 10x the input is ~10x the work when linear; a quadratic renderer ~100x.
    const growth = workGrowth((result: typeof small) => renderText(result, { color: false }), small, big, ['render.']);
    expect(growth.small).toBeGreaterThan(2000);
    expect(growth.ratio).toBeLessThan(LINEAR_GROWTH_BOUND);
  });
});
