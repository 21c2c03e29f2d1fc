// One folder that builds one thing (an image folder `docker/<image>/`, or a plain project): decides which
// manifests are the source of truth the way the real build does, reads them, and returns the folder's own
// packages. Inheritance from base images is tree.ts's job.
import path from 'node:path';
import { InputError } from '../errors';
import type { Diagnostic, ParsedManifest } from '../model';
import { parseBuildConf, type BuildConf } from '../sources/build-conf';
import { copyProviding, type DockerfileManifest } from '../sources/dockerfile';
import { loadRequirementsTree, manifestKindOf, parseManifestText, type LoadOptions } from './load-manifest';
import type { ScanRoot } from './scan-root';
import type { InventoryEntry, ManifestRecord } from './types';

export interface ProjectDir {
  /** Folder relative to the scan root (`crypto`, or `.`). */
  dir: string;
  manifests: ManifestRecord[];
  /** Own packages, before marker evaluation, in manifest order. */
  packages: InventoryEntry[];
  dockerfile?: DockerfileManifest;
  buildConf?: BuildConf;
  /** Python version the manifests declare (`Pipfile` `python_version`, poetry `python`), if any. */
  declaredPython?: { version: string; source: string };
  sourceOfTruth: string[];
  /** Every manifest read, with its role, including those the build does not use (they are still validated and counted). */
  parsed: { manifest: ParsedManifest; role: ManifestRecord['role'] }[];
  diagnostics: Diagnostic[];
}

// Source-of-truth order for Python, as demisto/dockerfiles' build_docker.sh decides: a committed
// requirements.txt wins; else the Pipfile (through its lock); else pyproject.toml (through poetry.lock, uv.lock
// or the standard pylock.toml, in that order). A lock always wins over the manifest it was made from.
const PYTHON_CANDIDATES: { file: string; pairedManifest?: string }[] = [
  { file: 'requirements.txt' },
  { file: 'Pipfile.lock', pairedManifest: 'Pipfile' },
  { file: 'Pipfile' },
  { file: 'poetry.lock', pairedManifest: 'pyproject.toml' },
  { file: 'uv.lock', pairedManifest: 'pyproject.toml' },
  { file: 'pylock.toml', pairedManifest: 'pyproject.toml' },
  { file: 'pyproject.toml' },
];

const DEV_GROUPS = new Set(['develop', 'dev', 'dev-packages']);

/**
 * Whether an image build leaves out a package of this group. uv.lock and pylock.toml name every group and extra
 * of the project; an image installs their default selection (`uv sync --no-dev`, the lock's default groups), so
 * everything outside `main` is left out.
 */
function notInstalledInImage(kind: ParsedManifest['kind'], group: string): boolean {
  if (kind === 'Dockerfile') return false;
  if (kind === 'uv.lock' || kind === 'pylock.toml') return group !== 'main';
  return DEV_GROUPS.has(group);
}

const NPM_CANDIDATES: { file: string; pairedManifest?: string }[] = [
  { file: 'package-lock.json', pairedManifest: 'package.json' },
  { file: 'npm-shrinkwrap.json', pairedManifest: 'package.json' },
  { file: 'package.json' },
];

export function loadProjectDir(root: ScanRoot, dir: string, options: LoadOptions = {}): ProjectDir {
  const entries = root.list(dir);
  const files = new Set(entries.filter((e) => e.isFile).map((e) => e.name));
  const rel = (name: string) => (dir === '.' ? name : `${dir}/${name}`);
  const result: ProjectDir = { dir, manifests: [], packages: [], sourceOfTruth: [], parsed: [], diagnostics: [] };
  const loadedFiles = new Set<string>();
  // A manifest that is a symlink out of the root (or to nothing) is a refused read: reported, never silently unseen.
  for (const e of entries) {
    if (e.refused === undefined || manifestKindOf(e.name) === undefined) continue;
    const file = root.display(rel(e.name));
    result.diagnostics.push({ severity: 'error', code: 'read-refused', message: `refusing to read ${file}: ${e.refused}; its packages are unknown`, location: { file, line: 0 } });
  }

  const addParsed = (parsed: ParsedManifest, role: ManifestRecord['role'], note?: string, includedBy?: string) => {
    const groups: Record<string, number> = {};
    for (const pkg of parsed.packages) groups[pkg.group ?? 'default'] = (groups[pkg.group ?? 'default'] ?? 0) + 1;
    result.manifests.push({ file: parsed.file, kind: parsed.kind, packages: parsed.packages.length, groups, role, ...(note ? { note } : {}), ...(includedBy ? { includedBy } : {}) });
    result.parsed.push({ manifest: parsed, role });
    for (const diagnostic of parsed.diagnostics) {
      // The build never reads a file it does not use, so what is wrong in it is worth a warning, not a failed scan.
      if (role === 'not-used' && diagnostic.severity === 'error') {
        result.diagnostics.push({ ...diagnostic, severity: 'warning', code: 'unused-manifest-invalid', message: `${diagnostic.message} (${note ?? 'not installed'})` });
      } else {
        result.diagnostics.push(diagnostic);
      }
    }
  };
  // An image build installs only the default/main group: `pipenv requirements` and `poetry export` leave
  // develop/dev packages out, so in an image folder they are listed but not checked.
  const isImage = files.has('Dockerfile');
  const addPackages = (parsed: ParsedManifest) => {
    for (const pkg of parsed.packages) {
      const skip =
        parsed.kind === 'constraints.txt'
          ? { code: 'constraint-only' as const, message: 'named only in a constraints file: constrains a version, installs nothing' }
          : isImage && pkg.group !== undefined && notInstalledInImage(parsed.kind, pkg.group)
            ? { code: 'dev-only' as const, message: `in the ${pkg.group} group, which the image build does not install` }
            : undefined;
      result.packages.push({ ...pkg, status: skip ? 'skipped' : 'included', ...(skip ? { skip } : {}) });
    }
  };

  if (files.has('build.conf')) {
    const file = rel('build.conf');
    result.buildConf = parseBuildConf(root.readText(file), root.display(file));
  }

  const chooseAndLoad = (candidates: typeof PYTHON_CANDIDATES) => {
    const chosen = candidates.find((c) => files.has(c.file));
    if (!chosen) return;
    const file = rel(chosen.file);
    let parsedTruth: ParsedManifest[];
    if (chosen.file === 'requirements.txt') {
      parsedTruth = loadRequirementsTree(root, file, 'requirements.txt', options);
    } else {
      parsedTruth = [parseManifestText(kindOfCandidate(chosen.file), root.readText(file), root.display(file), options)];
    }
    for (const parsed of parsedTruth) {
      addParsed(parsed, parsed === parsedTruth[0] ? 'source-of-truth' : 'include', undefined, parsed === parsedTruth[0] ? undefined : parsedTruth[0]!.file);
      addPackages(parsed);
      loadedFiles.add(parsed.file);
    }
    result.sourceOfTruth.push(root.display(file));
    takePython(parsedTruth[0]);

    // The manifest the lock was made from says which locked packages were asked for directly.
    if (chosen.pairedManifest && files.has(chosen.pairedManifest)) {
      const pairedFile = rel(chosen.pairedManifest);
      const paired = parseManifestText(kindOfCandidate(chosen.pairedManifest), root.readText(pairedFile), root.display(pairedFile), options);
      addParsed(paired, 'manifest', `direct dependencies of ${chosen.file}; versions come from the lock`);
      takePython(paired);
      const direct = new Set(paired.packages.map((p) => p.normalizedName));
      for (const pkg of result.packages) {
        if (pkg.location.file === root.display(file) && direct.has(pkg.normalizedName)) pkg.relation = 'direct';
      }
    }
    // Files the build ignores because a higher-ranked one exists are read and counted, but add no packages.
    for (const other of candidates) {
      if (other === chosen || other.file === chosen.pairedManifest || !files.has(other.file)) continue;
      const otherFile = rel(other.file);
      const note = `not installed: ${chosen.file} is the source of truth for this folder`;
      let text: string;
      try {
        text = root.readText(otherFile);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        result.diagnostics.push({ severity: 'warning', code: 'unused-manifest-invalid', message: `${error.detail} (${note})`, location: { file: root.display(otherFile), line: 0 } });
        continue;
      }
      const unused = parseManifestText(kindOfCandidate(other.file), text, root.display(otherFile), options);
      addParsed(unused, 'not-used', note);
      // A requirements.txt generated from a Pipfile says no Python; the Pipfile it came from still does.
      takePython(unused);
    }
  };

  const takePython = (parsed: ParsedManifest | undefined) => {
    if (parsed?.pythonVersion && !result.declaredPython) {
      const version = pythonMajorMinor(parsed.pythonVersion);
      if (version) result.declaredPython = { version, source: `${parsed.file} (${parsed.pythonVersion})` };
    }
  };

  chooseAndLoad(PYTHON_CANDIDATES);
  chooseAndLoad(NPM_CANDIDATES);

  /**
   * A file a Dockerfile installs with `-r`/`-c`, read once (it may be the source of truth already). The options of
   * that `pip install` (`--pre`, `--no-deps`, `--upgrade`) hold for the file's packages and what it includes.
   */
  const loadInclude = (local: string, include: DockerfileManifest['includes'][number], dockerfileName: string) => {
    const withOptions = (file: string) => {
      if (!include.installOptions) return;
      for (const pkg of result.packages) if (pkg.location.file === file) pkg.installOptions = { ...pkg.installOptions, ...include.installOptions };
    };
    if (loadedFiles.has(root.display(local))) {
      for (const m of result.manifests) if (m.file === root.display(local) || m.includedBy === root.display(local)) withOptions(m.file);
      return;
    }
    for (const parsed of loadRequirementsTree(root, local, include.kind === 'constraints' ? 'constraints.txt' : 'requirements.txt', options, include.location)) {
      if (loadedFiles.has(parsed.file)) continue;
      addParsed(parsed, 'include', `installed by ${include.location.file}:${include.location.line}`, dockerfileName);
      addPackages(parsed);
      withOptions(parsed.file);
      loadedFiles.add(parsed.file);
    }
  };

  if (files.has('Dockerfile')) {
    const file = rel('Dockerfile');
    const dockerfile = parseManifestText('Dockerfile', root.readText(file), root.display(file), options) as DockerfileManifest;
    result.dockerfile = dockerfile;
    addParsed(dockerfile, 'dockerfile');
    addPackages(dockerfile);
    dockerfile.includes.forEach((include, includeIndex) => {
      const unreadable = (code: string, why: string) =>
        result.diagnostics.push({ severity: 'error', code, message: `cannot read ${include.path}: ${why}; its packages are unknown`, location: include.location });
      // pip fetches a remote file and the shell expands a variable; depvet does neither, so both are unread input.
      if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(include.path)) return unreadable('include-unresolvable', 'remote includes are not fetched');
      if (/[$`]/.test(include.path)) return unreadable('include-unresolvable', 'the path is a shell expansion that depvet does not evaluate');
      if (include.path.startsWith('/')) {
        // An absolute path is only the folder's file when a COPY or ADD of the build context put it there; anything
        // else (`curl -o /tmp/r.txt`, a file of the base image) is not what the folder holds.
        const kindOf = (contextPath: string) => (root.isDirectory(rel(contextPath)) ? 'directory' : root.isFile(rel(contextPath)) ? 'file' : undefined);
        const provided = copyProviding(dockerfile, includeIndex, kindOf);
        if (provided === undefined) {
          return unreadable('include-not-in-context', 'no COPY or ADD of the build context before this line puts a file there (it comes from the base image, a download or an earlier RUN)');
        }
        if (provided.contextPath === undefined) {
          const origin = provided.copy.from !== undefined ? `stage or image ${provided.copy.from}` : provided.copy.sources.some((src) => src.startsWith('<<')) ? 'a heredoc' : 'a URL';
          // demisto/dockerfiles generates requirements.txt from the lock in a build stage: it stands for the source of truth.
          if (path.posix.basename(include.path) === 'requirements.txt' && result.sourceOfTruth.length > 0 && provided.copy.from !== undefined) return;
          return unreadable('include-not-in-context', `${provided.copy.instruction} at line ${provided.copy.line} copies it from ${origin}, not from the build context`);
        }
        const local = rel(provided.contextPath);
        if (!root.isFile(local) && provided.contextPath === 'requirements.txt' && result.sourceOfTruth.length > 0) return; // generated at build time, as above
        if (!root.isFile(local)) return unreadable('include-missing', `${provided.copy.instruction} at line ${provided.copy.line} copies it from ${provided.contextPath}, which is not in the folder`);
        loadInclude(local, include, dockerfile.file);
        return;
      }
      // `COPY requirements.txt .` then `pip install -r requirements.txt`: the file inside the image is the one
      // next to the Dockerfile. demisto/dockerfiles generates requirements.txt from the lock at build time, so
      // an uncommitted requirements.txt stands for the source of truth already read.
      const base = path.posix.basename(include.path);
      const local = rel(base);
      if (files.has(base)) {
        loadInclude(local, include, dockerfile.file);
      } else if (base === 'requirements.txt' && result.sourceOfTruth.length > 0) {
        return;
      } else {
        result.diagnostics.push({
          severity: 'error',
          code: 'include-missing',
          message: `${include.path} is installed here but is not in the folder; its packages are unknown`,
          location: include.location,
        });
      }
    });
  }

  // In a plain project (no Dockerfile, no lock), every requirements file beside the manifests is in use.
  if (!files.has('Dockerfile')) {
    for (const name of [...files].sort()) {
      if (name === 'requirements.txt' || loadedFiles.has(root.display(rel(name)))) continue;
      const lower = name.toLowerCase();
      const kind = lower.endsWith('.txt') && /constraint/.test(lower) ? 'constraints.txt' : lower.endsWith('.txt') && /requirement/.test(lower) ? 'requirements.txt' : undefined;
      if (!kind) continue;
      for (const parsed of loadRequirementsTree(root, rel(name), kind, options)) {
        if (loadedFiles.has(parsed.file)) continue;
        const top = parsed.file === root.display(rel(name));
        addParsed(parsed, top ? 'source-of-truth' : 'include', undefined, top ? undefined : root.display(rel(name)));
        addPackages(parsed);
        loadedFiles.add(parsed.file);
      }
      result.sourceOfTruth.push(root.display(rel(name)));
    }
  }
  return result;
}

function kindOfCandidate(file: string) {
  switch (file) {
    case 'requirements.txt':
      return 'requirements.txt' as const;
    case 'npm-shrinkwrap.json':
      return 'package-lock.json' as const;
    default:
      return file as 'Pipfile' | 'Pipfile.lock' | 'pyproject.toml' | 'poetry.lock' | 'uv.lock' | 'pylock.toml' | 'package.json' | 'package-lock.json';
  }
}

/**
 * `3.12`, `3.12.4`, `~3.12`, `^3.10`, `>=3.9,<4`, `3.12.*` -> the lowest major.minor the constraint allows,
 * which is the interpreter a lock was resolved for.
 */
export function pythonMajorMinor(constraint: string): string | undefined {
  const match = /(\d+)\.(\d+)/.exec(constraint);
  return match ? `${match[1]}.${match[2]}` : undefined;
}

