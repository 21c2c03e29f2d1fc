// What the CLI needs from its process, passed in so tests can run the CLI in-process.
import fs from 'node:fs';
import type { Writable } from 'node:stream';

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

/**
 * The real process. Standard output closed by its reader (`depvet list docker | head -2`) is not an error: the rest
 * of the output is dropped quietly and the command still ends with its own exit code, never an EPIPE stack trace.
 */
export function processIo(streams: { stdout: Writable & { isTTY?: boolean }; stderr: Writable & { isTTY?: boolean } } = process): CliIo {
  const quietOnClose = (stream: Writable) => {
    let closed = false;
    // EPIPE (the reader went away) is the usual case; any other write error leaves nobody to tell either.
    stream.on('error', () => {
      closed = true;
    });
    return (text: string) => {
      if (!closed) stream.write(text);
    };
  };
  return {
    stdout: quietOnClose(streams.stdout),
    stderr: quietOnClose(streams.stderr),
    env: process.env,
    cwd: process.cwd(),
    stderrIsTTY: Boolean(streams.stderr.isTTY),
    stdoutIsTTY: Boolean(streams.stdout.isTTY),
    ...(streams.stdout.isTTY && (streams.stdout as { columns?: number }).columns ? { stdoutColumns: (streams.stdout as { columns?: number }).columns! } : {}),
    readStdin: () => fs.readFileSync(0, 'utf8'),
    writeFile: (file, text) => fs.writeFileSync(file, text),
  };
}
