// Registry metadata is untrusted input: whatever shape it takes, resolving and judging return data, never throw.
import fc from 'fast-check';
import { judgeLicense } from '../../../src/checks/license/policy';
import { resolveLicense, type LicenseMetadata } from '../../../src/checks/license/resolve';

const licenseish = fc.oneof(
  fc.string(),
  fc.constantFrom('MIT', 'mit or gpl', 'BSD/GPL', 'GPL-2.0+', 'LGPLv2+', '(MIT', 'MIT AND', 'Apache 2.0, MIT', 'UNLICENSED', 'License :: OSI Approved :: MIT License', 'LicenseRef-', 'WITH', 'MIT WITH'),
  fc.array(fc.constantFrom('MIT', 'OR', 'AND', 'WITH', '(', ')', 'GPL-2.0', 'Classpath-exception-2.0', 'bsd', '+', 'LicenseRef-x'), { maxLength: 8 }).map((parts) => parts.join(' ')),
);

test('resolveLicense and judgeLicense never throw on arbitrary metadata', () => {
  fc.assert(
    fc.property(
      fc.record({
        ecosystem: fc.constantFrom('PyPI' as const, 'npm' as const),
        license: fc.oneof(licenseish, fc.constant(null), fc.record({ type: fc.oneof(licenseish, fc.integer()) }) as fc.Arbitrary<never>),
        licenseExpression: fc.oneof(licenseish, fc.constant(null)),
        licenses: fc.oneof(fc.constant(undefined), fc.array(fc.oneof(fc.record({ type: licenseish }), fc.string(), fc.integer(), fc.constant(null)))),
        classifiers: fc.oneof(fc.array(fc.oneof(fc.string(), licenseish.map((l) => `License :: ${l}`))), fc.constant('not an array') as fc.Arbitrary<never>),
      }),
      (fields) => {
        const meta = { name: 'p', ...fields } as LicenseMetadata;
        const resolved = resolveLicense(meta);
        const verdict = judgeLicense(resolved);
        expect(['allowed', 'needs-approval', 'denied', 'unknown']).toContain(verdict.verdict);
        if (resolved.expression === null) expect(verdict.verdict).toBe('unknown');
      },
    ),
    { numRuns: 2000 },
  );
});
