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

it('records plain JSON answers keyed by registry and path, with their fetch time, and replays them with no request at all', async () => {
  const cache = path.join(work, 'cache-a');
  const out = path.join(work, 'snap-a');
  const live = await runCli(['scan', TREE, ...urls(), '--cache-dir', cache, '--format', 'json']);
  // Recorded after a warm cache: answers the cache gives are recorded too.
  const recorded = await runCli(['snapshot', TREE, ...urls(), '--cache-dir', cache, '--out', out, '--format', 'json']);
  const files = fs.readdirSync(out).filter((f) => f !== 'index.json');
  expect(recorded.stderr).toBe(`depvet: recorded ${files.length} registry answers in ${out}\n`);
  const index = JSON.parse(fs.readFileSync(path.join(out, 'index.json'), 'utf8')) as { entries: Record<string, unknown> };
  expect(Object.keys(index.entries).sort()).toEqual(files.sort());
  expect(files.length).toBeGreaterThan(10);
  const one = JSON.parse(fs.readFileSync(path.join(out, files[0]!), 'utf8')) as { registry: string; path: string; fetchedAt: string; status: number };
  expect(['pypi', 'osv', 'npm']).toContain(one.registry);
  expect(one.path.startsWith('/')).toBe(true);
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

it('a snapshot recorded with --pypi-url http://127.0.0.1:P replays without the URL flags', async () => {
  const out = path.join(work, 'snap-urls');
  await runCli(['snapshot', TREE, '--image', 'python3', ...urls(), '--cache-dir', path.join(work, 'cache-urls'), '--out', out, '--format', 'json']);
  const live = await runCli(['scan', TREE, '--image', 'python3', ...urls(), '--cache-dir', path.join(work, 'cache-urls'), '--format', 'json']);
  fake.resetCounts();
  const replay = await runCli(['scan', TREE, '--image', 'python3', '--snapshot', out, '--cache-dir', path.join(work, 'cache-urls-empty'), '--format', 'json']);
  expect(fake.requests()).toBe(0);
  expect(replay.code).toBe(live.code);
  const report = (text: string) => JSON.parse(text) as { findings: { fingerprint: string }[]; couldNotCheck: unknown[]; diagnostics: unknown[] };
  expect(report(replay.stdout).couldNotCheck).toEqual(report(live.stdout).couldNotCheck);
  expect(report(replay.stdout).findings.map((f) => f.fingerprint).sort()).toEqual(report(live.stdout).findings.map((f) => f.fingerprint).sort());
  expect(report(replay.stdout).diagnostics).toEqual(report(live.stdout).diagnostics);
});

it('a registry URL named at replay that differs from the recorded one is said plainly (a warning), and answers still come from the snapshot', async () => {
  const out = path.join(work, 'snap-urls-mismatch');
  await runCli(['snapshot', TREE, '--image', 'python3', ...urls(), '--cache-dir', path.join(work, 'cache-mm'), '--out', out]);
  const replay = await runCli(['scan', TREE, '--image', 'python3', '--snapshot', out, '--pypi-url', 'https://mirror.example/pypi-proxy', '--cache-dir', path.join(work, 'cache-mm2'), '--format', 'json']);
  const diagnostics = (JSON.parse(replay.stdout) as { diagnostics: { severity: string; code: string; message: string }[] }).diagnostics;
  expect(diagnostics).toEqual([
    {
      severity: 'warning',
      code: 'snapshot-registry-url',
      message: `the snapshot's PyPI answers were recorded from ${fake.pypiUrl}; this scan names https://mirror.example/pypi-proxy (--pypi-url), which a replay does not ask: its PyPI answers come from the snapshot alone`,
    },
  ]);
});

describe('depvet snapshot --offline', () => {
  it('with a cold cache records nothing and fails (exit 2), naming what is missing, instead of saying it recorded', async () => {
    const out = path.join(work, 'snap-cold');
    const run = await runCli(['snapshot', TREE, '--image', 'python3', '--offline', '--cache-dir', path.join(work, 'cold-cache'), '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^depvet: recorded nothing in .*snap-cold: none of the \d+ registry answers this scan needs could be had\n  missing: PyPI GET \/pypi\/[^ ]+ not in the cache \(offline\)/);
    expect(fs.existsSync(path.join(out, 'index.json'))).toBe(false);
  });

  it('with a partly warm cache writes what it has and names what is missing (never exit 0)', async () => {
    const cache = path.join(work, 'half-cache');
    // Warm the cache with one image's answers, then record the whole tree offline.
    await runCli(['scan', TREE, '--image', 'python3', ...urls(), '--cache-dir', cache, '--format', 'json']);
    const out = path.join(work, 'snap-half');
    const run = await runCli(['snapshot', TREE, ...urls(), '--offline', '--cache-dir', cache, '--out', out, '--format', 'json']);
    const files = fs.readdirSync(out).filter((f) => f !== 'index.json');
    expect(files.length).toBeGreaterThan(0);
    const [head, ...missing] = run.stderr.trimEnd().split('\n');
    expect(head).toMatch(new RegExp(`^depvet: recorded ${files.length} registry answers? in .*snap-half; \\d+ could not be had and are missing from it`));
    expect(missing.length).toBeGreaterThan(0);
    expect(missing[0]).toMatch(/^  missing: (PyPI|OSV) (GET|POST) \//);
    // The scan of the answers it had found failing findings (exit 1 wins over incomplete, 3); never a pass.
    expect(run.code).toBe(1);
    // What was written replays; what is missing is could-not-check there, never a pass.
    const replay = await runCli(['scan', TREE, '--snapshot', out, '--cache-dir', path.join(work, 'half-cache-empty'), '--format', 'json']);
    expect(replay.code).not.toBe(0);
    expect(replay.stdout).toMatch(/no recorded answer in the snapshot/);
  });
});
