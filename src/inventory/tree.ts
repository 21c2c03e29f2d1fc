// A dockerfiles-style tree: a folder whose subfolders are images (`docker/<image>/Dockerfile`). Follows
// `FROM <namespace>/<base>:<tag>` to `<base>/` in the same tree so an image's inventory includes what it
// inherits, evaluates markers against each image's Python, and marks what would not be installed.
import type { Diagnostic } from '../model';
import { splitImageReference, type DockerfileManifest } from '../sources/dockerfile';
import { evaluateMarker, markerEnvironment } from '../sources/pep508';
import { loadProjectDir, type ProjectDir } from './project-dir';
import type { LoadOptions } from './load-manifest';
import type { ScanRoot } from './scan-root';
import type { BaseImageRef, ImageInfo, ImageStatus, InventoryEntry } from './types';

export interface TreeOptions extends LoadOptions {
  /** Only these images (and, for inheritance, their bases) are read. */
  images?: string[];
  /** The registry namespace whose images this tree builds (`demisto`); inferred from FROM lines when absent. */
  namespace?: string;
  /** Python used to evaluate markers when neither the base image nor the manifests say. */
  defaultPython?: string;
}

export interface TreeImage {
  info: ImageInfo;
  project: ProjectDir;
  /** Own and inherited packages after marker evaluation. */
  packages: InventoryEntry[];
}

export const DEFAULT_PYTHON = '3.12';

/** A folder is a tree when it has no Dockerfile of its own and at least one subfolder with one. */
export function isImageTree(root: ScanRoot, dir: string): boolean {
  const entries = root.list(dir);
  if (entries.some((e) => e.isFile && e.name === 'Dockerfile')) return false;
  return entries.some((e) => e.isDirectory && !e.name.startsWith('.') && root.isFile(join(dir, e.name, 'Dockerfile')));
}

/**
 * The images of a tree. `imageNames` is every image folder of the tree, so the caller can refuse an `images` name
 * that is not one of them (names not in the tree are not read here).
 */
export function loadImageTree(root: ScanRoot, dir: string, options: TreeOptions = {}): { images: TreeImage[]; imageNames: string[]; diagnostics: Diagnostic[]; namespace?: string } {
  const diagnostics: Diagnostic[] = [];
  const imageNames: string[] = [];
  for (const e of root.list(dir)) {
    if (!e.isDirectory || e.name.startsWith('.')) continue;
    if (root.isFile(join(dir, e.name, 'Dockerfile'))) {
      imageNames.push(e.name);
      continue;
    }
    // A Dockerfile the root keeps us from reading hides a whole image: an error, not a folder silently left out.
    const refused = root.list(join(dir, e.name)).find((f) => f.name === 'Dockerfile' && f.refused !== undefined);
    if (refused) {
      const file = root.display(join(dir, e.name, 'Dockerfile'));
      diagnostics.push({ severity: 'error', code: 'read-refused', message: `refusing to read ${file}: ${refused.refused}; image ${e.name} is not scanned`, location: { file, line: 0 } });
    }
  }
  const known = new Set(imageNames);

  const projects = new Map<string, ProjectDir>();
  const project = (name: string): ProjectDir => {
    let p = projects.get(name);
    if (!p) {
      p = loadProjectDir(root, join(dir, name), options);
      projects.set(name, p);
    }
    return p;
  };
  // Read what was asked for, then pull in bases on demand while resolving chains.
  const wanted = options.images?.filter((n) => known.has(n)) ?? imageNames;
  for (const name of wanted) project(name);

  const namespace = options.namespace ?? inferNamespace([...projects.values()], known);
  const baseOf = (name: string): { ref?: BaseImageRef; inTree?: string } => {
    const dockerfile = project(name).dockerfile;
    const stage = dockerfile ? finalBaseStage(dockerfile) : undefined;
    if (!stage) return {};
    const ref: BaseImageRef = { image: stage.resolvedImage ?? stage.image, file: dockerfile!.file, line: stage.line };
    const repo = splitImageReference(ref.image);
    if (namespace && repo.namespace === namespace && !repo.registry && known.has(repo.repository)) {
      ref.inTree = repo.repository;
      return { ref, inTree: repo.repository };
    }
    if (namespace && repo.namespace === namespace && !repo.registry) {
      diagnostics.push({
        severity: 'warning',
        code: 'base-not-in-tree',
        message: `${name}: base image ${ref.image} has no folder in this tree; the packages it provides are unknown`,
        location: { file: ref.file, line: ref.line },
      });
    }
    return { ref };
  };

  const done = new Map<string, TreeImage>();
  const resolving = new Set<string>();
  const resolve = (name: string): TreeImage => {
    const existing = done.get(name);
    if (existing) return existing;
    const p = project(name);
    const { ref, inTree } = baseOf(name);
    let base: TreeImage | undefined;
    if (inTree) {
      if (resolving.has(inTree)) {
        diagnostics.push({ severity: 'error', code: 'base-cycle', message: `${name}: base image chain loops back to ${inTree}`, location: { file: ref!.file, line: ref!.line } });
      } else {
        resolving.add(name);
        base = resolve(inTree);
        resolving.delete(name);
      }
    }
    const python = pythonFor(ref?.image, base, p, options.defaultPython ?? DEFAULT_PYTHON);
    const own = evaluateMarkers(p.packages, python.version, name, diagnostics);
    const ownNames = new Set(own.filter((e) => e.status === 'included').map((e) => `${e.ecosystem}:${e.normalizedName}`));
    const inherited: InventoryEntry[] = (base?.packages ?? [])
      .filter((e) => e.status === 'included')
      .map((e) => {
        // Hashes stay with the declaring image's entry; copying them into every inheriting image only adds bulk.
        const { hashes: _hashes, ...rest } = e;
        const copy: InventoryEntry = { ...rest, image: name, inheritedFrom: e.inheritedFrom ?? e.image ?? inTree! };
        if (ownNames.has(`${e.ecosystem}:${e.normalizedName}`)) {
          copy.status = 'skipped';
          copy.skip = { code: 'overridden', message: `${name} installs its own ${e.name}, replacing the one from ${copy.inheritedFrom}` };
        }
        return copy;
      });
    const status: ImageStatus = p.buildConf?.deprecated ? 'deprecated' : p.buildConf?.devonly ? 'devonly' : 'active';
    const ownIncluded = own.filter((e) => e.status === 'included').length;
    const inheritedIncluded = inherited.filter((e) => e.status === 'included').length;
    const nothingToCheck =
      ownIncluded + inheritedIncluded > 0
        ? undefined
        : own.length + inherited.length > 0
          ? 'every package it names is skipped (markers, dev groups, constraints, overrides)'
          : 'no Python or npm manifest, and its Dockerfile installs nothing with pip or npm';
    const info: ImageInfo = {
      name,
      dir: root.display(join(dir, name)),
      status,
      ...(p.buildConf?.version ? { version: p.buildConf.version } : {}),
      ...(p.buildConf?.deprecatedReason ? { deprecatedReason: p.buildConf.deprecatedReason } : {}),
      python,
      ...(ref ? { base: ref } : {}),
      baseChain: inTree ? [inTree, ...(base?.info.baseChain ?? [])] : [],
      sourceOfTruth: p.sourceOfTruth,
      packages: {
        own: ownIncluded,
        inherited: inheritedIncluded,
        skipped: own.filter((e) => e.status === 'skipped').length + inherited.filter((e) => e.status === 'skipped').length,
      },
      ...(nothingToCheck ? { nothingToCheck } : {}),
    };
    const image: TreeImage = { info, project: p, packages: [...own, ...inherited] };
    done.set(name, image);
    return image;
  };
  for (const name of wanted) resolve(name);
  for (const p of projects.values()) for (const diagnostic of p.diagnostics) diagnostics.push(diagnostic);
  return { images: wanted.map((n) => done.get(n)!), imageNames, diagnostics, ...(namespace ? { namespace } : {}) };
}

/** The stage the image is built from, following `FROM builder` to the stage named `builder`. */
export function finalBaseStage(dockerfile: DockerfileManifest): DockerfileManifest['stages'][number] | undefined {
  let stage = dockerfile.stages[dockerfile.finalStage];
  const seen = new Set<number>();
  while (stage?.fromStage !== undefined && !seen.has(stage.fromStage)) {
    seen.add(stage.fromStage);
    stage = dockerfile.stages[stage.fromStage];
  }
  return stage;
}

/** The namespace most `FROM` lines use for images that have a folder in this tree (`demisto`). */
function inferNamespace(projects: ProjectDir[], known: Set<string>): string | undefined {
  const counts = new Map<string, number>();
  for (const p of projects) {
    const stage = p.dockerfile ? finalBaseStage(p.dockerfile) : undefined;
    if (!stage) continue;
    const name = splitImageReference(stage.resolvedImage ?? stage.image);
    if (name.namespace && !name.registry && known.has(name.repository)) counts.set(name.namespace, (counts.get(name.namespace) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [ns, n] of counts) if (best === undefined || n > counts.get(best)!) best = ns;
  return best;
}

/**
 * The interpreter pip runs in decides markers: a Python base image's tag says it (`python:3.12-alpine`,
 * `demisto/python3:3.12.13.1`), else the Dockerfile's own `ENV PYTHON_VERSION` (an image that builds its Python,
 * as the docker-library recipe does), else the in-tree base's Python, else what the manifests declare (the source of
 * truth first, then the files it was made from: a requirements.txt generated from a Pipfile keeps its python_version).
 */
function pythonFor(baseImage: string | undefined, base: TreeImage | undefined, p: ProjectDir, fallback: string): { version: string; source: string } {
  const fromDockerfile = dockerfilePython(p.dockerfile, baseImage);
  if (fromDockerfile) return fromDockerfile;
  if (base?.info.python && base.info.python.source !== 'default') return { version: base.info.python.version, source: `inherited from ${base.info.name} (${base.info.python.source})` };
  if (p.declaredPython) return p.declaredPython;
  return { version: fallback, source: 'default' };
}

/** The Python a Dockerfile says it runs: a Python base image's tag, else its final stage's `ENV PYTHON_VERSION`. */
export function dockerfilePython(dockerfile: DockerfileManifest | undefined, baseImage?: string): { version: string; source: string } | undefined {
  const stage = dockerfile ? finalBaseStage(dockerfile) : undefined;
  const image = baseImage ?? (stage ? stage.resolvedImage ?? stage.image : undefined);
  if (image) {
    const name = splitImageReference(image);
    const tagVersion = name.tag ? /^(\d+)\.(\d+)/.exec(name.tag) : null;
    if (/^python(\d(\.\d+)?)?([-_].*)?$/.test(name.repository) && tagVersion) {
      return { version: `${tagVersion[1]}.${tagVersion[2]}`, source: `base image ${image}` };
    }
  }
  const declared = dockerfile?.pythonVersion ? /^(\d+)\.(\d+)/.exec(dockerfile.pythonVersion) : null;
  if (declared) return { version: `${declared[1]}.${declared[2]}`, source: `${dockerfile!.file} (ENV PYTHON_VERSION ${dockerfile!.pythonVersion})` };
  return undefined;
}

/** Marks packages whose PEP 508 marker is false for this image as skipped, with the reason. */
export function evaluateMarkers(packages: InventoryEntry[], python: string, image: string | undefined, diagnostics: Diagnostic[]): InventoryEntry[] {
  const env = markerEnvironment(python);
  return packages.map((pkg) => {
    const entry: InventoryEntry = { ...pkg, ...(image ? { image } : {}) };
    if (entry.status !== 'included' || !entry.marker) return entry;
    try {
      if (!evaluateMarker(entry.marker, env)) {
        entry.status = 'skipped';
        entry.skip = { code: 'marker-false', message: `marker \`${entry.marker}\` is false for Python ${python} on Linux` };
      }
    } catch (error) {
      diagnostics.push({
        severity: 'warning',
        code: 'marker-invalid',
        message: `cannot evaluate marker \`${entry.marker}\` of ${entry.name} (${(error as Error).message}); the package is kept`,
        location: entry.location,
      });
    }
    return entry;
  });
}

function join(...parts: string[]): string {
  return parts.filter((p) => p !== '.' && p !== '').join('/') || '.';
}
