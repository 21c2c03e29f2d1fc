// Markdown for a merge/pull request comment: outcome heading, summary table, then findings per image in collapsible
// <details> blocks, what could not be checked, and policy notes. Untrusted text is escaped for Markdown and HTML.
// Comments are limited in size (GitHub: 65,536 characters), so a long report is cut at a row boundary, open
// blocks are closed, and a note says how much was left out and where the full report is.
import type { CheckName } from '../findings';
import type { ReportedFinding, ScanResult } from '../scan/result';
import {
  inheritingImages, BUCKET_ORDER, bucketOf, countsByCheck, formatLocation, locate, outcomeOf, packageLabel, summaryLine, type FindingBucket } from './common';

export const MARKDOWN_MAX_LENGTH = 65_000;

export interface MarkdownOptions {
  /** Cut the comment to at most this many characters (default 65,000). */
  maxLength?: number;
  /** Where the uncut report is, for the note on a cut comment (e.g. `the depvet-report.json job artifact`). */
  fullReport?: string;
}

/**
 * Escapes untrusted text for Markdown inline content and table cells: HTML specials become entities, Markdown
 * punctuation is backslash-escaped (so `|` cannot split a cell, backticks cannot open code, `[` cannot make a link),
 * line breaks become spaces (so a name cannot end a table row or start a block), and `@` gets an invisible word
 * joiner so that an npm scope (`@org/pkg`) cannot mention a user or team.
 */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text.replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`));
}

/** Escapes untrusted text for an HTML block (e.g. `<summary>`), where Markdown backslash escapes are not read. */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/@/g, '@\u2060');
}

/** One output line, with what it counts (for the cut note) and whether it opens or closes a <details> block. */
interface Line {
  text: string;
  findings?: number;
  incomplete?: number;
  opens?: boolean;
  closes?: boolean;
}

const STATUS: Record<FindingBucket, string> = {
  failing: '❌ failing',
  warning: '⚠️ warning',
  note: 'ℹ️ note',
  existing: '➖ already there',
  suppressed: '🔕 suppressed',
};

const HEADINGS = { pass: '✅ depvet: PASS', fail: '❌ depvet: FAIL', incomplete: '⚠️ depvet: INCOMPLETE (not a pass)' } as const;

function findingRow(finding: ReportedFinding, result: ScanResult): string {
  const location = locate(result, finding);
  const bucket = bucketOf(finding);
  let detail = `${escapeMarkdown(finding.kind)} (${finding.severity}): ${escapeMarkdown(finding.message)}`;
  if (bucket === 'suppressed' && finding.suppressed) {
    const s = finding.suppressed;
    const who = s.approvedBy ? `, approved by ${escapeMarkdown(s.approvedBy)}` : '';
    const until = s.expires ? `, expires ${escapeMarkdown(s.expires)}` : '';
    detail += `<br>**Suppressed by ${s.by}**: ${escapeMarkdown(s.reason)}${who}${until}`;
  } else if (bucket === 'existing') {
    detail += `<br>Already there at ${escapeMarkdown(result.diff?.base ?? 'the base')}; not failing.`;
  }
  const others = finding.images.slice(1);
  if (others.length > 0) detail += `<br>Also in: ${others.map(escapeMarkdown).join(', ')}`;
  const where = location ? `${escapeMarkdown(location.file)}:${location.line}` : '(no location)';
  return `| ${STATUS[bucket]} | ${where} | ${finding.check} | ${escapeMarkdown(packageLabel(finding.package))} | ${detail} |`;
}

const COUNT_WORDS: Record<FindingBucket, [string, string]> = {
  failing: ['failing', 'failing'],
  warning: ['warning', 'warnings'],
  note: ['note', 'notes'],
  existing: ['already there', 'already there'],
  suppressed: ['suppressed', 'suppressed'],
};

function countPhrase(findings: ReportedFinding[]): string {
  const counts = new Map<FindingBucket, number>();
  for (const f of findings) counts.set(bucketOf(f), (counts.get(bucketOf(f)) ?? 0) + 1);
  return BUCKET_ORDER.filter((b) => counts.has(b))
    .map((b) => {
      const n = counts.get(b)!;
      return `${n} ${COUNT_WORDS[b][n === 1 ? 0 : 1]}`;
    })
    .join(', ');
}

function bodyLines(result: ScanResult): Line[] {
  const lines: Line[] = [];
  // Images with failing findings first, and failing findings first within an image, so a cut drops the least urgent.
  const byImage = new Map<string, ReportedFinding[]>();
  for (const f of result.findings) {
    const image = f.images[0] ?? '';
    const list = byImage.get(image) ?? [];
    list.push(f);
    byImage.set(image, list);
  }
  const rank = (f: ReportedFinding): number => BUCKET_ORDER.indexOf(bucketOf(f));
  const best = (list: ReportedFinding[]): number => list.reduce((m, f) => Math.min(m, rank(f)), BUCKET_ORDER.length);
  const images = [...byImage.entries()].sort(([, a], [, b]) => best(a) - best(b));
  if (images.length > 0) lines.push({ text: '### Findings' }, { text: '' });
  for (const [image, findings] of images) {
    findings.sort((a, b) => rank(a) - rank(b));
    const hasFailing = findings.some((f) => f.failing);
    const title = image ? `<strong>${escapeHtml(image)}</strong>` : '<strong>outside images</strong>';
    lines.push(
      { text: `<details${hasFailing ? ' open' : ''}><summary>${title}: ${countPhrase(findings)}</summary>`, opens: true },
      { text: '' },
      { text: '| Status | Location | Check | Package | Finding |' },
      { text: '|---|---|---|---|---|' },
    );
    for (const f of findings) lines.push({ text: findingRow(f, result), findings: 1 });
    lines.push({ text: '' }, { text: '</details>', closes: true }, { text: '' });
  }
  if (result.couldNotCheck.length > 0) {
    lines.push(
      { text: `### ⚠️ Incomplete: ${result.couldNotCheck.length} could not be checked` },
      { text: '' },
      { text: 'These were not checked and are **not** counted as clean.' },
      { text: '' },
      { text: '| Package | Check | Location | Images | Reason |' },
      { text: '|---|---|---|---|---|' },
    );
    for (const e of result.couldNotCheck) {
      const location = locate(result, e);
      const where = location ? `${escapeMarkdown(location.file)}:${location.line}` : '(no location)';
      lines.push({
        text: `| ${escapeMarkdown(packageLabel(e.package))} | ${e.check} | ${where} | ${e.images.map(escapeMarkdown).join(', ')} | ${escapeMarkdown(e.reason)} |`,
        incomplete: 1,
      });
    }
    lines.push({ text: '' });
  }
  if (result.policyNotes.length > 0) {
    lines.push({ text: '### Policy notes' }, { text: '' });
    for (const n of result.policyNotes) lines.push({ text: `- ${n.kind}: ${escapeMarkdown(n.message)}` });
    lines.push({ text: '' });
  }
  if (result.diagnostics.length > 0) {
    lines.push({ text: '### Diagnostics' }, { text: '' });
    for (const d of result.diagnostics) {
      lines.push({ text: `- ${d.severity}: ${escapeMarkdown(formatLocation(d.location))}: ${escapeMarkdown(d.message)}` });
    }
    lines.push({ text: '' });
  }
  return lines;
}

function headLines(result: ScanResult): string[] {
  const outcome = outcomeOf(result);
  const lines = [`## ${HEADINGS[outcome]}`, '', `**${summaryLine(result)}**`, ''];
  if (result.diff) {
    const changed = result.diff.changedImages.length ? result.diff.changedImages.map(escapeMarkdown).join(', ') : 'none';
    lines.push(`Compared with ${escapeMarkdown(result.diff.base)}; changed images: ${changed}. Findings already there do not fail.`, '');
    const inheriting = inheritingImages(result);
    if (inheriting.length) lines.push(`Built on a changed base image, so scanned too (${inheriting.length}): ${inheriting.map(escapeMarkdown).join(', ')}.`, '');
  }
  const counts = countsByCheck(result);
  if (counts.size > 0) {
    lines.push('| Check | Failing | Warnings | Suppressed | Already there | Could not check |', '|---|---:|---:|---:|---:|---:|');
    for (const [check, c] of counts) lines.push(tableRow(check, c));
    lines.push('');
  }
  return lines;
}

function tableRow(check: CheckName, c: ReturnType<typeof countsByCheck> extends Map<CheckName, infer V> ? V : never): string {
  return `| ${check} | ${c.failing} | ${c.warning + c.note} | ${c.suppressed} | ${c.existing} | ${c.couldNotCheck} |`;
}

export function renderMarkdown(result: ScanResult, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? MARKDOWN_MAX_LENGTH;
  const head = headLines(result).join('\n') + '\n';
  const body = bodyLines(result);
  const full = head + body.map((l) => `${l.text}\n`).join('');
  if (full.length <= maxLength) return full;

  // Cut: keep whole lines while the text, the closing tags and the note still fit.
  const totalFindings = result.findings.length;
  const totalIncomplete = result.couldNotCheck.length;
  const where = options.fullReport ?? 'the full report (`depvet scan --format json` or `--format text`)';
  const noteFor = (findingsLeft: number, incompleteLeft: number): string => {
    const parts: string[] = [];
    if (findingsLeft > 0) parts.push(`${findingsLeft} of ${totalFindings} findings`);
    if (incompleteLeft > 0) parts.push(`${incompleteLeft} of ${totalIncomplete} could-not-check entries`);
    const what = parts.length ? parts.join(' and ') : 'some notes';
    return `\n> **This comment was cut to stay under ${maxLength.toLocaleString('en-US')} characters:** ${what} are not shown. See ${where} for everything.\n`;
  };
  const closing = '\n</details>\n';
  const worstNote = noteFor(totalFindings, totalIncomplete).length;
  let out = head;
  let shownFindings = 0;
  let shownIncomplete = 0;
  let open = false;
  for (const line of body) {
    const next = `${line.text}\n`;
    if (out.length + next.length + closing.length + worstNote > maxLength) break;
    out += next;
    shownFindings += line.findings ?? 0;
    shownIncomplete += line.incomplete ?? 0;
    if (line.opens) open = true;
    if (line.closes) open = false;
  }
  if (open) out += closing;
  return out + noteFor(totalFindings - shownFindings, totalIncomplete - shownIncomplete);
}
