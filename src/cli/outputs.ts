// `--format X --output FILE` pairs: each --output belongs to the --format before it; a format without an output
// goes to standard output (only one may). Order of the flags is kept with parseArgs' tokens. Every --output is
// checked before the work starts and written with one-line errors.
import fs from 'node:fs';
import path from 'node:path';
import { fsReason, UsageError } from '../errors';

export interface OutputTarget {
  format: string;
  /** File path, or undefined for standard output. */
  file?: string;
}

export function pairFormatsAndOutputs(
  tokens: { kind: string; name?: string; value?: string | undefined }[],
  allowed: readonly string[],
  defaultFormat: string,
): OutputTarget[] {
  const targets: OutputTarget[] = [];
  let open: OutputTarget | undefined;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'format') {
      const format = token.value ?? '';
      if (!allowed.includes(format)) throw new UsageError(`--format must be one of ${allowed.join(', ')}, not "${format}"`);
      open = { format };
      targets.push(open);
    } else if (token.name === 'output') {
      if (!token.value) throw new UsageError('--output needs a file name');
      if (open && open.file === undefined) open.file = token.value;
      else if (!open && targets.length === 0) {
        // `--output FILE` alone writes the default format there.
        open = { format: defaultFormat, file: token.value };
        targets.push(open);
      } else throw new UsageError(`--output ${token.value} has no --format before it to pair with`);
    }
  }
  if (targets.length === 0) targets.push({ format: defaultFormat });
  const toStdout = targets.filter((t) => t.file === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`only one format can go to standard output; give --output FILE after --format ${toStdout[1]!.format}`);
  }
  const files = targets.filter((t) => t.file !== undefined).map((t) => t.file!);
  const duplicate = files.find((f, i) => files.indexOf(f) !== i);
  if (duplicate) throw new UsageError(`--output ${duplicate} is named twice`);
  return targets;
}

/**
 * An --output path is checked before any work: its folder must exist (depvet creates no folders for any command) and
 * the path must not be a folder. `kind: 'folder'` is for an output that is itself a folder (Markdown pages): it may
 * be new or an existing folder, never a file. Errors name the path as given.
 */
export function checkOutputPath(given: string, cwd: string, kind: 'file' | 'folder' = 'file'): string {
  const absolute = path.resolve(cwd, given);
  const parent = path.dirname(absolute);
  let parentStat: fs.Stats | undefined;
  try {
    parentStat = fs.statSync(parent);
  } catch {
    parentStat = undefined;
  }
  if (!parentStat) throw new UsageError(`--output ${given}: the folder ${path.dirname(given)} does not exist (depvet creates no folders; make it first)`);
  if (!parentStat.isDirectory()) throw new UsageError(`--output ${given}: ${path.dirname(given)} is not a folder`);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(absolute);
  } catch {
    stat = undefined;
  }
  if (kind === 'file' && stat?.isDirectory()) throw new UsageError(`--output ${given}: is a folder; name a file`);
  if (kind === 'folder' && stat && !stat.isDirectory()) throw new UsageError(`--output ${given}: is a file; Markdown pages go into a folder`);
  return absolute;
}

/** Writes an output file; a failure (permissions, a full disk) is one usage-level line naming the path as given. */
export function writeOutput(write: (file: string, text: string) => void, given: string, absolute: string, text: string): void {
  try {
    write(absolute, text);
  } catch (error) {
    throw new UsageError(`--output ${given}: cannot write it (${fsReason(error)})`);
  }
}
