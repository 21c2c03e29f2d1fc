// A scan with recorded licence choices (issue 18 §2): the package is judged on the chosen side, the choice is in the
// JSON report (valid against docs/report.schema.json) and in the policy notes every format renders (text shown
// here), and stale or unused choices are reported.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { parseConfig } from '../../src/policy/config';
import { renderReport } from '../../src/report';
import { scan } from '../../src/scan/scan';
import type { ScanResult } from '../../src/scan/result';
import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { pypiProjectDoc } from '../fake-registry/pypi-doc';

const NOW = new Date('2026-06-01T00:00:00Z');
const UPLOADED = '2024-01-01T00:00:00.000000Z';
let fake: FakeRegistry;
let dir: string;
let result: ScanResult;

const configText = JSON.stringify({
  license: {
    choices: [
      { package: 'dualpkg', given: 'MIT OR GPL-2.0-only', choice: 'MIT', reason: 'linked as a library under MIT', approvedBy: 'legal@example.com' },
      { package: 'relicensed', given: 'BSD-3-Clause OR GPL-3.0-only', choice: 'BSD-3-Clause', reason: 'BSD side' },
      { package: 'not-installed', choice: 'MIT', reason: 'left over' },
    ],
  },
});

beforeAll(async () => {
  fake = await startFakeRegistry();
  fake.addPypiProject(pypiProjectDoc({ name: 'dualpkg', releases: [{ version: '1.0', uploaded: UPLOADED }], license: 'MIT OR GPL-2.0-only' }));
  fake.addPypiProject(pypiProjectDoc({ name: 'relicensed', releases: [{ version: '2.0', uploaded: UPLOADED }], license: 'GPL-3.0-only' }));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-choices-'));
  fs.writeFileSync(path.join(dir, 'requirements.txt'), 'dualpkg==1.0\nrelicensed==2.0\n');
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-choices-cache-'));
  result = await scan([dir], {
    now: NOW,
    env: {},
    checks: ['license'],
    config: parseConfig(configText, 'depvet.config.json'),
    registry: { pypiUrl: fake.pypiUrl, osvUrl: fake.osvUrl, npmRegistry: fake.npmUrl, cacheDir: cache, retries: 0, timeoutMs: 2000 },
    httpHooks: { sleep: async () => undefined, random: () => 0.5 },
  });
  fs.rmSync(cache, { recursive: true, force: true });
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the package is judged on the chosen side and its licence carries the choice', () => {
  const dual = result.packages.find((p) => p.name === 'dualpkg')!;
  expect(dual.license).toEqual({ expression: 'MIT', source: 'license', verdict: 'allowed', declared: 'MIT OR GPL-2.0-only', raw: { license: 'MIT OR GPL-2.0-only' }, choice: { given: 'MIT OR GPL-2.0-only', chosen: 'MIT', reason: 'linked as a library under MIT', approvedBy: 'legal@example.com' } });
  expect(result.findings.filter((f) => f.package.name === 'dualpkg')).toEqual([]);
});

test('a stale choice is reported and does not apply; an unused one is reported', () => {
  expect(result.packages.find((p) => p.name === 'relicensed')!.license).toMatchObject({ expression: 'GPL-3.0-only', verdict: 'denied' });
  expect(result.policyNotes.map((n) => n.kind).sort()).toEqual(['choice-applied', 'choice-stale', 'choice-unused']);
  expect(result.policyNotes.find((n) => n.kind === 'choice-stale')!.message).toBe(
    'license choice for relicensed (BSD-3-Clause of BSD-3-Clause OR GPL-3.0-only) no longer matches relicensed 2.0: its license is now GPL-3.0-only, which does not contain BSD-3-Clause OR GPL-3.0-only; the full license is judged',
  );
});

test('the choice is shown in the reports: JSON (valid against the schema) and the text report', () => {
  const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'report.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
  const json = JSON.parse(renderReport('json', result));
  expect(validate(json) ? [] : validate.errors).toEqual([]);
  const text = renderReport('text', result, { color: false });
  expect(text).toContain('choice-applied: license choice for dualpkg: judged under MIT of MIT OR GPL-2.0-only (linked as a library under MIT) for dualpkg 1.0');
});

test('the config schema accepts choices and rejects an entry without a reason, at its pointer', () => {
  expect(() => parseConfig(JSON.stringify({ license: { choices: [{ package: 'x', choice: 'MIT' }] } }), 'depvet.config.json')).toThrow(/\/license\/choices\/0: missing required key "reason"/);
});
