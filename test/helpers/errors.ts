// The InputError a call throws, for assertions on its code and one-line message; any other outcome fails the test.
import { InputError } from '../../src/errors';

export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}
