// `depvet resolve` through the CLI, against the loopback fake registry serving the resolver test universe.
import fs from 'node:fs';
import path from 'node:path';
import { compareVersions } from '../../src/resolve/pep440';
import { parseRequirementsTxt } from '../../src/sources/requirements-txt';
import { addUniverse } from '../fake-registry/pypi-doc';
import type { FakeRegistry } from '../fake-registry/server';
import { tempDir, useFakeRegistry } from '../registries/registry-test-options';
import { UNIVERSE } from '../resolve/universes';
import { runCli } from './run-cli';

let fake: FakeRegistry;
useFakeRegistry((started) => {
  fake = started;
  addUniverse(fake, UNIVERSE, compareVersions);
});

function project(requirements: string): string {
  const dir = tempDir('depvet-resolve-cli-');
  fs.writeFileSync(path.join(dir, 'requirements.txt'), requirements);
  return dir;
}

const resolve = (dir: string, ...extra: string[]) =>
  runCli(['resolve', path.join(dir, 'requirements.txt'), '--pypi-url', fake.pypiUrl, '--cache-dir', tempDir('depvet-resolve-cache-'), ...extra], { cwd: dir });

test('text: every package with the chain that brought it', async () => {
  const run = await resolve(project('app\n'));
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('requirements.txt (PyPI, Python 3.12): 4 packages, 1 direct');
  expect(run.stdout).toContain('base==2.0  via app 1.0 (left>=1) -> left 1.0 (base<3,>=1)');
  expect(run.stdout).toMatch(/app==1\.0 {2}direct, .*requirements\.txt:1/);
});

test('requirements: a pinned file pip reads back, with # via comments', async () => {
  const dir = project('web[socks]\n');
  const run = await resolve(dir, '--format', 'requirements');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('web[socks]==2.31.0\n    # via -r ');
  expect(run.stdout).toContain('socksy==1.7.1\n    # via web\n');
  const pinned = parseRequirementsTxt(run.stdout, 'pinned.txt').packages;
  expect(pinned.map((p) => `${p.name}==${p.version}`).sort()).toEqual(['certi==2024.8.30', 'socksy==1.7.1', 'web==2.31.0']);
});

test('json: contexts with packages and their resolvedFrom', async () => {
  const run = await resolve(project('web\n'), '--format', 'json');
  const json = JSON.parse(run.stdout) as { schemaVersion: string; contexts: { packages: { name: string; relation: string; resolvedFrom: unknown[] }[] }[] };
  expect(json.schemaVersion).toBe('1.0');
  expect(json.contexts[0]!.packages.find((p) => p.name === 'certi')).toMatchObject({ relation: 'transitive', resolvedFrom: [{ name: 'web', version: '2.31.0', requirement: 'certi>=2017.4.17' }] });
});

test('no solution: exit 3 and one line naming the conflicting requirements', async () => {
  const run = await resolve(project('pinsa\npinsb\n'));
  expect(run.code).toBe(3);
  expect(run.stdout).toContain('no solution');
  expect(run.stdout).toMatch(/error: .*requirements\.txt:1: cannot resolve the dependencies of .*pinsa 1\.0 depends on shared==1\.0; pinsb 1\.0 depends on shared==2\.0/);
});

test('offline with nothing cached: exit 3, naming what is missing', async () => {
  const run = await resolve(project('web\n'), '--offline');
  expect(run.code).toBe(3);
  expect(run.stdout).toMatch(/error: .*web: its release list could not be fetched/);
});

test('usage errors exit 2', async () => {
  expect((await runCli(['resolve'])).code).toBe(2);
  const bad = await runCli(['resolve', 'x', '--format', 'sarif']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--format must be text, json, requirements');
});
