// Plain-text report for a terminal or a CI log, for a reviewer with two minutes: findings grouped by image, then one
// block per package version with its location, one line per problem (advisories of a package merged into one line);
// then what could not be checked, grouped by cause; policy notes, diagnostics, a per-check summary table, the exit
// code's meaning and one summary line. Wrapped to the terminal's width on a TTY, never wrapped when piped; ANSI
// colour only when asked for. Every untrusted string goes through terminalSafe.
import { CHECK_NAMES, type CheckName } from '../findings';
import type { SourceLocation } from '../model';
import type { ScanResult } from '../scan/result';
import { terminalSafe } from '../terminal-text';
import { countWork } from '../work-meter';
import { countsByCheck, formatLocation, imagesWithNothingToCheck, inheritingImages, outcomeOf, OUTCOME_EXIT, summaryLine, uncheckedPackages, type FindingBucket } from './common';
import { causeGroups, uncheckedPerCheck } from './incomplete';
import { partsText, reportSections, suppressionText, viaText, type PackageBlock, type Problem } from './problems';

export interface TextOptions {
  /** ANSI colour; the CLI sets it from the TTY and `NO_COLOR`. */
  color: boolean;
  /** Wrap lines at this many columns (the CLI passes the terminal's width on a TTY); no wrapping when absent. */
  width?: number;
  /** List every advisory id and every package that could not be checked, with its place and reasons. */
  verbose?: boolean;
}

export { terminalSafe };

const ANSI = { red: '31', yellow: '33', green: '32', dim: '2', bold: '1', cyan: '36' } as const;
type Style = keyof typeof ANSI;

const TAGS: Record<FindingBucket, { label: string; style: Style }> = {
  failing: { label: 'FAIL', style: 'red' },
  warning: { label: 'WARN', style: 'yellow' },
  note: { label: 'NOTE', style: 'cyan' },
  existing: { label: 'EXISTING', style: 'dim' },
  suppressed: { label: 'SUPPRESSED', style: 'dim' },
};
const TAG_WIDTH = Object.values(TAGS).reduce((widest, t) => Math.max(widest, t.label.length), 0);
const CHECK_WIDTH = 'advisories'.length;

/** How many packages a could-not-check group names before "+N more" (all of them with --verbose). */
const NAMED_UNCHECKED = 5;
/** Narrower than this, wrapping makes things worse. */
const MIN_WIDTH = 40;

function where(location: SourceLocation | undefined): string {
  if (!location) return '(no location)';
  return terminalSafe(formatLocation(location));
}

/** Words of `text` in lines of at most `width` columns; a word longer than a line is cut. */
function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    let rest = word;
    while (rest.length > width) {
      if (current) {
        lines.push(current);
        current = '';
      }
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    if (!current) current = rest;
    else if (current.length + 1 + rest.length <= width) current += ` ${rest}`;
    else {
      lines.push(current);
      current = rest;
    }
  }
  lines.push(current);
  return lines;
}

export function renderText(result: ScanResult, options: TextOptions = { color: false }): string {
  const paint = (style: Style, value: string): string => (options.color ? `\u001b[${ANSI[style]}m${value}\u001b[0m` : value);
  const width = options.width !== undefined && options.width >= MIN_WIDTH ? options.width : undefined;
  const verbose = options.verbose ?? false;
  const out: string[] = [];

  /**
   * One logical line: `indent` spaces, an optional painted tag (`plainTag` is its visible text), then `body`,
   * whose continuation lines (when wrapping) start under the body's first character.
   */
  const emit = (indent: number, body: string, tag?: { plain: string; painted: string }, hangAt?: number): void => {
    countWork('render.rows');
    const lead = ' '.repeat(indent) + (tag ? `${tag.painted}${' '.repeat(2)}` : '');
    // Continuation lines start under the body's first character (or two columns in, for untagged lines).
    const hang = hangAt ?? indent + (tag ? tag.plain.length + 2 : 2);
    if (width === undefined || hang + body.length <= width) {
      out.push(`${lead}${body}`);
      return;
    }
    const chunks = wrapText(body, Math.max(MIN_WIDTH / 2, width - hang));
    out.push(`${lead}${chunks[0]}`);
    for (const chunk of chunks.slice(1)) out.push(`${' '.repeat(hang)}${chunk}`);
  };
  /** A heading, after a blank line unless it is the first line. */
  const heading = (value: string): void => {
    countWork('render.rows');
    if (out.length > 0) out.push('');
    out.push(paint('bold', value));
  };

  const sections = reportSections(result, { allIds: verbose });
  const anyImage = sections.some((s) => s.image !== undefined);
  for (const section of sections) {
    if (section.image !== undefined) heading(`Image ${terminalSafe(section.image)}`);
    else if (anyImage) heading('Not in an image folder');
    for (const block of section.blocks) renderBlock(block, emit, paint, result, verbose);
  }

  const unchecked = uncheckedPackages(result);
  if (unchecked.length > 0) {
    heading(paint('yellow', `Could not check ${unchecked.length === 1 ? '1 package' : `${unchecked.length} packages`} (not a pass):`));
    for (const group of causeGroups(result, unchecked)) {
      if (group.packages.length === 1 && !verbose) {
        // One package: the package, its place and the reason as the check gave it.
        const item = group.packages[0]!;
        const reasons = [...new Set(group.entries.map((e) => `${e.check}: ${e.reason}`))];
        emit(2, `${terminalSafe(item.label)}  ${where(item.location)}  ${terminalSafe(group.hint ? `${group.cause} (${group.checks.join(', ')} not checked); ${group.hint}` : reasons.join('; '))}`);
        continue;
      }
      const count = group.packages.length === 1 ? '1 package' : `${group.packages.length} packages`;
      emit(2, terminalSafe(`${group.cause}: ${count} (${group.checks.join(', ')} not checked)${group.hint ? `; ${group.hint}` : ''}`));
      if (verbose) {
        const inGroup = new Set(group.entries);
        for (const item of group.packages) {
          const reasons = [...new Set(item.entries.filter((e) => inGroup.has(e)).map((e) => `${e.check}: ${e.reason}`))].join('; ');
          const images = item.images.length ? `  [${item.images.join(', ')}]` : '';
          emit(4, `${terminalSafe(item.label)}  ${where(item.location)}${terminalSafe(images)}  ${terminalSafe(reasons)}`);
        }
      } else {
        const named = group.packages.slice(0, NAMED_UNCHECKED).map((item) => item.label);
        const more = group.packages.length - named.length;
        emit(4, terminalSafe(`${named.join(', ')}${more > 0 ? ` +${more} more (--verbose lists every one)` : ''}`));
      }
    }
  }

  if (result.policyNotes.length > 0) {
    heading('Policy notes');
    for (const note of result.policyNotes) emit(2, `${note.kind}: ${terminalSafe(note.message)}`);
  }

  if (result.diagnostics.length > 0) {
    heading('Diagnostics');
    // A diagnostic about the run (an unreachable registry) has no place in a file.
    for (const d of result.diagnostics) emit(2, `${d.severity}: ${d.location ? `${where(d.location)}: ` : ''}${terminalSafe(d.message)}`);
  }

  const nothing = imagesWithNothingToCheck(result);
  if (nothing.length > 0) {
    if (out.length > 0) out.push('');
    for (const group of nothing) {
      const count = group.images.length === 1 ? '1 image' : `${group.images.length} images`;
      emit(0, `Nothing to check in ${count} (${terminalSafe(group.reason)}): ${group.images.map(terminalSafe).join(', ')}`);
    }
  }

  if (result.diff) {
    if (out.length > 0) out.push('');
    const changed = result.diff.changedImages.length ? result.diff.changedImages.map(terminalSafe).join(', ') : 'none';
    emit(0, `Compared with ${terminalSafe(result.diff.base)}: changed images: ${changed}; findings already there do not fail.`);
    const inheriting = inheritingImages(result);
    if (inheriting.length) emit(0, `Built on a changed base image, so scanned too (${inheriting.length}): ${inheriting.map(terminalSafe).join(', ')}`);
    for (const vex of result.diff.vexFiles ?? []) emit(0, `VEX file ${vex.change} by this change: ${terminalSafe(vex.file)} (its statements suppress findings; review them)`);
  }

  const table = summaryTable(result);
  if (table.length > 0) {
    if (out.length > 0) out.push('');
    out.push(paint('bold', table[0]!), ...table.slice(1));
  }

  const outcome = outcomeOf(result);
  const exit = OUTCOME_EXIT[outcome];
  emit(0, `Exit code ${exit.code}: ${exit.meaning}.`);
  const line = terminalSafe(summaryLine(result));
  const style: Style = outcome === 'pass' ? 'green' : outcome === 'fail' ? 'red' : 'yellow';
  const chunks = width !== undefined && line.length > width ? wrapText(line, width) : [line];
  for (const chunk of chunks) out.push(paint('bold', paint(style, chunk)));
  return `${out.join('\n')}\n`;
}

type Emit = (indent: number, body: string, tag?: { plain: string; painted: string }, hangAt?: number) => void;

function renderBlock(block: PackageBlock, emit: Emit, paint: (style: Style, value: string) => string, result: ScanResult, verbose: boolean): void {
  const pkg = block.package;
  const name = `${pkg.name}${pkg.version !== undefined ? ` ${pkg.version}` : ''}`;
  const facts: string[] = [];
  if (block.resolved) facts.push(verbose ? `resolved from ${block.resolved.from}: ${block.resolved.how}` : `resolved from ${block.resolved.from}`);
  if (block.resolvedFrom) facts.push(viaText(block.resolvedFrom, verbose));
  if (block.otherImages.length > 0) facts.push(`also in ${block.otherImages.join(', ')}`);
  emit(2, `${terminalSafe(name)}  ${where(block.location)}${facts.length ? `  (${terminalSafe(facts.join('; '))})` : ''}`);
  for (const problem of block.problems) renderProblem(problem, emit, paint, result);
}

function renderProblem(problem: Problem, emit: Emit, paint: (style: Style, value: string) => string, result: ScanResult): void {
  const tag = TAGS[problem.bucket];
  const check = `  ${problem.check.padEnd(CHECK_WIDTH)}`;
  const plain = `${tag.label.padEnd(TAG_WIDTH)}${check}`;
  const painted = `${paint(tag.style, tag.label)}${' '.repeat(TAG_WIDTH - tag.label.length)}${check}`;
  emit(4, terminalSafe(partsText(problem.parts)), { plain, painted });
  const hang = 4 + TAG_WIDTH + 2 + CHECK_WIDTH + 2;
  if (problem.suppression) emit(hang, terminalSafe(suppressionText(problem.suppression)), undefined, hang);
  if (problem.bucket === 'existing') emit(hang, `already there at ${terminalSafe(result.diff?.base ?? 'the base')}, so not failing`, undefined, hang);
}

/** The per-check table: failing, warnings, suppressed and could-not-check counts (and "already there" in diff mode). */
function summaryTable(result: ScanResult): string[] {
  const counts = countsByCheck(result);
  if (counts.size === 0) return [];
  const unchecked = uncheckedPerCheck(uncheckedPackages(result));
  const diff = result.diff !== undefined;
  const header = ['Summary', 'failing', 'warnings', 'suppressed', ...(diff ? ['already there'] : []), 'could not check'];
  const rows: string[][] = [];
  const ran = new Set<CheckName>(result.checks);
  for (const check of CHECK_NAMES) {
    countWork('render.rows');
    const c = counts.get(check);
    // A check that did not run says so: a 0 there would read as "checked, nothing found".
    if (!c || (!ran.has(check) && c.failing + c.warning + c.note + c.suppressed + c.existing === 0 && !unchecked.has(check))) {
      rows.push([`  ${check}`, 'not run', '', '', ...(diff ? [''] : []), '']);
    } else {
      rows.push([`  ${check}`, String(c.failing), String(c.warning + c.note), String(c.suppressed), ...(diff ? [String(c.existing)] : []), `${unchecked.get(check) ?? 0}`]);
    }
  }
  const widths = header.map((h, i) => rows.reduce((widest, r) => Math.max(widest, r[i]!.length), h.length));
  const format = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [format(header), ...rows.map(format)];
}
