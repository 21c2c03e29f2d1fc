// Opt-in live test against the real npm registry (DEPVET_LIVE_TESTS=1); skipped, and says so, otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveRegistryOptions } from '../../src/registries/defaults';
import { NpmClient } from '../../src/registries/npm';
import { firstNpmRelease } from '../../src/scan/facts';

const live = process.env.DEPVET_LIVE_TESTS === '1';
const describeLive = live ? describe : describe.skip;

describeLive(`npm registry, live${live ? '' : ' [skipped: set DEPVET_LIVE_TESTS=1 to run]'}`, () => {
  it('fetches a real packument with its license, versions and times', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-live-'));
    try {
      const client = new NpmClient(resolveRegistryOptions({ cacheDir }, {}));
      const result = await client.getPackument('left-pad');
      expect(result.status).toBe('found');
      if (result.status !== 'found') return;
      expect(result.value.name).toBe('left-pad');
      expect(result.value.versions['1.3.0']?.license).toBe('WTFPL');
      // Publish times are there (the full packument, not the abbreviated one, which has none).
      expect(Object.keys(result.value.time).length).toBeGreaterThan(5);
      expect(firstNpmRelease(result.value.time)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect((await client.getPackument('depvet-surely-no-such-package-0x7f3a')).status).toBe('not-found');
    } finally {
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
