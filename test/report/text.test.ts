import type { ScanResult } from '../../src/scan/result';
import { LINEAR_GROWTH_BOUND, workGrowth } from '../helpers/work';
import { renderText, terminalSafe } from '../../src/report/text';
import { advisoryFinding, largeResult, loadResult, networkDownResult } from './load-result';

const plain = (name: Parameters<typeof loadResult>[0]) => renderText(loadResult(name), { color: false });

describe('renderText', () => {
  it('groups findings by image, then one block per package version with its place, then one line per problem', () => {
    const lines = plain('fail-license-and-advisory').split('\n');
    const crypto = lines.indexOf('Image crypto');
    const tools = lines.indexOf('Image tools');
    expect(crypto).toBe(0);
    expect(tools).toBeGreaterThan(crypto);
    // The package is named once, in its block header, not again in every line.
    expect(lines[crypto + 1]).toBe('  chardet 3.0.4  crypto/Pipfile.lock:20');
    expect(lines[crypto + 2]).toBe('    FAIL        license     license LGPL-2.1-only is denied by the policy');
    expect(lines).toContain('  requests 2.19.0  crypto/Pipfile.lock:12  (also in tools)');
    expect(lines).toContain(
      '    FAIL        advisories  advisory GHSA-x84v-xcm2-53pg (CVE-2018-18074, PYSEC-2018-28), high 7.5: requests before 2.20.0 sends Authorization headers on redirect to HTTP; upgrade to 2.20.0 clears it',
    );
    expect(lines[tools + 1]).toBe('  reqeusts 1.0.0  tools/requirements.txt:3');
    expect(lines[tools + 2]).toBe('    WARN        names       looks like requests, the 5th most downloaded on PyPI: swapped characters');
    // A package inherited by another image is listed once, under the declaring image.
    expect(lines.filter((l) => l.includes('requests 2.19.0'))).toHaveLength(1);
    expect(lines).toContain('  warning: tools/requirements.txt:1: unknown option --foo ignored');
  });

  it('ends with a per-check summary table, the exit code and what it means, and one summary line', () => {
    const out = plain('fail-license-and-advisory');
    expect(out.endsWith('\n')).toBe(true);
    const tail = out.trimEnd().split('\n').slice(-7);
    expect(tail).toEqual([
      'Summary       failing  warnings  suppressed  could not check',
      '  license           2         0           0                0',
      '  names             0         1           0                0',
      '  advisories        1         0           0                0',
      '  base-image  not run',
      'Exit code 1: a finding fails the policy: fix it, or record an approval or ignore with a reason.',
      'FAIL: 3 failing findings (2 in license, 1 in advisories), 1 warning, 4 packages in 2 images',
    ]);
    expect(plain('pass-all-clean').trimEnd().split('\n').slice(-2)).toEqual([
      'Exit code 0: every package was checked and nothing fails the policy.',
      'PASS: no failing findings, 2 packages in 1 image',
    ]);
  });

  it('merges the advisories of one package into one line: count, highest severity, top ids "+N more", the one upgrade', () => {
    const result = loadResult('pass-all-clean');
    const pkg = { ecosystem: 'PyPI' as const, name: 'Django', normalizedName: 'django', version: '3.2.0' };
    result.findings = Array.from({ length: 25 }, (_, i) =>
      advisoryFinding(pkg, `PYSEC-2022-${String(100 + i)}`, i === 7 ? { level: 'critical', score: 9.8 } : i === 3 ? { level: 'high', score: 7.5 } : { level: 'medium' }, '3.2.25'),
    );
    const lines = renderText(result, { color: false }).split('\n');
    const advisoryLines = lines.filter((l) => l.startsWith('    FAIL'));
    expect(advisoryLines).toEqual([
      '    FAIL        advisories  25 advisories, highest critical 9.8: PYSEC-2022-107, PYSEC-2022-103, PYSEC-2022-100 +22 more; upgrade to 3.2.25 clears all 25',
    ]);
    expect(lines.filter((l) => l.includes('Django'))).toEqual(['  Django 3.2.0  requirements.txt:1']);
    // --verbose names every id.
    const verbose = renderText(result, { color: false, verbose: true });
    for (let i = 0; i < 25; i += 1) expect(verbose).toContain(`PYSEC-2022-${100 + i}`);
    expect(verbose).not.toContain('+22 more');
  });

  it('shows ambiguous licenses in words with the candidates depvet judged, never the internal LicenseRef', () => {
    const result = loadResult('fail-license-and-advisory');
    const chardet = result.findings.find((f) => f.package.name === 'chardet')!;
    const ref = 'LicenseRef-depvet-ambiguous-GNU-Library-or-Lesser-General-Public-License';
    chardet.kind = 'license-needs-approval';
    chardet.evidence = { expression: ref, judgedExpression: ref, decidingLicenses: [ref] };
    chardet.message = `chardet 3.0.4: license ${ref} needs an approval (${ref}) and none applies`;
    const out = renderText(result, { color: false });
    expect(out).toContain(
      '    FAIL        license     license LGPL (version not stated) needs an approval (it could be LGPL-2.0-only, LGPL-2.0-or-later, LGPL-2.1-only, LGPL-2.1-or-later, LGPL-3.0-only, LGPL-3.0-or-later)',
    );
    expect(out).not.toContain('LicenseRef-depvet');
  });

  it('groups what could not be checked by cause, counting each package once, and says it is not a pass', () => {
    const out = renderText(networkDownResult(51), { color: false });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('Could not check 51 packages (not a pass):');
    expect(lines[1]).toBe('  PyPI unreachable (ENOTFOUND pypi.org): 51 packages (license, names not checked); use --offline, --snapshot or --pypi-url');
    expect(lines[2]).toBe('    pkg-0 1.0.0, pkg-1 1.0.1, pkg-2 1.0.2, pkg-3 1.0.3, pkg-4 1.0.4 +46 more (--verbose lists every one)');
    expect(lines[3]).toBe('  OSV unreachable (ENOTFOUND api.osv.dev): 51 packages (advisories not checked); use --offline, --osv-db, --snapshot or --osv-url');
    expect(out).not.toContain('https://');
    expect(lines.pop()).toBe('INCOMPLETE: no failing findings, 51 packages could not be checked, 51 packages in 1 image');
    expect(out).not.toMatch(/\bPASS\b/);
    // --verbose lists every package with its place and reason.
    const verbose = renderText(networkDownResult(51), { color: false, verbose: true });
    expect(verbose).toContain('    pkg-50 1.0.50  python3/Pipfile.lock:51  [python3]  license: PyPI lookup of pkg-50 1.0.50 failed: https://pypi.org/pypi/pkg-50/1.0.50/json: connection: ENOTFOUND: getaddrinfo ENOTFOUND pypi.org; names: cannot tell whether pkg-50 exists:');
  });

  it('names the version on every could-not-check line, and counts a package once across its checks', () => {
    const out = plain('incomplete-registry-unavailable');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('Could not check 2 packages (not a pass):');
    expect(lines).toContain('  internal-lib 1.4.0  python3/Pipfile.lock:25  license: PyPI answered 503 Service Unavailable after 3 retries');
    // The advisory entry has no location of its own: it is located by the package's occurrence.
    expect(lines).toContain('  internal-lib 1.4.0  python3/Pipfile.lock:25  advisories: OSV query timed out after 3 retries');
    expect(lines).toContain('  mylib (not from a registry)  python3/requirements.txt:4  license: VCS requirement: no registry can vet it');
    expect(lines.pop()).toBe('INCOMPLETE: no failing findings, 2 packages could not be checked, 3 packages in 1 image');
    // An entry that lost its version joins the one of the same package that has it.
    const result = loadResult('incomplete-registry-unavailable');
    delete result.couldNotCheck[1]!.package.version;
    expect(renderText(result, { color: false })).toContain('  internal-lib 1.4.0  python3/Pipfile.lock:25  advisories: OSV query timed out after 3 retries');
    expect(renderText(result, { color: false }).trimEnd().split('\n').pop()).toContain('2 packages could not be checked');
  });

  it('does not pass a result whose summary claims pass while entries could not be checked', () => {
    const result = loadResult('incomplete-registry-unavailable');
    result.summary.outcome = 'pass';
    expect(renderText(result, { color: false }).trimEnd().split('\n').pop()).toMatch(/^INCOMPLETE: /);
  });

  it('shows a suppressed finding as suppressed, with the reason, approver and expiry, and no contradiction', () => {
    const out = plain('suppressed-approval-and-ignore');
    expect(out).toContain(
      '  chardet 3.0.4  python3/Pipfile.lock:20\n' +
        '    SUPPRESSED  license     license LGPL-2.1-only is denied by the policy\n' +
        '                            approved by legal@example.com until 2027-06-30: used unmodified as a dynamically linked library; legal ticket LEGAL-42\n',
    );
    expect(out).toContain('                            ignored until 2027-01-31: templates are never user-supplied in this image\n');
    expect(out).not.toMatch(/none applies/);
    expect(out).toContain('Policy notes\n  approval-unused: approval for pycryptodome (LicenseRef-OCB) matched no package\n  ignore-expired:');
    expect(out.trimEnd().split('\n').pop()).toBe('PASS: no failing findings, 2 suppressed, 2 packages in 1 image');
  });

  it('marks findings already there in diff mode as existing and not failing', () => {
    const out = plain('diff-existing-and-new');
    expect(out).toContain('  urllib3 1.24.1  python3/Pipfile.lock:40\n    EXISTING    advisories  advisory PYSEC-2019-132');
    expect(out).toContain('                            already there at origin/master, so not failing');
    expect(out).toContain('    FAIL        advisories  advisory GHSA-8q59-q68h-6hv4 (CVE-2020-14343), critical 9.8:');
    expect(out).toContain('Summary       failing  warnings  suppressed  already there  could not check');
    expect(out.trimEnd().split('\n').pop()).toBe('FAIL: 1 failing finding (1 in advisories), 1 already there, 2 packages in 2 images');
  });

  it('has no image heading for a manifest outside images ("Outside images" was the old heading of a single file)', () => {
    const result = loadResult('fail-license-and-advisory');
    for (const f of result.findings) f.images = [];
    result.images = [];
    const out = renderText(result, { color: false });
    expect(out).not.toMatch(/Outside images|Image |Not in an image folder/);
    expect(out.split('\n')[0]).toBe('  chardet 3.0.4  crypto/Pipfile.lock:20');
  });

  it('renders "via" the parent for a transitive package, and the whole chain with --verbose', () => {
    const result = loadResult('fail-license-and-advisory');
    const requests = result.packages.find((p) => p.name === 'requests')!;
    requests.occurrences[0]!.relation = 'transitive';
    requests.occurrences[0]!.resolvedFrom = [
      { name: 'msal', version: '1.28.0', requirement: 'requests<3,>=2.0.0' },
      { name: 'adal', version: '1.2.7', requirement: 'requests>=2.0.0' },
    ];
    expect(renderText(result, { color: false })).toContain('  requests 2.19.0  crypto/Pipfile.lock:12  (via msal; also in tools)');
    expect(renderText(result, { color: false, verbose: true })).toContain(
      '  requests 2.19.0  crypto/Pipfile.lock:12  (via msal 1.28.0 (requests<3,>=2.0.0) → adal 1.2.7 (requests>=2.0.0); also in tools)',
    );
  });

  it('wraps at the terminal width on a TTY, under the start of the text, and never when piped', () => {
    const result = loadResult('fail-license-and-advisory');
    const wide = renderText(result, { color: false });
    expect(Math.max(...wide.split('\n').map((l) => l.length))).toBeGreaterThan(100);
    const narrow = renderText(result, { color: false, width: 72 });
    for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(72);
    expect(narrow).toContain(
      '    FAIL        advisories  advisory GHSA-x84v-xcm2-53pg\n                            (CVE-2018-18074, PYSEC-2018-28), high 7.5:\n',
    );
    // Same words, only the line breaks differ.
    expect(narrow.replace(/\s+/g, ' ')).toBe(wide.replace(/\s+/g, ' '));
  });

  it('uses ANSI colour only when asked', () => {
    const result = loadResult('fail-license-and-advisory');
    expect(renderText(result, { color: false })).not.toContain('\u001b[');
    expect(renderText(result)).not.toContain('\u001b[');
    const coloured = renderText(result, { color: true });
    expect(coloured).toContain('\u001b[31mFAIL\u001b[0m');
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderText(result, { color: false }));
    const wrapped = renderText(result, { color: true, width: 72 });
    expect(wrapped.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderText(result, { color: false, width: 72 }));
  });

  it('cannot be used to forge lines or terminal escapes through package names and messages', () => {
    const result = loadResult('hostile-package-names');
    result.findings[0]!.message = 'evil \u001b[2J\u001b[31m clear screen\rback';
    const out = renderText(result, { color: false });
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\r');
    expect(out).toContain('evil\\nname::error::injected 1.0\\n::warning::x');
    // Every line of the output is one the renderer wrote: no line starts with an injected workflow command.
    for (const line of out.split('\n')) expect(line.startsWith('::')).toBe(false);
    expect(terminalSafe('a\u0007b\u009bc')).toBe('a\\u0007b\\u009bc');
  });

  it('renders a large result with work proportional to its size (issue 15 item 5)', () => {
    // Records visited and lines written: 10x the input is ~10x the work when linear; a quadratic renderer ~100x.
    const growth = workGrowth((result: ScanResult) => renderText(result, { color: false }), largeResult(1000, 10, 10), largeResult(10000, 10, 10), ['render.']);
    expect(growth.small).toBeGreaterThan(1000);
    expect(growth.ratio).toBeLessThan(LINEAR_GROWTH_BOUND);
  });
});
