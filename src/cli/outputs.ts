// `--format X --output FILE` pairs: each --output belongs to the --format before it; a format without an output
// goes to standard output (only one may). Order of the flags is kept with parseArgs' tokens.
import { UsageError } from '../errors';

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
