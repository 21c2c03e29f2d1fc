// Diff mode on a temporary git repository holding a dockerfiles-style tree (a copy of the test tree).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FakeRegistry } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';
import { startTreeRegistry } from '../scan/tree-registry';
import { runCli } from './run-cli';

let fake: FakeRegistry;
let repo: string;

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=depvet test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
}

beforeAll(async () => {
  fake = await startTreeRegistry();
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-diff-repo-'));
  fs.cpSync(fixturePath('inventory', 'tree'), path.join(repo, 'docker'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'README.md'), 'images\n');
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(repo, { recursive: true, force: true });
});
beforeEach(() => {
  git('checkout', '-q', 'main');
  git('reset', '-q', '--hard', 'main');
  git('clean', '-qfd');
});

function scanDiff(...extra: string[]) {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-diff-cache-'));
  return runCli(['scan', 'docker', '--diff', 'main', '--pypi-url', fake.pypiUrl, '--osv-url', fake.osvUrl, '--npm-registry', fake.npmUrl, '--cache-dir', cache, '--checks', 'license,names,advisories', '--format', 'json', ...extra], { cwd: repo });
}

interface Report {
  findings: { failing: boolean; existing?: boolean; package: { name: string }; kind: string; images: string[] }[];
  diff: { base: string; changedImages: string[]; affectedImages: string[] };
  images: { name: string }[];
}

it('a change that adds one bad package to one image fails with exactly that finding', async () => {
  git('checkout', '-q', '-b', 'add-chardet');
  fs.appendFileSync(path.join(repo, 'docker', 'orphan', 'Dockerfile'), 'RUN pip install --no-cache-dir chardet==5.2.0\n');
  git('commit', '-qam', 'orphan: add chardet');
  const run = await scanDiff();
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  const report = JSON.parse(run.stdout) as Report;
  expect(report.diff.changedImages).toEqual(['orphan']);
  expect(report.images.map((i) => i.name)).toEqual(['orphan']);
  expect(report.findings.filter((f) => f.failing).map((f) => `${f.package.name} ${f.kind}`)).toEqual(['chardet license-needs-approval']);
});

it('a change that touches nothing in the tree passes even though old findings exist', async () => {
  git('checkout', '-q', '-b', 'docs');
  fs.appendFileSync(path.join(repo, 'README.md'), 'more words\n');
  git('commit', '-qam', 'docs');
  const run = await scanDiff();
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout) as Report;
  expect(report.diff.changedImages).toEqual([]);
  expect(report.findings.filter((f) => f.failing)).toEqual([]);
});

it('a change to an image with old findings reports them as existing, failing only on the new one', async () => {
  git('checkout', '-q', '-b', 'legacy-bump');
  // legacy already ships chardet (LGPL) and idna 3.6 (advisory); the change adds pyyaml-free noise: a comment.
  fs.appendFileSync(path.join(repo, 'docker', 'legacy', 'requirements.txt'), '# reviewed\n');
  git('commit', '-qam', 'legacy: comment');
  const run = await scanDiff();
  const report = JSON.parse(run.stdout) as Report;
  expect(report.diff.changedImages).toEqual(['legacy']);
  const legacy = report.findings.filter((f) => f.images.includes('legacy') && ['chardet', 'idna'].includes(f.package.name));
  expect(legacy.length).toBeGreaterThan(0);
  expect(legacy.every((f) => f.existing === true && f.failing === false)).toBe(true);
  expect(run.code).toBe(0);
});

it('changing a base image folder lists every image built on it (the impact of a base change)', async () => {
  git('checkout', '-q', '-b', 'base-bump');
  fs.appendFileSync(path.join(repo, 'docker', 'python3', 'Dockerfile'), '# rebuilt\n');
  const run = await scanDiff('--format', 'text', '--output', path.join(repo, 'report.txt'));
  const report = JSON.parse(run.stdout) as Report;
  expect(report.diff.changedImages).toEqual(['python3']);
  expect([...report.diff.affectedImages].sort()).toEqual(['crypto', 'legacy', 'python3', 'teams']);
  expect(run.files.get(path.join(repo, 'report.txt'))).toMatch(/Built on a changed base image, so scanned too \(3\): crypto, legacy, teams/);
});

it('an unknown base ref is a one-line usage error', async () => {
  const run = await runCli(['scan', 'docker', '--diff', 'no-such-branch'], { cwd: repo });
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  const dash = await runCli(['scan', 'docker', '--diff', '--output=x'], { cwd: repo });
  expect(dash.code).toBe(2);
});

it('a change that adds the first manifest of a project folder is scanned (nothing was there at the base), not "no manifests" (exit 2)', async () => {
  git('checkout', '-q', '-b', 'app-base');
  fs.mkdirSync(path.join(repo, 'app'));
  fs.writeFileSync(path.join(repo, 'app', 'README.md'), 'an app\n');
  git('add', '-A');
  git('commit', '-qm', 'app: empty');
  git('checkout', '-q', '-b', 'app-deps');
  fs.writeFileSync(path.join(repo, 'app', 'requirements.txt'), 'chardet==5.2.0\n');
  git('add', '-A');
  git('commit', '-qm', 'app: first requirements');
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-diff-cache-'));
  const run = await runCli(['scan', 'app', '--diff', 'app-base', '--pypi-url', fake.pypiUrl, '--osv-url', fake.osvUrl, '--cache-dir', cache, '--checks', 'license', '--format', 'json'], { cwd: repo });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  const report = JSON.parse(run.stdout) as Report;
  expect(report.findings.filter((f) => f.failing).map((f) => `${f.package.name} ${f.kind}`)).toEqual(['chardet license-needs-approval']);
  git('checkout', '-q', 'main');
  git('branch', '-q', '-D', 'app-deps', 'app-base');
});

it('an unknown --image in diff mode is a usage error naming the closest images (exit 2)', async () => {
  const run = await scanDiff('--image', 'pyhton3');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^depvet: unknown image pyhton3: .*\(closest: python3/);
});

it('a VEX file the change adds or edits is listed, since its statements suppress findings', async () => {
  const vex = (statements: unknown[]) => JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.com/vex', author: 'sec@example.com', timestamp: '2026-11-30T00:00:00Z', version: 1, statements });
  git('checkout', '-q', '-b', 'vex-added');
  fs.mkdirSync(path.join(repo, 'security'));
  fs.writeFileSync(path.join(repo, 'security', 'images.openvex.json'), vex([]));
  fs.writeFileSync(path.join(repo, 'security', 'old.openvex.json'), vex([]));
  git('add', '-A');
  git('commit', '-qm', 'vex: add');
  let report = JSON.parse((await scanDiff('--vex', 'security/images.openvex.json')).stdout) as Report & { diff: { vexFiles?: unknown } };
  expect(report.diff.vexFiles).toEqual([{ file: 'security/images.openvex.json', change: 'added' }]);

  // On a branch that keeps the file as it was at its base, it is not listed; an edit is.
  git('checkout', '-q', '-b', 'vex-edited');
  fs.writeFileSync(path.join(repo, 'security', 'images.openvex.json'), vex([{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:pypi/x' }], status: 'affected' }]));
  git('commit', '-qam', 'vex: edit');
  report = JSON.parse((await scanDiff('--vex', 'security/images.openvex.json', '--vex', 'security/old.openvex.json')).stdout) as Report & { diff: { vexFiles?: unknown } };
  expect(report.diff.vexFiles).toEqual([
    { file: 'security/images.openvex.json', change: 'added' },
    { file: 'security/old.openvex.json', change: 'added' },
  ]);
  const unchanged = JSON.parse((await runCli(['scan', 'docker', '--diff', 'vex-added', '--pypi-url', fake.pypiUrl, '--osv-url', fake.osvUrl, '--npm-registry', fake.npmUrl, '--checks', 'license,names,advisories', '--format', 'json', '--vex', 'security/images.openvex.json', '--vex', 'security/old.openvex.json'], { cwd: repo })).stdout) as { diff: { vexFiles?: unknown } };
  expect(unchanged.diff.vexFiles).toEqual([{ file: 'security/images.openvex.json', change: 'modified' }]);
});
