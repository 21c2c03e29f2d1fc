// Markdown for a merge/pull request comment: a heading that says it all, a summary table per check, then one
// collapsible <details> block per image with one row per package (its problems in the row: a package with 25
// advisories is one row), what could not be checked grouped by cause, policy notes and diagnostics. Advisory ids
// link to their OSV page, packages to their registry page. The comment ends with a hidden marker so a CI job can find
// and update it in place (docs/ci.md).
// Untrusted text is escaped for what Markdown would misread, and no more (no `1\.26\.5`): see escapeMarkdown.
// Comments are limited in size (GitHub: 65,536 characters), so a long report is cut at a row boundary, open
// blocks are closed, and a note says how much was left out and where the full report is.
import { CHECK_NAMES, type PackageKey } from '../findings';
import type { SourceLocation } from '../model';
import type { ScanResult } from '../scan/result';
import { escapeCodePoint, UNSAFE_CHARACTERS } from '../terminal-text';
import { countWork } from '../work-meter';
import { BUCKET_ORDER, countsByCheck, formatLocation, imagesWithNothingToCheck, inheritingImages, outcomeOf, OUTCOME_EXIT, summaryLine, uncheckedPackages, type FindingBucket } from './common';
import { headline } from './headline';
import { causeGroups, uncheckedPerCheck } from './incomplete';
import { reportSections, suppressionText, viaText, type PackageBlock, type Part, type Problem } from './problems';

export const MARKDOWN_MAX_LENGTH = 65_000;

/** The hidden marker a CI job searches for to update its comment instead of adding a new one (docs/ci.md). */
export const MARKDOWN_MARKER = '<!-- depvet-report -->';

export interface MarkdownOptions {
  /** Cut the comment to at most this many characters (default 65,000). */
  maxLength?: number;
  /** Where the uncut report is, for the note on a cut comment (e.g. `the depvet-report.json job artifact`). */
  fullReport?: string;
}

/** Line breaks (any kind) as one space: a name cannot end a table row or start a block. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/**
 * Control, bidi and invisible characters as visible code points (`\u202e`). Done after the Markdown escapes, so the
 * backslash it writes is not itself escaped: `\u` is no Markdown escape, and reads as written.
 */
function visible(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, escapeCodePoint);
}

/**
 * Escapes untrusted text for Markdown inline content and table cells, escaping only what Markdown would misread:
 * `\`, backticks (code), `*` and `_` at a word edge (emphasis; `typing_extensions` stays as is), `[` `]` (links),
 * `|` (cells), `~` (strikethrough), `$` (math), `<` (HTML; `&` only where it would start an entity). Line breaks
 * become spaces (a name cannot end a row or start a block); control and bidi characters are shown as code points;
 * `@` and `#` before a digit get an invisible word joiner, so `@org/pkg` mentions nobody and `#4` links no issue.
 */
export function escapeMarkdown(text: string): string {
  const escaped = oneLine(text)
    .replace(/[\\`*[\]|~$]/g, (c) => `\\${c}`)
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;');
  return visible(escaped).replace(/@/g, '@\u2060').replace(/#(?=\d)/g, '#\u2060');
}

/** Escapes untrusted text for an HTML block (e.g. `<summary>`), where Markdown backslash escapes are not read. */
export function escapeHtml(text: string): string {
  const escaped = oneLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return visible(escaped).replace(/@/g, '@\u2060').replace(/#(?=\d)/g, '#\u2060');
}

/** A URL path segment that cannot end a Markdown link destination early (`(`, `)`, spaces, `<` are encoded). */
function urlSegment(value: string): string {
  return encodeURIComponent(value).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The OSV page of an advisory id. */
export function osvUrl(id: string): string {
  return `https://osv.dev/vulnerability/${urlSegment(id)}`;
}

// What a registry accepts as a name or version; anything else (a hostile or broken record) gets no link.
const PYPI_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const NPM_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
const VERSION = /^[A-Za-z0-9.+!_-]+$/;

/** The registry page of a package version (PyPI or npm); undefined for things that are not registry packages. */
export function registryUrl(pkg: PackageKey): string | undefined {
  if (pkg.version !== undefined && !VERSION.test(pkg.version)) return undefined;
  if (pkg.ecosystem === 'PyPI' && PYPI_NAME.test(pkg.name)) {
    return `https://pypi.org/project/${urlSegment(pkg.name)}/${pkg.version !== undefined ? `${urlSegment(pkg.version)}/` : ''}`;
  }
  if (pkg.ecosystem === 'npm' && NPM_NAME.test(pkg.name)) {
    // Scoped names keep their one slash: https://www.npmjs.com/package/@types/node/v/20.1.0
    const name = pkg.name.split('/').map((part) => (part.startsWith('@') ? `@${urlSegment(part.slice(1))}` : urlSegment(part))).join('/');
    return `https://www.npmjs.com/package/${name}${pkg.version !== undefined ? `/v/${urlSegment(pkg.version)}` : ''}`;
  }
  return undefined;
}

function link(label: string, url: string | undefined): string {
  return url ? `[${escapeMarkdown(label)}](${url})` : escapeMarkdown(label);
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
  failing: '❌',
  warning: '⚠️',
  note: 'ℹ️',
  existing: '➖',
  suppressed: '🔕',
};

const STATUS_WORDS: Record<FindingBucket, string> = {
  failing: 'failing',
  warning: 'warning',
  note: 'note',
  existing: 'already there',
  suppressed: 'suppressed',
};

const ICONS = { pass: '✅', fail: '❌', incomplete: '⚠️' } as const;

function where(location: SourceLocation | undefined): string {
  return location ? `${escapeMarkdown(location.file)}:${location.line}` : '(no location)';
}

function partsMarkdown(parts: Part[]): string {
  return parts.map((part) => ('text' in part ? escapeMarkdown(part.text) : link(part.advisory, osvUrl(part.advisory)))).join('');
}

function problemMarkdown(problem: Problem, result: ScanResult): string {
  let cell = `${STATUS[problem.bucket]} **${problem.check}** (${STATUS_WORDS[problem.bucket]}): ${partsMarkdown(problem.parts)}`;
  if (problem.suppression) cell += `<br>🔕 ${escapeMarkdown(suppressionText(problem.suppression))}`;
  if (problem.bucket === 'existing') cell += `<br>Already there at ${escapeMarkdown(result.diff?.base ?? 'the base')}, so not failing.`;
  return cell;
}

function blockRow(block: PackageBlock, result: ScanResult): string {
  const pkg = block.package;
  const name = `${pkg.name}${pkg.version !== undefined ? ` ${pkg.version}` : ''}`;
  const facts: string[] = [];
  if (block.resolved) facts.push(`resolved from ${escapeMarkdown(block.resolved.from)}`);
  if (block.resolvedFrom) facts.push(escapeMarkdown(viaText(block.resolvedFrom, false)));
  if (block.otherImages.length > 0) facts.push(`also in ${block.otherImages.map(escapeMarkdown).join(', ')}`);
  const package_ = `${link(name, registryUrl(pkg))}${facts.length ? `<br>${facts.join('; ')}` : ''}`;
  const problems = block.problems.map((p) => problemMarkdown(p, result)).join('<br>');
  return `| ${package_} | ${where(block.location)} | ${problems} |`;
}

function countPhrase(blocks: PackageBlock[]): string {
  const counts = new Map<FindingBucket, number>();
  for (const block of blocks) for (const p of block.problems) counts.set(p.bucket, (counts.get(p.bucket) ?? 0) + 1);
  return BUCKET_ORDER.filter((b) => counts.has(b))
    .map((b) => `${counts.get(b)} ${STATUS_WORDS[b]}`)
    .join(', ');
}

/** Packages per line in the could-not-check lists: short lines, so a cut drops whole lines. */
const UNCHECKED_PER_LINE = 20;

function bodyLines(result: ScanResult): Line[] {
  const lines: Line[] = [];
  const sections = reportSections(result);
  for (const section of sections) {
    const failing = section.blocks.some((b) => b.problems.some((p) => p.bucket === 'failing'));
    const files = [...new Set(section.blocks.map((b) => b.location?.file).filter((f): f is string => f !== undefined))];
    const outside = files.length === 1 ? escapeHtml(files[0]!) : 'not in an image folder';
    const title = `<strong>${section.image !== undefined ? escapeHtml(section.image) : outside}</strong>`;
    lines.push(
      { text: `<details${failing ? ' open' : ''}><summary>${title}: ${countPhrase(section.blocks)}</summary>`, opens: true },
      { text: '' },
      { text: '| Package | Where | Problems |' },
      { text: '|---|---|---|' },
    );
    for (const block of section.blocks) {
      countWork('render.rows');
      lines.push({ text: blockRow(block, result), findings: block.problems.reduce((sum, p) => sum + p.findings.length, 0) });
    }
    lines.push({ text: '' }, { text: '</details>', closes: true }, { text: '' });
  }

  const unchecked = uncheckedPackages(result);
  if (unchecked.length > 0) {
    const count = unchecked.length === 1 ? '1 package' : `${unchecked.length} packages`;
    lines.push(
      { text: `<details><summary>⚠️ <strong>${count} could not be checked</strong> (not a pass; not counted as clean)</summary>`, opens: true },
      { text: '' },
    );
    for (const group of causeGroups(result, unchecked)) {
      const n = group.packages.length === 1 ? '1 package' : `${group.packages.length} packages`;
      lines.push({ text: `- **${escapeMarkdown(group.cause)}**: ${n} (${group.checks.join(', ')} not checked)${group.hint ? `; ${escapeMarkdown(group.hint)}` : ''}.` });
      for (let i = 0; i < group.packages.length; i += UNCHECKED_PER_LINE) {
        const chunk = group.packages.slice(i, i + UNCHECKED_PER_LINE);
        countWork('render.rows', chunk.length);
        const names = chunk.map((item) => `${escapeMarkdown(item.label)} (${where(item.location)})`).join(', ');
        lines.push({ text: `  ${names}${i + UNCHECKED_PER_LINE < group.packages.length ? ',' : ''}`, incomplete: chunk.length });
      }
    }
    lines.push({ text: '' }, { text: '</details>', closes: true }, { text: '' });
  }
  if (result.policyNotes.length > 0) {
    lines.push({ text: '### Policy notes' }, { text: '' });
    for (const n of result.policyNotes) lines.push({ text: `- ${n.kind}: ${escapeMarkdown(n.message)}` });
    lines.push({ text: '' });
  }
  if (result.diagnostics.length > 0) {
    lines.push({ text: '### Diagnostics' }, { text: '' });
    for (const d of result.diagnostics) {
      lines.push({ text: `- ${d.severity}: ${d.location ? `${escapeMarkdown(formatLocation(d.location))}: ` : ''}${escapeMarkdown(d.message)}` });
    }
    lines.push({ text: '' });
  }
  return lines;
}

function headLines(result: ScanResult): string[] {
  const outcome = outcomeOf(result);
  const exit = OUTCOME_EXIT[outcome];
  const lines = [`## ${ICONS[outcome]} ${escapeMarkdown(headline(result))}`, '', `${escapeMarkdown(summaryLine(result))}. Exit code ${exit.code}: ${exit.meaning}.`, ''];
  if (result.diff) {
    const changed = result.diff.changedImages.length ? result.diff.changedImages.map(escapeMarkdown).join(', ') : 'none';
    lines.push(`Compared with ${escapeMarkdown(result.diff.base)}; changed images: ${changed}. Findings already there do not fail.`, '');
    const inheriting = inheritingImages(result);
    if (inheriting.length) lines.push(`Built on a changed base image, so scanned too (${inheriting.length}): ${inheriting.map(escapeMarkdown).join(', ')}.`, '');
    for (const vex of result.diff.vexFiles ?? []) lines.push(`**VEX file ${vex.change} by this change:** ${escapeMarkdown(vex.file)}: its statements suppress findings; review them.`, '');
  }
  for (const group of imagesWithNothingToCheck(result)) {
    const count = group.images.length === 1 ? '1 image' : `${group.images.length} images`;
    lines.push(`Nothing to check in ${count} (${escapeMarkdown(group.reason)}): ${group.images.map(escapeMarkdown).join(', ')}.`, '');
  }
  const counts = countsByCheck(result);
  if (counts.size > 0) {
    const unchecked = uncheckedPerCheck(uncheckedPackages(result));
    const diff = result.diff !== undefined;
    lines.push(
      `| Check | Failing | Warnings | Suppressed |${diff ? ' Already there |' : ''} Could not check |`,
      `|---|---:|---:|---:|${diff ? '---:|' : ''}---:|`,
    );
    for (const check of CHECK_NAMES) {
      const c = counts.get(check);
      // A check that did not run says so: a 0 there would read as "checked, nothing found".
      if (!c) lines.push(`| ${check} | not checked | | |${diff ? ' |' : ''} |`);
      else lines.push(`| ${check} | ${c.failing} | ${c.warning + c.note} | ${c.suppressed} |${diff ? ` ${c.existing} |` : ''} ${unchecked.get(check) ?? 0} |`);
    }
    lines.push('');
  }
  return lines;
}

export function renderMarkdown(result: ScanResult, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? MARKDOWN_MAX_LENGTH;
  const head = headLines(result).join('\n') + '\n';
  const body = bodyLines(result);
  const marker = `${MARKDOWN_MARKER}\n`;
  const full = head + body.map((l) => `${l.text}\n`).join('') + marker;
  if (full.length <= maxLength) return full;

  // Cut: keep whole lines while the text, the closing tags, the note and the marker still fit.
  const totalFindings = result.findings.length;
  const totalIncomplete = uncheckedPackages(result).length;
  const fullReport = options.fullReport ?? 'the full report (`depvet scan --format json` or `--format text`)';
  const noteFor = (findingsLeft: number, incompleteLeft: number): string => {
    const parts: string[] = [];
    if (findingsLeft > 0) parts.push(`${findingsLeft} of ${totalFindings} findings`);
    if (incompleteLeft > 0) parts.push(`${incompleteLeft} of ${totalIncomplete} packages that could not be checked`);
    const what = parts.length ? parts.join(' and ') : 'some notes';
    return `\n> **This comment was cut to stay under ${maxLength.toLocaleString('en-US')} characters:** ${what} are not shown. See ${fullReport} for everything.\n`;
  };
  const closing = '\n</details>\n';
  const worstNote = noteFor(totalFindings, totalIncomplete).length;
  let out = head;
  let shownFindings = 0;
  let shownIncomplete = 0;
  let open = false;
  for (const line of body) {
    const next = `${line.text}\n`;
    if (out.length + next.length + closing.length + worstNote + marker.length > maxLength) break;
    out += next;
    shownFindings += line.findings ?? 0;
    shownIncomplete += line.incomplete ?? 0;
    if (line.opens) open = true;
    if (line.closes) open = false;
  }
  if (open) out += closing;
  return out + noteFor(totalFindings - shownFindings, totalIncomplete - shownIncomplete) + marker;
}
