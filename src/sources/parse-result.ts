// What a parser returns when input is bad: never a throw for one bad line or entry, and not for a file it cannot
// parse at all either. One bad entry is an error diagnostic at its place and the entry is skipped; a file whose
// syntax fails (TOML, JSON) is an empty manifest with one error diagnostic naming file, line and column. The library
// throws only when a path cannot be read at all; everything below that is a result with diagnostics.
import { InputError } from '../errors';
import type { Diagnostic, ManifestKind, ParsedManifest, SourceLocation } from '../model';

/** A location with the column only when it is known (the JSON and report schemas have no null column). */
export function locationOf(file: string, line: number, column?: number): SourceLocation {
  return column !== undefined ? { file, line, column } : { file, line };
}

/** The error diagnostic for a manifest syntax error (the InputError's place and detail). */
export function syntaxDiagnostic(error: InputError, code: string): Diagnostic {
  return { severity: 'error', code, message: error.detail, location: locationOf(error.file, error.line ?? 1, error.column) };
}

/**
 * Runs a parser; when the file cannot be parsed at all (an InputError for a syntax error), the result is an empty
 * manifest of `kind` with that error as its one diagnostic (code `manifest-syntax`).
 */
export function parseOrDiagnose(kind: ManifestKind, file: string, parse: () => ParsedManifest): ParsedManifest {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InputError) || error.code !== 'E_MANIFEST_SYNTAX') throw error;
    return { kind, file, packages: [], includes: [], indexes: [], diagnostics: [syntaxDiagnostic(error, 'manifest-syntax')] };
  }
}

/** Records one bad entry (code `entry-invalid`) at its place; the caller skips it and reads the others. */
export function entryError(diagnostics: Diagnostic[], location: SourceLocation, message: string): void {
  diagnostics.push({ severity: 'error', code: 'entry-invalid', message, location });
}

/**
 * Reads one entry (a lock entry, a dependency, a line); a syntax error in it becomes an error diagnostic (code
 * `entry-invalid`) and the entry is skipped (undefined), so the others are still read.
 */
export function readEntry<T>(diagnostics: Diagnostic[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof InputError) || error.code !== 'E_MANIFEST_SYNTAX') throw error;
    diagnostics.push(syntaxDiagnostic(error, 'entry-invalid'));
    return undefined;
  }
}
