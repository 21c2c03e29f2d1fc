// depvet snapshot records every registry answer a scan needs; depvet scan --snapshot answers from it alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FakeRegistry } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';
import { startTreeRegistry } from '../scan/tree-registry';
import { runCli } from './run-cli';

const TREE = path.relative(process.cwd(), fixturePath('inventory', 'tree'));
let fake: FakeRegistry;
let work: string;

beforeAll(async () => {
  fake = await startTreeRegistry({ maxAgeSeconds: 3600 });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-snapshot-'));
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(work, { recursive: true, force: true });
});

function urls(): string[] {
  return ['--pypi-url', fake.pypiUrl, '--osv-url', fake.osvUrl, '--npm-registry', fake.npmUrl];
}

it('records plain JSON answers with their URL and fetch time, and replays them with no request at all', async () => {
  const cache = path.join(work, 'cache-a');
  const out = path.join(work, 'snap-a');
  const live = await runCli(['scan', TREE, ...urls(), '--cache-dir', cache, '--format', 'json']);
  // Recorded after a warm cache: answers the cache gives are recorded too.
  const recorded = await runCli(['snapshot', TREE, ...urls(), '--cache-dir', cache, '--out', out, '--format', 'json']);
  expect(recorded.stderr).toMatch(/recorded the registry answers/);
  const index = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8')) as unknown;
  expect(index).toBeTruthy();
  const files = fs.readdirSync(out).filter((f) => f !== 'index.json');
  expect(files.length).toBeGreaterThan(10);
  const one = JSON.parse(fs.readFileSync(path.join(out, files[0]!), 'utf8')) as { url: string; fetchedAt: string; status: number };
  expect(one.url.startsWith(fake.url)).toBe(true);
  expect(one.fetchedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

  // Every route now fails: only a replay that asks nothing can still give the same answer.
  fake.resetCounts();
  fake.inject({ kind: 'status-500' });
  try {
    const replay = await runCli(['scan', TREE, ...urls(), '--cache-dir', path.join(work, 'empty-cache'), '--snapshot', out, '--format', 'json']);
    expect(fake.requests()).toBe(0);
    expect(replay.code).toBe(live.code);
    const strip = (text: string) => (JSON.parse(text) as { findings: { fingerprint: string }[] }).findings.map((f) => f.fingerprint).sort();
    expect(strip(replay.stdout)).toEqual(strip(live.stdout));
  } finally {
    fake.clearFaults();
  }
});

it('a scan the snapshot does not cover is incomplete, never a pass', async () => {
  const out = path.join(work, 'snap-b');
  await runCli(['snapshot', TREE, '--image', 'python3', '--checks', 'license', ...urls(), '--cache-dir', path.join(work, 'cache-b'), '--out', out]);
  const run = await runCli(['scan', TREE, '--image', 'crypto', '--checks', 'names', ...urls(), '--snapshot', out, '--cache-dir', path.join(work, 'cache-c'), '--format', 'json']);
  expect(run.code).toBe(3);
  expect(run.stdout).toMatch(/no recorded answer in the snapshot/);
});
