// pyproject.toml: PEP 621 [project] dependencies and optional-dependencies (PEP 508 strings), PEP 735
// [dependency-groups], and poetry's [tool.poetry.*] tables (its own constraint syntax and entry tables).
// https://packaging.python.org/en/latest/specifications/pyproject-toml/ , https://peps.python.org/pep-0735/ ,
// https://python-poetry.org/docs/dependency-specification/ , https://python-poetry.org/docs/repositories/
import { InputError } from '../errors';
import type { Diagnostic, PackageIndex, PackageRef, ParsedManifest, SourceLocation, Unvettable } from '../model';
import { normalizePypiName } from '../normalize';
import { entryError, locationOf, parseOrDiagnose, readEntry } from './parse-result';
import { exactPinOf, parseRequirement, Pep508SyntaxError } from './pep508';
import {
  checkMarker,
  downloadUnvettable,
  gitUnvettable,
  isPep508Name,
  isPlainObject,
  isPypiUrl,
  joinMarkers,
  localUnvettable,
} from './pipfile';
import { parseTomlWithLines } from './toml-lines';
import type { TomlLineIndex, TomlPath } from './toml-lines';

/** A pyproject.toml that is not TOML is one error diagnostic; a bad entry is one too, and the rest is still read. */
export function parsePyproject(text: string, file: string): ParsedManifest {
  return parseOrDiagnose('pyproject.toml', file, () => readPyproject(text, file));
}

function readPyproject(text: string, file: string): ParsedManifest {
  const { data, lines } = parseTomlWithLines(text, file);
  const manifest: ParsedManifest = { kind: 'pyproject.toml', file, packages: [], includes: [], indexes: [], diagnostics: [] };
  const ctx: Context = { file, lines, manifest };

  const project = data['project'];
  if (project !== undefined) {
    if (!isPlainObject(project)) {
      entryError(manifest.diagnostics, placeOf(ctx, ['project']), '[project] must be a table');
    } else {
      readPep508List(ctx, ['project', 'dependencies'], project['dependencies'], 'main');
      const optional = project['optional-dependencies'];
      if (optional !== undefined) {
        if (!isPlainObject(optional)) entryError(manifest.diagnostics, placeOf(ctx, ['project', 'optional-dependencies']), '[project.optional-dependencies] must be a table');
        else {
          for (const [extra, list] of Object.entries(optional)) {
            readPep508List(ctx, ['project', 'optional-dependencies', extra], list, `optional:${extra}`);
          }
        }
      }
      const requiresPython = project['requires-python'];
      if (typeof requiresPython === 'string') manifest.pythonVersion = requiresPython;
    }
  }

  const groups = data['dependency-groups'];
  if (groups !== undefined) {
    if (!isPlainObject(groups)) entryError(manifest.diagnostics, placeOf(ctx, ['dependency-groups']), '[dependency-groups] must be a table');
    else {
      for (const [group, list] of Object.entries(groups)) readPep508List(ctx, ['dependency-groups', group], list, group);
    }
  }

  const tool = data['tool'];
  const poetry = isPlainObject(tool) ? tool['poetry'] : undefined;
  if (isPlainObject(poetry)) readPoetry(ctx, poetry);
  return manifest;
}

interface Context {
  file: string;
  lines: TomlLineIndex;
  manifest: ParsedManifest;
}

/** Where `path` is defined (else its nearest ancestor), with its column when known. */
function placeOf(ctx: Context, path: TomlPath): SourceLocation {
  const place = ctx.lines.placeOf(path);
  return locationOf(ctx.file, place.line, place.column);
}

/** The InputError for a bad entry at `path`. */
function entryFailure(ctx: Context, path: TomlPath, detail: string): InputError {
  const place = placeOf(ctx, path);
  return new InputError('E_MANIFEST_SYNTAX', ctx.file, place.line, detail, place.column);
}

/** A PEP 508 array: [project] dependencies, optional-dependencies, PEP 735 groups (whose `{include-group}` tables name other groups already read). */
function readPep508List(ctx: Context, path: TomlPath, list: unknown, group: string): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    entryError(ctx.manifest.diagnostics, placeOf(ctx, path), `${path.join('.')} must be an array of PEP 508 strings`);
    return;
  }
  list.forEach((item, i) => {
    const place = placeOf(ctx, [...path, i]);
    const location = { file: ctx.file, line: place.line };
    if (isPlainObject(item) && typeof item['include-group'] === 'string') return;
    if (typeof item !== 'string') {
      entryError(ctx.manifest.diagnostics, place, `${path.join('.')}[${i}] must be a PEP 508 string`);
      return;
    }
    // the requirement starts after the string's opening quote
    const ref = readEntry(ctx.manifest.diagnostics, () => pep508Ref(item, group, location, ctx.manifest.diagnostics, place.column !== undefined ? place.column + 1 : undefined));
    if (ref !== undefined) ctx.manifest.packages.push(ref);
  });
}

/**
 * A PEP 508 requirement string as a direct PackageRef; invalid text throws InputError at its line (and column, when
 * `column` says where the text starts on it).
 */
export function pep508Ref(text: string, group: string, location: SourceLocation, diagnostics: Diagnostic[], column?: number): PackageRef {
  let requirement;
  try {
    requirement = parseRequirement(text);
  } catch (error) {
    if (error instanceof Pep508SyntaxError) {
      throw new InputError('E_MANIFEST_SYNTAX', location.file, location.line, `invalid requirement ${JSON.stringify(text)}: ${error.detail}`, column !== undefined ? column + error.column - 1 : undefined);
    }
    throw error;
  }
  const ref: PackageRef = {
    ecosystem: 'PyPI',
    name: requirement.name,
    normalizedName: normalizePypiName(requirement.name),
    extras: requirement.extras,
    relation: 'direct',
    location,
    group,
  };
  const exact = exactPinOf(requirement.specifier);
  if (exact !== undefined) ref.version = exact;
  else if (requirement.specifier !== '') ref.specifier = requirement.specifier;
  if (requirement.marker !== undefined) {
    ref.marker = requirement.marker;
    checkMarker(requirement.marker, ref.name, location, diagnostics);
  }
  if (requirement.url !== undefined) ref.unvettable = urlUnvettable(requirement.url);
  return ref;
}

/** A direct reference (`name @ url`) by its scheme. */
export function urlUnvettable(url: string): Unvettable {
  if (/^(git|hg|svn|bzr)\+/i.test(url)) return { kind: 'vcs', reference: url, reason: 'a version-control checkout, not a registry release' };
  if (/^file:/i.test(url)) return localUnvettable(url, false);
  return downloadUnvettable(url);
}

// ---------------------------------------------------------------------------------------------------------------
// Poetry

function readPoetry(ctx: Context, poetry: Record<string, unknown>): void {
  const base = ['tool', 'poetry'];
  const sources = poetry['source'];
  if (sources !== undefined) {
    if (!Array.isArray(sources)) entryError(ctx.manifest.diagnostics, placeOf(ctx, [...base, 'source']), '[[tool.poetry.source]] must be an array of tables');
    else {
      sources.forEach((source, i) => {
        const index = readEntry(ctx.manifest.diagnostics, () => poetrySource(ctx, source, [...base, 'source', i]));
        if (index !== undefined) ctx.manifest.indexes.push(index);
      });
    }
  }
  const sections: Array<[TomlPath, unknown, string]> = [
    [[...base, 'dependencies'], poetry['dependencies'], 'main'],
    [[...base, 'dev-dependencies'], poetry['dev-dependencies'], 'dev'],
  ];
  const groups = poetry['group'];
  if (isPlainObject(groups)) {
    for (const [group, table] of Object.entries(groups)) {
      if (isPlainObject(table)) sections.push([[...base, 'group', group, 'dependencies'], table['dependencies'], group]);
    }
  }
  for (const [path, deps, group] of sections) {
    if (deps === undefined) continue;
    if (!isPlainObject(deps)) {
      entryError(ctx.manifest.diagnostics, placeOf(ctx, path), `${path.join('.')} must be a table`);
      continue;
    }
    for (const [name, value] of Object.entries(deps)) {
      const entryPath = [...path, name];
      if (name.toLowerCase() === 'python') {
        // The Python the project supports, not a package.
        if (typeof value === 'string' && ctx.manifest.pythonVersion === undefined) ctx.manifest.pythonVersion = value;
        continue;
      }
      if (Array.isArray(value)) {
        // Multiple-constraints dependency: one entry per alternative (they differ by python/markers).
        value.forEach((alternative, i) => readEntry(ctx.manifest.diagnostics, () => poetryEntry(ctx, name, alternative, group, [...entryPath, i])));
      } else {
        readEntry(ctx.manifest.diagnostics, () => poetryEntry(ctx, name, value, group, entryPath));
      }
    }
  }
}

function poetrySource(ctx: Context, source: unknown, path: TomlPath): PackageIndex {
  const location = { file: ctx.file, line: ctx.lines.lineOf(path) };
  if (!isPlainObject(source)) throw entryFailure(ctx, path, 'each poetry source must be a table');
  const url = source['url'];
  const name = source['name'];
  if (typeof name !== 'string') throw entryFailure(ctx, path, 'each poetry source needs a string "name"');
  // PyPI itself may be listed by name only (`name = "PyPI", priority = "primary"`).
  const resolvedUrl = typeof url === 'string' ? url : name.toLowerCase() === 'pypi' ? 'https://pypi.org/simple' : undefined;
  if (resolvedUrl === undefined) throw entryFailure(ctx, path, `poetry source "${name}" needs a string "url"`);
  // 'primary'/'default' sources (and the legacy `default = true`) replace PyPI; the others are consulted besides it.
  const priority = source['priority'];
  const primary = priority === 'primary' || priority === 'default' || source['default'] === true || (priority === undefined && source['secondary'] !== true);
  return { name, url: resolvedUrl, role: primary ? 'primary' : 'extra', location };
}

/** One poetry dependency; a bad one throws InputError at its place (the caller records it and reads the rest). */
function poetryEntry(ctx: Context, name: string, value: unknown, group: string, path: TomlPath): void {
  const location = { file: ctx.file, line: ctx.lines.lineOf(path) };
  const fail = (detail: string): never => {
    throw entryFailure(ctx, path, detail);
  };
  if (!isPep508Name(name)) fail(`invalid package name ${JSON.stringify(name)}`);
  const ref: PackageRef = { ecosystem: 'PyPI', name, normalizedName: normalizePypiName(name), extras: [], relation: 'direct', location, group };
  const diagnostics = ctx.manifest.diagnostics;
  if (typeof value === 'string') {
    Object.assign(ref, poetryConstraint(value));
    ctx.manifest.packages.push(ref);
    return;
  }
  if (!isPlainObject(value)) return fail(`dependency ${JSON.stringify(name)} must be a constraint string or a table`);
  const text = (field: string): string | undefined => {
    const v = value[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') fail(`"${field}" of ${JSON.stringify(name)} must be a string`);
    return v as string;
  };
  const version = text('version');
  if (version !== undefined) Object.assign(ref, poetryConstraint(version));
  const extras = value['extras'];
  if (extras !== undefined) {
    if (!Array.isArray(extras) || !extras.every((e) => typeof e === 'string')) fail(`"extras" of ${JSON.stringify(name)} must be an array of strings`);
    ref.extras = [...(extras as string[])];
  }

  const markerParts: string[] = [];
  const markers = text('markers');
  if (markers !== undefined && markers.trim() !== '') markerParts.push(markers.trim());
  const python = text('python');
  if (python !== undefined) {
    const pythonMarker = poetryPythonMarker(python);
    if (pythonMarker === undefined) {
      diagnostics.push({
        severity: 'warning',
        code: 'invalid-python-constraint',
        message: `${name}: python constraint ${JSON.stringify(python)} could not be read; the entry is kept without it`,
        location,
      });
    } else if (pythonMarker !== '') markerParts.push(pythonMarker);
  }
  const platform = text('platform');
  if (platform !== undefined) markerParts.push(`sys_platform == "${platform}"`);
  const marker = joinMarkers(markerParts);
  if (marker !== undefined) {
    ref.marker = marker;
    checkMarker(marker, name, location, diagnostics);
  }

  const source = text('source');
  if (source !== undefined && source.toLowerCase() !== 'pypi') {
    const index = ctx.manifest.indexes.find((s) => s.name === source);
    if (index === undefined) {
      ref.index = source;
      diagnostics.push({ severity: 'warning', code: 'unknown-index', message: `${name} names source "${source}", which no [[tool.poetry.source]] defines`, location });
    } else if (!isPypiUrl(index.url)) {
      ref.index = index.url;
    }
  }

  const git = text('git');
  const localPath = text('path');
  const url = text('url');
  if (git !== undefined) ref.unvettable = gitUnvettable(git, text('rev') ?? text('tag') ?? text('branch'));
  else if (localPath !== undefined) ref.unvettable = localUnvettable(localPath, value['develop'] === true);
  else if (url !== undefined) ref.unvettable = downloadUnvettable(url);
  ctx.manifest.packages.push(ref);
}

/**
 * A poetry constraint: `*`, `1.2.3` / `==1.2.3` / `=1.2.3` (exact in poetry), or a range (`^1.2`, `~1.2`,
 * `>=1,<2`, `>=1 <2`, `1.* || 2.*`) kept as written.
 */
export function poetryConstraint(raw: string): { version?: string; specifier?: string } {
  const spec = raw.trim();
  if (spec === '' || spec === '*') return { specifier: '*' };
  const exact = /^(?:={1,3})?\s*([0-9][0-9A-Za-z.!+_-]*)$/.exec(spec);
  if (exact !== null && exact[1] !== undefined) return { version: exact[1] };
  return { specifier: spec };
}

/**
 * A poetry `python` constraint as a PEP 508 marker ('' when it allows every version, undefined when it
 * cannot be read). `^3.8` is `>=3.8,<4.0`; `~3.8` is `>=3.8,<3.9`; `||` separates alternatives.
 */
export function poetryPythonMarker(constraint: string): string | undefined {
  const alternatives: string[] = [];
  for (const alternative of constraint.split('||')) {
    const terms: string[] = [];
    for (const part of alternative.trim().split(/\s*,\s*|\s+(?![0-9])/)) {
      if (part === '' || part === '*') continue;
      const m = /^(\^|~=|~|>=|<=|!=|==|>|<|=)?\s*([0-9]+(?:\.[0-9]+)*(?:\.\*)?)$/.exec(part);
      if (m === null || m[2] === undefined) return undefined;
      const op = m[1] ?? '==';
      const version = m[2];
      const nums = version.replace(/\.\*$/, '').split('.').map(Number);
      if (op === '^' || op === '~' || op === '~=') {
        terms.push(pythonTerm('>=', version));
        terms.push(pythonTerm('<', upperBound(op, nums)));
      } else {
        terms.push(pythonTerm(op === '=' ? '==' : op, version));
      }
    }
    if (terms.length === 0) return '';
    alternatives.push(terms.join(' and '));
  }
  if (alternatives.length === 1) return alternatives[0];
  return alternatives.map((a) => `(${a})`).join(' or ');
}

function upperBound(op: string, nums: number[]): string {
  const n = (i: number): number => nums[i] ?? 0;
  if (op === '^') {
    // The left-most non-zero component is bumped.
    const first = nums.findIndex((x) => x !== 0);
    const at = first < 0 ? nums.length - 1 : first;
    return [...nums.slice(0, at), n(at) + 1].join('.');
  }
  if (op === '~' && nums.length === 1) return String(n(0) + 1);
  if (op === '~') return `${n(0)}.${n(1) + 1}`;
  // ~=X.Y[.Z]: the last component is dropped and the one before bumped.
  if (nums.length < 2) return String(n(0) + 1);
  return [...nums.slice(0, nums.length - 2), n(nums.length - 2) + 1].join('.');
}

/** `python_version` holds `X.Y`; longer versions compare against `python_full_version`. */
function pythonTerm(op: string, version: string): string {
  const variable = version.replace(/\.\*$/, '').split('.').length > 2 ? 'python_full_version' : 'python_version';
  return `${variable} ${op} "${version}"`;
}
