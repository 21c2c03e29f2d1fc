// JUnit XML for CI test widgets (GitLab's `artifacts: reports: junit`): a test suite per check, a test case per
// checked package (classname: image or file, name: package==version). Failing findings are <failure>, what could
// not be checked is <error> (never a pass), fully suppressed findings are <skipped> with the reason.
import type { CheckName, PackageKey } from '../findings';
import type { ReportedCouldNotCheck, ReportedFinding, ScanResult } from '../scan/result';
import { bucketOf, countsByCheck, locate, outcomeOf, packageKeyString, packageLabel, summaryLine } from './common';

/** Characters XML 1.0 cannot hold at all (even escaped) are shown as `\uXXXX`. */
function xmlChars(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) =>
    `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function xmlText(text: string): string {
  return xmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function xmlAttr(text: string): string {
  // Newlines and tabs are escaped too: a parser would otherwise normalise them to spaces.
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

interface Case {
  classname: string;
  name: string;
  findings: ReportedFinding[];
  incomplete: ReportedCouldNotCheck[];
}

function where(result: ScanResult, record: ReportedFinding | ReportedCouldNotCheck): string {
  const location = locate(result, record);
  return location ? `${location.file}:${location.line}` : '(no location)';
}

function casesFor(check: CheckName, result: ScanResult): Case[] {
  const cases = new Map<string, Case>();
  const ensure = (pkg: PackageKey, classname: string): Case => {
    const key = packageKeyString(pkg);
    let c = cases.get(key);
    if (!c) {
      c = { classname, name: packageLabel(pkg), findings: [], incomplete: [] };
      cases.set(key, c);
    }
    return c;
  };
  if (check !== 'base-image') {
    // Every checked package is a test case of every package check, so the count of passes is real.
    for (const p of result.packages) {
      const first = p.occurrences[0];
      ensure(p, first?.image ?? first?.location.file ?? '(unknown)');
    }
  }
  const classnameOf = (record: ReportedFinding | ReportedCouldNotCheck): string =>
    record.images[0] ?? locate(result, record)?.file ?? '(unknown)';
  for (const f of result.findings) if (f.check === check) ensure(f.package, classnameOf(f)).findings.push(f);
  for (const e of result.couldNotCheck) if (e.check === check) ensure(e.package, classnameOf(e)).incomplete.push(e);
  return [...cases.values()].sort((a, b) => (a.classname === b.classname ? cmp(a.name, b.name) : cmp(a.classname, b.classname)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Verdict = 'failure' | 'error' | 'skipped' | 'passed';

function verdictOf(c: Case): Verdict {
  if (c.findings.some((f) => bucketOf(f) === 'failing')) return 'failure';
  if (c.incomplete.length > 0) return 'error';
  if (c.findings.length > 0 && c.findings.every((f) => bucketOf(f) === 'suppressed')) return 'skipped';
  return 'passed';
}

function findingLine(result: ScanResult, f: ReportedFinding): string {
  const bucket = bucketOf(f);
  const tag =
    bucket === 'suppressed' && f.suppressed
      ? `suppressed by ${f.suppressed.by}: ${f.suppressed.reason}`
      : bucket === 'existing'
        ? 'already there, not failing'
        : bucket;
  return `${where(result, f)}: [${tag}] ${f.severity} ${f.kind}: ${f.message}`;
}

function renderCase(c: Case, result: ScanResult): { xml: string; verdict: Verdict } {
  const verdict = verdictOf(c);
  const lines = [
    ...c.findings.map((f) => findingLine(result, f)),
    ...c.incomplete.map((e) => `${where(result, e)}: [could not check] ${e.reason}`),
  ];
  const body = xmlText(lines.join('\n'));
  const open = `    <testcase classname="${xmlAttr(c.classname)}" name="${xmlAttr(c.name)}" time="0"`;
  let inner = '';
  if (verdict === 'failure') {
    const first = c.findings.find((f) => bucketOf(f) === 'failing')!;
    inner = `      <failure message="${xmlAttr(first.message)}" type="${xmlAttr(first.kind)}">${body}</failure>\n`;
  } else if (verdict === 'error') {
    const first = c.incomplete[0]!;
    inner = `      <error message="${xmlAttr(`could not check: ${first.reason}`)}" type="incomplete">${body}</error>\n`;
  } else if (verdict === 'skipped') {
    const s = c.findings[0]!.suppressed!;
    inner = `      <skipped message="${xmlAttr(`suppressed by ${s.by}: ${s.reason}`)}"/>\n      <system-out>${body}</system-out>\n`;
  } else if (lines.length > 0) {
    inner = `      <system-out>${body}</system-out>\n`;
  }
  return { xml: inner ? `${open}>\n${inner}    </testcase>` : `${open}/>`, verdict };
}

export function renderJunit(result: ScanResult): string {
  const suites: string[] = [];
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const check of countsByCheck(result).keys()) {
    const cases = casesFor(check, result).map((c) => renderCase(c, result));
    const count = (v: Verdict): number => cases.filter((c) => c.verdict === v).length;
    const s = { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped') };
    totals.tests += s.tests;
    totals.failures += s.failures;
    totals.errors += s.errors;
    totals.skipped += s.skipped;
    suites.push(
      `  <testsuite name="depvet ${check}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}" time="0">\n` +
        cases.map((c) => `${c.xml}\n`).join('') +
        `  </testsuite>`,
    );
  }
  if (result.policyNotes.length > 0) {
    // Stale approvals and ignores are not failures, but a reviewer should see them where the tests are shown.
    const cases = result.policyNotes.map(
      (n) =>
        `    <testcase classname="policy" name="${xmlAttr(`${n.kind}: ${n.message}`)}" time="0">\n` +
        `      <system-out>${xmlText(`${n.message}\n${JSON.stringify(n.entry)}`)}</system-out>\n    </testcase>\n`,
    );
    totals.tests += cases.length;
    suites.push(`  <testsuite name="depvet policy" tests="${cases.length}" failures="0" errors="0" skipped="0" time="0">\n${cases.join('')}  </testsuite>`);
  }
  // The summary sentence holds no package names, so it is safe in a comment.
  const props = `  <!-- ${summaryLine(result)} -->\n`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="depvet (${outcomeOf(result)})" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="0">\n` +
    props +
    suites.map((s) => `${s}\n`).join('') +
    `</testsuites>\n`
  );
}
