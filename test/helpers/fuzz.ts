// Property-test pieces shared by the parser tests: mutations of real fixture texts, and the one outcome a parser
// may have besides success.
import fc from 'fast-check';
import { InputError } from '../../src/errors';

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

/** Runs a parser: 'ok', or 'input-error' for the documented one-line syntax error; anything else fails the property. */
export function parseOutcome(parse: () => unknown): 'ok' | 'input-error' {
  try {
    parse();
    return 'ok';
  } catch (error) {
    if (error instanceof InputError && error.code === 'E_MANIFEST_SYNTAX' && !error.message.includes('\n')) return 'input-error';
    throw error;
  }
}
