// The package's public entry point, as a consumer loads it (package.json "exports", built by `npm run build`).
import path from 'node:path';

it('exports the pipeline functions from the built package entry point', () => {
  // Self-reference through package.json "exports", exactly as `require('depvet')` resolves for a user.
  const api = require(path.join(__dirname, '..')) as Record<string, unknown>;
  for (const name of ['buildInventory', 'scan', 'scanWithDiff', 'renderReport', 'loadConfig', 'parseRequirementsTxt', 'checkAdvisories', 'findImages', 'normalizePypiName', 'screenNames', 'loadPopularIndex', 'decideOutcome', 'exitCodeOf', 'resolvePaths', 'resolveClosure', 'resolvePypi', 'resolveNpm', 'renderClosure']) {
    expect(typeof api[name]).toBe('function');
  }
  expect(api['EXIT_CODES']).toEqual({ ok: 0, policyFailure: 1, usageOrInput: 2, incomplete: 3 });
  expect((api['normalizePypiName'] as (n: string) => string)('Foo.Bar__baz')).toBe('foo-bar-baz');
});
