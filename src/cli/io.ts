// What the CLI needs from its process, passed in so tests can run the CLI in-process.
import fs from 'node:fs';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stderr is a terminal (progress, colour). */
  stderrIsTTY: boolean;
  stdoutIsTTY: boolean;
  /** The terminal's width when stdout is a TTY (text reports wrap to it). */
  stdoutColumns?: number;
  readStdin: () => string;
  writeFile: (file: string, text: string) => void;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    ...(process.stdout.isTTY && process.stdout.columns ? { stdoutColumns: process.stdout.columns } : {}),
    readStdin: () => fs.readFileSync(0, 'utf8'),
    writeFile: (file, text) => fs.writeFileSync(file, text),
  };
}
