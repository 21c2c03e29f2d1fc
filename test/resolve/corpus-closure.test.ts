// The closure over the real corpus (../shared/corpus/dockerfiles), answered by the corpus universe (the releases its
// poetry.lock files hold, with their real dependency metadata). Images whose packages all come from locks must not
// change at all; the images with unlocked requirements (a committed requirements.txt, a Dockerfile's pip install)
// resolve where their names are in the universe and say what could not be resolved for the rest.
import os from 'node:os';
import { buildInventory } from '../../src/inventory/inventory';
import type { Inventory, InventoryEntry } from '../../src/inventory/types';
import { PypiClient } from '../../src/registries/pypi';
import { needsResolution, resolveClosure } from '../../src/resolve/closure';
import { compareVersions } from '../../src/resolve/pep440';
import { PypiRegistrySource } from '../../src/resolve/pypi-source';
import { addUniverse } from '../fake-registry/pypi-doc';
import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { fakeOptions, instantHooks } from '../registries/registry-test-options';
import { describeWithShared, sharedPath } from '../helpers/shared';
import { poetryUniverse } from './poetry-universe';

/** Images none of whose own entries (or whose bases' entries) would be resolved. */
function lockedImages(inventory: Inventory): string[] {
  const resolvable = new Set<string>();
  for (const image of inventory.images) {
    const own: Inventory = { ...inventory, packages: inventory.packages.filter((p) => p.image === image.name && p.inheritedFrom === undefined) };
    if (needsResolution(own)) resolvable.add(image.name);
  }
  return inventory.images.filter((i) => !resolvable.has(i.name) && !i.baseChain.some((b) => resolvable.has(b))).map((i) => i.name);
}

describeWithShared('the closure of the corpus', () => {
  jest.setTimeout(600_000);
  let fake: FakeRegistry;
  let before: Inventory;
  let after: Inventory;
  let contexts: Awaited<ReturnType<typeof resolveClosure>>['contexts'];
  let diagnostics: Awaited<ReturnType<typeof resolveClosure>>['diagnostics'];

  beforeAll(async () => {
    fake = await startFakeRegistry();
    addUniverse(fake, poetryUniverse(sharedPath('corpus', 'dockerfiles')), compareVersions);
    before = buildInventory([sharedPath('corpus', 'dockerfiles')], { cwd: os.tmpdir(), env: {} });
    const source = new PypiRegistrySource(new PypiClient(fakeOptions(fake, { noCache: true, retries: 0, concurrency: 16 }), instantHooks()));
    ({ inventory: after, contexts, diagnostics } = await resolveClosure(before, { pypi: source }));
  });
  afterAll(() => fake.close());

  test('a lock is never resolved again: every locked entry is unchanged (unless a pip install replaces it); images without unlocked requirements are identical', () => {
    const of = (inventory: Inventory, image: string): InventoryEntry[] => inventory.packages.filter((p) => p.image === image);
    const untouched = lockedImages(before);
    const changed = untouched.filter((image) => JSON.stringify(of(before, image)) !== JSON.stringify(of(after, image)));
    const isLock = (p: InventoryEntry) => /(Pipfile\.lock|poetry\.lock|package-lock\.json)$/.test(p.location.file);
    const lockEntries = before.packages.filter(isLock);
    const afterByKey = new Map(after.packages.filter(isLock).map((p) => [JSON.stringify([p.image, p.location, p.normalizedName, p.inheritedFrom]), p]));
    let replaced = 0;
    const altered: string[] = [];
    for (const entry of lockEntries) {
      const now = afterByKey.get(JSON.stringify([entry.image, entry.location, entry.normalizedName, entry.inheritedFrom]));
      if (now && JSON.stringify(now) === JSON.stringify(entry)) continue;
      if (now && now.status === 'skipped' && now.skip?.code === 'overridden' && entry.status === 'included') {
        replaced += 1;
        continue;
      }
      altered.push(`${entry.image} ${entry.name}`);
    }
    const lockedImageCount = before.images.filter((i) => i.sourceOfTruth.some((f) => /\.lock$/.test(f))).length;
    const resolved = contexts.filter((c) => c.status === 'resolved');
    process.stdout.write(
      `corpus closure: ${before.images.length} images (${lockedImageCount} with a lock); ${lockEntries.length} locked entries, ${lockEntries.length - replaced} unchanged, ` +
        `${replaced} replaced by a Dockerfile pip install; ${untouched.length} images without unlocked requirements identical (${changed.length} changed); ` +
        `${contexts.length} images with unlocked requirements: ${resolved.length} resolved, ${contexts.length - resolved.length} without a solution in the universe; ` +
        `${after.packages.length - before.packages.length} entries added; ${diagnostics.filter((d) => d.severity === 'error').length} errors, ` +
        `${diagnostics.filter((d) => d.severity === 'warning').length} warnings\n`,
    );
    expect(lockedImageCount).toBeGreaterThan(200);
    expect(altered).toEqual([]);
    expect(changed).toEqual([]);
  });

  test('what could not be resolved is said, located at the requirement', () => {
    for (const d of diagnostics) {
      expect(d.location.file).toMatch(/(requirements[^/]*\.txt|Dockerfile)$/);
      expect(d.location.line).toBeGreaterThan(0);
    }
    // trustar's committed requirements.txt pins names the poetry.lock universe does not hold: each one is reported.
    expect(diagnostics.filter((d) => d.location.file.includes('trustar/')).length).toBeGreaterThan(0);
  });

  test('every resolved image closes over its requirements: each transitive entry has a chain back to a direct requirement', () => {
    const transitive = after.packages.filter((p) => p.resolvedFrom !== undefined && p.inheritedFrom === undefined);
    for (const entry of transitive) {
      expect(entry.resolvedFrom!.length).toBeGreaterThan(0);
      expect(entry.version).toBeDefined();
    }
  });
});
