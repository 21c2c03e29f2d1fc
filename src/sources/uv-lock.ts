// uv.lock (TOML, lock `version = 1`): one [[package]] per locked release, with its `source` and the edges of the
// dependency graph: `dependencies`, `[package.optional-dependencies]` (extras a package offers, activated by an
// edge's `extra = [...]`) and `[package.dev-dependencies]` (the project's dependency groups). Markers live on
// edges, not on packages, so whether a package is installed for an image's Python is a property of the paths
// from the project to it: each package gets the disjunction of the conjunctions of edge markers along those paths,
// which the inventory then evaluates like any marker. Groups: `main` for what `uv sync --no-dev` installs, the
// group name (`dev`, `docs`) for dependency groups, `optional:<extra>` for the project's extras.
// https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile
import type { Diagnostic, PackageRef, ParsedManifest, SourceLocation, Unvettable } from '../model';
import { normalizePypiName } from '../normalize';
import { countWork } from '../work-meter';
import { checkMarker, downloadUnvettable, gitUnvettable, isPlainObject, isPypiUrl, localUnvettable, lockEntryHead } from './pipfile';
import { parseTomlWithLines, type TomlLineIndex } from './toml-lines';
import { parseOrDiagnose } from './parse-result';

/** Lock schema versions this parser knows (`version = 1`, any `revision`). */
const KNOWN_VERSIONS = [1];
/** A package reached by more distinct marker paths than this is taken as always installed (the safe side: checked). */
const MAX_MARKER_PATHS = 16;

interface Edge {
  target: string;
  version?: string;
  extras: string[];
  marker?: string;
  line: number;
}

interface LockedPackage {
  index: number;
  name: string;
  normalizedName: string;
  version?: string;
  location: SourceLocation;
  source: Record<string, unknown>;
  dependencies: Edge[];
  optional: Map<string, Edge[]>;
  dev: Map<string, Edge[]>;
  hashes: string[];
}

/** A uv.lock that is not TOML is one error diagnostic (manifest-syntax), not a throw; a bad entry is one too. */
export function parseUvLock(text: string, file: string): ParsedManifest {
  return parseOrDiagnose('uv.lock', file, () => readUvLock(text, file));
}

function readUvLock(text: string, file: string): ParsedManifest {
  const { data, lines } = parseTomlWithLines(text, file);
  const manifest: ParsedManifest = { kind: 'uv.lock', file, packages: [], includes: [], indexes: [], diagnostics: [] };
  const error = (line: number, code: string, message: string) => manifest.diagnostics.push({ severity: 'error', code, message, location: { file, line } });

  const version = data['version'];
  if (typeof version === 'number' && !KNOWN_VERSIONS.includes(version)) {
    manifest.diagnostics.push({
      severity: 'warning',
      code: 'lock-version-unknown',
      message: `uv.lock version ${version} is not one depvet knows (${KNOWN_VERSIONS.join(', ')}); read as version 1`,
      location: { file, line: lines.lineOf(['version']) },
    });
  }
  const requiresPython = data['requires-python'];
  if (typeof requiresPython === 'string') manifest.pythonVersion = requiresPython;

  const raw = data['package'];
  if (raw === undefined) return manifest;
  if (!Array.isArray(raw)) {
    error(lines.lineOf(['package']), 'lock-entry-invalid', '"package" must be an array of tables ([[package]])');
    return manifest;
  }
  const locked: LockedPackage[] = [];
  raw.forEach((entry, index) => {
    const pkg = readPackage(entry, index, file, lines, manifest.diagnostics);
    if (pkg) locked.push(pkg);
  });

  const byName = new Map<string, LockedPackage[]>();
  for (const pkg of locked) byName.set(pkg.normalizedName, [...(byName.get(pkg.normalizedName) ?? []), pkg]);
  const targetsOf = (edge: Edge, from: LockedPackage): LockedPackage[] => {
    const candidates = byName.get(normalizePypiName(edge.target)) ?? [];
    // Resolution forks lock several versions of one name; the edge names the version when it matters.
    const chosen = edge.version !== undefined ? candidates.filter((c) => c.version === edge.version) : candidates;
    if (chosen.length === 0) {
      error(edge.line, 'lock-dependency-unknown', `${from.name} depends on ${edge.target}${edge.version ? ` ${edge.version}` : ''}, which the lock does not hold`);
    }
    return chosen;
  };

  // The project itself (`source = { virtual/editable = "." }`) is what is being built, not a dependency. In a
  // workspace whose root is not a project, every member is a root.
  const isLocalProject = (pkg: LockedPackage) => typeof pkg.source['virtual'] === 'string' || typeof pkg.source['editable'] === 'string';
  let roots = locked.filter((pkg) => isLocalProject(pkg) && (pkg.source['virtual'] ?? pkg.source['editable']) === '.');
  if (roots.length === 0) {
    const members = isPlainObject(data['manifest']) && Array.isArray(data['manifest']['members']) ? new Set((data['manifest']['members'] as unknown[]).map((m) => normalizePypiName(String(m)))) : undefined;
    roots = locked.filter((pkg) => isLocalProject(pkg) && (members === undefined || members.has(pkg.normalizedName)));
  }

  // One propagation per root set, in install order: what `uv sync --no-dev` installs, then each extra of the
  // project, then each dependency group. A package belongs to the first set that reaches it.
  const rootSets: { group: string; edges: { from: LockedPackage; edge: Edge }[] }[] = [
    { group: 'main', edges: roots.flatMap((root) => root.dependencies.map((edge) => ({ from: root, edge }))) },
  ];
  const extraNames = [...new Set(roots.flatMap((root) => [...root.optional.keys()]))].sort();
  for (const extra of extraNames) rootSets.push({ group: `optional:${extra}`, edges: roots.flatMap((root) => (root.optional.get(extra) ?? []).map((edge) => ({ from: root, edge }))) });
  const groupNames = [...new Set(roots.flatMap((root) => [...root.dev.keys()]))].sort();
  for (const group of groupNames) rootSets.push({ group, edges: roots.flatMap((root) => (root.dev.get(group) ?? []).map((edge) => ({ from: root, edge }))) });

  const placed = new Map<LockedPackage, { group: string; marker: Paths; direct: boolean; parent?: { pkg: LockedPackage; edge: Edge } }>();
  let capped = false;
  for (const set of rootSets) {
    const reach = propagate(set.edges, targetsOf, roots);
    capped ||= reach.capped;
    for (const [pkg, state] of reach.states) {
      if (placed.has(pkg)) continue;
      placed.set(pkg, { group: set.group, marker: state.paths, direct: state.direct, ...(state.parent ? { parent: state.parent } : {}) });
    }
  }
  if (capped) {
    manifest.diagnostics.push({
      severity: 'warning',
      code: 'lock-markers-simplified',
      message: `some packages are reached by more than ${MAX_MARKER_PATHS} marker paths; they are taken as installed for every Python and platform`,
      location: { file, line: 1 },
    });
  }

  for (const pkg of locked) {
    if (roots.includes(pkg) || typeof pkg.source['virtual'] === 'string') continue;
    const place = placed.get(pkg);
    const ref: PackageRef = {
      ecosystem: 'PyPI',
      name: pkg.name,
      normalizedName: pkg.normalizedName,
      extras: [],
      relation: place?.direct ? 'direct' : 'transitive',
      location: pkg.location,
      // A package no path from the project reaches (another workspace member's) is not installed by a sync of it.
      group: place?.group ?? 'unreachable',
    };
    if (pkg.version !== undefined) ref.version = pkg.version;
    const marker = place ? formatPaths(place.marker) : undefined;
    if (marker !== undefined) {
      ref.marker = marker;
      checkMarker(marker, pkg.name, pkg.location, manifest.diagnostics);
    }
    if (pkg.hashes.length > 0) ref.hashes = pkg.hashes;
    const chain = place ? parentChain(place, placed) : [];
    if (chain.length > 0) ref.resolvedFrom = chain;
    const source = sourceOf(pkg);
    if (source.index !== undefined) ref.index = source.index;
    if (source.unvettable !== undefined) ref.unvettable = source.unvettable;
    if (ref.version === undefined && ref.unvettable === undefined) {
      error(pkg.location.line, 'lock-entry-invalid', `[[package]] ${JSON.stringify(pkg.name)} from a registry has no "version"; what is installed is unknown`);
      continue;
    }
    manifest.packages.push(ref);
  }
  return manifest;
}

function readPackage(entry: unknown, index: number, file: string, lines: TomlLineIndex, diagnostics: Diagnostic[]): LockedPackage | undefined {
  const head = lockEntryHead(entry, 'package', index, file, lines, diagnostics);
  if (!head) return undefined;
  const { table, name, version, location, bad } = head;
  const source = table['source'] ?? {};
  if (!isPlainObject(source)) return bad(`"source" of ${JSON.stringify(name)} must be a table`, lines.lineOf(['package', index, 'source']));
  const edges = (path: (string | number)[], value: unknown): Edge[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      bad(`${path.join('.')} of ${JSON.stringify(name)} must be an array of tables`, lines.lineOf(['package', index, ...path]));
      return [];
    }
    const out: Edge[] = [];
    value.forEach((dep, i) => {
      const at = lines.lineOf(['package', index, ...path, i]);
      if (!isPlainObject(dep) || typeof dep['name'] !== 'string') {
        bad(`an entry of ${path.join('.')} of ${JSON.stringify(name)} needs a string "name"`, at);
        return;
      }
      const extras = Array.isArray(dep['extra']) ? dep['extra'].filter((e): e is string => typeof e === 'string') : [];
      out.push({
        target: dep['name'],
        ...(typeof dep['version'] === 'string' ? { version: dep['version'] } : {}),
        extras,
        ...(typeof dep['marker'] === 'string' && dep['marker'].trim() ? { marker: dep['marker'].trim() } : {}),
        line: at,
      });
    });
    countWork('uvlock.edges', out.length);
    return out;
  };
  const groupsOf = (key: string): Map<string, Edge[]> => {
    const value = table[key];
    const out = new Map<string, Edge[]>();
    if (value === undefined) return out;
    if (!isPlainObject(value)) {
      bad(`[package.${key}] of ${JSON.stringify(name)} must be a table`, lines.lineOf(['package', index, key]));
      return out;
    }
    for (const [group, list] of Object.entries(value)) out.set(group, edges([key, group], list));
    return out;
  };
  const hashes: string[] = [];
  const sdist = table['sdist'];
  if (isPlainObject(sdist) && typeof sdist['hash'] === 'string') hashes.push(sdist['hash']);
  if (Array.isArray(table['wheels'])) {
    for (const wheel of table['wheels']) if (isPlainObject(wheel) && typeof wheel['hash'] === 'string') hashes.push(wheel['hash']);
  }
  return {
    index,
    name,
    normalizedName: normalizePypiName(name),
    ...(version !== undefined ? { version } : {}),
    location,
    source,
    dependencies: edges(['dependencies'], table['dependencies']),
    optional: groupsOf('optional-dependencies'),
    dev: groupsOf('dev-dependencies'),
    hashes,
  };
}

/** uv's `source` table: a registry release (PyPI or another index), or something no registry can vet. */
function sourceOf(pkg: LockedPackage): { index?: string; unvettable?: Unvettable } {
  const s = pkg.source;
  if (typeof s['registry'] === 'string') return isPypiUrl(s['registry']) ? {} : { index: s['registry'] };
  if (typeof s['git'] === 'string') {
    // `https://github.com/o/r?rev=v1#<commit>`: the fragment is the commit uv locked.
    const [url, commit] = s['git'].split('#', 2) as [string, string | undefined];
    return { unvettable: gitUnvettable(url.replace(/\?.*$/, ''), commit ?? /[?&](?:rev|tag|branch)=([^&]+)/.exec(url)?.[1]) };
  }
  if (typeof s['url'] === 'string') return { unvettable: downloadUnvettable(s['url']) };
  if (typeof s['editable'] === 'string') return { unvettable: localUnvettable(s['editable'], true) };
  if (typeof s['path'] === 'string') return { unvettable: localUnvettable(s['path'], false) };
  if (typeof s['directory'] === 'string') return { unvettable: localUnvettable(s['directory'], false) };
  // No source table (lock version 1 before revisions wrote one for every package): the default index.
  return {};
}

// ------------------------------------------------------------------------------------------------------------
// Marker paths: a set of conjunctions of edge markers (an empty conjunction is "always").

type Paths = string[][];

interface NodeState {
  paths: Paths;
  direct: boolean;
  parent?: { pkg: LockedPackage; edge: Edge };
}

/** Adds a conjunction unless one already there implies it; drops those it implies. False when nothing changed. */
function addPath(paths: Paths, conj: string[]): boolean {
  if (paths.some((p) => p.every((atom) => conj.includes(atom)))) return false;
  for (let i = paths.length - 1; i >= 0; i--) if (conj.every((atom) => paths[i]!.includes(atom))) paths.splice(i, 1);
  paths.push(conj);
  return true;
}

/**
 * Walks the graph from `start` edges. Nodes are a package plus the extra it is asked for (`django-storages[s3]`
 * reaches the `s3` optional dependencies too). A worklist of (node, new conjunction) pairs: each conjunction is a
 * set of the finitely many edge markers, and a node takes a conjunction only once, so the walk ends.
 */
function propagate(
  start: { from: LockedPackage; edge: Edge }[],
  targetsOf: (edge: Edge, from: LockedPackage) => LockedPackage[],
  roots: LockedPackage[],
): { states: Map<LockedPackage, NodeState>; capped: boolean } {
  const states = new Map<LockedPackage, NodeState>();
  const extraPaths = new Map<string, Paths>();
  let capped = false;
  const queue: { pkg: LockedPackage; extra?: string; conj: string[] }[] = [];
  const reach = (pkg: LockedPackage, extras: string[], conj: string[], parent: { pkg: LockedPackage; edge: Edge } | undefined, direct: boolean) => {
    if (roots.includes(pkg)) return;
    let state = states.get(pkg);
    if (!state) {
      state = { paths: [], direct, ...(parent ? { parent } : {}) };
      states.set(pkg, state);
    }
    state.direct ||= direct;
    const enqueue = (paths: Paths, extra?: string) => {
      if (paths.length === 1 && paths[0]!.length === 0) return; // already always reached
      if (paths.length >= MAX_MARKER_PATHS) {
        capped = true;
        conj = [];
      }
      if (addPath(paths, conj)) queue.push({ pkg, ...(extra !== undefined ? { extra } : {}), conj });
    };
    enqueue(state.paths);
    for (const extra of extras) {
      const key = `${pkg.index}[${normalizePypiName(extra)}]`;
      const paths = extraPaths.get(key) ?? [];
      extraPaths.set(key, paths);
      enqueue(paths, extra);
    }
  };
  for (const { from, edge } of start) {
    for (const target of targetsOf(edge, from)) reach(target, edge.extras, edge.marker ? [edge.marker] : [], undefined, true);
  }
  while (queue.length > 0) {
    const { pkg, extra, conj } = queue.shift()!;
    countWork('uvlock.markerPaths', 1);
    const out = extra === undefined ? pkg.dependencies : [...pkg.optional.entries()].find(([name]) => normalizePypiName(name) === normalizePypiName(extra))?.[1] ?? [];
    for (const edge of out) {
      const next = edge.marker && !conj.includes(edge.marker) ? [...conj, edge.marker].sort() : conj;
      for (const target of targetsOf(edge, pkg)) reach(target, edge.extras, next, { pkg, edge }, false);
    }
  }
  return { states, capped };
}

/** The marker text of a set of paths; undefined when the package is always reached. */
function formatPaths(paths: Paths): string | undefined {
  if (paths.length === 0 || paths.some((p) => p.length === 0)) return undefined;
  const conj = (p: string[]) => p.map((atom) => (/\bor\b/.test(atom) && p.length > 1 ? `(${atom})` : atom)).join(' and ');
  if (paths.length === 1) return conj(paths[0]!);
  // Sorted, so the same lock always gives the same text whatever order the walk found the paths in.
  return paths
    .map((p) => (p.length > 1 || /\bor\b/.test(p[0]!) ? `(${conj(p)})` : conj(p)))
    .sort()
    .join(' or ');
}

/** The chain of parents from the direct dependency down to the immediate parent (CONTRACTS.md item 3). */
function parentChain(
  place: { parent?: { pkg: LockedPackage; edge: Edge } },
  placed: Map<LockedPackage, { parent?: { pkg: LockedPackage; edge: Edge } }>,
): { name: string; version: string; requirement: string }[] {
  const chain: { name: string; version: string; requirement: string }[] = [];
  const seen = new Set<LockedPackage>();
  let step = place.parent;
  while (step && !seen.has(step.pkg)) {
    seen.add(step.pkg);
    const { edge } = step;
    const requirement = `${edge.target}${edge.extras.length ? `[${edge.extras.join(',')}]` : ''}${edge.marker ? `; ${edge.marker}` : ''}`;
    chain.unshift({ name: step.pkg.name, version: step.pkg.version ?? '', requirement });
    step = placed.get(step.pkg)?.parent;
  }
  return chain;
}
