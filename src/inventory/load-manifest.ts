// Reads manifests through the ScanRoot and hands their text to the pure parsers. Resolves `-r`/`-c`
// includes relative to the including file, refuses to leave the root and stops include cycles.
import path from 'node:path';
import { InputError } from '../errors';
import type { ManifestKind, ParsedManifest } from '../model';
import { parseRequirementsTxt } from '../sources/requirements-txt';
import { parsePipfile } from '../sources/pipfile';
import { parsePipfileLock } from '../sources/pipfile-lock';
import { parsePyproject } from '../sources/pyproject';
import { parsePoetryLock } from '../sources/poetry-lock';
import { parseDockerfile } from '../sources/dockerfile';
import { parsePackageJson } from '../sources/package-json';
import { parsePackageLock } from '../sources/package-lock';
import { parsePipFreeze, parsePipListJson } from '../sources/pip-inventory';
import { redactManifest } from '../redact';
import { parsePylock } from '../sources/pylock';
import { parseCycloneDx, parseSpdxJson, sbomKindOf } from '../sources/sbom';
import { parseUvLock } from '../sources/uv-lock';
import type { ScanRoot } from './scan-root';

/** The files `manifestKindOf` recognises, for the message of a folder that holds none. */
export const MANIFEST_FILES_READ =
  '*requirement*.txt, *requirement*.in, *constraint*.txt, Pipfile, Pipfile.lock, pyproject.toml, poetry.lock, uv.lock, ' +
  'pylock.toml (also pylock.*.toml), Dockerfile (also *.dockerfile, Dockerfile.*), package.json, package-lock.json, ' +
  'npm-shrinkwrap.json, pip freeze output (*freeze*.txt); a pip list --format=json file or an SBOM (CycloneDX, SPDX) when named as PATH';

/** The manifest kind a file name says, when it says one. Content sniffing covers `.json` inventories. */
export function manifestKindOf(fileName: string, text?: string): ManifestKind | undefined {
  const base = path.posix.basename(fileName);
  const lower = base.toLowerCase();
  if (base === 'Pipfile') return 'Pipfile';
  if (base === 'Pipfile.lock') return 'Pipfile.lock';
  if (base === 'pyproject.toml') return 'pyproject.toml';
  if (base === 'poetry.lock') return 'poetry.lock';
  if (base === 'uv.lock') return 'uv.lock';
  // PEP 751: `pylock.toml`, or `pylock.<name>.toml` for named locks.
  if (base === 'pylock.toml' || /^pylock\.[^.\/]+\.toml$/.test(base)) return 'pylock.toml';
  if (base === 'package.json') return 'package.json';
  if (base === 'package-lock.json' || base === 'npm-shrinkwrap.json') return 'package-lock.json';
  if (base === 'build.conf') return 'build.conf';
  if (base === 'Dockerfile' || lower.endsWith('.dockerfile') || /^dockerfile[.-]/i.test(base)) return 'Dockerfile';
  if (lower.endsWith('.txt') && /freeze/.test(lower)) return 'pip-freeze.txt';
  if (lower.endsWith('.txt') && /constraint/.test(lower)) return 'constraints.txt';
  if (lower.endsWith('.txt') && /requirement/.test(lower)) return 'requirements.txt';
  if (lower.endsWith('.in') && /requirement/.test(lower)) return 'requirements.txt';
  if (lower.endsWith('.json') && text !== undefined) return sniffJson(text);
  return undefined;
}

function sniffJson(text: string): ManifestKind | undefined {
  const sbom = sbomKindOf(text);
  if (sbom) return sbom;
  const head = text.trimStart();
  // A JSON array of objects (pip list); `[[package]]` or `[project]` is TOML.
  if (/^\[\s*[{\]]/.test(head)) return 'pip-list.json';
  if (/"lockfileVersion"\s*:/.test(head.slice(0, 4096))) return 'package-lock.json';
  if (/"_meta"\s*:/.test(head.slice(0, 4096))) return 'Pipfile.lock';
  return undefined;
}

/**
 * The kind of a manifest from its content alone, for standard input and files whose name says nothing
 * (`image-sbom`, `deps.lock`): JSON documents as above, the TOML locks and manifests by their tables, a Dockerfile by
 * its first instruction; anything else is read as a requirements file, which `pip freeze` output also is.
 */
export function sniffManifestKind(text: string): ManifestKind {
  const head = text.trimStart();
  if (head.startsWith('{') || head.startsWith('[')) {
    const json = sniffJson(text);
    if (json) return json;
  }
  if (/^lock-version\s*=/m.test(text) && /^\[\[packages\]\]/m.test(text)) return 'pylock.toml';
  if (/^\[\[package\]\]/m.test(text)) {
    if (/^source\s*=\s*\{/m.test(text) && /^version\s*=\s*\d/m.test(text)) return 'uv.lock';
    return 'poetry.lock';
  }
  if (/^\[(project|tool\.poetry|build-system)\]/m.test(text)) return 'pyproject.toml';
  if (/^\[(packages|dev-packages|requires)\]/m.test(text) || /^\[\[source\]\]/m.test(text)) return 'Pipfile';
  const firstInstruction = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  if (firstInstruction !== undefined && /^(FROM|ARG)\s/i.test(firstInstruction) && /^FROM\s/im.test(text)) return 'Dockerfile';
  return 'requirements.txt';
}

export interface LoadOptions {
  /** Variables for `${VAR}` in requirements files (the CLI passes the process environment). */
  env?: Record<string, string | undefined>;
}

/**
 * Parses one file of a known kind. Pure dispatch: the text is already read. Every manifest enters the inventory
 * here, so this is where the credentials of the URLs it names are redacted (redact.ts).
 */
export function parseManifestText(kind: ManifestKind, text: string, file: string, options: LoadOptions = {}): ParsedManifest {
  return redactManifest(parseByKind(kind, text, file, options));
}

function parseByKind(kind: ManifestKind, text: string, file: string, options: LoadOptions): ParsedManifest {
  switch (kind) {
    case 'requirements.txt':
      return parseRequirementsTxt(text, file, { kind: 'requirements', env: options.env ?? {} });
    case 'constraints.txt':
      return parseRequirementsTxt(text, file, { kind: 'constraints', env: options.env ?? {} });
    case 'Pipfile':
      return parsePipfile(text, file);
    case 'Pipfile.lock':
      return parsePipfileLock(text, file);
    case 'pyproject.toml':
      return parsePyproject(text, file);
    case 'poetry.lock':
      return parsePoetryLock(text, file);
    case 'uv.lock':
      return parseUvLock(text, file);
    case 'pylock.toml':
      return parsePylock(text, file);
    case 'cyclonedx.json':
      return parseCycloneDx(text, file);
    case 'spdx.json':
      return parseSpdxJson(text, file);
    case 'Dockerfile':
      return parseDockerfile(text, file);
    case 'package.json':
      return parsePackageJson(text, file);
    case 'package-lock.json':
      return parsePackageLock(text, file);
    case 'pip-list.json':
      return parsePipListJson(text, file);
    case 'pip-freeze.txt':
      return parsePipFreeze(text, file);
    case 'build.conf':
      throw new InputError('E_INPUT_PATH', file, undefined, 'build.conf holds no packages; scan its image folder instead');
  }
}

/**
 * Reads a requirements/constraints file and, depth first, every file it includes. Returns the files in
 * reading order. Includes resolve relative to the including file, as pip does.
 */
export function loadRequirementsTree(
  root: ScanRoot,
  relative: string,
  kind: 'requirements.txt' | 'constraints.txt',
  options: LoadOptions,
  requestedBy?: { file: string; line: number },
  stack: string[] = [],
): ParsedManifest[] {
  const normalized = path.posix.normalize(relative);
  if (stack.includes(normalized)) {
    const cycle = [...stack.slice(stack.indexOf(normalized)), normalized].map((f) => root.display(f)).join(' -> ');
    throw new InputError('E_INCLUDE_CYCLE', requestedBy?.file ?? root.display(normalized), requestedBy?.line, `include cycle: ${cycle}`);
  }
  const text = root.readText(normalized, requestedBy);
  const manifest = parseManifestText(kind, text, root.display(normalized), options);
  return [manifest, ...loadIncludes(root, manifest, path.posix.dirname(normalized), options, [...stack, normalized])];
}

/**
 * A requirements text that did not come from a file of the root (standard input): parsed as `file`, its `-r`/`-c`
 * includes read relative to the root's top, as pip reads them relative to the current folder.
 */
export function loadRequirementsText(root: ScanRoot, text: string, file: string, kind: 'requirements.txt' | 'constraints.txt', options: LoadOptions): ParsedManifest[] {
  const manifest = parseManifestText(kind, text, file, options);
  return [manifest, ...loadIncludes(root, manifest, '.', options, [])];
}

function loadIncludes(root: ScanRoot, manifest: ParsedManifest, dir: string, options: LoadOptions, stack: string[]): ParsedManifest[] {
  const out: ParsedManifest[] = [];
  for (const include of manifest.includes) {
    if (/\$\{[A-Za-z0-9_]+\}/.test(include.path) || /^[a-z][a-z0-9+.-]*:\/\//i.test(include.path)) {
      manifest.diagnostics.push({
        severity: 'error',
        code: 'include-unresolvable',
        message: `cannot read ${include.path}: ${/:\/\//.test(include.path) ? 'remote includes are not fetched' : 'an environment variable in the path is not set'}`,
        location: include.location,
      });
      continue;
    }
    const target = path.posix.join(dir, include.path);
    out.push(
      ...loadRequirementsTree(
        root,
        target,
        include.kind === 'constraints' ? 'constraints.txt' : 'requirements.txt',
        options,
        { file: include.location.file, line: include.location.line },
        stack,
      ),
    );
  }
  return out;
}
