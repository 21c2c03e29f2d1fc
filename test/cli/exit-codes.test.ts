// docs/exit-codes.md documents the one table in src/cli/exit-codes.ts; this keeps them in step.
import fs from 'node:fs';
import path from 'node:path';
import { EXIT_CODES } from '../../src/cli/exit-codes';

it('docs/exit-codes.md lists exactly the codes of EXIT_CODES', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'exit-codes.md'), 'utf8');
  const rows = [...doc.matchAll(/^\|\s*(\d+)\s*\|\s*([^|]+?)\s*\|/gm)].map((m) => Number(m[1]));
  expect(rows).toEqual(Object.values(EXIT_CODES).sort());
  expect(EXIT_CODES).toEqual({ ok: 0, policyFailure: 1, usageOrInput: 2, incomplete: 3 });
});
