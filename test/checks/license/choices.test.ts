// Recorded OR choices (issue 18 §2, as ORT's license_choices): the verdict is judged on the chosen side, the choice
// is shown, and a choice whose OR is gone is stale.
import { ConfigError } from '../../../src/errors';
import type { PackageKey } from '../../../src/findings';
import { applyChoiceToExpression, validateLicenseChoices, type LicenseChoice } from '../../../src/checks/license/choices';
import { checkLicenses, licenseMetadataKey } from '../../../src/checks/license/check';
import type { LicenseMetadataResult } from '../../../src/checks/license/check';

const pkg = (name: string, version: string): PackageKey => ({ ecosystem: 'PyPI', name, normalizedName: name, version });
const choice = (entry: Partial<LicenseChoice>): LicenseChoice => ({ package: 'dual', choice: 'MIT', reason: 'we link it, MIT side', ...entry });

function run(packages: { key: PackageKey; license: string }[], choices: LicenseChoice[]) {
  const metadata = new Map<string, LicenseMetadataResult>(packages.map(({ key, license }) => [licenseMetadataKey(key), { ecosystem: 'PyPI', name: key.name, version: key.version, license }]));
  return checkLicenses(
    packages.map((p) => p.key),
    metadata,
    undefined,
    { choices, now: new Date('2026-01-01T00:00:00Z') },
  );
}

describe('applyChoiceToExpression', () => {
  test.each([
    ['MIT OR GPL-2.0-only', { given: 'MIT OR GPL-2.0-only', choice: 'MIT' }, 'MIT', 'MIT OR GPL-2.0-only'],
    ['GPL-2.0-only OR MIT', { given: 'MIT OR GPL-2.0-only', choice: 'GPL-2.0-only' }, 'GPL-2.0-only', 'GPL-2.0-only OR MIT'],
    ['(MIT OR GPL-2.0-only) AND Zlib', { choice: 'MIT' }, 'MIT AND Zlib', 'MIT OR GPL-2.0-only'],
    ['MIT OR Apache-2.0 OR GPL-3.0-only', { given: 'GPL-3.0-only OR Apache-2.0 OR MIT', choice: 'MIT OR Apache-2.0' }, 'MIT OR Apache-2.0', 'MIT OR Apache-2.0 OR GPL-3.0-only'],
  ])('%s, %j -> %s', (expression, entry, expected, given) => {
    expect(applyChoiceToExpression(expression, entry)).toEqual({ expression: expected, given });
  });

  test('an expression without the OR is no application (stale)', () => {
    expect(applyChoiceToExpression('MIT', { given: 'MIT OR GPL-2.0-only', choice: 'MIT' })).toBeNull();
    expect(applyChoiceToExpression('MIT OR Apache-2.0', { given: 'MIT OR GPL-2.0-only', choice: 'MIT' })).toBeNull();
    expect(applyChoiceToExpression('Apache-2.0 OR BSD-3-Clause', { choice: 'MIT' })).toBeNull();
  });
});

describe('validation: a mistake fails the run, pointing at the entry', () => {
  test.each([
    [{ choice: 'not a licence' }, /is not an SPDX expression/],
    [{ given: 'MIT' }, /offers no choice/],
    [{ given: 'MIT OR GPL-2.0-only', choice: 'Apache-2.0' }, /is not a side of/],
    [{ choice: 'MIT AND Zlib' }, /must be one side of an OR/],
    [{ reason: ' ' }, /a reason is required/],
    [{ versions: 'not-a-range!!' }, /is not a version or range/],
  ])('%j', (entry, message) => {
    const bad = choice({ ...entry, source: { file: 'depvet.config.json', pointer: '/license/choices/0' } });
    expect(() => validateLicenseChoices([bad])).toThrow(ConfigError);
    expect(() => validateLicenseChoices([bad])).toThrow(message);
  });
});

describe('checkLicenses with choices', () => {
  test('the verdict is judged on the chosen side, and the choice is in the evidence', () => {
    const gplSide = run([{ key: pkg('dual', '1.0'), license: 'MIT OR GPL-2.0-only' }], [choice({ given: 'MIT OR GPL-2.0-only', choice: 'GPL-2.0-only', reason: 'we ship it under the GPL' })]);
    expect(gplSide.results[0]!.verdict.verdict).toBe('denied');
    expect(gplSide.results[0]!.resolved).toMatchObject({ expression: 'GPL-2.0-only', choice: { given: 'MIT OR GPL-2.0-only', chosen: 'GPL-2.0-only', reason: 'we ship it under the GPL' } });
    const finding = gplSide.findings.find((f) => f.kind === 'license-denied')!;
    expect(finding.message).toContain('license GPL-2.0-only (the side chosen of MIT OR GPL-2.0-only by a recorded license choice) is denied');
    expect(finding.evidence.choice).toMatchObject({ chosen: 'GPL-2.0-only' });
    expect(gplSide.choices.applied.map((a) => a.packages)).toEqual([['dual 1.0']]);

    const needsApproval = run([{ key: pkg('dual', '1.0'), license: 'MPL-2.0 OR GPL-2.0-only' }], [choice({ choice: 'MPL-2.0' })]);
    expect(needsApproval.results[0]!.verdict).toMatchObject({ verdict: 'needs-approval', decidingLicenses: ['MPL-2.0'] });
  });

  test('a choice whose OR is gone (the package was relicensed) is stale, and the full licence is judged', () => {
    const result = run(
      [
        { key: pkg('dual', '1.0'), license: 'MIT OR GPL-2.0-only' },
        { key: pkg('dual', '2.0'), license: 'GPL-2.0-only' },
      ],
      [choice({ given: 'MIT OR GPL-2.0-only' })],
    );
    expect(result.results.map((r) => [r.package.version, r.resolved.expression, r.verdict.verdict])).toEqual([
      ['1.0', 'MIT', 'allowed'],
      ['2.0', 'GPL-2.0-only', 'denied'],
    ]);
    expect(result.choices.applied.map((a) => a.packages)).toEqual([['dual 1.0']]);
    expect(result.choices.stale).toEqual([{ choice: expect.objectContaining({ package: 'dual' }), packages: ['dual 2.0'], reason: 'its license is now GPL-2.0-only, which does not contain MIT OR GPL-2.0-only' }]);
  });

  test('version scope and unused choices', () => {
    const result = run([{ key: pkg('dual', '2.0'), license: 'MIT OR GPL-2.0-only' }], [choice({ versions: '<2' }), choice({ package: 'absent' })]);
    expect(result.results[0]!.resolved.choice).toBeUndefined();
    expect(result.choices.unused.map((c) => c.package)).toEqual(['dual', 'absent']);
  });
});
