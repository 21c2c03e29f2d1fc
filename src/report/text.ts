// Plain-text report for a terminal or a CI log: findings grouped by image, then file, each with file:line; then
// what could not be checked, policy notes, diagnostics and one summary line. ANSI colour only when asked for.
import type { SourceLocation } from '../model';
import { countWork } from '../work-meter';
import type { ReportedFinding, ScanResult } from '../scan/result';
import {
  inheritingImages, BUCKET_ORDER, bucketOf, formatLocation, locate, outcomeOf, packageLabel, summaryLine, type FindingBucket } from './common';

export interface TextOptions {
  /** ANSI colour; the CLI sets it from the TTY and `NO_COLOR`. */
  color: boolean;
}

const ANSI = { red: '31', yellow: '33', green: '32', dim: '2', bold: '1', cyan: '36' } as const;
type Style = keyof typeof ANSI;

/**
 * Makes untrusted text (package names, messages, paths) safe for a terminal: control characters, which could
 * move the cursor, hide lines or forge output, are shown as escapes.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

const TAGS: Record<FindingBucket, { label: string; style: Style }> = {
  failing: { label: 'FAIL', style: 'red' },
  warning: { label: 'WARN', style: 'yellow' },
  note: { label: 'NOTE', style: 'cyan' },
  existing: { label: 'EXISTING', style: 'dim' },
  suppressed: { label: 'SUPPRESSED', style: 'dim' },
};

function where(location: SourceLocation | undefined): string {
  if (!location) return '(no location)';
  return terminalSafe(formatLocation(location));
}

export function renderText(result: ScanResult, options: TextOptions = { color: false }): string {
  const paint = (style: Style, text: string): string => (options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
  const out: string[] = [];
  // Records visited: findings grouped, sort comparisons, entries listed (`render.rows`, with the lines written).
  let visited = 0;

  // image -> file -> findings; a finding is listed under its declaring image and names the others it affects.
  const NO_IMAGE = '\u0000';
  const groups = new Map<string, Map<string, { finding: ReportedFinding; location?: SourceLocation }[]>>();
  for (const finding of result.findings) {
    visited++;
    const image = finding.images[0] ?? NO_IMAGE;
    const location = locate(result, finding);
    const file = location?.file ?? '';
    const files = groups.get(image) ?? new Map();
    groups.set(image, files);
    const list = files.get(file) ?? [];
    files.set(file, list);
    list.push(location ? { finding, location } : { finding });
  }
  const rank = (f: ReportedFinding): number => {
    visited++;
    return BUCKET_ORDER.indexOf(bucketOf(f));
  };
  for (const [image, files] of groups) {
    out.push(paint('bold', image === NO_IMAGE ? 'Outside images' : `Image ${terminalSafe(image)}`));
    for (const [file, list] of files) {
      out.push(`  ${file ? terminalSafe(file) : '(no file)'}`);
      list.sort((a, b) => rank(a.finding) - rank(b.finding) || (a.location?.line ?? 0) - (b.location?.line ?? 0));
      for (const { finding, location } of list) for (const line of findingLines(finding, location, result, paint)) out.push(line);
    }
  }

  if (result.couldNotCheck.length > 0) {
    out.push(paint('bold', paint('yellow', `Incomplete: ${result.couldNotCheck.length} check(s) could not be completed (not a pass)`)));
    for (const entry of result.couldNotCheck) {
      visited += 1 + entry.images.length;
      const images = entry.images.length ? ` [${entry.images.map(terminalSafe).join(', ')}]` : '';
      out.push(
        `  ${paint('yellow', 'INCOMPLETE')}  ${where(locate(result, entry))}  ${entry.check}  ` +
          `${terminalSafe(packageLabel(entry.package))}: ${terminalSafe(entry.reason)}${images}`,
      );
    }
  }

  if (result.policyNotes.length > 0) {
    out.push(paint('bold', 'Policy notes'));
    for (const note of result.policyNotes) out.push(`  ${note.kind}: ${terminalSafe(note.message)}`);
  }

  if (result.diagnostics.length > 0) {
    out.push(paint('bold', 'Diagnostics'));
    for (const d of result.diagnostics) out.push(`  ${d.severity}: ${where(d.location)}: ${terminalSafe(d.message)}`);
  }

  if (result.diff) {
    const changed = result.diff.changedImages.length ? result.diff.changedImages.map(terminalSafe).join(', ') : 'none';
    out.push(`Compared with ${terminalSafe(result.diff.base)}: changed images: ${changed}; findings already there do not fail.`);
    const inheriting = inheritingImages(result);
    if (inheriting.length) out.push(`Built on a changed base image, so scanned too (${inheriting.length}): ${inheriting.map(terminalSafe).join(', ')}`);
  }

  const outcome = outcomeOf(result);
  const line = summaryLine(result);
  out.push(paint('bold', paint(outcome === 'pass' ? 'green' : outcome === 'fail' ? 'red' : 'yellow', line)));
  countWork('render.rows', visited + out.length + result.policyNotes.length + result.diagnostics.length);
  return `${out.join('\n')}\n`;
}

function findingLines(
  finding: ReportedFinding,
  location: SourceLocation | undefined,
  result: ScanResult,
  paint: (style: Style, text: string) => string,
): string[] {
  const bucket = bucketOf(finding);
  const tag = TAGS[bucket];
  const head =
    `    ${paint(tag.style, tag.label)}  ${where(location)}  ${finding.severity}  ${finding.check}/${terminalSafe(finding.kind)}  ` +
    `${terminalSafe(packageLabel(finding.package))}: ${terminalSafe(finding.message)}`;
  const lines = [head];
  countWork('render.rows', finding.images.length);
  const others = finding.images.slice(1);
  if (others.length > 0) lines.push(`      also in ${others.length} image(s): ${others.map(terminalSafe).join(', ')}`);
  if (finding.suppressed) {
    const s = finding.suppressed;
    const extra = [s.approvedBy ? `approved by ${terminalSafe(s.approvedBy)}` : '', s.expires ? `expires ${terminalSafe(s.expires)}` : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`      suppressed by ${s.by}: ${terminalSafe(s.reason)}${extra ? ` (${extra})` : ''}`);
  }
  if (bucket === 'existing') lines.push(`      already there at ${terminalSafe(result.diff?.base ?? 'the base')}; not failing`);
  return lines;
}
