// The first pipeline stage: paths in, a located package inventory out. No network.
import path from 'node:path';
import type { Diagnostic, ParsedManifest } from '../model';
import type { DockerfileManifest } from '../sources/dockerfile';
import { InputError } from '../errors';
import { loadRequirementsTree, manifestKindOf, parseManifestText } from './load-manifest';
import { loadProjectDir } from './project-dir';
import { ScanRoot, toPosix } from './scan-root';
import { DEFAULT_PYTHON, evaluateMarkers, isImageTree, loadImageTree, type TreeOptions } from './tree';
import { INVENTORY_SCHEMA_VERSION, type ImageInfo, type Inventory, type InventoryEntry, type InventorySummary, type ManifestRecord } from './types';

export interface InventoryOptions extends TreeOptions {
  /** Folder that relative paths start from (default: process.cwd()). */
  cwd?: string;
  /** Python for marker evaluation outside image trees (default 3.12, or what the manifests declare). */
  python?: string;
  /** Per path, the name reports use for it (diff mode reads a copy of the base tree under the tree's own name). */
  displayPaths?: string[];
}

const LOCK_KINDS = new Set(['Pipfile.lock', 'poetry.lock', 'package-lock.json']);
// Folders a recursive walk never enters: installed packages, VCS data, virtualenvs.
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', 'site-packages']);
const MAX_WALK_DEPTH = 8;

/**
 * Builds the inventory of every manifest under the given paths. A path may be a manifest file, an image or
 * project folder, a dockerfiles-style tree (`docker/`), or any folder (walked for manifests).
 */
export function buildInventory(paths: string[], options: InventoryOptions = {}): Inventory {
  return collectInventory(paths, options).inventory;
}

/** A parsed Dockerfile and the image it builds (for the base-image check). */
export interface ImageDockerfile {
  image?: string;
  manifest: DockerfileManifest;
}

/** The inventory plus the parsed Dockerfiles it read, for stages that judge Dockerfiles themselves. */
export function collectInventory(paths: string[], options: InventoryOptions = {}): { inventory: Inventory; dockerfiles: ImageDockerfile[]; namespaces: string[] } {
  if (paths.length === 0) throw new InputError('E_INPUT_PATH', '.', undefined, 'no path given');
  const cwd = options.cwd ?? process.cwd();
  const manifests: ManifestRecord[] = [];
  const images: ImageInfo[] = [];
  const packages: InventoryEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const parsedAll: ParsedEntry[] = [];
  const dockerfiles: ImageDockerfile[] = [];
  const namespaces: string[] = [];
  const defaultPython = options.python ?? options.defaultPython ?? DEFAULT_PYTHON;

  paths.forEach((given, index) => {
    const absolute = path.resolve(cwd, given);
    const displayAs = options.displayPaths?.[index];
    const root = new ScanRoot(given, cwd, displayAs);
    if (!root.isDirectory('.')) {
      // A single file: its folder is the root, so its includes may reach siblings but nothing above.
      const fileRoot = new ScanRoot(toPosix(path.dirname(given)), cwd, displayAs !== undefined ? toPosix(path.dirname(displayAs)) : undefined);
      const name = path.basename(absolute);
      const text = fileRoot.readText(name);
      // pip reads any file named with -r as a requirements file, so an explicitly named .txt/.in is one too.
      const kind = manifestKindOf(name, text) ?? (/\.(txt|in)$/i.test(name) ? 'requirements.txt' : undefined);
      if (!kind || kind === 'build.conf') {
        throw new InputError('E_INPUT_PATH', fileRoot.display(name), undefined, 'not a manifest depvet can read (see docs/cli.md for the supported files)');
      }
      const parsed = kind === 'requirements.txt' || kind === 'constraints.txt' ? loadRequirementsTree(fileRoot, name, kind, options) : [parseManifestText(kind, text, fileRoot.display(name), options)];
      const python = options.python ?? pythonOf(parsed) ?? defaultPython;
      for (const p of parsed) {
        const role = p === parsed[0] ? 'source-of-truth' : 'include';
        if (p.kind === 'Dockerfile') dockerfiles.push({ manifest: p as DockerfileManifest });
        manifests.push(recordOf(p, role));
        parsedAll.push({ manifest: p, role });
        for (const diagnostic of p.diagnostics) diagnostics.push(diagnostic);
        const entries: InventoryEntry[] = p.packages.map((pkg) =>
          p.kind === 'constraints.txt'
            ? { ...pkg, status: 'skipped', skip: { code: 'constraint-only', message: 'named only in a constraints file: constrains a version, installs nothing' } }
            : { ...pkg, status: 'included' },
        );
        for (const entry of evaluateMarkers(entries, python, undefined, diagnostics)) packages.push(entry);
      }
      return;
    }
    if (isImageTree(root, '.')) {
      addTree(root, '.', options, { manifests, images, packages, diagnostics, parsedAll, dockerfiles, namespaces });
      return;
    }
    for (const dir of projectDirs(root)) {
      if (dir !== '.' && isImageTree(root, dir)) {
        addTree(root, dir, options, { manifests, images, packages, diagnostics, parsedAll, dockerfiles, namespaces });
        continue;
      }
      const project = loadProjectDir(root, dir, options);
      for (const manifest of project.manifests) manifests.push(manifest);
      for (const parsed of project.parsed) parsedAll.push(parsed);
      if (project.dockerfile) dockerfiles.push({ manifest: project.dockerfile });
      for (const diagnostic of project.diagnostics) diagnostics.push(diagnostic);
      const python = options.python ?? project.declaredPython?.version ?? defaultPython;
      for (const entry of evaluateMarkers(project.packages, python, undefined, diagnostics)) packages.push(entry);
    }
  });
  const inventory: Inventory = {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    roots: paths.map((p, i) => toPosix(options.displayPaths?.[i] ?? p)),
    manifests,
    images,
    packages,
    diagnostics,
    summary: summarize(parsedAll, images, packages),
  };
  return { inventory, dockerfiles, namespaces };
}

type ParsedEntry = { manifest: ParsedManifest; role: ManifestRecord['role'] };

interface Collected {
  manifests: ManifestRecord[];
  images: ImageInfo[];
  packages: InventoryEntry[];
  diagnostics: Diagnostic[];
  parsedAll: ParsedEntry[];
  dockerfiles: ImageDockerfile[];
  namespaces: string[];
}

function addTree(root: ScanRoot, dir: string, options: InventoryOptions, into: Collected): void {
  const tree = loadImageTree(root, dir, { ...options, ...(options.python ? { defaultPython: options.python } : {}) });
  for (const image of tree.images) {
    into.images.push(image.info);
    for (const manifest of image.project.manifests) into.manifests.push({ ...manifest, image: image.info.name });
    for (const parsed of image.project.parsed) into.parsedAll.push(parsed);
    if (image.project.dockerfile) into.dockerfiles.push({ image: image.info.name, manifest: image.project.dockerfile });
    for (const entry of image.packages) into.packages.push(entry);
  }
  for (const diagnostic of tree.diagnostics) into.diagnostics.push(diagnostic);
  if (tree.namespace && !into.namespaces.includes(tree.namespace)) into.namespaces.push(tree.namespace);
}

/** Folders under the root that hold at least one manifest, the root first; a tree stops the walk. */
function projectDirs(root: ScanRoot): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    const entries = root.list(dir);
    if (entries.some((e) => e.isFile && manifestKindOf(e.name) !== undefined)) found.push(dir);
    if (depth >= MAX_WALK_DEPTH) return;
    for (const e of entries) {
      if (!e.isDirectory || e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
      const sub = dir === '.' ? e.name : `${dir}/${e.name}`;
      if (isImageTree(root, sub)) {
        found.push(sub);
        continue;
      }
      walk(sub, depth + 1);
    }
  };
  walk('.', 0);
  return found;
}

function pythonOf(parsed: { pythonVersion?: string }[]): string | undefined {
  for (const p of parsed) {
    const match = p.pythonVersion ? /(\d+)\.(\d+)/.exec(p.pythonVersion) : null;
    if (match) return `${match[1]}.${match[2]}`;
  }
  return undefined;
}

function recordOf(p: { file: string; kind: ManifestRecord['kind']; packages: { group?: string }[] }, role: ManifestRecord['role']): ManifestRecord {
  const groups: Record<string, number> = {};
  for (const pkg of p.packages) groups[pkg.group ?? 'default'] = (groups[pkg.group ?? 'default'] ?? 0) + 1;
  return { file: p.file, kind: p.kind, packages: p.packages.length, groups, role };
}

/**
 * Counts. Manifest entries are counted per file read, including files the build does not use (so a tree's
 * lock files can be counted whole); package figures count the inventory, inherited copies excluded.
 */
export function summarize(parsed: ParsedEntry[], images: ImageInfo[], packages: InventoryEntry[]): InventorySummary {
  const declared = packages.filter((p) => p.inheritedFrom === undefined);
  const entriesByKind: Record<string, Record<string, number>> = {};
  const lockedNames = new Set<string>();
  for (const { manifest } of parsed) {
    const byGroup = (entriesByKind[manifest.kind] ??= {});
    for (const pkg of manifest.packages) {
      const group = pkg.group ?? 'default';
      byGroup[group] = (byGroup[group] ?? 0) + 1;
      if (LOCK_KINDS.has(manifest.kind)) lockedNames.add(`${pkg.ecosystem}:${pkg.normalizedName}`);
    }
  }
  const names = new Set(declared.map((p) => `${p.ecosystem}:${p.normalizedName}`));
  return {
    manifests: parsed.length,
    images: images.length,
    declaredPackages: declared.length,
    includedPackages: packages.filter((p) => p.status === 'included').length,
    skippedPackages: packages.filter((p) => p.status === 'skipped').length,
    unvettablePackages: declared.filter((p) => p.unvettable !== undefined).length,
    distinctNames: names.size,
    entriesByKind,
    distinctLockedNames: lockedNames.size,
  };
}
