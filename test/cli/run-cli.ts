// Runs the CLI in-process with captured output, as a user would see it.
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/io';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  files: Map<string, string>;
}

export async function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; stdin?: string; tty?: boolean; columns?: number } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const files = new Map<string, string>();
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    stderrIsTTY: options.tty ?? false,
    stdoutIsTTY: options.tty ?? false,
    ...(options.columns !== undefined ? { stdoutColumns: options.columns } : {}),
    readStdin: () => options.stdin ?? '',
    writeFile: (file, text) => files.set(file, text),
  };
  const code = await main(args, io);
  return { code, stdout, stderr, files };
}
