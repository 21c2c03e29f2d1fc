// The first pipeline stage: paths in, a located package inventory out. No network.
import path from 'node:path';
import { boundedOsaDistance } from '../checks/names/edit-distance';
import type { Diagnostic, ManifestKind, ParsedManifest } from '../model';
import { countInputErrors } from '../outcome';
import type { DockerfileManifest } from '../sources/dockerfile';
import { DepvetError, InputError, UsageError } from '../errors';
import { loadRequirementsText, loadRequirementsTree, MANIFEST_FILES_READ, manifestKindOf, parseManifestText, sniffManifestKind } from './load-manifest';
import { loadProjectDir } from './project-dir';
import { ScanRoot, toPosix } from './scan-root';
import { DEFAULT_PYTHON, dockerfilePython, evaluateMarkers, isImageTree, loadImageTree, type TreeOptions } from './tree';
import { INVENTORY_SCHEMA_VERSION, type ImageInfo, type Inventory, type InventoryEntry, type InventorySummary, type ManifestRecord } from './types';

export interface InventoryOptions extends TreeOptions {
  /** Folder that relative paths start from (default: process.cwd()). */
  cwd?: string;
  /** Python for marker evaluation outside image trees (default 3.12, or what the manifests declare). */
  python?: string;
  /** Per path, the name reports use for it (diff mode reads a copy of the base tree under the tree's own name). */
  displayPaths?: string[];
  /** The text the path `-` stands for (the CLI passes its standard input). */
  stdin?: string;
}

/** The path that names standard input, and the file name reports give it. */
export const STDIN_PATH = '-';
export const STDIN_DISPLAY = '<stdin>';

const LOCK_KINDS = new Set(['Pipfile.lock', 'poetry.lock', 'uv.lock', 'pylock.toml', 'package-lock.json']);
// Folders a recursive walk never enters: installed packages, VCS data, virtualenvs.
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', 'site-packages']);
const MAX_WALK_DEPTH = 8;

/**
 * Builds the inventory of every manifest under the given paths. A path may be a manifest file, an image or
 * project folder, a dockerfiles-style tree (`docker/`), or any folder (walked for manifests).
 * Throws `E_NO_MANIFESTS` for a folder that holds no manifest at all and a `UsageError` for an `images` name that
 * no scanned tree has: either way nothing the caller asked for could be looked at.
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
  // Image folder names of every tree scanned, so an `images` name no tree has is refused (never an empty pass).
  const treeImages: { tree: string; names: string[] }[] = [];
  const collected: Collected = { manifests, images, packages, diagnostics, parsedAll, dockerfiles, namespaces, treeImages };

  const addParsedFile = (parsed: ParsedManifest[]) => {
    const python = options.python ?? pythonOf(parsed) ?? defaultPython;
    for (const p of parsed) {
      const role = p === parsed[0] ? 'source-of-truth' : 'include';
      if (p.kind === 'Dockerfile') dockerfiles.push({ manifest: p as DockerfileManifest });
      manifests.push({ ...recordOf(p, role), ...(p === parsed[0] ? {} : { includedBy: parsed[0]!.file }) });
      parsedAll.push({ manifest: p, role });
      for (const diagnostic of p.diagnostics) diagnostics.push(diagnostic);
      const entries: InventoryEntry[] = p.packages.map((pkg) =>
        p.kind === 'constraints.txt'
          ? { ...pkg, status: 'skipped', skip: { code: 'constraint-only', message: 'named only in a constraints file: constrains a version, installs nothing' } }
          : { ...pkg, status: 'included' },
      );
      for (const entry of evaluateMarkers(entries, python, undefined, diagnostics)) packages.push(entry);
    }
  };

  paths.forEach((given, index) => {
    if (given === STDIN_PATH) {
      // Standard input: its kind from its content; `-r` includes are read from the current folder, as pip does.
      if (options.stdin === undefined) throw new InputError('E_INPUT_PATH', STDIN_DISPLAY, undefined, 'nothing was read from standard input');
      if (options.stdin.trim() === '') throw new InputError('E_INPUT_PATH', STDIN_DISPLAY, undefined, 'standard input is empty');
      const kind = sniffManifestKind(options.stdin);
      const cwdRoot = new ScanRoot('.', cwd);
      addParsedFile(kind === 'requirements.txt' ? loadRequirementsText(cwdRoot, options.stdin, STDIN_DISPLAY, kind, options) : [parseManifestText(kind, options.stdin, STDIN_DISPLAY, options)]);
      return;
    }
    const absolute = path.resolve(cwd, given);
    const displayAs = options.displayPaths?.[index];
    const root = new ScanRoot(given, cwd, displayAs);
    if (!root.isDirectory('.')) {
      // A single file: its folder is the root, so its includes may reach siblings but nothing above.
      const fileRoot = new ScanRoot(toPosix(path.dirname(given)), cwd, displayAs !== undefined ? toPosix(path.dirname(displayAs)) : undefined);
      const name = path.basename(absolute);
      const text = fileRoot.readText(name);
      // pip reads any file named with -r as a requirements file, so an explicitly named .txt/.in is one too. A name
      // that says nothing (`image-sbom`, `sbom.cdx`) is read by its content.
      const kind = manifestKindOf(name, text) ?? (/\.(txt|in)$/i.test(name) ? 'requirements.txt' : contentKind(text));
      if (!kind || kind === 'build.conf') {
        throw new InputError('E_INPUT_PATH', fileRoot.display(name), undefined, 'not a manifest depvet can read (see docs/cli.md for the supported files)');
      }
      addParsedFile(kind === 'requirements.txt' || kind === 'constraints.txt' ? loadRequirementsTree(fileRoot, name, kind, options) : [parseManifestText(kind, text, fileRoot.display(name), options)]);
      return;
    }
    if (isImageTree(root, '.')) {
      addTree(root, '.', options, collected);
      return;
    }
    const dirs = projectDirs(root);
    if (dirs.length === 0) {
      // Nothing to look at is an input error, not a pass with 0 packages.
      throw new DepvetError('E_NO_MANIFESTS', `no manifests found under ${root.displayRoot}; depvet reads: ${MANIFEST_FILES_READ}`);
    }
    for (const dir of dirs) {
      if (dir !== '.' && isImageTree(root, dir)) {
        addTree(root, dir, options, collected);
        continue;
      }
      const project = loadProjectDir(root, dir, options);
      for (const manifest of project.manifests) manifests.push(manifest);
      for (const parsed of project.parsed) parsedAll.push(parsed);
      if (project.dockerfile) dockerfiles.push({ manifest: project.dockerfile });
      for (const diagnostic of project.diagnostics) diagnostics.push(diagnostic);
      const python = options.python ?? (project.dockerfile ? dockerfilePython(project.dockerfile) : undefined)?.version ?? project.declaredPython?.version ?? defaultPython;
      for (const entry of evaluateMarkers(project.packages, python, undefined, diagnostics)) packages.push(entry);
    }
  });
  if (options.images && options.images.length > 0) refuseUnknownImages(options.images, treeImages, paths);
  markShellExpansions(packages);
  const inventory: Inventory = {
    schemaVersion: INVENTORY_SCHEMA_VERSION,
    roots: paths.map((p, i) => toPosix(options.displayPaths?.[i] ?? p)),
    manifests,
    images,
    packages,
    diagnostics,
    summary: summarize(parsedAll, images, packages, diagnostics),
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
  treeImages: { tree: string; names: string[] }[];
}

function addTree(root: ScanRoot, dir: string, options: InventoryOptions, into: Collected): void {
  const tree = loadImageTree(root, dir, { ...options, ...(options.python ? { defaultPython: options.python } : {}) });
  into.treeImages.push({ tree: root.display(dir), names: tree.imageNames });
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

/**
 * `--image` names that no scanned tree has are a usage error that lists the closest names: a typo must not turn
 * into a pass over nothing. Outside a tree `--image` selects nothing, so it is refused there too.
 */
function refuseUnknownImages(wanted: string[], trees: { tree: string; names: string[] }[], paths: string[]): void {
  if (trees.length === 0) {
    throw new UsageError(`--image selects image folders of a dockerfiles-style tree; ${paths.map(toPosix).join(', ')} ${paths.length === 1 ? 'is' : 'are'} not one`);
  }
  const known = new Set(trees.flatMap((t) => t.names));
  const unknown = [...new Set(wanted.filter((name) => !known.has(name)))];
  if (unknown.length === 0) return;
  const where = trees.map((t) => t.tree).join(', ');
  throw new UsageError(
    unknown
      .map((name) => {
        const closest = closestNames(name, [...known], 3);
        return `unknown image ${name}: no image folder of that name in ${where}${closest.length ? ` (closest: ${closest.join(', ')})` : ''}`;
      })
      .join('; '),
  );
}

/** The names nearest to `name`: those that contain it or are contained in it first, then by edit distance. */
export function closestNames(name: string, candidates: string[], count: number): string[] {
  const wanted = name.toLowerCase();
  const scored = candidates.map((candidate) => {
    const lower = candidate.toLowerCase();
    const overlap = lower.includes(wanted) || wanted.includes(lower);
    const distance = boundedOsaDistance(wanted, lower, Math.max(wanted.length, lower.length));
    return { candidate, rank: overlap ? 0 : 1, distance };
  });
  scored.sort((a, b) => a.rank - b.rank || a.distance - b.distance || (a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0));
  return scored.slice(0, count).map((s) => s.candidate);
}

/**
 * A package whose name is a shell expansion (`pip install $PKGS`, `"${PKG}==1.0"`, `$(cat list)`) is only known to
 * the build: it is kept and marked unvettable, so the scan reports it as could-not-check instead of dropping it.
 */
function markShellExpansions(packages: InventoryEntry[]): void {
  for (const entry of packages) {
    if (entry.normalizedName !== '' || entry.unvettable !== undefined || !/[$`]/.test(entry.name)) continue;
    entry.unvettable = {
      kind: 'shell-expansion',
      reference: entry.name,
      reason: 'the package name is a shell expansion that depvet does not evaluate; give the variable a value in the Dockerfile (an ARG default or ENV) to have it checked',
    };
  }
}

/** Folders under the root that hold at least one manifest (or a manifest symlink that is refused), the root first; a tree stops the walk. */
function projectDirs(root: ScanRoot): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    const entries = root.list(dir);
    if (entries.some((e) => (e.isFile || e.refused !== undefined) && manifestKindOf(e.name) !== undefined)) found.push(dir);
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

/** A file whose name says nothing: an SBOM or lock recognised by its content, never a guess at requirements. */
function contentKind(text: string): ManifestKind | undefined {
  const kind = sniffManifestKind(text);
  return kind === 'requirements.txt' ? undefined : kind;
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
export function summarize(parsed: ParsedEntry[], images: ImageInfo[], packages: InventoryEntry[], diagnostics: readonly Diagnostic[]): InventorySummary {
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
  // A URL or path requirement without a name (`https://host/pkg.tar.gz`, `./local`) names no package.
  const names = new Set(declared.filter((p) => p.normalizedName !== '').map((p) => `${p.ecosystem}:${p.normalizedName}`));
  const inputErrors = countInputErrors(diagnostics);
  // Complete only when every input was read and every package to install is named.
  const unnamed = packages.some((p) => p.status === 'included' && p.unvettable?.kind === 'shell-expansion');
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
    inputErrors,
    outcome: inputErrors > 0 || unnamed ? 'incomplete' : 'complete',
  };
}
