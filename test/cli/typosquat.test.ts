import path from 'node:path';
import { removeTempTrees, tempTree } from '../helpers/temp-tree';
import { runCli } from './run-cli';

describe('depvet typosquat', () => {
  it('JSON: one object per flagged name; names that pass print nothing', async () => {
    const run = await runCli(['typosquat', 'urlib3', 'requests', 'setup-tools', '--format', 'json']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { name: 'urlib3', target: 'urllib3', kind: 'omitted-character', severity: 'high', distance: 1 },
      { name: 'setup-tools', target: 'setuptools', kind: 'delimiter-change', severity: 'high', distance: 1 },
    ]);
  });

  it('reads names from standard input with --from -, skipping comments and blank lines', async () => {
    const run = await runCli(['typosquat', '--from', '-'], { stdin: '# names to check\nflask\n\nfIask\n' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^fIask: looks like flask \(#\d+\), look alike characters, distance 1, (high|medium)$/m);
    expect(run.stdout).toMatch(/1 of 2 names flagged against the PyPI top 15000/);
  });

  it('exits 0 when nothing is flagged, and screens npm names with --ecosystem npm', async () => {
    expect((await runCli(['typosquat', 'requests', 'numpy'])).code).toBe(0);
    const npm = await runCli(['typosquat', 'lodahs', '--ecosystem', 'npm', '--format', 'json']);
    expect(JSON.parse(npm.stdout.trim())).toMatchObject({ name: 'lodahs', target: 'lodash' });
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['typosquat'])).code).toBe(2);
    expect((await runCli(['typosquat', 'x', '--ecosystem', 'cargo'])).code).toBe(2);
  });
});

describe('depvet typosquat reads requirements, and manifests as what they are (issue 12)', () => {
  afterAll(removeTempTrees);
  const folder = (files: Record<string, string>) => tempTree(files);

  it('"reqeusts==1.0", "reqeusts[socks]" and "reqeusts>=1" are requirements: the name is flagged for each', async () => {
    for (const arg of ['reqeusts==1.0', 'reqeusts[socks]', 'reqeusts>=1', 'reqeusts ; python_version > "3"']) {
      const run = await runCli(['typosquat', arg, '--format', 'json']);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout.trim())).toMatchObject({ name: 'reqeusts', target: 'requests', kind: 'swapped-characters' });
    }
  });

  it('an argument that is not a requirement is an error naming it; the others are still screened (exit 1, or 3 when nothing is flagged)', async () => {
    const flagged = await runCli(['typosquat', 'not a requirement', 'reqeusts==1.0']);
    expect(flagged.code).toBe(1);
    expect(flagged.stderr).toMatch(/^error: argument 1: 'not a requirement' is not a requirement: /);
    expect(flagged.stdout).toMatch(/^reqeusts: looks like requests/m);
    const clean = await runCli(['typosquat', 'not a requirement', 'requests']);
    expect(clean.code).toBe(3);
    expect(clean.stdout).toMatch(/0 of 1 name flagged .*; 1 line could not be read \(incomplete\)$/m);
  });

  it('--from requirements.txt flags reqeusts==1.0 (a pinned line), not only a bare name', async () => {
    const dir = folder({ 'requirements.txt': '# pinned\nreqeusts==1.0\nflask>=3 ; python_version >= "3.8"\nurlib3[socks]~=2.0\n' });
    const run = await runCli(['typosquat', '--from', path.join(dir, 'requirements.txt'), '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { name: string }).name)).toEqual(['reqeusts', 'urlib3']);
  });

  it('--from reads a manifest by its name (Pipfile.lock, package.json) or content, screening each package in its ecosystem', async () => {
    const dir = folder({
      'Pipfile.lock': JSON.stringify({ _meta: { requires: { python_version: '3.12' } }, default: { reqeusts: { version: '==2.31.0' }, flask: { version: '==3.0.0' } }, develop: {} }),
      'package.json': JSON.stringify({ name: 'app', dependencies: { lodahs: '^4.17.21', express: '^4.19.0' } }),
      'lock.json': JSON.stringify({ _meta: {}, default: { urlib3: { version: '==2.2.1' } }, develop: {} }),
    });
    const lock = await runCli(['typosquat', '--from', path.join(dir, 'Pipfile.lock'), '--format', 'json']);
    expect(lock.code).toBe(1);
    expect(JSON.parse(lock.stdout.trim())).toMatchObject({ name: 'reqeusts', target: 'requests' });
    const pkg = await runCli(['typosquat', '--from', path.join(dir, 'package.json')]);
    expect(pkg.code).toBe(1);
    expect(pkg.stdout).toMatch(/^lodahs: looks like lodash/m);
    expect(pkg.stdout).toMatch(/1 of 2 names flagged against the npm top/);
    const sniffed = await runCli(['typosquat', '--from', path.join(dir, 'lock.json'), '--format', 'json']);
    expect(JSON.parse(sniffed.stdout.trim())).toMatchObject({ name: 'urlib3', target: 'urllib3' });
  });

  it('a file of any other name is read in requirements format; a line that is not a requirement is an error naming the line', async () => {
    const dir = folder({ 'names.list': 'flask\nfIask\n', 'bad.list': 'flask\n\nthis is not a requirement\n' });
    const names = await runCli(['typosquat', '--from', path.join(dir, 'names.list')]);
    expect(names.code).toBe(1);
    expect(names.stdout).toMatch(/1 of 2 names flagged/);
    const bad = await runCli(['typosquat', '--from', path.join(dir, 'bad.list')]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(new RegExp(`^error: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/bad\\.list:3: `, 'm'));
  });

  it('--ecosystem takes any case (pypi, NPM); --config names the allowlist file', async () => {
    expect((await runCli(['typosquat', 'requests', '--ecosystem', 'pypi'])).code).toBe(0);
    expect((await runCli(['typosquat', 'lodahs', '--ecosystem', 'NPM'])).code).toBe(1);
    const dir = folder({ 'policy.json': JSON.stringify({ names: { allowlist: [{ name: 'reqeusts', target: 'requests', reason: 'our fork' }] } }) });
    expect((await runCli(['typosquat', 'reqeusts', '--config', path.join(dir, 'policy.json')])).code).toBe(0);
  });
});
