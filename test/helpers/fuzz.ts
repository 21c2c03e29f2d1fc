// Property-test pieces shared by the parser tests: mutations of real fixture texts, and the one outcome a parser
// may have besides success (error diagnostics, never a throw).
import fc from 'fast-check';
import type { Diagnostic } from '../../src/model';

/** Text mutations of real fixtures: cut, insert, duplicate, or replace one character, up to five times. */
export function mutatedText(texts: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...texts), fc.array(fc.tuple(fc.nat(), fc.nat(64), fc.string({ maxLength: 8 }), fc.nat(3)), { minLength: 1, maxLength: 5 }))
    .map(([text, edits]) => {
      let t = text;
      for (const [at, length, insert, kind] of edits) {
        const i = t.length === 0 ? 0 : at % t.length;
        if (kind === 0) t = t.slice(0, i) + t.slice(i + length);
        else if (kind === 1) t = t.slice(0, i) + insert + t.slice(i);
        else if (kind === 2) t = t.slice(0, i) + t.slice(i, i + length) + t.slice(i);
        else t = t.slice(0, i) + (insert[0] ?? '"') + t.slice(i + 1);
      }
      return t;
    });
}

/**
 * Runs a parser, which never throws for bad input: 'ok', or 'input-error' when it reports error diagnostics, each one
 * line with a place (line >= 1, column >= 1 when given). A throw of any kind fails the property.
 */
export function parseOutcome(parse: () => { diagnostics: Diagnostic[] }): 'ok' | 'input-error' {
  const errors = parse().diagnostics.filter((d) => d.severity === 'error');
  for (const error of errors) {
    if (error.message.includes('\n') || error.location.line < 1 || (error.location.column !== undefined && error.location.column < 1)) {
      throw new Error(`a diagnostic without a one-line message and a place: ${JSON.stringify(error)}`);
    }
  }
  return errors.length > 0 ? 'input-error' : 'ok';
}
