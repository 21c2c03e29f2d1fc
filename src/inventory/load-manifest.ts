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
 * reading order. Includes resolve relative to the including file, as pip does. Only the first file's read may
 * throw (the path cannot be read at all); an include that cannot be read (missing, outside the scan root, too
 * large, a remote URL, an unset variable, a cycle) is an error diagnostic at the including line, and the rest of
 * that file and its other includes are still read.
 */
export function loadRequirementsTree(
  root: ScanRoot,
  relative: string,
  kind: 'requirements.txt' | 'constraints.txt',
  options: LoadOptions,
  requestedBy?: { file: string; line: number },
): ParsedManifest[] {
  const normalized = path.posix.normalize(relative);
  const text = root.readText(normalized, requestedBy);
  const out: ParsedManifest[] = [];
  readTree(root, normalized, text, kind, options, [], out);
  return out;
}

/**
 * A requirements text that did not come from a file of the root (standard input): parsed as `file`, its `-r`/`-c`
 * includes read relative to the root's top, as pip reads them relative to the current folder.
 */
export function loadRequirementsText(root: ScanRoot, text: string, file: string, kind: 'requirements.txt' | 'constraints.txt', options: LoadOptions): ParsedManifest[] {
  const manifest = parseManifestText(kind, text, file, options);
  const out: ParsedManifest[] = [manifest];
  readIncludes(root, manifest, '.', options, [], out);
  return out;
}

function readTree(
  root: ScanRoot,
  normalized: string,
  text: string,
  kind: 'requirements.txt' | 'constraints.txt',
  options: LoadOptions,
  stack: string[],
  out: ParsedManifest[],
): void {
  const manifest = parseManifestText(kind, text, root.display(normalized), options);
  out.push(manifest);
  readIncludes(root, manifest, path.posix.dirname(normalized), options, [...stack, normalized], out);
}

/** The includes of `manifest` (a file in `dir`), depth first, into `out`; `including` is the chain that led here. */
function readIncludes(root: ScanRoot, manifest: ParsedManifest, dir: string, options: LoadOptions, including: string[], out: ParsedManifest[]): void {
  for (const include of manifest.includes) {
    const unreadable = (code: string, message: string): void => {
      manifest.diagnostics.push({ severity: 'error', code, message, location: include.location });
    };
    if (/\$\{[A-Za-z0-9_]+\}/.test(include.path) || /^[a-z][a-z0-9+.-]*:\/\//i.test(include.path)) {
      unreadable('include-unresolvable', `cannot read ${include.path}: ${/:\/\//.test(include.path) ? 'remote includes are not fetched' : 'an environment variable in the path is not set'}; its packages are unknown`);
      continue;
    }
    const target = path.posix.normalize(path.posix.join(dir, include.path));
    if (including.includes(target)) {
      const cycle = [...including.slice(including.indexOf(target)), target].map((f) => root.display(f)).join(' -> ');
      unreadable('include-cycle', `include cycle: ${cycle}; ${include.path} is not read again`);
      continue;
    }
    let included: string;
    try {
      included = root.readText(target, include.location);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const shown = root.display(target);
      const reason = error.detail.startsWith(`${shown}: `) ? error.detail.slice(shown.length + 2) : error.detail;
      unreadable('include-unreadable', `cannot read ${include.path} (${shown}): ${reason}; its packages are unknown`);
      continue;
    }
    readTree(root, target, included, include.kind === 'constraints' ? 'constraints.txt' : 'requirements.txt', options, including, out);
  }
}
