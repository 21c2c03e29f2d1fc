// The README's quick start: the bundled example scanned from the bundled snapshot, with no network at all (the
// network guard refuses anything but loopback, so a request that slipped past the snapshot would show up as a
// could-not-check entry).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../cli/run-cli';
import { countConnections } from '../helpers/sockets';

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
  // The npm registry is not in the snapshot; pointing it at a closed loopback port shows no request is tried.
  const { value: run, connections } = await countConnections(() =>
    runCli(['scan', 'examples/docker', '--snapshot', 'examples/snapshot', '--format', 'json'], {
      cwd: ROOT,
      env: { DEPVET_CACHE_DIR: cache, DEPVET_NPM_REGISTRY: 'http://127.0.0.1:9' },
    }),
  );
  expect(connections).toBe(0);
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

describe('the bundled snapshot after the tree changes', () => {
  type Report = {
    findings: { kind: string; failing: boolean; existing?: boolean; package: { name: string } }[];
    couldNotCheck: { check: string; package: { name: string }; reason: string }[];
  };
  let tree: string;
  beforeEach(() => {
    tree = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-example-tree-'));
    fs.cpSync(path.join(ROOT, 'examples', 'docker'), path.join(tree, 'docker'), { recursive: true });
  });
  afterEach(() => fs.rmSync(tree, { recursive: true, force: true }));

  const addPackage = () => fs.appendFileSync(path.join(tree, 'docker', 'webhook-tools', 'requirements.txt'), 'six==1.16.0\n');
  const snapshot = path.join(ROOT, 'examples', 'snapshot');
  const notChecked = (report: Report) => [...new Set(report.couldNotCheck.map((c) => c.package.name))].sort();

  it('adding one package to the tree invalidates only that package\'s answers: every other package is still checked', async () => {
    addPackage();
    const run = await runCli(['scan', 'docker', '--snapshot', snapshot, '--format', 'json'], { cwd: tree, env: { DEPVET_CACHE_DIR: cache } });
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.filter((f) => f.kind === 'advisory').map((f) => f.package.name).sort()).toEqual(['idna', 'idna', 'pyyaml']);
    expect(notChecked(report)).toEqual(['six', 'urlib3']);
    expect(report.couldNotCheck.filter((c) => c.package.name === 'six').map((c) => c.check).sort()).toEqual(['advisories', 'license', 'names']);
    for (const c of report.couldNotCheck.filter((c) => c.package.name === 'six')) expect(c.reason).toMatch(/no recorded answer in the snapshot/);
  });

  it('the same in --diff mode: the change\'s new package is could-not-check, the base\'s findings are existing', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=depvet test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: tree, encoding: 'utf8' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    addPackage();
    const run = await runCli(['scan', 'docker', '--diff', 'HEAD', '--snapshot', snapshot, '--format', 'json'], { cwd: tree, env: { DEPVET_CACHE_DIR: cache } });
    const report = JSON.parse(run.stdout) as Report;
    expect(notChecked(report)).toEqual(['six', 'urlib3']);
    const pyyaml = report.findings.find((f) => f.kind === 'advisory' && f.package.name === 'pyyaml')!;
    expect(pyyaml).toMatchObject({ existing: true, failing: false });
  });
});
