// Issue 15 items 1 and 6 through the CLI: an OSV server that never stops paging, and a zip bomb given as --osv-db.
// Reproduced on main: the paging server kept `queryBatch` requesting forever (~1,000 requests/s here, killed after
// 10 s); a 255 KB zip with one 256 MB entry took 7.7 s and 775 MB of memory, then loaded as an empty database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureWorkAsync } from '../../src/work-meter';
import { runCli } from '../cli/run-cli';
import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';
import { deflatedZip } from '../helpers/zip';

let fake: FakeRegistry;
let work: string;
beforeAll(async () => {
  fake = await startFakeRegistry({ fixturesDir: fixturePath('registry') });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-hostile-'));
  fs.writeFileSync(path.join(work, 'requirements.txt'), 'requests==2.19.1\npackaging==24.2\n');
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(work, { recursive: true, force: true });
});

type Report = { couldNotCheck: { check: string; package: { name: string }; reason: string }[]; summary: { outcome: string } };

it('OSV pagination loop: every affected package is could-not-check with the reason, after at most 100 pages each', async () => {
  fake.inject({ kind: 'osv-endless-pages', route: 'osv-querybatch' });
  try {
    let run: Awaited<ReturnType<typeof runCli>> | undefined;
    const work_ = await measureWorkAsync(async () => {
      run = await runCli(['scan', 'requirements.txt', '--checks', 'advisories', '--osv-url', fake.osvUrl, '--no-cache', '--format', 'json'], { cwd: work });
    });
    expect(run!.code).toBe(3);
    const report = JSON.parse(run!.stdout) as Report;
    expect(report.couldNotCheck.map((c) => c.package.name).sort()).toEqual(['packaging', 'requests']);
    for (const c of report.couldNotCheck) expect(c.reason).toMatch(/OSV still had more pages after 100 pages for this query: stopped at the cap of 100/);
    expect(work_['osv.pages']).toBe(2 * 100);
  } finally {
    fake.clearFaults();
  }
});

it.each([24, 48])('zip bomb: --osv-db with one %i MB entry is refused (exit 2) before a byte is inflated', async (mb) => {
  const zip = path.join(work, `bomb-${mb}.zip`);
  fs.writeFileSync(zip, deflatedZip([{ name: 'BOMB-1.json', data: Buffer.alloc(mb * 1024 * 1024, 0x20) }]));
  let run: Awaited<ReturnType<typeof runCli>> | undefined;
  const work_ = await measureWorkAsync(async () => {
    run = await runCli(['scan', 'requirements.txt', '--checks', 'advisories', '--osv-db', zip], { cwd: work });
  });
  expect(run!.code).toBe(2);
  expect(run!.stderr).toBe(`depvet: ${zip}: BOMB-1.json is ${mb * 1024 * 1024} bytes uncompressed, over the 16777216-byte bound on one OSV record: refused (a zip bomb, or not an OSV database)\n`);
  expect(work_['zip.inflatedBytes'] ?? 0).toBe(0);
});
