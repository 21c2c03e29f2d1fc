// The README's quick start: the bundled example scanned from the bundled snapshot, with no network at all (the
// network guard refuses anything but loopback, so a request that slipped past the snapshot would show up as a
// could-not-check entry).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../cli/run-cli';

const ROOT = path.join(__dirname, '..', '..');
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-quick-start-'));
afterAll(() => fs.rmSync(cache, { recursive: true, force: true }));

it('the README opens with the quick-start command and the test command', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
  expect(firstBlock).toContain('npm ci && npx depvet scan examples/docker --snapshot examples/snapshot');
  expect(firstBlock).toContain('npm ci && npm test');
  expect(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^npm test$/m);
});

it('scans the example from the snapshot alone and reports what a reviewer must fix', async () => {
  // Counts every socket the scan opens (loopback included, which the network guard lets through).
  const connect = net.Socket.prototype.connect;
  let sockets = 0;
  net.Socket.prototype.connect = function countedConnect(this: net.Socket, ...args: unknown[]) {
    sockets += 1;
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  let run: Awaited<ReturnType<typeof runCli>>;
  try {
    // The npm registry is not in the snapshot; pointing it at a closed loopback port shows no request is tried.
    run = await runCli(['scan', 'examples/docker', '--snapshot', 'examples/snapshot', '--format', 'json'], {
      cwd: ROOT,
      env: { DEPVET_CACHE_DIR: cache, DEPVET_NPM_REGISTRY: 'http://127.0.0.1:9' },
    });
  } finally {
    net.Socket.prototype.connect = connect;
  }
  expect(sockets).toBe(0);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  const report = JSON.parse(run.stdout) as {
    images: { name: string }[];
    findings: { kind: string; failing: boolean; suppressed?: unknown; package: { name: string }; evidence: Record<string, unknown> }[];
    couldNotCheck: { package: { name: string }; reason: string }[];
  };
  expect(report.images.map((i) => i.name)).toEqual(['crypto', 'http-client', 'python3', 'webhook-tools']);
  const failing = report.findings.filter((f) => f.failing).map((f) => `${f.package.name} ${f.kind}`).sort();
  expect(failing).toEqual([
    'chardet license-needs-approval',
    'idna advisory',
    'idna advisory',
    'pyyaml advisory',
    'urlib3 not-on-registry',
    'urlib3 typosquat',
  ]);
  // http-client writes down only requests; idna comes with it, and the finding points at the line of requests.
  const transitive = report.findings.filter((f) => f.package.name === 'idna' && (f as { location?: { file: string } }).location?.file.includes('http-client'));
  expect(transitive).toHaveLength(1);
  expect((transitive[0] as unknown as { location: { line: number } }).location.line).toBe(3);
  expect(report.findings.find((f) => f.package.name === 'idna')!.evidence['id']).toBe('PYSEC-2024-60');
  expect(report.findings.find((f) => f.package.name === 'certifi')!.suppressed).toMatchObject({ by: 'approval' });
  // The only thing not checked is the license of a project PyPI does not have: nothing else went unanswered.
  expect(report.couldNotCheck.map((c) => `${c.package.name}: ${c.reason}`)).toEqual(['urlib3: no project named urlib3 on PyPI']);
});
