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

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'markdown', 'gitlab', 'junit', 'github', 'cyclonedx', 'spdx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions extends MarkdownOptions {
  /** Text format only: ANSI colour (the CLI decides from the TTY and `NO_COLOR`). */
  color?: boolean;
}

export function isReportFormat(name: string): name is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(name);
}

/** Renders `result` in `format`. Throws UsageError for an unknown format name. */
export function renderReport(format: string, result: ScanResult, options: RenderOptions = {}): string {
  if (!isReportFormat(format)) {
    throw new UsageError(`unknown report format "${format}" (expected one of: ${REPORT_FORMATS.join(', ')})`);
  }
  switch (format) {
    case 'text':
      return renderText(result, { color: options.color ?? false });
    case 'json':
      return renderJson(result);
    case 'sarif':
      return renderSarif(result);
    case 'markdown':
      return renderMarkdown(result, options);
    case 'gitlab':
      return renderGitlab(result);
    case 'junit':
      return renderJunit(result);
    case 'github':
      return renderGithub(result);
    case 'cyclonedx':
      return renderCycloneDx(result);
    case 'spdx':
      return renderSpdx(result);
  }
}

export { renderCycloneDx, renderGithub, renderGitlab, renderJson, renderJunit, renderMarkdown, renderSarif, renderSpdx, renderText };
export { outcomeOf, summaryLine } from './common';
