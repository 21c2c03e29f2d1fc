// The only door to the file system for the inventory stage. Every read is checked to stay inside the scan
// root (after resolving symlinks), so a hostile manifest (`-r ../../etc/passwd`) or a symlink cannot make
// depvet read outside what the user asked it to scan. Parsers never touch the file system.
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors';

/** Larger manifests than this are refused: real lock files are well under 1 MB (the corpus' largest is 390 KB). */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

export class ScanRoot {
  /** The root as the user wrote it, used to build display paths (`docker/crypto/Pipfile.lock`). */
  readonly displayRoot: string;
  /** Absolute, symlink-free path of the root. */
  readonly realRoot: string;

  /** `displayAs` names the root in reports instead of `rootAsGiven` (diff mode scans a copy of the base tree under the tree's own name). */
  constructor(rootAsGiven: string, cwd: string = process.cwd(), displayAs?: string) {
    const absolute = path.resolve(cwd, rootAsGiven);
    let real: string;
    try {
      real = fs.realpathSync(absolute);
    } catch {
      throw new InputError('E_INPUT_PATH', toPosix(rootAsGiven), undefined, 'no such file or directory');
    }
    this.realRoot = real;
    this.displayRoot = toPosix(path.normalize(displayAs ?? rootAsGiven)).replace(/\/$/, '') || '.';
  }

  /** Absolute path for a root-relative path; refuses paths that leave the root. */
  resolve(relative: string, requestedBy?: { file: string; line: number }): string {
    const absolute = path.resolve(this.realRoot, relative);
    this.assertInside(absolute, relative, requestedBy);
    return absolute;
  }

  /** The path relative to the root, POSIX separators (`crypto/Pipfile.lock`). */
  relative(absolute: string): string {
    return toPosix(path.relative(this.realRoot, absolute)) || '.';
  }

  /** The path a user sees in reports: the root as they gave it joined with the relative path. */
  display(relative: string): string {
    if (relative === '.' || relative === '') return this.displayRoot;
    return this.displayRoot === '.' ? relative : `${this.displayRoot}/${relative}`;
  }

  exists(relative: string): boolean {
    try {
      const absolute = this.resolve(relative);
      return fs.existsSync(absolute);
    } catch {
      return false;
    }
  }

  isDirectory(relative: string): boolean {
    try {
      return fs.statSync(this.resolve(relative)).isDirectory();
    } catch {
      return false;
    }
  }

  isFile(relative: string): boolean {
    try {
      return fs.statSync(this.resolve(relative)).isFile();
    } catch {
      return false;
    }
  }

  /**
   * Entries of a folder inside the root, sorted for deterministic output. A symlink whose target leaves the root
   * (or does not exist) is neither file nor folder and says why in `refused`, so callers can report a manifest
   * they were kept from reading instead of silently not seeing it.
   */
  list(relative: string): DirEntry[] {
    const absolute = this.resolve(relative);
    return fs
      .readdirSync(absolute, { withFileTypes: true })
      .map((entry): DirEntry => {
        // Follow symlinks only to check their target stays inside the root.
        if (entry.isSymbolicLink()) {
          const target = path.join(absolute, entry.name);
          let stat: fs.Stats;
          try {
            stat = fs.statSync(target);
          } catch {
            return { name: entry.name, isDirectory: false, isFile: false, refused: 'it is a symlink to nothing (its target does not exist)' };
          }
          if (!this.isInside(fs.realpathSync.native(target))) {
            return { name: entry.name, isDirectory: false, isFile: false, refused: `it is a symlink to a path outside the scan root ${this.displayRoot}` };
          }
          return { name: entry.name, isDirectory: stat.isDirectory(), isFile: stat.isFile() };
        }
        return { name: entry.name, isDirectory: entry.isDirectory(), isFile: entry.isFile() };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Reads a UTF-8 text file inside the root, with a size cap. */
  readText(relative: string, requestedBy?: { file: string; line: number }): string {
    const absolute = this.resolve(relative, requestedBy);
    const where = requestedBy ?? { file: this.display(relative), line: undefined };
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new InputError('E_INPUT_PATH', where.file, where.line, `${this.display(relative)}: no such file`);
    }
    if (!stat.isFile()) {
      throw new InputError('E_INPUT_PATH', where.file, where.line, `${this.display(relative)}: not a regular file`);
    }
    if (stat.size > MAX_MANIFEST_BYTES) {
      throw new InputError(
        'E_INPUT_TOO_LARGE',
        this.display(relative),
        undefined,
        `file is ${stat.size} bytes, more than the ${MAX_MANIFEST_BYTES}-byte limit for a manifest`,
      );
    }
    const text = fs.readFileSync(absolute, 'utf8');
    // A UTF-8 byte order mark is not part of any manifest syntax.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  /** Whether an absolute, symlink-free path is the root or inside it. */
  private isInside(real: string): boolean {
    return isInsideFolder(this.realRoot, real);
  }

  private assertInside(absolute: string, asWritten: string, requestedBy?: { file: string; line: number }): void {
    let real = absolute;
    try {
      // The C library's realpath: one call, where the JavaScript one lstat()s every component of every path.
      real = fs.realpathSync.native(absolute);
    } catch {
      // A path that does not exist yet cannot be a symlink; judge it lexically.
    }
    if (this.isInside(real)) return;
    const file = requestedBy?.file ?? this.displayRoot;
    throw new InputError(
      'E_INPUT_PATH',
      file,
      requestedBy?.line,
      `refusing to read ${toPosix(asWritten)}: it is outside the scan root ${this.displayRoot}`,
    );
  }
}

/** An entry of a folder in the scan root; `refused` says why a symlink is not followed. */
export interface DirEntry {
  name: string;
  isDirectory: boolean;
  isFile: boolean;
  refused?: string;
}

/**
 * Whether `real` (absolute, symlinks resolved) is `folder` or inside it. `..data` (a Kubernetes ConfigMap's folder,
 * say) is inside; only `..` itself or `../…` leaves.
 */
export function isInsideFolder(folder: string, real: string): boolean {
  const rel = path.relative(folder, real);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * Why `file` (which may not exist) is not a file of `folder`: a symlink to nothing, or a path that resolves outside
 * the folder. Undefined when it is fine to read, or absent. For files found by name (a config, policy files), whose
 * content must never be read, let alone quoted, from elsewhere.
 */
export function outsideFolder(folder: string, file: string): string | undefined {
  let isLink = false;
  try {
    isLink = fs.lstatSync(file).isSymbolicLink();
  } catch {
    return undefined;
  }
  let real: string;
  try {
    real = fs.realpathSync.native(file);
  } catch {
    return 'it is a symlink to nothing (its target does not exist)';
  }
  let realFolder: string;
  try {
    realFolder = fs.realpathSync.native(folder);
  } catch {
    realFolder = path.resolve(folder);
  }
  if (isInsideFolder(realFolder, real)) return undefined;
  return `it is ${isLink ? 'a symlink to a file' : 'reached through a symlink to a folder'} outside ${toPosix(folder)}`;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
