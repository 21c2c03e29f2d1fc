// Git access for diff mode. git runs via execFileSync with an argument list (never a shell), refs are validated
// and resolved to commits before use, and failures become one-line UsageErrors.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DepvetError, UsageError } from '../errors';

// Large enough for `git diff --name-only` and blob reads of a whole dockerfiles tree (~13 MB).
const MAX_BUFFER = 512 * 1024 * 1024;

// Variables that point git at another repository or index (git hooks export them): the folder given decides.
const REPO_OVERRIDES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_CEILING_DIRECTORIES'];

/** The environment git runs with: no pager, no credential prompts, no locale-dependent output, no repo overrides. */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' };
  for (const name of REPO_OVERRIDES) delete env[name];
  return env;
}

/** Thrown by runGit when git exits non-zero; `stderr` holds git's own message. */
export class GitCommandError extends DepvetError {
  readonly stderr: string;
  readonly status: number | null;
  constructor(args: string[], status: number | null, stderr: string) {
    super('E_USAGE', `git ${args.join(' ')} failed (exit ${status ?? 'signal'}): ${firstLine(stderr) || 'no message'}`);
    this.name = 'GitCommandError';
    this.stderr = stderr;
    this.status = status;
  }
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  );
}

export function runGit(cwd: string, args: string[], input?: Buffer): Buffer {
  try {
    return execFileSync('git', ['-c', 'core.quotepath=off', ...args], {
      cwd,
      env: gitEnv(),
      maxBuffer: MAX_BUFFER,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(input !== undefined ? { input } : {}),
    });
  } catch (error) {
    const e = error as { code?: string; status?: number | null; stderr?: Buffer | string };
    if (e.code === 'ENOENT') throw new UsageError('diff mode needs git, and no `git` program was found on PATH');
    throw new GitCommandError(args, e.status ?? null, e.stderr ? e.stderr.toString() : String(error));
  }
}

function gitText(cwd: string, args: string[]): string {
  return runGit(cwd, args).toString('utf8');
}

/** NUL-separated output (`-z`) as a list, so any file name survives. */
function gitList(cwd: string, args: string[]): string[] {
  return gitText(cwd, args)
    .split('\0')
    .filter((s) => s !== '');
}

export interface GitRepo {
  /** Absolute path of the work tree's top folder. */
  root: string;
  /** The folder given, relative to `root` with `/` separators (`''` at the top). */
  prefix: string;
}

/** The repository containing `dir`; not a git work tree -> UsageError. */
export function openRepo(dir: string): GitRepo {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--diff: ${dir} is not a folder`);
  let top: string;
  let prefix: string;
  try {
    top = gitText(dir, ['rev-parse', '--show-toplevel']).trim();
    prefix = gitText(dir, ['rev-parse', '--show-prefix']).trim();
  } catch (error) {
    if (error instanceof GitCommandError) throw new UsageError(`--diff: ${dir} is not inside a git work tree (${firstLine(error.stderr)})`);
    throw error;
  }
  return { root: top, prefix: prefix.replace(/\/$/, '') };
}

/**
 * A ref as the user typed it (`origin/master`, `HEAD~3`, a sha). Refused before git sees it when it could be
 * read as an option (leading `-`) or holds control characters; then resolved with `rev-parse --verify`.
 */
export function validateRef(ref: string): void {
  if (ref === '') throw new UsageError('--diff: the base ref is empty');
  if (ref.startsWith('-')) throw new UsageError(`--diff: refusing ref ${JSON.stringify(ref)}: a ref may not start with "-"`);
  if (/[\u0000-\u001f\u007f\s]/.test(ref)) throw new UsageError(`--diff: refusing ref ${JSON.stringify(ref)}: it contains whitespace or control characters`);
}

/** The commit a ref names (full sha); unknown ref -> UsageError. */
export function resolveCommit(repoDir: string, ref: string): string {
  validateRef(ref);
  let out: string;
  try {
    out = gitText(repoDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
  } catch (error) {
    if (error instanceof GitCommandError) {
      // `--quiet` makes git silent for a ref that does not exist; anything else has its own message.
      const detail = firstLine(error.stderr);
      throw new UsageError(`--diff: ${JSON.stringify(ref)} does not name a commit in ${repoDir}${detail ? ` (${detail})` : ''}`);
    }
    throw error;
  }
  if (!/^[0-9a-f]{40,64}$/.test(out)) throw new UsageError(`--diff: ${JSON.stringify(ref)} does not name a commit in ${repoDir}`);
  return out;
}

export interface ChangedFiles {
  /** The commit the base ref names. */
  base: string;
  /** Where HEAD forked from the base: what `BASE...HEAD` compares against; the tree to compare with. */
  mergeBase: string;
  /** Paths relative to the repository top, `/` separators, sorted, each once (old and new side of renames). */
  files: string[];
}

/**
 * Files changed since the merge base of `baseRef` and HEAD, as `git diff BASE...HEAD` sees them, plus the
 * uncommitted (staged or not) and untracked files of the work tree, since a developer runs this before
 * committing. `pathspec` is relative to `repoDir` (default: all of it).
 */
export function changedFiles(repoDir: string, baseRef: string, pathspec = '.'): ChangedFiles {
  const base = resolveCommit(repoDir, baseRef);
  resolveCommit(repoDir, 'HEAD');
  let mergeBase: string;
  try {
    mergeBase = gitText(repoDir, ['merge-base', base, 'HEAD']).trim();
  } catch (error) {
    if (error instanceof GitCommandError) throw new UsageError(`--diff: ${JSON.stringify(baseRef)} and HEAD have no common history`);
    throw error;
  }
  const spec = ['--', pathspec];
  // merge base against the work tree: commits since the fork, staged and unstaged edits, deletions.
  const tracked = gitList(repoDir, ['diff', '--name-only', '--no-relative', '--no-renames', '-z', '--no-ext-diff', mergeBase, ...spec]);
  const untracked = gitList(repoDir, ['ls-files', '--others', '--exclude-standard', '--full-name', '-z', ...spec]);
  return { base, mergeBase, files: [...new Set([...tracked, ...untracked])].sort() };
}

export interface FileChange {
  /** Relative to the repository top, `/` separators. */
  file: string;
  status: 'added' | 'modified' | 'deleted';
}

/**
 * What happened to each file changed since the merge base (as changedFiles sees them): added (untracked files
 * included), modified or deleted. `pathspec` is relative to `repoDir`.
 */
export function fileChanges(repoDir: string, baseRef: string, pathspec = '.'): FileChange[] {
  const { mergeBase } = changedFiles(repoDir, baseRef, pathspec);
  const spec = ['--', pathspec];
  const fields = gitList(repoDir, ['diff', '--name-status', '--no-relative', '--no-renames', '-z', '--no-ext-diff', mergeBase, ...spec]);
  const out = new Map<string, FileChange['status']>();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const letter = fields[i]!.charAt(0);
    out.set(fields[i + 1]!, letter === 'A' ? 'added' : letter === 'D' ? 'deleted' : 'modified');
  }
  for (const file of gitList(repoDir, ['ls-files', '--others', '--exclude-standard', '--full-name', '-z', ...spec])) out.set(file, 'added');
  return [...out].map(([file, status]) => ({ file, status })).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

export interface Materialized {
  /** Folder holding the subtree's files (`destDir/<subdir>`). */
  dir: string;
  /** The commit extracted. */
  commit: string;
  /** False when the subtree did not exist at that commit (the folder is then created empty). */
  existed: boolean;
  files: number;
  /** Entries not written: symlinks and submodules (not followed, so nothing outside the tree is read). */
  skipped: { path: string; reason: string }[];
}

/**
 * Writes the files of `subdir` (relative to `repoDir`) as they are at `ref` under `destDir`, keeping their path
 * from the repository top. Reads blobs with `git cat-file --batch` rather than `git archive`, so
 * `.gitattributes` export-ignore/export-subst cannot change what is compared.
 */
export function materializeAtRef(repoDir: string, ref: string, subdir: string, destDir: string): Materialized {
  const commit = resolveCommit(repoDir, ref);
  const repo = openRepo(repoDir);
  const relative = path.posix.normalize([repo.prefix, toPosix(subdir)].filter((p) => p !== '' && p !== '.').join('/') || '.');
  if (relative === '..' || relative.startsWith('../') || path.posix.isAbsolute(relative)) throw new UsageError(`--diff: ${subdir} is outside the repository at ${repo.root}`);
  const target = relative === '.' ? destDir : path.join(destDir, ...relative.split('/'));
  fs.mkdirSync(target, { recursive: true });

  const listing = gitList(repo.root, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', relative === '.' ? '.' : relative]);
  const blobs: { path: string; sha: string; mode: string }[] = [];
  const skipped: Materialized['skipped'] = [];
  for (const entry of listing) {
    const match = /^(\d{6}) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (!match) throw new DepvetError('E_INTERNAL', `git ls-tree gave an entry depvet cannot read: ${JSON.stringify(entry.slice(0, 80))}`);
    const [, mode, type, sha, file] = match as unknown as [string, string, string, string, string];
    if (type === 'commit') skipped.push({ path: file, reason: 'submodule' });
    else if (mode === '120000') skipped.push({ path: file, reason: 'symlink' });
    else if (type === 'blob') blobs.push({ path: file, sha, mode });
  }
  if (blobs.length > 0) {
    const output = runGit(repo.root, ['cat-file', '--batch'], Buffer.from(blobs.map((b) => b.sha).join('\n') + '\n'));
    let offset = 0;
    for (const blob of blobs) {
      const headerEnd = output.indexOf(0x0a, offset);
      const header = output.toString('utf8', offset, headerEnd);
      const size = Number(/^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1] ?? NaN);
      if (!Number.isFinite(size)) throw new DepvetError('E_INTERNAL', `git cat-file gave an unexpected header for ${blob.path}: ${header.slice(0, 80)}`);
      const content = output.subarray(headerEnd + 1, headerEnd + 1 + size);
      offset = headerEnd + 1 + size + 1;
      const parts = blob.path.split('/');
      // git never stores `..` or absolute paths in a tree; checked anyway since the files land on disk.
      if (parts.some((p) => p === '..' || p === '' || p === '.')) throw new UsageError(`--diff: refusing path ${JSON.stringify(blob.path)} from ${ref}`);
      const out = path.join(destDir, ...parts);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, content, { mode: blob.mode === '100755' ? 0o755 : 0o644 });
    }
  }
  return { dir: target, commit, existed: listing.length > 0, files: blobs.length, skipped };
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * How one file changed since the merge base of `baseRef` and HEAD (work tree edits included): `added`,
 * `modified`, or undefined when it did not change or is not in a git work tree (a VEX file kept elsewhere).
 */
export function fileChangeSince(file: string, baseRef: string): 'added' | 'modified' | undefined {
  const dir = path.dirname(file);
  let changes: ChangedFiles;
  try {
    openRepo(dir);
    changes = changedFiles(dir, baseRef, path.basename(file));
  } catch (error) {
    if (error instanceof UsageError || error instanceof GitCommandError) return undefined;
    throw error;
  }
  const changed = changes.files[0];
  if (changed === undefined) return undefined;
  try {
    runGit(dir, ['cat-file', '-e', `${changes.mergeBase}:${changed}`]);
    return 'modified';
  } catch (error) {
    if (error instanceof GitCommandError) return 'added';
    throw error;
  }
}
