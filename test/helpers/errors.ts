// The InputError a call throws, for assertions on its code and one-line message; any other outcome fails the test.
import { InputError } from '../../src/errors';
import type { Diagnostic } from '../../src/model';

export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

/** The error diagnostics of a parse as `line:column code: message` (`line code: message` when the column is unknown). */
export function errorsIn(result: { diagnostics: Diagnostic[] }): string[] {
  return result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.location.line}${d.location.column !== undefined ? `:${d.location.column}` : ''} ${d.code}: ${d.message}`);
}
