import * as pep440 from '@renovatebot/pep440';
import fc from 'fast-check';
import { comparePep440, PEP440_SCHEME, sortVersions } from '../../../src/checks/advisories/versions';

const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);

// PEP 440 versions built from every part: epoch, release, pre, post, dev, local.
const pep440Version = fc
  .tuple(
    fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 4 }),
    fc.option(fc.tuple(fc.constantFrom('a', 'b', 'rc', 'alpha', 'c', 'pre'), fc.integer({ min: 0, max: 3 })), { nil: undefined }),
    fc.option(fc.constantFrom('.post1', '.post0', '-2', '.post'), { nil: undefined }),
    fc.option(fc.constantFrom('.dev0', '.dev3', 'dev'), { nil: undefined }),
    fc.option(fc.constantFrom('+ubuntu1', '+1', '+abc.2', '+1.abc', '+ABC'), { nil: undefined }),
  )
  .map(([epoch, release, pre, post, dev, local]) =>
    `${epoch !== undefined ? `${epoch}!` : ''}${release.join('.')}${pre ? `${pre[0]}${pre[1]}` : ''}${post ?? ''}${dev ?? ''}${local ?? ''}`,
  );

describe('comparePep440', () => {
  it('orders exactly as @renovatebot/pep440 compare does', () => {
    fc.assert(
      fc.property(pep440Version, pep440Version, (a, b) => {
        expect(pep440.valid(a)).not.toBeNull();
        expect(sign(comparePep440(a, b))).toBe(sign(pep440.compare(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('orders the PEP 440 examples', () => {
    const ordered = ['1.0.dev0', '1.0a1', '1.0a2.dev1', '1.0a2', '1.0b1', '1.0rc1', '1.0', '1.0+local', '1.0.post1.dev0', '1.0.post1', '1.1', '1!0.1'];
    expect(sortVersions(PEP440_SCHEME, [...ordered].reverse()).sorted).toEqual(ordered);
    expect(comparePep440('1.0', '1.0.0')).toBe(0);
  });
});
