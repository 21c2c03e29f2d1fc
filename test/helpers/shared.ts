// Corpus-scale tests read ../shared (the read-only development data beside the project). `npm test` must pass
// without it, so such tests are skipped, and say so plainly, when it is absent.
import fs from 'node:fs';
import path from 'node:path';

export const SHARED_DIR = path.resolve(__dirname, '..', '..', '..', 'shared');

export function sharedPath(...parts: string[]): string {
  return path.join(SHARED_DIR, ...parts);
}

export const hasShared = fs.existsSync(path.join(SHARED_DIR, 'corpus'));

/**
 * `describe` when ../shared is present; otherwise one skipped test whose name says why. The block's body is not
 * run at all then (jest runs the bodies of skipped describes, and corpus blocks read ../shared while collecting).
 */
export const describeWithShared: jest.Describe = hasShared
  ? describe
  : (((name: string) =>
      describe(`${name} [skipped: ../shared is absent, corpus-scale test not run]`, () => {
        it.skip('needs ../shared', () => undefined);
      })) as unknown as jest.Describe);

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
export function fixturePath(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}
