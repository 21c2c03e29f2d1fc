// The closure in a scan: transitive entries with their chains and the direct requirement's line, resolved on top of
// what an image inherits, locks left alone, --no-deps, and what an incomplete or impossible closure reports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildInventory } from '../../src/inventory/inventory';
import { PypiClient } from '../../src/registries/pypi';
import { resolveClosure } from '../../src/resolve/closure';
import { compareVersions } from '../../src/resolve/pep440';
import { PypiRegistrySource } from '../../src/resolve/pypi-source';
import { scan } from '../../src/scan/scan';
import { addUniverse, type UniverseProject } from '../fake-registry/pypi-doc';
import type { FakeRegistry } from '../fake-registry/server';
import { fakeOptions, instantHooks, tempDir, useFakeRegistry } from '../registries/registry-test-options';
import { UNIVERSE } from './universes';

let fake: FakeRegistry;
const EXTRA: UniverseProject[] = [{ name: 'sdistonly', releases: [{ version: '1.0', sdistOnly: true, requiresDist: null }] }];
useFakeRegistry((started) => {
  fake = started;
  addUniverse(fake, [...UNIVERSE, ...EXTRA], compareVersions);
});

function folder(files: Record<string, string>): string {
  const dir = tempDir('depvet-closure-');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function closureOf(dir: string, python = '3.12') {
  const inventory = buildInventory([dir], { cwd: os.tmpdir(), env: {} });
  const source = new PypiRegistrySource(new PypiClient(fakeOptions(fake, { noCache: true, retries: 0 }), instantHooks()));
  return resolveClosure(inventory, { pypi: source }, { python });
}

const PIPFILE_LOCK = (packages: Record<string, string>) =>
  JSON.stringify({ _meta: { hash: { sha256: 'x' }, 'pipfile-spec': 6, requires: { python_version: '3.11' }, sources: [] }, default: Object.fromEntries(Object.entries(packages).map(([n, v]) => [n, { version: `==${v}` }])), develop: {} }, null, 2);

describe('the closure of a requirements file', () => {
  test('every release pip installs is an entry; transitive ones carry the chain and the direct requirement\'s line', async () => {
    const dir = folder({ 'requirements.txt': '# web client\nweb[socks]\napp\n' });
    const { inventory, contexts } = await closureOf(dir);
    const byName = new Map(inventory.packages.map((p) => [p.normalizedName, p]));
    expect(byName.get('web')).toMatchObject({ relation: 'direct', version: '2.31.0', resolved: { from: '(any version)' } });
    expect(byName.get('socksy')).toMatchObject({
      relation: 'transitive',
      version: '1.7.1',
      status: 'included',
      location: { line: 2 },
      resolvedFrom: [{ name: 'web', version: '2.31.0', requirement: 'socksy!=1.5.7,>=1.5.6' }],
    });
    expect(byName.get('base')).toMatchObject({ relation: 'transitive', version: '2.0', location: { line: 3 }, resolvedFrom: [{ name: 'app', version: '1.0', requirement: 'left>=1' }, { name: 'left', version: '1.0', requirement: 'base<3,>=1' }] });
    expect(contexts).toHaveLength(1);
    expect(contexts[0]!.packages.map((p) => `${p.name}==${p.version} ${p.relation}`).sort()).toEqual([
      'app==1.0 direct',
      'base==2.0 transitive',
      'certi==2024.8.30 transitive',
      'left==1.0 transitive',
      'right==1.0 transitive',
      'socksy==1.7.1 transitive',
      'web==2.31.0 direct',
    ]);
  });

  test('constraints (-c) and --pre in the file are applied', async () => {
    const dir = folder({ 'requirements.txt': '--pre\n-c constraints.txt\nprerel\napp\n', 'constraints.txt': 'base<2.5\n' });
    const { inventory } = await closureOf(dir);
    const versions = Object.fromEntries(inventory.packages.filter((p) => p.status === 'included').map((p) => [p.normalizedName, p.version]));
    expect(versions).toMatchObject({ prerel: '2.0b1', base: '2.0' });
    // The constraint itself installs nothing.
    expect(inventory.packages.find((p) => p.normalizedName === 'base' && p.relation === 'direct')).toMatchObject({ status: 'skipped', skip: { code: 'constraint-only' } });
  });

  test('markers decide by the Python version', async () => {
    const dir = folder({ 'requirements.txt': 'modern\n' });
    expect((await closureOf(dir, '3.9')).inventory.packages.map((p) => p.normalizedName).sort()).toEqual(['backport', 'modern']);
    expect((await closureOf(dir, '3.12')).inventory.packages.map((p) => p.normalizedName).sort()).toEqual(['modern', 'typingx']);
  });

  test('no solution: one error naming the conflicting requirements; the direct requirements stay', async () => {
    const dir = folder({ 'requirements.txt': 'pinsa\npinsb\n' });
    const { inventory, diagnostics } = await closureOf(dir);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', code: 'resolution-conflict', location: expect.objectContaining({ line: 1 }), message: expect.stringContaining('pinsa 1.0 depends on shared==1.0') }),
    ]);
    expect(inventory.packages.map((p) => p.normalizedName)).toEqual(['pinsa', 'pinsb']);
  });

  test('an sdist-only release without dependency metadata: an error at the direct requirement, never "no dependencies"', async () => {
    const dir = folder({ 'requirements.txt': 'leaf\nsdistonly\n' });
    const { diagnostics } = await closureOf(dir);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'dependencies-unknown', location: expect.objectContaining({ line: 2 }), message: expect.stringContaining('sdistonly 1.0') })]);
  });
});

describe('images: resolved on top of what the base image installs', () => {
  const tree = () =>
    folder({
      'docker/base/Dockerfile': 'FROM python:3.11-slim\nCOPY Pipfile.lock .\n',
      'docker/base/Pipfile.lock': PIPFILE_LOCK({ leaf: '1.0', certi: '2024.8.30' }),
      'docker/keeps/Dockerfile': 'FROM demisto/base:1.0\nRUN pip install "mid<2"\n',
      'docker/replaces/Dockerfile': 'FROM demisto/base:1.0\nRUN pip install mid\n',
    });

  test('an inherited release that satisfies is kept, not listed twice', async () => {
    const { inventory } = await closureOf(path.join(tree(), 'docker'));
    const keeps = inventory.packages.filter((p) => p.image === 'keeps');
    expect(keeps.filter((p) => p.normalizedName === 'leaf').map((p) => [p.version, p.status, p.inheritedFrom])).toEqual([['1.0', 'included', 'base']]);
    expect(keeps.find((p) => p.normalizedName === 'mid')).toMatchObject({ version: '1.0', relation: 'direct' });
  });

  test('an inherited release that does not satisfy is replaced: skipped as overridden, the new one transitive', async () => {
    const { inventory } = await closureOf(path.join(tree(), 'docker'));
    const leaf = inventory.packages.filter((p) => p.image === 'replaces' && p.normalizedName === 'leaf');
    expect(leaf.map((p) => [p.version, p.status, p.relation])).toEqual([
      ['1.0', 'skipped', 'transitive'],
      ['2.0', 'included', 'transitive'],
    ]);
    expect(leaf[0]!.skip).toMatchObject({ code: 'overridden' });
    expect(leaf[1]).toMatchObject({ location: { file: expect.stringContaining('replaces/Dockerfile'), line: 2 }, resolvedFrom: [{ name: 'mid', version: '2.0', requirement: 'leaf>=2' }] });
  });

  test('a lock is not resolved again: the inventory of a locked image is the same with and without the closure', async () => {
    const dir = path.join(tree(), 'docker');
    const before = buildInventory([dir], { cwd: os.tmpdir(), env: {} });
    const { inventory } = await closureOf(dir);
    expect(inventory.packages.filter((p) => p.image === 'base')).toEqual(before.packages.filter((p) => p.image === 'base'));
  });
});

describe('in a scan', () => {
  const registry = () => ({ pypiUrl: fake.pypiUrl, osvUrl: fake.osvUrl, npmRegistry: fake.npmUrl, cacheDir: tempDir('depvet-closure-cache-'), retries: 0 });

  test('checks apply to the closure, and reports say how a package got there', async () => {
    const dir = folder({ 'requirements.txt': 'web==2.31.0\n' });
    const result = await scan([dir], { env: {}, registry: registry(), httpHooks: instantHooks(), checks: ['license'] });
    const certi = result.packages.find((p) => p.normalizedName === 'certi')!;
    expect(certi).toMatchObject({ version: '2024.8.30', occurrences: [{ relation: 'transitive', location: { line: 1 }, resolvedFrom: [{ name: 'web', version: '2.31.0', requirement: 'certi>=2017.4.17' }] }] });
  });

  test('--no-deps checks only what the manifests name', async () => {
    const dir = folder({ 'requirements.txt': 'web==2.31.0\n' });
    fake.resetCounts();
    const result = await scan([dir], { env: {}, registry: registry(), httpHooks: instantHooks(), checks: ['license'], noDeps: true });
    expect(result.packages.map((p) => p.normalizedName)).toEqual(['web']);
    const viaConfig = await scan([dir], { env: {}, registry: registry(), httpHooks: instantHooks(), checks: ['license'], config: { resolve: { dependencies: false } } });
    expect(viaConfig.packages.map((p) => p.normalizedName)).toEqual(['web']);
  });

  test('offline with nothing cached: the closure is incomplete and says what is missing', async () => {
    const dir = folder({ 'requirements.txt': 'web==2.31.0\n' });
    const result = await scan([dir], { env: {}, registry: { ...registry(), offline: true }, httpHooks: instantHooks(), checks: ['license'] });
    expect(result.diagnostics).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error', code: 'closure-incomplete', message: expect.stringContaining('web') })]));
    expect(result.summary.outcome).toBe('incomplete');
  });
});
