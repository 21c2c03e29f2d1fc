// pylock.toml (PEP 751, `lock-version = "1.0"`): the standard lock file. One [[packages]] entry per package
// that may be installed, each with its own `marker`; the graph (`dependencies`) is informational. Markers may
// test the PEP 751 sets `extras` and `dependency_groups`: those are decided here, for the lock's default
// selection (no extras, `default-groups`), and what is left is an ordinary environment marker for the image's
// Python. A package only a non-default extra or group installs gets that group (`optional:<extra>`, the group
// name) so an image build, which installs the default selection, leaves it out. Sources no registry can vet
// (`vcs`, `directory`, `archive`) are kept as unvettable with the reason.
// https://packaging.python.org/en/latest/specifications/pylock-toml/
import type { Diagnostic, PackageRef, ParsedManifest } from '../model';
import { normalizePypiName } from '../normalize';
import { formatMarker, parseMarker, Pep508SyntaxError, setOperand, type MarkerNode } from './pep508';
import { downloadUnvettable, gitUnvettable, isPlainObject, isPypiUrl, localUnvettable, lockEntryHead } from './pipfile';
import { parseTomlWithLines, type TomlLineIndex } from './toml-lines';
import { parseOrDiagnose } from './parse-result';

const KNOWN_MAJOR = '1';

/** A pylock.toml that is not TOML is one error diagnostic (manifest-syntax), not a throw; a bad entry is one too. */
export function parsePylock(text: string, file: string): ParsedManifest {
  return parseOrDiagnose('pylock.toml', file, () => readPylock(text, file));
}

function readPylock(text: string, file: string): ParsedManifest {
  const { data, lines } = parseTomlWithLines(text, file);
  const manifest: ParsedManifest = { kind: 'pylock.toml', file, packages: [], includes: [], indexes: [], diagnostics: [] };
  const diagnostics = manifest.diagnostics;

  const lockVersion = data['lock-version'];
  if (typeof lockVersion !== 'string') {
    diagnostics.push({ severity: 'error', code: 'lock-version-missing', message: 'pylock.toml needs lock-version = "1.0" (PEP 751); read as 1.0', location: { file, line: lines.lineOf(['lock-version']) } });
  } else if (lockVersion.split('.')[0] !== KNOWN_MAJOR) {
    // PEP 751: an installer must refuse a major version it does not support.
    diagnostics.push({ severity: 'error', code: 'lock-version-unknown', message: `lock-version ${lockVersion} is not 1.x; depvet read it as 1.0 and may be wrong`, location: { file, line: lines.lineOf(['lock-version']) } });
  }
  const requiresPython = data['requires-python'];
  if (typeof requiresPython === 'string') manifest.pythonVersion = requiresPython;
  const defaultGroups = stringList(data['default-groups']);

  const packages = data['packages'];
  if (packages === undefined) return manifest;
  if (!Array.isArray(packages)) {
    diagnostics.push({ severity: 'error', code: 'lock-entry-invalid', message: '"packages" must be an array of tables ([[packages]])', location: { file, line: lines.lineOf(['packages']) } });
    return manifest;
  }
  packages.forEach((entry, index) => {
    const ref = readPackage(entry, index, file, lines, defaultGroups, diagnostics);
    if (ref) manifest.packages.push(ref);
  });
  return manifest;
}

function readPackage(entry: unknown, index: number, file: string, lines: TomlLineIndex, defaultGroups: string[], diagnostics: Diagnostic[]): PackageRef | undefined {
  const head = lockEntryHead(entry, 'packages', index, file, lines, diagnostics);
  if (!head) return undefined;
  const { table, name, version, location, bad } = head;
  // Every lock entry is what the locker resolved, not what the user wrote; the loader marks the direct ones.
  const ref: PackageRef = { ecosystem: 'PyPI', name, normalizedName: normalizePypiName(name), extras: [], relation: 'transitive', location, group: 'main' };
  if (version !== undefined) ref.version = version;

  const marker = table['marker'];
  if (marker !== undefined) {
    if (typeof marker !== 'string') return bad(`"marker" of ${JSON.stringify(name)} must be a string`, lines.lineOf(['packages', index, 'marker']));
    const selection = selectionOf(marker, defaultGroups);
    if ('error' in selection) {
      diagnostics.push({ severity: 'warning', code: 'invalid-marker', message: `${name}: marker ${JSON.stringify(marker)} is not valid (${selection.error}); the package is kept`, location: { file, line: lines.lineOf(['packages', index, 'marker']) } });
      ref.marker = marker;
    } else {
      if (selection.group !== undefined) ref.group = selection.group;
      if (selection.marker !== undefined) ref.marker = selection.marker;
    }
  }

  const index_ = table['index'];
  if (typeof index_ === 'string' && !isPypiUrl(index_)) ref.index = index_;

  const hashes: string[] = [];
  const collect = (file_: unknown) => {
    if (isPlainObject(file_) && isPlainObject(file_['hashes'])) {
      for (const [algo, value] of Object.entries(file_['hashes'])) if (typeof value === 'string') hashes.push(`${algo}:${value}`);
    }
  };
  collect(table['sdist']);
  if (Array.isArray(table['wheels'])) table['wheels'].forEach(collect);
  collect(table['archive']);
  if (hashes.length > 0) ref.hashes = hashes;

  // PEP 751: exactly one of vcs, directory, archive, or sdist/wheels.
  const vcs = table['vcs'];
  const directory = table['directory'];
  const archive = table['archive'];
  if (isPlainObject(vcs)) {
    const where = typeof vcs['url'] === 'string' ? vcs['url'] : typeof vcs['path'] === 'string' ? vcs['path'] : '';
    const commit = typeof vcs['commit-id'] === 'string' ? vcs['commit-id'] : typeof vcs['requested-revision'] === 'string' ? vcs['requested-revision'] : undefined;
    ref.unvettable = gitUnvettable(`${typeof vcs['type'] === 'string' && vcs['type'] !== 'git' ? `${vcs['type']}+` : ''}${where}`, commit);
  } else if (isPlainObject(directory)) {
    ref.unvettable = localUnvettable(typeof directory['path'] === 'string' ? directory['path'] : '', directory['editable'] === true);
  } else if (isPlainObject(archive)) {
    ref.unvettable = typeof archive['url'] === 'string' ? downloadUnvettable(archive['url']) : localUnvettable(typeof archive['path'] === 'string' ? archive['path'] : '', false);
  } else if (table['sdist'] === undefined && table['wheels'] === undefined) {
    diagnostics.push({ severity: 'warning', code: 'lock-entry-no-source', message: `${name}: no sdist, wheels, vcs, directory or archive; checked as a release of the default index`, location });
  }
  if (ref.version === undefined && ref.unvettable === undefined) {
    return bad(`[[packages]] ${JSON.stringify(name)} comes from an index but has no "version"; what is installed is unknown`);
  }
  return ref;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Decides a marker's `extras` / `dependency_groups` tests for the default selection. When the default selection
 * does not install the package, the first extra or group that would is its group, and the marker kept is what
 * is left with that one selected.
 */
function selectionOf(marker: string, defaultGroups: string[]): { group?: string; marker?: string } | { error: string } {
  let tree: MarkerNode;
  try {
    tree = parseMarker(marker);
  } catch (error) {
    if (error instanceof Pep508SyntaxError) return { error: error.detail };
    throw error;
  }
  const named: { variable: 'extras' | 'dependency_groups'; name: string }[] = [];
  try {
    collectSets(tree, named);
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (named.length === 0) return { marker };
  const defaults = new Set(defaultGroups.map(normalizePypiName));
  const residualFor = (extras: Set<string>, groups: Set<string>) => partial(tree, extras, groups);
  const byDefault = residualFor(new Set(), defaults);
  if (byDefault !== false) return byDefault === true ? {} : { marker: formatMarker(byDefault) };
  for (const candidate of named) {
    if (candidate.variable === 'dependency_groups' && defaults.has(normalizePypiName(candidate.name))) continue;
    const extras = new Set<string>(candidate.variable === 'extras' ? [normalizePypiName(candidate.name)] : []);
    const groups = new Set<string>([...defaults, ...(candidate.variable === 'dependency_groups' ? [normalizePypiName(candidate.name)] : [])]);
    const residual = residualFor(extras, groups);
    if (residual === false) continue;
    const group = candidate.variable === 'extras' ? `optional:${candidate.name}` : candidate.name;
    return residual === true ? { group } : { group, marker: formatMarker(residual) };
  }
  // No single extra or group installs it: left out of the default install, under the first name it tests.
  return { group: named[0]!.variable === 'extras' ? `optional:${named[0]!.name}` : named[0]!.name, marker };
}

function collectSets(node: MarkerNode, out: { variable: 'extras' | 'dependency_groups'; name: string }[]): void {
  if (node.type !== 'compare') {
    for (const item of node.items) collectSets(item, out);
    return;
  }
  const set = setOperand(node);
  if (set && !out.some((o) => o.variable === set.variable && o.name === set.name)) out.push(set);
}

/** The marker with its set tests decided: true, false, or what remains to evaluate against the environment. */
function partial(node: MarkerNode, extras: Set<string>, groups: Set<string>): MarkerNode | boolean {
  if (node.type === 'compare') {
    const set = setOperand(node);
    if (!set) return node;
    const found = (set.variable === 'extras' ? extras : groups).has(normalizePypiName(set.name));
    return node.op === 'in' ? found : !found;
  }
  const items: MarkerNode[] = [];
  for (const item of node.items) {
    const value = partial(item, extras, groups);
    if (value === (node.type === 'or')) return value; // true in an or, false in an and
    if (value !== !(node.type === 'or')) items.push(value as MarkerNode);
  }
  if (items.length === 0) return node.type === 'and';
  if (items.length === 1) return items[0]!;
  return { type: node.type, items, parenthesized: true };
}
