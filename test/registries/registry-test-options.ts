// Options for registry clients pointed at a fake registry: a fresh cache folder, and backoff that records the
// waits it would have made instead of sleeping.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveRegistryOptions, type RegistryOptions } from '../../src/registries/defaults';
import type { HttpHooks } from '../../src/registries/http';
import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';

const createdDirs: string[] = [];

// Each test file importing this module removes the folders it made.
afterAll(() => {
  for (const dir of createdDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'depvet-registry-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  createdDirs.push(dir);
  return dir;
}

export function fakeOptions(fake: FakeRegistry, overrides: Partial<RegistryOptions> = {}): RegistryOptions {
  return resolveRegistryOptions(
    {
      pypiUrl: fake.pypiUrl,
      osvUrl: fake.osvUrl,
      npmRegistry: fake.npmUrl,
      cacheDir: tempDir(),
      timeoutMs: 2000,
      retries: 2,
      ...overrides,
    },
    {},
  );
}

/** Hooks that resolve every backoff at once and remember the requested waits. */
export function instantHooks(): HttpHooks & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
    random: () => 0.5,
  };
}

/**
 * A fake registry serving test/fixtures/registry, new for every test, that fails the test on any request no route
 * expected. `onStart` receives each new instance.
 */
export function useFakeRegistry(onStart: (fake: FakeRegistry) => void): void {
  let current: FakeRegistry | undefined;
  beforeEach(async () => {
    current = await startFakeRegistry({ fixturesDir: fixturePath('registry') });
    onStart(current);
  });
  afterEach(async () => {
    current!.assertNoUnexpectedRequests();
    await current!.close();
  });
}
