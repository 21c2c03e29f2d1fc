// Snapshot-style tests (issue 16): the whole text and Markdown reports of two real scans, pinned byte for byte in
// test/fixtures/report/expected/, so any change to what a reviewer reads shows up in review as a diff of these files.
// - the bundled example (`examples/docker` from `examples/snapshot`, the README's quick start);
// - a pinned Django 3.2.0 against its 25 real OSV records (the "25 lines of ~300 characters").
// Both run the CLI in-process with no network. To accept an intended change: DEPVET_UPDATE_EXPECTED=1 npx jest
// test/report/snapshots.test.ts, then review the diff of the expected files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../cli/run-cli';
import { fixturePath } from '../helpers/shared';

const ROOT = path.join(__dirname, '..', '..');
const EXPECTED = fixturePath('report', 'expected');
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-report-snapshots-'));
afterAll(() => fs.rmSync(cache, { recursive: true, force: true }));

function expectSameAsPinned(name: string, actual: string): void {
  const file = path.join(EXPECTED, name);
  if (process.env.DEPVET_UPDATE_EXPECTED) {
    fs.mkdirSync(EXPECTED, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  expect(fs.existsSync(file)).toBe(true);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

const env = { DEPVET_CACHE_DIR: cache, DEPVET_NPM_REGISTRY: 'http://127.0.0.1:9' };

describe('the bundled example (examples/docker from examples/snapshot)', () => {
  const scan = (format: string) => runCli(['scan', 'examples/docker', '--snapshot', 'examples/snapshot', '--format', format], { cwd: ROOT, env });

  it('text report', async () => {
    const run = await scan('text');
    expect(run.code).toBe(1);
    expectSameAsPinned('example.txt', run.stdout);
  });

  it('markdown report', async () => {
    const run = await scan('markdown');
    expect(run.code).toBe(1);
    expectSameAsPinned('example.md', run.stdout);
  });

  it('text report on an 80-column terminal', async () => {
    const run = await runCli(['scan', 'examples/docker', '--snapshot', 'examples/snapshot', '--no-color'], { cwd: ROOT, env, tty: true, columns: 80 });
    for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expectSameAsPinned('example-80-columns.txt', run.stdout);
  });
});

describe('a pinned Django 3.2.0 with 25 advisories', () => {
  const dir = fixturePath('report', 'django-3.2.0');
  // --no-deps: the advisories of the pinned release only, from the local database, with no registry asked.
  const scan = (...extra: string[]) => runCli(['scan', 'requirements.txt', '--osv-db', 'osv', '--checks', 'advisories', '--no-deps', ...extra], { cwd: dir, env });

  it('text report: one block, one advisory line', async () => {
    const run = await scan();
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').filter((line) => line.includes('Django'))).toHaveLength(1);
    expectSameAsPinned('django-3.2.0.txt', run.stdout);
  });

  it('text report with --verbose lists every id', async () => {
    const run = await scan('--verbose');
    expectSameAsPinned('django-3.2.0-verbose.txt', run.stdout);
  });

  it('markdown report: one row', async () => {
    const run = await scan('--format', 'markdown');
    expect(run.code).toBe(1);
    expectSameAsPinned('django-3.2.0.md', run.stdout);
  });
});

it("the README's excerpt of the text report is the bundled example's report, line for line", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const excerpt = /An excerpt of its report:\n\n```\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(excerpt).toBeDefined();
  const pinned = fs.readFileSync(path.join(EXPECTED, 'example.txt'), 'utf8');
  // Consecutive runs of lines, each found as a whole in the pinned report.
  for (const chunk of excerpt!.trimEnd().split('\n\n')) expect(pinned).toContain(`${chunk}\n`);
});
