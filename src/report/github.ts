// GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`): annotations on the pull request diff.
// Escaping follows @actions/core (toolkit `command.ts`): data escapes %, CR, LF; properties also `:` and `,`.
// Untrusted text can therefore never end the line and start a command of its own. The toolkit passes every other
// control character through; here ESC, BEL, NUL and the rest, and bidi controls, are shown as code points
// (`\u001b`, `\u202e`), as in the text report, so a log viewer never interprets them.
import { CONFIG_FILE_NAME } from '../policy/config';
import type { SourceLocation } from '../model';
import type { ReportedFinding, ScanResult } from '../scan/result';
import { escapeCodePoint, UNSAFE_CHARACTERS } from '../terminal-text';
import { bucketOf, locate, outcomeOf, packageLabel, summaryLine } from './common';

export function escapeData(text: string): string {
  // CR and LF keep the toolkit's %0D/%0A (GitHub shows them as line breaks inside the annotation).
  const visible = text.replace(UNSAFE_CHARACTERS, (c) => (c === '\r' || c === '\n' ? c : escapeCodePoint(c)));
  return visible.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

type Command = 'error' | 'warning' | 'notice';

function command(kind: Command, props: { file?: string; line?: number; col?: number; title: string }, message: string): string {
  const parts: string[] = [];
  if (props.file !== undefined) parts.push(`file=${escapeProperty(props.file)}`);
  if (props.line !== undefined) parts.push(`line=${Math.max(1, props.line)}`);
  if (props.col !== undefined) parts.push(`col=${props.col}`);
  parts.push(`title=${escapeProperty(props.title)}`);
  return `::${kind} ${parts.join(',')}::${escapeData(message)}`;
}

function at(location: SourceLocation | undefined): { file?: string; line?: number; col?: number } {
  if (!location) return {};
  return location.column !== undefined ? { file: location.file, line: location.line, col: location.column } : { file: location.file, line: location.line };
}

function findingCommand(finding: ReportedFinding, result: ScanResult): string {
  const bucket = bucketOf(finding);
  const label = packageLabel(finding.package);
  const kind: Command = bucket === 'failing' ? 'error' : bucket === 'warning' ? 'warning' : 'notice';
  let title = `depvet ${finding.check}: ${finding.kind} (${label})`;
  let message = finding.message;
  if (bucket === 'suppressed' && finding.suppressed) {
    title = `depvet ${finding.check}: suppressed ${finding.kind} (${label})`;
    message = `${message}\nSuppressed by ${finding.suppressed.by}: ${finding.suppressed.reason}`;
  } else if (bucket === 'existing') {
    title = `depvet ${finding.check}: already there, not failing (${label})`;
  }
  if (finding.images.length > 0) message = `${message}\nImages: ${finding.images.join(', ')}`;
  return command(kind, { ...at(locate(result, finding)), title }, message);
}

export function renderGithub(result: ScanResult): string {
  const bucketRank = { failing: 0, warning: 1, note: 2, existing: 3, suppressed: 4 } as const;
  // GitHub shows a limited number of annotations per step: the ones that must be acted on come first.
  const findings = [...result.findings].sort((a, b) => bucketRank[bucketOf(a)] - bucketRank[bucketOf(b)]);
  const lines: string[] = [];
  for (const f of findings.filter((x) => bucketOf(x) === 'failing')) lines.push(findingCommand(f, result));
  for (const e of result.couldNotCheck) {
    const label = packageLabel(e.package);
    lines.push(
      command(
        'error',
        { ...at(locate(result, e)), title: `depvet: could not check ${e.check} (${label})` },
        `Incomplete, not a pass: ${e.reason}`,
      ),
    );
  }
  for (const f of findings.filter((x) => bucketOf(x) !== 'failing')) lines.push(findingCommand(f, result));
  for (const note of result.policyNotes) {
    lines.push(command('warning', { file: CONFIG_FILE_NAME, title: `depvet policy: ${note.kind}` }, note.message));
  }
  for (const d of result.diagnostics) {
    lines.push(command(d.severity === 'error' ? 'error' : 'warning', { ...at(d.location), title: `depvet: ${d.code}` }, d.message));
  }
  const outcome = outcomeOf(result);
  lines.push(command(outcome === 'pass' ? 'notice' : 'error', { title: `depvet ${outcome}` }, summaryLine(result)));
  return `${lines.join('\n')}\n`;
}
