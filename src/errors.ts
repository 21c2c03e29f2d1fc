// Typed errors with stable codes. The library throws these for bad input and usage; findings and
// could-not-check results are returned as data, never thrown. The CLI maps them to exit codes (cli/exit-codes.ts).
// Every message has the credentials of the URLs it quotes redacted (redact.ts): errors end up on stderr and in CI logs.
import { redactCredentials } from './redact';

export type ErrorCode =
  | 'E_MANIFEST_SYNTAX' // a manifest could not be parsed
  | 'E_INPUT_PATH' // a path does not exist, is not readable, or leaves the scan root
  | 'E_NO_MANIFESTS' // a folder to scan holds no manifest at all (nothing to check is not a pass)
  | 'E_INCLUDE_CYCLE' // -r/-c includes form a cycle
  | 'E_INPUT_TOO_LARGE' // an input file is larger than we are willing to read
  | 'E_CONFIG' // the config / policy file is invalid
  | 'E_USAGE' // bad command-line usage
  | 'E_REGISTRY' // a registry answered with something we cannot use (see RegistryError.kind)
  | 'E_INTERNAL';

export class DepvetError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(redactCredentials(message));
    this.name = 'DepvetError';
    this.code = code;
  }
}

/**
 * Thrown when a manifest or other input file is malformed, or a path cannot be read. `file:line:col: message` is the
 * one-line rendering (line and column when known). `detail` is the message without the place.
 */
export class InputError extends DepvetError {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly detail: string;
  constructor(code: ErrorCode, file: string, line: number | undefined, detail: string, column?: number) {
    super(code, `${file}${line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : ''}: ${detail}`);
    this.name = 'InputError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }
}

/** Thrown for invalid command-line usage or options passed to the library API. */
export class UsageError extends DepvetError {
  constructor(message: string) {
    super('E_USAGE', message);
    this.name = 'UsageError';
  }
}

/** Thrown when the config / policy file is invalid; `pointer` is the JSON pointer of the bad key. */
export class ConfigError extends DepvetError {
  readonly file: string;
  readonly pointer: string;
  constructor(file: string, pointer: string, detail: string) {
    super('E_CONFIG', `${file}${pointer ? ` at ${pointer}` : ''}: ${detail}`);
    this.name = 'ConfigError';
    this.file = file;
    this.pointer = pointer;
  }
}

export function isDepvetError(value: unknown): value is DepvetError {
  return value instanceof DepvetError;
}

export function isInputError(value: unknown): value is InputError {
  return value instanceof InputError;
}

/** Why a file-system call failed, in words (`no such file or directory`), for one-line errors. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'is a folder';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return code ?? (error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}
