// The npm resolver against npm itself: `npm install --package-lock-only --ignore-scripts` against the loopback fake
// registry is the reference for where every package lands in node_modules (skipped plainly without the npm CLI).
// Also: one packument per name, and what it says when the registry cannot answer or nothing satisfies a range.
import { NpmClient } from '../../src/registries/npm';
import { NpmRegistrySource, resolveNpm, type NpmRootDependency } from '../../src/resolve/npm-resolver';
import { npmPackument } from '../fake-registry/npm-doc';
import type { FakeRegistry } from '../fake-registry/server';
import { fakeOptions, instantHooks, useFakeRegistry } from '../registries/registry-test-options';
import { npmLockTree, npmReference } from './npm-reference';
import { NPM_CASES, NPM_UNIVERSE, type NpmCase } from './npm-universes';

let fake: FakeRegistry;
useFakeRegistry((started) => {
  fake = started;
  for (const p of NPM_UNIVERSE) fake.addNpm(npmPackument(p, fake.npmUrl));
});

function rootsOf(c: NpmCase): NpmRootDependency[] {
  const of = (deps: Record<string, string> | undefined, type: NpmRootDependency['type']) => Object.entries(deps ?? {}).map(([name, spec]) => ({ name, spec, type }));
  return [...of(c.dependencies, 'prod'), ...of(c.devDependencies, 'dev'), ...of(c.optionalDependencies, 'optional'), ...of(c.peerDependencies, 'peer')];
}

async function depvetTree(c: NpmCase) {
  const source = new NpmRegistrySource(new NpmClient(fakeOptions(fake, { noCache: true, retries: 0 }), instantHooks()));
  const result = await resolveNpm(rootsOf(c), source);
  return { result, source, tree: Object.fromEntries(result.nodes.map((n) => [n.path, n.version])) };
}

const npm = npmReference();
const describeWithNpm: jest.Describe = npm.available ? describe : ((name: string) => describe(`${name} [skipped: ${npm.available ? '' : npm.reason}]`, () => it.skip('needs npm', () => undefined))) as unknown as jest.Describe;

describeWithNpm(`agreement with npm ${npm.available ? npm.version : ''} (package-lock-only)`, () => {
  jest.setTimeout(300_000);
  for (const c of NPM_CASES) {
    test(c.name, async () => {
      const { name: _name, ...packageJson } = c;
      const reference = await npmLockTree(packageJson, `${fake.npmUrl}/`);
      if ('error' in reference) throw new Error(`npm failed: ${reference.error}`);
      expect((await depvetTree(c)).tree).toEqual(reference.tree);
    });
  }
});

describe('npm resolver', () => {
  test('nested duplicates keep their paths, and chains say who pulled them in', async () => {
    const { result } = await depvetTree({ name: 'x', dependencies: { left: '^1.0.0', right: '^1.0.0' } });
    expect(result.nodes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'node_modules/shared', version: '1.4.0', resolvedFrom: [{ name: 'left', version: '1.0.0', requirement: 'shared@^1.0.0' }] }),
        expect.objectContaining({ path: 'node_modules/right/node_modules/shared', version: '2.2.0', resolvedFrom: [{ name: 'right', version: '1.0.0', requirement: 'shared@^2.0.0' }] }),
      ]),
    );
  });

  test('one packument per name', async () => {
    fake.resetCounts();
    const { source } = await depvetTree({ name: 'x', dependencies: { left: '^1.0.0', right: '^1.0.0', shared: '^1.0.0' } });
    expect(fake.requests('npm-packument')).toBe(3);
    expect(source.requests.sort()).toEqual(['left', 'right', 'shared']);
  });

  test('no version in range: no tree, and why', async () => {
    const { result } = await depvetTree({ name: 'x', dependencies: { shared: '^9.0.0' } });
    expect(result.status).toBe('conflict');
    expect(result.message).toContain('no version of shared satisfies "^9.0.0"');
  });

  test('a packument the registry cannot give: reported, the rest resolved', async () => {
    fake.inject({ kind: 'status-500', route: 'npm-packument', path: '/npm/beta' });
    try {
      const { result, tree } = await depvetTree({ name: 'x', dependencies: { alpha: '^1.0.0', left: '^1.0.0' } });
      expect(tree).toEqual({ 'node_modules/alpha': '1.2.0', 'node_modules/left': '1.0.0', 'node_modules/shared': '1.4.0' });
      expect(result.problems).toEqual([expect.objectContaining({ kind: 'unavailable', name: 'beta' })]);
    } finally {
      fake.clearFaults();
    }
  });
});
