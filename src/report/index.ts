// The report formats of a scan, by name: the CLI renders one result in several formats at once
// (`--format X --output FILE` pairs) through `renderReport`.
import { UsageError } from '../errors';
import type { ScanResult } from '../scan/result';
import { renderCycloneDx } from './cyclonedx';
import { renderGithub } from './github';
import { renderGitlab } from './gitlab';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderMarkdown, type MarkdownOptions } from './markdown';
import { renderSarif } from './sarif';
import { renderSpdx } from './spdx';
import { renderText } from './text';

export interface RenderOptions extends MarkdownOptions {
  /** Text format only: ANSI colour (the CLI decides from the TTY and `NO_COLOR`). */
  color?: boolean;
  /** Text format only: wrap at this width (the CLI passes the terminal's width on a TTY, nothing when piped). */
  width?: number;
  /** Text format only: every advisory id and every package that could not be checked, with places and reasons. */
  verbose?: boolean;
}

/**
 * Every report format, by name. A new format is one entry here (and its module): the CLI's `--format`, its help and
 * `REPORT_FORMATS` follow from this table.
 */
const RENDERERS = {
  text: (result, options) =>
    renderText(result, {
      color: options.color ?? false,
      ...(options.width !== undefined ? { width: options.width } : {}),
      ...(options.verbose ? { verbose: true } : {}),
    }),
  json: (result) => renderJson(result),
  sarif: (result) => renderSarif(result),
  markdown: (result, options) => renderMarkdown(result, options),
  gitlab: (result) => renderGitlab(result),
  junit: (result) => renderJunit(result),
  github: (result) => renderGithub(result),
  cyclonedx: (result) => renderCycloneDx(result),
  spdx: (result) => renderSpdx(result),
} as const satisfies Record<string, (result: ScanResult, options: RenderOptions) => string>;

export type ReportFormat = keyof typeof RENDERERS;
export const REPORT_FORMATS = Object.keys(RENDERERS) as ReportFormat[];

export function isReportFormat(name: string): name is ReportFormat {
  return Object.prototype.hasOwnProperty.call(RENDERERS, name);
}

/** Renders `result` in `format`. Throws UsageError for an unknown format name. */
export function renderReport(format: string, result: ScanResult, options: RenderOptions = {}): string {
  if (!isReportFormat(format)) {
    throw new UsageError(`unknown report format "${format}" (expected one of: ${REPORT_FORMATS.join(', ')})`);
  }
  return RENDERERS[format](result, options);
}

export { renderCycloneDx, renderGithub, renderGitlab, renderJson, renderJunit, renderMarkdown, renderSarif, renderSpdx, renderText };
export { outcomeOf, summaryLine } from './common';
