// package-lock.json / npm-shrinkwrap.json: every package npm installs, at its exact version.
// v2/v3 list them in `packages` (keyed by install path); v1 only has the nested `dependencies` tree.
// https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json
import semver from 'semver';
import { InputError } from '../errors';
import type { Diagnostic, PackageRef, ParsedManifest } from '../model';
import { normalizeNpmName } from '../normalize';
import { jsonBoolean, jsonMember, jsonString, parseJsonWithLines, uniqueMembers } from './json-lines';
import type { JsonNode } from './json-lines';
import { PACKAGE_JSON_GROUPS } from './package-json';
import { entryError, locationOf, parseOrDiagnose } from './parse-result';

/** A lock that is not JSON is one error diagnostic; a bad entry is one too, and the others are still read. */
export function parsePackageLock(text: string, file: string): ParsedManifest {
  return parseOrDiagnose('package-lock.json', file, () => readPackageLock(text, file));
}

function readPackageLock(text: string, file: string): ParsedManifest {
  const root = parseJsonWithLines(text, file);
  if (root.type !== 'object') throw new InputError('E_MANIFEST_SYNTAX', file, root.line, 'a package lock must hold a JSON object', root.column);
  const versionMember = jsonMember(root, 'lockfileVersion');
  const lockfileVersion = versionMember?.value.type === 'number' ? versionMember.value.value : undefined;
  const packagesMember = jsonMember(root, 'packages');
  const manifest: ParsedManifest = { kind: 'package-lock.json', file, packages: [], includes: [], indexes: [], diagnostics: [] };
  if (versionMember !== undefined && lockfileVersion === undefined) {
    // read as if absent: the entries say what they are
    entryError(manifest.diagnostics, locationOf(file, versionMember.line, versionMember.column), '"lockfileVersion" must be a number');
  }
  if (lockfileVersion !== undefined && lockfileVersion > 3) {
    manifest.diagnostics.push({
      severity: 'warning',
      code: 'lockfile-version-unknown',
      message: `lockfileVersion ${lockfileVersion} is newer than the versions depvet knows (1-3); read as version 3`,
      location: { file, line: versionMember?.line ?? 1 },
    });
  }
  if (packagesMember !== undefined && (lockfileVersion === undefined || lockfileVersion >= 2)) {
    readPackagesMap(packagesMember.value, file, manifest);
  } else {
    const deps = jsonMember(root, 'dependencies');
    if (deps !== undefined) readV1Tree(deps.value, file, manifest);
  }
  return manifest;
}

const NODE_MODULES = 'node_modules/';

function readPackagesMap(packages: JsonNode, file: string, manifest: ParsedManifest): void {
  if (packages.type !== 'object') {
    entryError(manifest.diagnostics, locationOf(file, packages.line, packages.column), '"packages" must be an object');
    return;
  }
  const entries = uniqueMembers(packages);
  // Direct dependencies: what the root (key "") and workspace folders (keys outside node_modules) declare.
  const direct = new Set<string>();
  for (const entry of entries) {
    if (entry.key.includes(NODE_MODULES)) continue;
    for (const [field] of PACKAGE_JSON_GROUPS) {
      for (const dep of uniqueMembers(jsonMember(entry.value, field)?.value)) direct.add(dep.key);
    }
  }
  for (const entry of entries) {
    const at = entry.key.lastIndexOf(NODE_MODULES);
    // The root and workspace folders are this project's own code, not installed packages.
    if (at < 0) continue;
    if (entry.value.type !== 'object') {
      entryError(manifest.diagnostics, locationOf(file, entry.line, entry.column), `"packages"."${entry.key}" must be an object`);
      continue;
    }
    const installedAs = entry.key.slice(at + NODE_MODULES.length);
    const name = jsonString(jsonMember(entry.value, 'name')?.value) ?? installedAs;
    const topLevel = entry.key === NODE_MODULES + installedAs;
    const ref = lockRef(entry.value, name, {
      relation: topLevel && direct.has(installedAs) ? 'direct' : 'transitive',
      line: entry.line,
      file,
    }, manifest.diagnostics);
    if (jsonBoolean(jsonMember(entry.value, 'link')?.value) === true) {
      const target = jsonString(jsonMember(entry.value, 'resolved')?.value) ?? entry.key;
      delete ref.version;
      ref.unvettable = { kind: 'path', reference: target, reason: 'a symlink to a local folder (workspace or file: dependency), not from the npm registry' };
    }
    manifest.packages.push(ref);
  }
}

function readV1Tree(deps: JsonNode, file: string, manifest: ParsedManifest): void {
  if (deps.type !== 'object') {
    entryError(manifest.diagnostics, locationOf(file, deps.line, deps.column), '"dependencies" must be an object');
    return;
  }
  // v1 does not record the root's own dependency list. A top-level entry nothing else requires can only be
  // there because the root asked for it; one that others require may or may not be direct, so it stays transitive.
  const required = new Set<string>();
  const collectRequires = (node: JsonNode): void => {
    for (const entry of uniqueMembers(node)) {
      for (const name of uniqueMembers(jsonMember(entry.value, 'requires')?.value)) required.add(name.key);
      const nested = jsonMember(entry.value, 'dependencies');
      if (nested !== undefined) collectRequires(nested.value);
    }
  };
  collectRequires(deps);
  const walk = (node: JsonNode, depth: number): void => {
    for (const entry of uniqueMembers(node)) {
      if (entry.value.type !== 'object') {
        entryError(manifest.diagnostics, locationOf(file, entry.line, entry.column), `"dependencies"."${entry.key}" must be an object`);
        continue;
      }
      const relation = depth === 0 && !required.has(entry.key) ? 'direct' : 'transitive';
      manifest.packages.push(lockRef(entry.value, entry.key, { relation, line: entry.line, file }, manifest.diagnostics));
      const nested = jsonMember(entry.value, 'dependencies');
      if (nested !== undefined) {
        if (nested.value.type !== 'object') entryError(manifest.diagnostics, locationOf(file, nested.line, nested.column), '"dependencies" must be an object');
        else walk(nested.value, depth + 1);
      }
    }
  };
  walk(deps, 0);
}

/** One lock entry (v1 or v2/v3; both use `version`, `resolved`, `integrity`, `dev`, `optional`). */
function lockRef(
  entry: JsonNode,
  name: string,
  where: { relation: 'direct' | 'transitive'; line: number; file: string },
  diagnostics: Diagnostic[],
): PackageRef {
  const location = { file: where.file, line: where.line };
  let realName = name;
  let version = jsonString(jsonMember(entry, 'version')?.value);
  const resolved = jsonString(jsonMember(entry, 'resolved')?.value);
  // v1 writes aliases as `"version": "npm:real@1.2.3"`.
  if (version?.startsWith('npm:')) {
    const body = version.slice(4);
    const at = body.lastIndexOf('@');
    if (at > 0) {
      realName = body.slice(0, at);
      version = body.slice(at + 1);
    }
  }
  const ref: PackageRef = {
    ecosystem: 'npm',
    name: realName,
    normalizedName: normalizeNpmName(realName),
    extras: [],
    relation: where.relation,
    location,
    group: groupOf(entry),
  };
  const hashes = integrityHashes(jsonString(jsonMember(entry, 'integrity')?.value));
  if (hashes.length > 0) ref.hashes = hashes;
  const source = nonRegistrySource(resolved, version);
  if (source !== undefined) {
    ref.unvettable = source;
    return ref;
  }
  if (version === undefined) {
    diagnostics.push({ severity: 'warning', code: 'lock-entry-without-version', message: `lock entry for ${realName} has no version`, location });
    return ref;
  }
  ref.version = version;
  return ref;
}

function groupOf(entry: JsonNode): string {
  if (jsonBoolean(jsonMember(entry, 'devOptional')?.value) === true) return 'devOptional';
  if (jsonBoolean(jsonMember(entry, 'dev')?.value) === true) return 'dev';
  if (jsonBoolean(jsonMember(entry, 'optional')?.value) === true) return 'optional';
  if (jsonBoolean(jsonMember(entry, 'peer')?.value) === true) return 'peer';
  return 'default';
}

/** A registry tarball is `<registry>/<name>/-/<file>.tgz`; anything else came from somewhere npm cannot vouch for. */
function nonRegistrySource(resolved: string | undefined, version: string | undefined): PackageRef['unvettable'] {
  const from = resolved ?? version;
  if (from === undefined) return undefined;
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(from)) {
    return { kind: 'vcs', reference: from, reason: 'installed from a git repository, not from the npm registry' };
  }
  if (/^(file:|link:)/.test(from) || from.startsWith('.') || from.startsWith('/')) {
    return { kind: 'path', reference: from, reason: 'installed from a local path, not from the npm registry' };
  }
  if (/^https?:\/\//.test(from)) {
    if (/\/-\/[^/]+\.tgz(\?.*)?$/.test(from)) return undefined;
    return { kind: 'url', reference: from, reason: 'installed from a tarball URL, not from the npm registry' };
  }
  if (resolved === undefined && version !== undefined && semver.valid(version) === null) {
    return { kind: 'url', reference: version, reason: 'the lock gives no registry version for this package' };
  }
  return undefined;
}

/** Subresource-integrity strings (`sha512-<base64>`, space separated) as `algo:hex`. */
function integrityHashes(integrity: string | undefined): string[] {
  if (integrity === undefined) return [];
  const out: string[] = [];
  for (const part of integrity.trim().split(/\s+/)) {
    const dash = part.indexOf('-');
    if (dash <= 0) continue;
    const algorithm = part.slice(0, dash);
    const digest = part.slice(dash + 1).replace(/\?.*$/, '');
    if (!/^[A-Za-z0-9+/]+=*$/.test(digest)) continue;
    out.push(`${algorithm}:${Buffer.from(digest, 'base64').toString('hex')}`);
  }
  return out;
}
