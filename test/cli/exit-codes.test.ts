// docs/exit-codes.md documents the one table in src/cli/exit-codes.ts; this keeps them in step.
import fs from 'node:fs';
import path from 'node:path';
import { EXIT_CODES, exitCodeOf } from '../../src/cli/exit-codes';
import type { Diagnostic } from '../../src/model';
import { countInputErrors, decideOutcome } from '../../src/outcome';

it('docs/exit-codes.md lists exactly the codes of EXIT_CODES', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'exit-codes.md'), 'utf8');
  const rows = [...doc.matchAll(/^\|\s*(\d+)\s*\|\s*([^|]+?)\s*\|/gm)].map((m) => Number(m[1]));
  expect(rows).toEqual(Object.values(EXIT_CODES).sort());
  expect(EXIT_CODES).toEqual({ ok: 0, policyFailure: 1, usageOrInput: 2, incomplete: 3 });
});

it('the rule: a failing finding wins (1), then any could-not-check or error diagnostic (3), else 0', () => {
  const cases: [number, number, number, string, number][] = [
    [0, 0, 0, 'pass', 0],
    [0, 0, 1, 'incomplete', 3],
    [0, 2, 0, 'incomplete', 3],
    [1, 0, 0, 'fail', 1],
    [1, 3, 2, 'fail', 1],
  ];
  for (const [failing, couldNotCheck, inputErrors, outcome, code] of cases) {
    expect(decideOutcome({ failing, couldNotCheck, inputErrors })).toBe(outcome);
    expect(exitCodeOf(decideOutcome({ failing, couldNotCheck, inputErrors }))).toBe(code);
  }
  expect(exitCodeOf('complete')).toBe(0);
  const diagnostics: Diagnostic[] = [
    { severity: 'warning', code: 'w', message: 'm', location: { file: 'f', line: 1 } },
    { severity: 'error', code: 'e', message: 'm', location: { file: 'f', line: 2 } },
  ];
  expect(countInputErrors(diagnostics)).toBe(1);
});
