// package.json: the dependency maps a project declares. Also home of `npmSpecRef`, the one place that turns
// an npm dependency spec (`^1.2.0`, `npm:real@1`, `github:u/r`, `file:../x`) into a PackageRef; the
// Dockerfile parser uses it for `npm install` arguments. Spec grammar is npm's own (npm-package-arg).
import npa from 'npm-package-arg';
import semver from 'semver';
import { InputError } from '../errors';
import type { Diagnostic, PackageRef, ParsedManifest, Relation, SourceLocation, Unvettable } from '../model';
import { normalizeNpmName } from '../normalize';
import { jsonMember, parseJsonWithLines, uniqueMembers } from './json-lines';
import { entryError, locationOf, parseOrDiagnose } from './parse-result';

/** package.json dependency maps and the group each one's records get. */
export const PACKAGE_JSON_GROUPS: ReadonlyArray<readonly [field: string, group: string]> = [
  ['dependencies', 'default'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
];

/** A package.json that is not JSON is one error diagnostic; a bad dependency is one too, and the rest is still read. */
export function parsePackageJson(text: string, file: string): ParsedManifest {
  return parseOrDiagnose('package.json', file, () => readPackageJson(text, file));
}

function readPackageJson(text: string, file: string): ParsedManifest {
  const root = parseJsonWithLines(text, file);
  if (root.type !== 'object') throw new InputError('E_MANIFEST_SYNTAX', file, root.line, 'package.json must hold a JSON object', root.column);
  const packages: PackageRef[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [field, group] of PACKAGE_JSON_GROUPS) {
    const map = jsonMember(root, field);
    if (map === undefined) continue;
    if (map.value.type !== 'object') {
      entryError(diagnostics, locationOf(file, map.line, map.column), `"${field}" must be an object of name: version-spec`);
      continue;
    }
    for (const entry of uniqueMembers(map.value)) {
      if (entry.value.type !== 'string') {
        entryError(diagnostics, locationOf(file, entry.line, entry.column), `"${field}"."${entry.key}" must be a string version spec`);
        continue;
      }
      const result = npmSpecRef({
        name: entry.key,
        spec: entry.value.value,
        relation: 'direct',
        location: { file, line: entry.line },
        group,
      });
      packages.push(result.ref);
      for (const diagnostic of result.diagnostics) diagnostics.push(diagnostic);
    }
  }
  return { kind: 'package.json', file, packages, includes: [], indexes: [], diagnostics };
}

export interface NpmSpecInput {
  /** The dependency name (package.json key); absent for a bare `npm install` argument, which carries its own. */
  name?: string;
  /** The spec: a package.json value, or for a bare argument the whole argument (`foo@^1`, `user/repo`). */
  spec: string;
  relation: Relation;
  location: SourceLocation;
  group?: string;
}

/**
 * Turns one npm dependency into a PackageRef. Registry specs give `version` (exact) or `specifier`
 * (range or dist-tag); `npm:` aliases name the real package; git, URL and path specs are unvettable.
 * Never throws: a spec npm would reject is kept as written with a warning, so it is reported, not lost.
 */
export function npmSpecRef(input: NpmSpecInput): { ref: PackageRef; diagnostics: Diagnostic[] } {
  const { relation, location, group } = input;
  const diagnostics: Diagnostic[] = [];
  // When the spec names no package (`npm install user/repo`), the spec itself stands in as the name.
  const base = (name: string): PackageRef => ({
    ecosystem: 'npm',
    name: name === '' ? input.spec : name,
    normalizedName: name === '' ? '' : normalizeNpmName(name),
    extras: [],
    relation,
    location,
    ...(group !== undefined ? { group } : {}),
  });
  const writtenName = input.name ?? splitNameAndSpec(input.spec).name;
  const writtenSpec = input.name !== undefined ? input.spec : splitNameAndSpec(input.spec).spec;

  const local = localProtocol(writtenSpec ?? input.spec);
  if (local !== undefined) {
    return { ref: { ...base(input.name ?? ''), unvettable: local }, diagnostics };
  }

  let parsed: npa.Result;
  try {
    parsed = input.name !== undefined ? npa.resolve(input.name, input.spec, '/') : npa(input.spec, '/');
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    diagnostics.push({ severity: 'warning', code: 'npm-spec-invalid', message: `npm cannot read this dependency spec: ${reason}`, location });
    const ref = base(writtenName ?? '');
    if (writtenSpec !== undefined && writtenSpec !== '') ref.specifier = writtenSpec;
    return { ref, diagnostics };
  }
  return { ref: refFromResult(parsed, input.name, base), diagnostics };
}

function refFromResult(parsed: npa.Result, keyName: string | undefined, base: (name: string) => PackageRef): PackageRef {
  const asWritten = parsed.rawSpec;
  switch (parsed.type) {
    case 'version': {
      const ref = base(parsed.name ?? keyName ?? '');
      const spec = parsed.fetchSpec ?? asWritten;
      ref.version = semver.clean(spec, { loose: true }) ?? spec;
      return ref;
    }
    case 'range':
    case 'tag': {
      const ref = base(parsed.name ?? keyName ?? '');
      const spec = (parsed.fetchSpec ?? asWritten).trim();
      ref.specifier = spec === '' ? '*' : spec;
      return ref;
    }
    case 'alias': {
      const sub = (parsed as npa.AliasResult).subSpec;
      // `"x": "npm:real@^1"` installs `real`; that is the package to vet.
      return refFromResult(sub, undefined, base);
    }
    case 'git':
      return { ...base(parsed.name ?? keyName ?? ''), unvettable: unvettable('vcs', asWritten, 'installed from a git repository, not from the npm registry') };
    case 'remote':
      return { ...base(parsed.name ?? keyName ?? ''), unvettable: unvettable('url', asWritten, 'installed from a tarball URL, not from the npm registry') };
    case 'file':
    case 'directory':
      return { ...base(parsed.name ?? keyName ?? ''), unvettable: unvettable('path', asWritten, 'installed from a local path, not from the npm registry') };
  }
}

function unvettable(kind: Unvettable['kind'], reference: string, reason: string): Unvettable {
  return { kind, reference, reason };
}

/** Protocols npm-package-arg does not know but package managers use for local packages. */
function localProtocol(spec: string): Unvettable | undefined {
  if (spec.startsWith('link:')) return unvettable('path', spec, 'a link to a local folder, not from the npm registry');
  if (spec.startsWith('workspace:')) return unvettable('path', spec, 'a workspace package of this repository, not from the npm registry');
  if (spec.startsWith('portal:')) return unvettable('path', spec, 'a portal to a local folder, not from the npm registry');
  return undefined;
}

/** `@scope/name@spec` / `name@spec` / `name`, for arguments npm-package-arg rejects (kept as written). */
export function splitNameAndSpec(arg: string): { name?: string; spec?: string } {
  if (/^[a-z][a-z0-9+.-]*:/i.test(arg) || arg.startsWith('.') || arg.startsWith('/') || arg.startsWith('~')) return {};
  const at = arg.indexOf('@', arg.startsWith('@') ? 1 : 0);
  if (at < 0) return { name: arg };
  return { name: arg.slice(0, at), spec: arg.slice(at + 1) };
}
