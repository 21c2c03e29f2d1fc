// Pipfile (pipenv's manifest, TOML): [packages] and [dev-packages] (and custom categories) map package names
// to a version string or a table; [[source]] lists the indexes; [requires] the Python version.
// https://pipenv.pypa.io/en/latest/pipfile.html , https://pipenv.pypa.io/en/latest/specifiers.html
// The entry logic (version forms, git/path/file/editable, platform-key markers, named indexes) is shared with
// Pipfile.lock, whose entries have the same shape; the unvettable, marker and name helpers serve the poetry parsers too.
import { InputError } from '../errors';
import type { Diagnostic, PackageIndex, PackageRef, ParsedManifest, Relation, SourceLocation, Unvettable } from '../model';
import { normalizePypiName } from '../normalize';
import { entryError, locationOf, parseOrDiagnose, readEntry } from './parse-result';
import { exactPinOf, parseMarker, parseRequirement, Pep508SyntaxError } from './pep508';
import { parseTomlWithLines, type TomlLineIndex } from './toml-lines';

/** Pipfile sections that are not package categories. */
const NON_CATEGORY_SECTIONS = new Set(['source', 'requires', 'pipenv', 'scripts']);

/** pipenv's names for its two standard categories; custom categories keep their own name. */
export const PIPENV_GROUPS: Readonly<Record<string, string>> = { packages: 'default', 'dev-packages': 'develop' };

/** Entry keys pipenv turns into PEP 508 markers (`sys_platform = "== 'win32'"` is `sys_platform == 'win32'`). */
const MARKER_KEYS = [
  'os_name',
  'sys_platform',
  'platform_machine',
  'platform_python_implementation',
  'platform_release',
  'platform_system',
  'platform_version',
  'python_version',
  'python_full_version',
  'implementation_name',
  'implementation_version',
] as const;

/** A Pipfile that is not TOML is one error diagnostic; a bad entry or source is one too, and the rest is still read. */
export function parsePipfile(text: string, file: string): ParsedManifest {
  return parseOrDiagnose('Pipfile', file, () => readPipfile(text, file));
}

function readPipfile(text: string, file: string): ParsedManifest {
  const { data, lines } = parseTomlWithLines(text, file);
  const manifest: ParsedManifest = { kind: 'Pipfile', file, packages: [], includes: [], indexes: [], diagnostics: [] };
  const at = (path: (string | number)[]) => {
    const place = lines.placeOf(path);
    return locationOf(file, place.line, place.column);
  };

  const sources = data['source'];
  if (sources !== undefined) {
    if (!Array.isArray(sources)) entryError(manifest.diagnostics, at(['source']), '[[source]] must be an array of tables');
    else manifest.indexes = pipenvSources(sources, file, (i) => lines.placeOf(['source', i]), manifest.diagnostics);
  }

  const requires = data['requires'];
  if (isPlainObject(requires)) {
    const key = requires['python_full_version'] !== undefined ? 'python_full_version' : 'python_version';
    const python = requires[key];
    if (typeof python === 'string') manifest.pythonVersion = python;
    else if (python !== undefined) {
      // `python_version = 3.10` is a TOML float (3.1): refuse to guess what was meant.
      manifest.diagnostics.push({
        severity: 'warning',
        code: 'python-version-not-a-string',
        message: `[requires] ${key} must be a quoted string such as "3.10"; ignored`,
        location: { file, line: lines.lineOf(['requires', key]) },
      });
    }
  }

  for (const [section, entries] of Object.entries(data)) {
    if (NON_CATEGORY_SECTIONS.has(section)) continue;
    if (!isPlainObject(entries)) {
      manifest.diagnostics.push({
        severity: 'warning',
        code: 'pipfile-unknown-section',
        message: `"${section}" is not a table of packages; ignored`,
        location: { file, line: lines.lineOf([section]) },
      });
      continue;
    }
    const group = PIPENV_GROUPS[section] ?? section;
    for (const [key, value] of Object.entries(entries)) {
      const place = lines.placeOf([section, key]);
      const location = { file, line: place.line };
      const read = readEntry(manifest.diagnostics, () =>
        pipenvEntryRef({ key, value, relation: 'direct', group, location, ...(place.column !== undefined ? { column: place.column } : {}), indexes: manifest.indexes }),
      );
      if (read === undefined) continue;
      const { ref, diagnostics } = read;
      manifest.packages.push(ref);
      for (const diagnostic of diagnostics) manifest.diagnostics.push(diagnostic);
    }
  }
  return manifest;
}

/**
 * `[[source]]` (Pipfile) and `_meta.sources` (Pipfile.lock): the first is the index pipenv installs from. A source
 * without a string `url` is an error diagnostic and skipped; the others keep their place (the first stays primary).
 */
export function pipenvSources(
  sources: unknown[],
  file: string,
  placeOf: (i: number) => { line: number; column?: number },
  diagnostics: Diagnostic[],
): PackageIndex[] {
  const indexes: PackageIndex[] = [];
  sources.forEach((source, i) => {
    const { line, column } = placeOf(i);
    const url = isPlainObject(source) ? source['url'] : undefined;
    if (!isPlainObject(source) || typeof url !== 'string') {
      entryError(diagnostics, locationOf(file, line, column), 'each source needs a string "url"');
      return;
    }
    const index: PackageIndex = { url, role: i === 0 ? 'primary' : 'extra', location: { file, line } };
    if (typeof source['name'] === 'string') index.name = source['name'];
    indexes.push(index);
  });
  return indexes;
}

export interface PipenvEntryInput {
  /** The entry's key: a name, possibly with extras (`trino[sqlalchemy]`). */
  key: string;
  /** A version string or an entry table (plain data). */
  value: unknown;
  relation: Relation;
  group: string;
  location: SourceLocation;
  /** The column of the entry's key, for an error about the entry. */
  column?: number;
  /** The file's sources, to turn `index = "name"` into a URL. */
  indexes: PackageIndex[];
}

/** One Pipfile / Pipfile.lock entry as a PackageRef; a bad entry throws InputError at the entry's line and column. */
export function pipenvEntryRef(input: PipenvEntryInput): { ref: PackageRef; diagnostics: Diagnostic[] } {
  const { key, value, location } = input;
  const diagnostics: Diagnostic[] = [];
  const fail = (detail: string): never => {
    throw new InputError('E_MANIFEST_SYNTAX', location.file, location.line, detail, input.column);
  };
  let keyRequirement;
  try {
    keyRequirement = parseRequirement(key);
  } catch (error) {
    if (error instanceof Pep508SyntaxError) fail(`invalid package name ${JSON.stringify(key)}: ${error.detail}`);
    throw error;
  }
  if (keyRequirement.specifier !== '' || keyRequirement.url !== undefined || keyRequirement.marker !== undefined) {
    fail(`invalid package name ${JSON.stringify(key)}: a key holds only a name and extras`);
  }
  const ref: PackageRef = {
    ecosystem: 'PyPI',
    name: keyRequirement.name,
    normalizedName: normalizePypiName(keyRequirement.name),
    extras: [...keyRequirement.extras],
    relation: input.relation,
    location,
    group: input.group,
  };

  if (typeof value === 'string') {
    Object.assign(ref, pipenvVersion(value, ref.name, location, diagnostics));
    return { ref, diagnostics };
  }
  if (!isPlainObject(value)) return fail(`entry ${JSON.stringify(key)} must be a version string or a table`);

  const version = value['version'];
  if (version !== undefined) {
    if (typeof version !== 'string') fail(`"version" of ${JSON.stringify(key)} must be a string`);
    Object.assign(ref, pipenvVersion(version as string, ref.name, location, diagnostics));
  }
  const extras = value['extras'];
  if (extras !== undefined) {
    if (!Array.isArray(extras) || !extras.every((e) => typeof e === 'string')) fail(`"extras" of ${JSON.stringify(key)} must be an array of strings`);
    for (const extra of extras as string[]) if (!ref.extras.includes(extra)) ref.extras.push(extra);
  }
  const hashes = value['hashes'];
  if (hashes !== undefined) {
    if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string')) fail(`"hashes" of ${JSON.stringify(key)} must be an array of strings`);
    ref.hashes = [...(hashes as string[])];
  }

  const markerParts: string[] = [];
  const markers = value['markers'];
  if (markers !== undefined) {
    if (typeof markers !== 'string') fail(`"markers" of ${JSON.stringify(key)} must be a string`);
    if ((markers as string).trim() !== '') markerParts.push((markers as string).trim());
  }
  for (const markerKey of MARKER_KEYS) {
    const condition = value[markerKey];
    if (condition === undefined) continue;
    if (typeof condition !== 'string') fail(`"${markerKey}" of ${JSON.stringify(key)} must be a string such as "== 'win32'"`);
    markerParts.push(`${markerKey} ${(condition as string).trim()}`);
  }
  const marker = joinMarkers(markerParts);
  if (marker !== undefined) {
    ref.marker = marker;
    checkMarker(marker, ref.name, location, diagnostics);
  }

  const index = value['index'];
  if (index !== undefined) {
    if (typeof index !== 'string') fail(`"index" of ${JSON.stringify(key)} must be a source name`);
    const source = input.indexes.find((s) => s.name === index);
    if (source === undefined) {
      ref.index = index as string;
      diagnostics.push({
        severity: 'warning',
        code: 'unknown-index',
        message: `${ref.name} names index "${index as string}", which no source in this file defines`,
        location,
      });
    } else if (!isPypiUrl(source.url)) {
      ref.index = source.url;
    }
  }

  const unvettable = pipenvUnvettable(value, fail, key);
  if (unvettable !== undefined) ref.unvettable = unvettable;
  return { ref, diagnostics };
}

function pipenvUnvettable(value: Record<string, unknown>, fail: (detail: string) => never, key: string): Unvettable | undefined {
  const text = (field: string): string | undefined => {
    const v = value[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') fail(`"${field}" of ${JSON.stringify(key)} must be a string`);
    return v as string;
  };
  const git = text('git');
  const ref = text('ref');
  const path = text('path');
  const fileRef = text('file');
  const editable = value['editable'] === true;
  if (git !== undefined) return gitUnvettable(git, ref);
  const local = path ?? fileRef;
  if (local === undefined) return undefined;
  if (path === undefined && hasUrlScheme(local) && !local.startsWith('file:')) return downloadUnvettable(local);
  return localUnvettable(local, editable);
}

// Unvettable records shared by the pipenv and poetry parsers, so the same case reads the same in every report.

/** A git checkout; `ref` is the commit, tag or branch when the manifest names one. */
export function gitUnvettable(url: string, ref: string | undefined): Unvettable {
  return ref !== undefined
    ? { kind: 'vcs', reference: `${url}@${ref}`, reason: `a git checkout at ${ref}, not a registry release` }
    : { kind: 'vcs', reference: url, reason: 'a git checkout of the default branch (no ref), not a registry release' };
}

/** A local directory or archive; editable (pipenv `editable`, poetry `develop`) installs are their own kind. */
export function localUnvettable(path: string, editable: boolean): Unvettable {
  return editable
    ? { kind: 'editable', reference: path, reason: 'an editable install of a local project, not a registry release' }
    : { kind: 'path', reference: path, reason: 'a local path, not a registry release' };
}

/** An archive downloaded from a URL. */
export function downloadUnvettable(url: string): Unvettable {
  return { kind: 'url', reference: url, reason: 'downloaded from a URL, not from a registry' };
}

/** Marker conditions combined with `and`; a part holding `or` is parenthesised so it keeps its meaning. */
export function joinMarkers(parts: string[]): string | undefined {
  if (parts.length <= 1) return parts[0];
  return parts.map((m) => (/\bor\b/.test(m) ? `(${m})` : m)).join(' and ');
}

/** PEP 508 project names. */
const NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

export function isPep508Name(name: string): boolean {
  return NAME_RE.test(name);
}

/**
 * A pipenv version string: `*` (any), `==1.0` (exact), `>=1,<2`, or `1.0` which pipenv reads as `==1.0`.
 * Unparseable specifiers are kept as written with a warning: the checks report what they cannot resolve.
 */
export function pipenvVersion(
  raw: string,
  name: string,
  location: SourceLocation,
  diagnostics: Diagnostic[],
): { version?: string; specifier?: string } {
  const spec = raw.trim();
  if (spec === '' || spec === '*') return { specifier: '*' };
  const withOperator = /^[0-9]/.test(spec) ? `==${spec}` : spec;
  const exact = exactPinOf(withOperator.replace(/\s+/g, ''));
  if (exact !== undefined) return { version: exact };
  try {
    parseRequirement(`x ${withOperator}`);
  } catch (error) {
    if (!(error instanceof Pep508SyntaxError)) throw error;
    diagnostics.push({
      severity: 'warning',
      code: 'invalid-specifier',
      message: `${name}: ${JSON.stringify(raw)} is not a valid version specifier (${error.detail})`,
      location,
    });
  }
  return { specifier: withOperator };
}

/** Warns (does not throw) about a marker PEP 508 cannot read; the text is kept as written. */
export function checkMarker(marker: string, name: string, location: SourceLocation, diagnostics: Diagnostic[]): void {
  try {
    parseMarker(marker);
  } catch (error) {
    if (!(error instanceof Pep508SyntaxError)) throw error;
    diagnostics.push({ severity: 'warning', code: 'invalid-marker', message: `${name}: marker ${JSON.stringify(marker)} is not valid PEP 508 (${error.detail})`, location });
  }
}

/** The public PyPI simple index under its current and legacy host names. */
export function isPypiUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === 'pypi.org' || host === 'www.pypi.org' || host === 'pypi.python.org';
  } catch {
    return false;
  }
}

function hasUrlScheme(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * The head of one `[[array]]` entry of a TOML lock (uv.lock `[[package]]`, pylock.toml `[[packages]]`): a table with a
 * PEP 508 `name` and an optional string `version`, located at the line of its name. A malformed head is an error
 * diagnostic (`lock-entry-invalid`) and undefined, so the caller reads on. `bad` records further errors the same way.
 */
export function lockEntryHead(
  entry: unknown,
  array: string,
  index: number,
  file: string,
  lines: TomlLineIndex,
  diagnostics: Diagnostic[],
): { table: Record<string, unknown>; name: string; version?: string; location: SourceLocation; bad: (message: string, line?: number) => undefined } | undefined {
  const line = lines.exact([array, index, 'name']) ?? lines.lineOf([array, index]);
  const bad = (message: string, at = line): undefined => {
    diagnostics.push({ severity: 'error', code: 'lock-entry-invalid', message, location: { file, line: at } });
    return undefined;
  };
  if (!isPlainObject(entry)) return bad(`each [[${array}]] entry must be a table`);
  const table = entry;
  const name = table['name'];
  if (typeof name !== 'string' || !isPep508Name(name)) return bad(`[[${array}]] needs a valid "name" (got ${JSON.stringify(name)})`);
  const version = table['version'];
  if (version !== undefined && typeof version !== 'string') return bad(`"version" of ${JSON.stringify(name)} must be a string`, lines.lineOf([array, index, 'version']));
  return { table, name, ...(typeof version === 'string' ? { version } : {}), location: { file, line }, bad };
}
