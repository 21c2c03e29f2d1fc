// Pipfile.lock (JSON): `_meta` (sources, requires), then one object per category (`default`, `develop`, and
// custom categories) mapping names to {version: "==1.2.3", hashes, markers, extras, index, git, ref, ...}.
// Every locked entry is 'transitive' here; the loader marks those the paired Pipfile names as direct.
// https://pipenv.pypa.io/en/latest/pipfile.html#pipfile-lock
import { InputError } from '../errors';
import type { ParsedManifest } from '../model';
import { jsonMember, parseJsonWithLines, uniqueMembers } from './json-lines';
import type { JsonNode } from './json-lines';
import { entryError, locationOf, parseOrDiagnose, readEntry } from './parse-result';
import { isPlainObject, pipenvEntryRef, pipenvSources } from './pipfile';

/** A lock that is not JSON is one error diagnostic; a bad entry is one too, and the other entries are still read. */
export function parsePipfileLock(text: string, file: string): ParsedManifest {
  return parseOrDiagnose('Pipfile.lock', file, () => readPipfileLock(text, file));
}

function readPipfileLock(text: string, file: string): ParsedManifest {
  const root = parseJsonWithLines(text, file);
  if (root.type !== 'object') throw new InputError('E_MANIFEST_SYNTAX', file, root.line, 'a Pipfile.lock must hold a JSON object', root.column);
  const manifest: ParsedManifest = { kind: 'Pipfile.lock', file, packages: [], includes: [], indexes: [], diagnostics: [] };

  const meta = jsonMember(root, '_meta');
  if (meta !== undefined) {
    readEntry(manifest.diagnostics, () => {
      if (meta.value.type !== 'object') throw new InputError('E_MANIFEST_SYNTAX', file, meta.line, '"_meta" must be an object', meta.column);
      const sources = jsonMember(meta.value, 'sources');
      if (sources !== undefined) {
        const sourcesNode = sources.value;
        if (sourcesNode.type !== 'array') throw new InputError('E_MANIFEST_SYNTAX', file, sources.line, '"_meta.sources" must be an array', sources.column);
        manifest.indexes = pipenvSources(
          sourcesNode.items.map(toPlain),
          file,
          (i) => ({ line: sourcesNode.items[i]?.line ?? sources.line, column: sourcesNode.items[i]?.column ?? sources.column }),
          manifest.diagnostics,
        );
      }
      const requires = toPlain(jsonMember(meta.value, 'requires')?.value);
      if (isPlainObject(requires)) {
        const python = requires['python_full_version'] ?? requires['python_version'];
        if (typeof python === 'string') manifest.pythonVersion = python;
      }
    });
  }

  for (const category of uniqueMembers(root)) {
    if (category.key === '_meta') continue;
    if (category.value.type !== 'object') {
      entryError(manifest.diagnostics, locationOf(file, category.line, category.column), `category "${category.key}" must be an object of packages`);
      continue;
    }
    // pipenv writes [packages] as `default`, [dev-packages] as `develop`, custom categories under their own name.
    const group = category.key;
    for (const entry of uniqueMembers(category.value)) {
      const location = { file, line: entry.line };
      const read = readEntry(manifest.diagnostics, () =>
        pipenvEntryRef({
          key: entry.key,
          value: toPlain(entry.value),
          relation: 'transitive',
          group,
          location,
          column: entry.column,
          indexes: manifest.indexes,
        }),
      );
      if (read === undefined) continue;
      const { ref, diagnostics } = read;
      if (ref.version === undefined && ref.unvettable === undefined) {
        // A lock entry without a pinned version cannot say what gets installed; keep it and say so.
        diagnostics.push({
          severity: 'warning',
          code: 'lock-entry-unpinned',
          message: `${ref.name} is locked without an exact version${ref.specifier !== undefined ? ` (${ref.specifier})` : ''}`,
          location,
        });
      }
      manifest.packages.push(ref);
      for (const diagnostic of diagnostics) manifest.diagnostics.push(diagnostic);
    }
  }
  return manifest;
}

/** JSON node to plain data (the shared entry logic reads plain values). Duplicate keys: the last wins. */
function toPlain(node: JsonNode | undefined): unknown {
  if (node === undefined) return undefined;
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const member of node.members) out[member.key] = toPlain(member.value);
      return out;
    }
    case 'array':
      return node.items.map(toPlain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}
