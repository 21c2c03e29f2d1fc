// What a pip invocation says about how to resolve: `--pre` in a requirements file holds for the whole file, and a
// Dockerfile's `pip install --pre / --no-deps / --upgrade` for everything that RUN installs, its -r files included.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildInventory } from '../../src/inventory/inventory';
import { parseDockerfile } from '../../src/sources/dockerfile';
import { parseRequirementsTxt } from '../../src/sources/requirements-txt';

test('--pre anywhere in a requirements file marks every requirement of the file', () => {
  const parsed = parseRequirementsTxt('alpha\n--pre\nbeta>=1\n', 'requirements.txt');
  expect(parsed.packages.map((p) => p.installOptions)).toEqual([{ pre: true }, { pre: true }]);
  expect(parseRequirementsTxt('alpha\n', 'requirements.txt').packages[0]!.installOptions).toBeUndefined();
});

test("a Dockerfile's pip flags hold for the packages and the files of that RUN only", () => {
  const parsed = parseDockerfile('FROM python:3.12\nRUN pip install --no-deps alpha -r extra.txt && pip install -U beta\nRUN pip install --pre gamma\nRUN pip install delta\n', 'Dockerfile');
  expect(Object.fromEntries(parsed.packages.map((p) => [p.name, p.installOptions]))).toEqual({ alpha: { noDeps: true }, beta: { upgrade: true }, gamma: { pre: true }, delta: undefined });
  expect(parsed.includes).toEqual([expect.objectContaining({ path: 'extra.txt', installOptions: { noDeps: true } })]);
});

test('a file a Dockerfile installs with --no-deps carries it into the inventory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-install-options-'));
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.12\nCOPY extra.txt .\nRUN pip install --no-deps -r extra.txt\n');
    fs.writeFileSync(path.join(dir, 'extra.txt'), 'alpha==1.0\n');
    const inventory = buildInventory([dir], { cwd: os.tmpdir(), env: {} });
    expect(inventory.packages.find((p) => p.name === 'alpha')).toMatchObject({ installOptions: { noDeps: true } });
    expect(inventory.manifests.find((m) => m.file.endsWith('extra.txt'))).toMatchObject({ role: 'include', includedBy: expect.stringContaining('Dockerfile') });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
