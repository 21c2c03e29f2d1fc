// What pip says is installed in a built image: `pip list --format=json` and `pip freeze`. An installed set
// does not say what was asked for, so every record is 'installed', as for an SBOM of an image. Editable and direct-URL installs
// are kept as unvettable.
import { InputError } from '../errors';
import type { Diagnostic, PackageIndex, PackageRef, ParsedManifest, SourceLocation, Unvettable } from '../model';
import { normalizePypiName } from '../normalize';
import { jsonMember, jsonString, parseJsonWithLines } from './json-lines';
import { entryError, locationOf, parseOrDiagnose } from './parse-result';

/** PEP 508 project names. */
const NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

function installedRef(name: string, location: SourceLocation): PackageRef {
  return { ecosystem: 'PyPI', name, normalizedName: normalizePypiName(name), extras: [], relation: 'installed', location };
}

/** `pip list --format=json`: `[{"name": "x", "version": "1.0", "editable_project_location": "/src/x"}]`. */
export function parsePipListJson(text: string, file: string): ParsedManifest {
  return parseOrDiagnose('pip-list.json', file, () => readPipListJson(text, file));
}

function readPipListJson(text: string, file: string): ParsedManifest {
  const root = parseJsonWithLines(text, file);
  if (root.type !== 'array') throw new InputError('E_MANIFEST_SYNTAX', file, root.line, 'pip list --format=json output must be a JSON array', root.column);
  const packages: PackageRef[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const item of root.items) {
    const nameMember = jsonMember(item, 'name');
    const name = jsonString(nameMember?.value);
    const version = jsonString(jsonMember(item, 'version')?.value);
    if (item.type !== 'object' || name === undefined || version === undefined) {
      entryError(diagnostics, locationOf(file, nameMember?.line ?? item.line, nameMember?.column ?? item.column), 'each entry needs string "name" and "version"');
      continue;
    }
    const ref = installedRef(name, { file, line: nameMember?.line ?? item.line });
    ref.version = version;
    const editable = jsonString(jsonMember(item, 'editable_project_location')?.value);
    if (editable !== undefined) {
      ref.unvettable = { kind: 'editable', reference: editable, reason: 'an editable install of a local project, not a registry release' };
    }
    packages.push(ref);
  }
  return { kind: 'pip-list.json', file, packages, includes: [], indexes: [], diagnostics };
}

/**
 * `pip freeze`: `name==version`, `name @ url`, `-e <vcs-url>#egg=name`, `-e <path>` (after pip's
 * `# Editable install with no version control (name==version)` comment), comments, and index options
 * when run with `-r`.
 */
export function parsePipFreeze(text: string, file: string): ParsedManifest {
  const packages: PackageRef[] = [];
  const indexes: PackageIndex[] = [];
  const diagnostics: Diagnostic[] = [];
  let editableHint: { name: string; version: string } | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const location = { file, line: index + 1 };
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith('#')) {
      // pip writes the name of a non-VCS editable install only in this comment, on the line before `-e <path>`.
      const hint = /^# Editable(?: Git)? install with no (?:version control|remote) \(([^=\s]+)==(\S+)\)/.exec(line);
      if (hint?.[1] !== undefined && hint[2] !== undefined) editableHint = { name: hint[1], version: hint[2] };
      return;
    }
    const hint = editableHint;
    editableHint = undefined;
    const editable = /^(?:-e|--editable)(?:\s+|=)(.+)$/.exec(line);
    if (editable?.[1] !== undefined) {
      packages.push(editableRef(editable[1].trim(), hint, location));
      return;
    }
    const option = /^(-i|--index-url|--extra-index-url)(?:\s+|=)(\S+)$/.exec(line);
    if (option?.[1] !== undefined && option[2] !== undefined) {
      indexes.push({ url: option[2], role: option[1] === '--extra-index-url' ? 'extra' : 'primary', location });
      return;
    }
    if (line.startsWith('-')) {
      diagnostics.push({ severity: 'warning', code: 'freeze-option-ignored', message: `option line not used: ${line}`, location });
      return;
    }
    const pinned = /^([^=\s@;]+)\s*===?\s*([^\s;#]+)$/.exec(line);
    if (pinned?.[1] !== undefined && pinned[2] !== undefined && NAME_RE.test(pinned[1])) {
      const ref = installedRef(pinned[1], location);
      ref.version = pinned[2];
      packages.push(ref);
      return;
    }
    const direct = /^([^\s@\[]+)(?:\[[^\]]*\])?\s*@\s*(\S+)$/.exec(line);
    if (direct?.[1] !== undefined && direct[2] !== undefined && NAME_RE.test(direct[1])) {
      packages.push({ ...installedRef(direct[1], location), unvettable: directUrl(direct[2]) });
      return;
    }
    // one bad line: reported at its first character, and the other lines are still read
    diagnostics.push({ severity: 'error', code: 'line-invalid', message: `not a pip freeze line: ${line.slice(0, 120)}`, location: { ...location, column: raw.length - raw.trimStart().length + 1 } });
  });
  return { kind: 'pip-freeze.txt', file, packages, includes: [], indexes, diagnostics };
}

function editableRef(reference: string, hint: { name: string; version: string } | undefined, location: SourceLocation): PackageRef {
  const egg = /[#&]egg=([^&\s]+)/.exec(reference)?.[1];
  const name = egg ?? hint?.name;
  const unvettable: Unvettable = {
    kind: 'editable',
    reference,
    reason: /^(git|hg|svn|bzr)\+/.test(reference)
      ? 'an editable install from a version control checkout, not a registry release'
      : 'an editable install of a local project, not a registry release',
  };
  if (name === undefined || !NAME_RE.test(name)) {
    // No name anywhere: keep the reference as the name so the record is still reported.
    return { ecosystem: 'PyPI', name: reference, normalizedName: '', extras: [], relation: 'installed', location, unvettable };
  }
  const ref = installedRef(name, location);
  if (hint !== undefined && normalizePypiName(hint.name) === ref.normalizedName) ref.version = hint.version;
  ref.unvettable = unvettable;
  return ref;
}

function directUrl(url: string): Unvettable {
  if (/^(git|hg|svn|bzr)\+/.test(url)) return { kind: 'vcs', reference: url, reason: 'installed from a version control repository, not a registry release' };
  if (url.startsWith('file:')) return { kind: 'path', reference: url, reason: 'installed from a local file or folder, not a registry release' };
  return { kind: 'url', reference: url, reason: 'installed from a direct URL, not a registry release' };
}
