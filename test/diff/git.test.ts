// Diff mode against a real temporary git repository: a small dockerfiles tree on `main`, a feature branch that
// changes a base image, a later commit on `main` the branch does not have, and uncommitted work.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { affectedImages, changedImages, diffPackages } from '../../src/diff/diff';
import { changedFiles, materializeAtRef, openRepo, resolveCommit, validateRef } from '../../src/diff/git';
import { UsageError } from '../../src/errors';
import { buildInventory } from '../../src/inventory/inventory';

// Identity and behaviour come from -c flags only: no global git configuration is read or changed.
const GIT_FLAGS = ['-c', 'user.name=depvet test', '-c', 'user.email=test@depvet.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', '-c', 'core.autocrlf=false'];

function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env };
  // Run from a git hook, these would point at the project's repository instead of the temporary one.
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[name];
  return execFileSync('git', [...GIT_FLAGS, ...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function write(root: string, file: string, text: string): void {
  const full = path.join(root, ...file.split('/'));
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
}

let repo: string;
let scratch: string;
let forkPoint: string;

beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-diff-repo-'));
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-diff-out-'));
  git(repo, 'init', '--quiet');
  write(repo, 'ci.yml', 'steps: []\n');
  write(repo, '.gitignore', '*.log\n');
  write(repo, 'docker/README.md', 'images\n');
  write(repo, 'docker/python3/Dockerfile', 'FROM python:3.12.13-alpine3.24\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n');
  write(repo, 'docker/python3/requirements.txt', 'requests==2.31.0\n');
  write(repo, 'docker/crypto/Dockerfile', 'FROM demisto/python3:3.12.13.1\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n');
  write(repo, 'docker/crypto/requirements.txt', 'cryptography==42.0.0\n');
  write(repo, 'docker/app/Dockerfile', 'FROM demisto/crypto:1.0.0.1\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n');
  write(repo, 'docker/app/requirements.txt', 'flask==3.0.0\n');
  write(repo, 'docker/solo/Dockerfile', 'FROM python:3.11.9-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n');
  write(repo, 'docker/solo/requirements.txt', 'six==1.16.0\n');
  write(repo, 'docker/other/Dockerfile', 'FROM python:3.11.9-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n');
  write(repo, 'docker/other/requirements.txt', 'attrs==23.1.0\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '--quiet', '-m', 'initial tree');
  forkPoint = git(repo, 'rev-parse', 'HEAD').trim();

  git(repo, 'checkout', '--quiet', '-b', 'feature');
  write(repo, 'docker/python3/requirements.txt', 'requests==2.32.0\nidna==3.7\n');
  git(repo, 'commit', '--quiet', '-am', 'base change: python3');

  // A commit on main after the fork: BASE...HEAD must not see it.
  git(repo, 'checkout', '--quiet', 'main');
  write(repo, 'docker/other/requirements.txt', 'attrs==24.2.0\n');
  git(repo, 'commit', '--quiet', '-am', 'main moves on');
  git(repo, 'checkout', '--quiet', 'feature');
});

afterAll(() => {
  fs.rmSync(repo, { recursive: true, force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('changedFiles', () => {
  it('compares with the merge base (BASE...HEAD): the base change is seen, later commits on main are not', () => {
    const result = changedFiles(repo, 'main', 'docker');
    expect(result.mergeBase).toBe(forkPoint);
    expect(result.base).toBe(git(repo, 'rev-parse', 'main').trim());
    expect(result.files).toEqual(['docker/python3/requirements.txt']);
  });

  it('finds the changed image and every image that inherits from it, transitively', () => {
    const files = changedFiles(repo, 'main', 'docker').files;
    const changed = changedImages('docker', files);
    expect([...changed]).toEqual(['python3']);
    const inventory = buildInventory(['docker'], { cwd: repo });
    expect(inventory.images.map((i) => i.name).sort()).toEqual(['app', 'crypto', 'other', 'python3', 'solo']);
    expect(affectedImages(inventory.images, changed).map((a) => [a.name, a.reason, a.changedBases.join(',')])).toEqual([
      ['app', 'base-changed', 'python3'],
      ['crypto', 'base-changed', 'python3'],
      ['python3', 'changed', ''],
    ]);
  });

  it('includes uncommitted, staged and untracked work, but not ignored files', () => {
    write(repo, 'docker/solo/requirements.txt', 'six==1.17.0\n'); // unstaged
    write(repo, 'docker/app/extra.txt', 'x\n');
    git(repo, 'add', 'docker/app/extra.txt'); // staged
    write(repo, 'docker/newimg/Dockerfile', 'FROM python:3.12.13-slim\n'); // untracked
    write(repo, 'docker/solo/build.log', 'noise\n'); // ignored
    write(repo, 'ci.yml', 'steps: [1]\n'); // outside the pathspec
    try {
      const files = changedFiles(repo, 'main', 'docker').files;
      expect(files).toEqual(['docker/app/extra.txt', 'docker/newimg/Dockerfile', 'docker/python3/requirements.txt', 'docker/solo/requirements.txt']);
      expect([...changedImages('docker', files)]).toEqual(['app', 'newimg', 'python3', 'solo']);
      // From inside the tree, the pathspec is relative to that folder; paths stay relative to the repository top.
      expect(changedFiles(path.join(repo, 'docker'), 'main', 'solo').files).toEqual(['docker/solo/requirements.txt']);
      expect(changedFiles(repo, 'main').files).toContain('ci.yml');
    } finally {
      git(repo, 'reset', '--quiet', '--hard');
      git(repo, 'clean', '--quiet', '-fdx');
    }
  });

  it('lists deleted files too (an image folder removed still counts as touched)', () => {
    git(repo, 'rm', '--quiet', '-r', 'docker/solo');
    try {
      expect(changedFiles(repo, 'main', 'docker').files).toEqual(['docker/python3/requirements.txt', 'docker/solo/Dockerfile', 'docker/solo/requirements.txt']);
    } finally {
      git(repo, 'reset', '--quiet', '--hard');
    }
  });
});

describe('materializeAtRef and the package diff', () => {
  it('extracts the tree as it was at the merge base and diffs the packages against the work tree', () => {
    const { mergeBase } = changedFiles(repo, 'main', 'docker');
    const dest = path.join(scratch, 'base');
    const result = materializeAtRef(repo, mergeBase, 'docker', dest);
    expect(result).toMatchObject({ dir: path.join(dest, 'docker'), commit: forkPoint, existed: true, files: 11, skipped: [] });
    expect(fs.readFileSync(path.join(dest, 'docker/python3/requirements.txt'), 'utf8')).toBe('requests==2.31.0\n');
    expect(fs.existsSync(path.join(dest, 'ci.yml'))).toBe(false);

    const before = buildInventory(['docker'], { cwd: dest });
    const after = buildInventory(['docker'], { cwd: repo });
    const diff = diffPackages(after.packages, before.packages);
    const summary = diff.changes.map((c) => `${c.entry.image}:${c.entry.normalizedName}==${c.entry.version} ${c.change}${c.before.length ? ` (was ${c.before.join(',')})` : ''}`).sort();
    // The base change reaches the images that inherit it.
    expect(summary).toEqual([
      'app:idna==3.7 added',
      'app:requests==2.32.0 changed (was 2.31.0)',
      'crypto:idna==3.7 added',
      'crypto:requests==2.32.0 changed (was 2.31.0)',
      'python3:idna==3.7 added',
      'python3:requests==2.32.0 changed (was 2.31.0)',
    ]);
    expect(diff.removed).toEqual([]);
  });

  it('materializes from a folder inside the repository, relative to it', () => {
    const dest = path.join(scratch, 'sub');
    const result = materializeAtRef(path.join(repo, 'docker'), 'main', 'other', dest);
    expect(result.dir).toBe(path.join(dest, 'docker', 'other'));
    expect(fs.readFileSync(path.join(result.dir, 'requirements.txt'), 'utf8')).toBe('attrs==24.2.0\n');
  });

  it('gives an empty folder when the subtree did not exist at that ref', () => {
    write(repo, 'docker/later/Dockerfile', 'FROM python:3.12.13-slim\n');
    git(repo, 'add', 'docker/later');
    git(repo, 'commit', '--quiet', '-m', 'new image');
    try {
      const dest = path.join(scratch, 'absent');
      const result = materializeAtRef(repo, forkPoint, 'docker/later', dest);
      expect(result).toMatchObject({ existed: false, files: 0 });
      expect(fs.readdirSync(result.dir)).toEqual([]);
    } finally {
      git(repo, 'reset', '--quiet', '--hard', 'HEAD~1');
    }
  });

  it('writes no symlink out of the tree', () => {
    fs.symlinkSync('/etc/passwd', path.join(repo, 'docker', 'other', 'link'));
    git(repo, 'add', 'docker/other/link');
    git(repo, 'commit', '--quiet', '-m', 'symlink');
    try {
      const dest = path.join(scratch, 'links');
      const result = materializeAtRef(repo, 'HEAD', 'docker/other', dest);
      expect(result.skipped).toEqual([{ path: 'docker/other/link', reason: 'symlink' }]);
      expect(fs.existsSync(path.join(result.dir, 'link'))).toBe(false);
    } finally {
      git(repo, 'reset', '--quiet', '--hard', 'HEAD~1');
    }
  });

  it('refuses a subdir outside the repository, but not one whose name starts with two dots', () => {
    expect(() => materializeAtRef(repo, 'main', '../elsewhere', path.join(scratch, 'out'))).toThrow(UsageError);
    expect(() => materializeAtRef(repo, 'main', '..', path.join(scratch, 'out'))).toThrow(UsageError);
    expect(() => materializeAtRef(repo, 'main', '..not-above', path.join(scratch, 'out-dots'))).not.toThrow();
  });
});

describe('refs and repositories', () => {
  it('resolves branch names, shas and revision expressions to commits', () => {
    expect(resolveCommit(repo, 'feature~1')).toBe(forkPoint);
    expect(resolveCommit(repo, forkPoint.slice(0, 10))).toBe(forkPoint);
  });

  it('turns an unknown ref into a one-line UsageError', () => {
    for (const ref of ['no-such-branch', 'HEAD~50', 'origin/master']) {
      let error: unknown;
      try {
        changedFiles(repo, ref, 'docker');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).code).toBe('E_USAGE');
      expect((error as UsageError).message).toContain(JSON.stringify(ref));
      expect((error as UsageError).message).not.toContain('\n');
    }
  });

  it('refuses a ref that git could read as an option, before running git', () => {
    const marker = path.join(scratch, 'should-not-exist');
    for (const ref of ['-h', '--output=' + marker, '--exec=touch ' + marker]) {
      expect(() => changedFiles(repo, ref, 'docker')).toThrow(/may not start with "-"/);
      expect(() => materializeAtRef(repo, ref, 'docker', path.join(scratch, 'x'))).toThrow(UsageError);
    }
    expect(fs.existsSync(marker)).toBe(false);
    expect(() => validateRef('main\nHEAD')).toThrow(UsageError);
    expect(() => validateRef('')).toThrow(UsageError);
  });

  it('ignores GIT_DIR / GIT_INDEX_FILE from the environment (set when run from a git hook)', () => {
    const saved = { dir: process.env.GIT_DIR, index: process.env.GIT_INDEX_FILE };
    process.env.GIT_DIR = path.join(scratch, 'not-a-git-dir');
    process.env.GIT_INDEX_FILE = path.join(scratch, 'not-an-index');
    try {
      expect(changedFiles(repo, 'main', 'docker').files).toEqual(['docker/python3/requirements.txt']);
    } finally {
      if (saved.dir === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved.dir;
      if (saved.index === undefined) delete process.env.GIT_INDEX_FILE;
      else process.env.GIT_INDEX_FILE = saved.index;
    }
  });

  it('reports a folder outside any git work tree as a UsageError', () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-not-a-repo-'));
    try {
      expect(() => openRepo(plain)).toThrow(/not inside a git work tree/);
      expect(() => changedFiles(plain, 'main')).toThrow(UsageError);
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });
});
