// The closure stage: every package an unlocked manifest will install, not only the ones it names. The inventory's
// direct requirements are grouped the way they are installed (one image, or one project folder with the files it
// includes), resolved as pip (or npm) would on top of what is already there (the base image's packages, a lock's
// packages), and every release the resolver adds becomes an inventory entry: `relation: 'transitive'`, its version,
// the chain of parents that pulled it in (`resolvedFrom`), located at the line of the direct requirement at the top
// of that chain. Locked manifests keep their lock: nothing in them is resolved again.
import path from 'node:path';
import type { Inventory, InventoryEntry, ManifestRecord } from '../inventory/types';
import type { Diagnostic, Ecosystem, ManifestKind, ResolvedFromStep, SourceLocation } from '../model';
import { normalizePypiName } from '../normalize';
import { markerEnvironment, parseRequirement } from '../sources/pep508';
import { pep440SpecifierOf } from './pep440';
import { resolvePypi, type PypiResolution, type ResolvedRelease, type ResolveProblem } from './pypi-resolver';
import type { PypiMetadataSource } from './pypi-source';
import { resolveNpm, type NpmPackumentSource, type NpmResolution } from './npm-resolver';

/**
 * Manifests whose requirements are installed with their dependencies resolved at install time. Every other kind (a
 * lock, pip list/freeze output, an SBOM of a built image) lists what is installed, dependencies included: nothing
 * in it is resolved again.
 */
const RESOLVED_KINDS = new Set<ManifestKind>(['requirements.txt', 'Pipfile', 'pyproject.toml', 'Dockerfile', 'package.json']);

export interface ClosureSources {
  pypi?: PypiMetadataSource;
  npm?: NpmPackumentSource;
}

export interface ClosureOptions {
  /** Python for contexts outside images (default 3.12). */
  python?: string;
  /** `--pre` for every context. */
  pre?: boolean;
}

/** One package of a resolved closure, for `depvet resolve` and reports. */
export interface ClosurePackage {
  ecosystem: Ecosystem;
  name: string;
  normalizedName: string;
  version: string;
  relation: 'direct' | 'transitive';
  /** Already installed (base image, lock) and kept as it is. */
  installed: boolean;
  /** The parents that pulled it in, from a direct requirement down (empty for direct ones). */
  resolvedFrom: ResolvedFromStep[];
  /** The line of the direct requirement at the top of the chain. */
  location: SourceLocation;
  extras: string[];
  /** Every release of the closure that requires it (names), as pip-compile's `# via` lists them. */
  requiredBy: string[];
  installPath?: string;
}

/** One set of requirements installed together (an image, or a project folder), and what resolving it gave. */
export interface ResolvedContext {
  /** The image, or the manifest the requirements come from. */
  label: string;
  image?: string;
  ecosystem: Ecosystem;
  python?: string;
  /** `resolved`, or `conflict` when no set of releases satisfies every requirement. */
  status: 'resolved' | 'conflict';
  message?: string;
  packages: ClosurePackage[];
  /** Releases tried and dropped because of conflicts, and backtracks (PyPI). */
  stats?: { rejected: number; backjumps: number };
}

export interface ClosureResult {
  contexts: ResolvedContext[];
  /** The inventory with the closure: transitive entries added, resolved versions set, replaced packages skipped. */
  inventory: Inventory;
  diagnostics: Diagnostic[];
}

/** Whether any requirement in the inventory would be resolved (one written in an unlocked manifest). */
export function needsResolution(inventory: Inventory): boolean {
  const kinds = new Map(inventory.manifests.map((m) => [m.file, m.kind]));
  return inventory.packages.some((p) => {
    const kind = kinds.get(p.location.file);
    return p.status === 'included' && p.inheritedFrom === undefined && !p.unvettable && kind !== undefined && RESOLVED_KINDS.has(kind);
  });
}

interface Context {
  key: string;
  label: string;
  image?: string;
  python: string;
  roots: InventoryEntry[];
  npmRoots: InventoryEntry[];
  constraints: InventoryEntry[];
  installed: InventoryEntry[];
  firstLocation: SourceLocation;
}

function manifestIndex(manifests: ManifestRecord[]): Map<string, ManifestRecord> {
  const byFile = new Map<string, ManifestRecord>();
  for (const m of manifests) if (!byFile.has(m.file)) byFile.set(m.file, m);
  return byFile;
}

/** Groups the inventory into install contexts: each image, else each project folder (a file and what it includes). */
function installContexts(inventory: Inventory, options: ClosureOptions): Context[] {
  const manifests = manifestIndex(inventory.manifests);
  const pythonOfImage = new Map(inventory.images.map((i) => [i.name, i.python?.version]));
  const contexts = new Map<string, Context>();
  for (const entry of inventory.packages) {
    const own = entry.inheritedFrom === undefined;
    const record = manifests.get(entry.location.file);
    const top = record?.includedBy ?? entry.location.file;
    const key = entry.image !== undefined ? `image:${entry.image}` : `dir:${path.posix.dirname(top)}`;
    let context = contexts.get(key);
    if (!context) {
      context = {
        key,
        label: entry.image ?? top,
        ...(entry.image !== undefined ? { image: entry.image } : {}),
        python: (entry.image !== undefined ? pythonOfImage.get(entry.image) : undefined) ?? options.python ?? '3.12',
        roots: [],
        npmRoots: [],
        constraints: [],
        installed: [],
        firstLocation: entry.location,
      };
      contexts.set(key, context);
    }
    if (own && entry.skip?.code === 'constraint-only') {
      context.constraints.push(entry);
      continue;
    }
    if (!own || !record || !RESOLVED_KINDS.has(record.kind)) {
      if (entry.status === 'included' && entry.version !== undefined) context.installed.push(entry);
      continue;
    }
    if (entry.status !== 'included' || entry.unvettable || !entry.normalizedName) continue;
    if (entry.ecosystem === 'PyPI') context.roots.push(entry);
    else context.npmRoots.push(entry);
  }
  return [...contexts.values()];
}

/** The order images are built in: a base before the images on it. */
function baseFirst(inventory: Inventory, contexts: Context[]): Context[] {
  const depth = new Map(inventory.images.map((i) => [i.name, i.baseChain.length]));
  return [...contexts].sort((a, b) => (a.image !== undefined ? (depth.get(a.image) ?? 0) : -1) - (b.image !== undefined ? (depth.get(b.image) ?? 0) : -1));
}

/**
 * Resolves every install context of the inventory and returns the inventory with the closure. Never throws for a
 * registry fault or a conflict: those become error diagnostics (the scan is then incomplete) naming what is missing.
 */
export async function resolveClosure(inventory: Inventory, sources: ClosureSources, options: ClosureOptions = {}): Promise<ClosureResult> {
  const packages = [...inventory.packages];
  const diagnostics: Diagnostic[] = [];
  const resolved: ResolvedContext[] = [];
  const derivedOf = new Map<string, string[]>();
  for (const image of inventory.images) {
    for (const base of image.baseChain) {
      const derived = derivedOf.get(base);
      if (derived) derived.push(image.name);
      else derivedOf.set(base, [image.name]);
    }
  }

  const contexts = baseFirst(inventory, installContexts(inventory, options));
  // What a base's closure adds, copied into each image built on it (applyOutcome fills it): the image's context
  // takes these as installed when its turn comes, without a pass over every package per image.
  const inheritedAdded = new Map<string, InventoryEntry[]>();
  // Where each entry sits in `packages` (entries are replaced in place and appended, never removed), and the
  // inherited entries still without a version by the line they come from, so applying an outcome never scans
  // the whole inventory per resolved requirement.
  const positions = new Map<InventoryEntry, number>(packages.map((p, i) => [p, i]));
  const unversionedInherited = new Map<string, number[]>();
  packages.forEach((p, i) => {
    if (p.inheritedFrom === undefined || p.version !== undefined) return;
    const key = inheritedLineKey(p);
    const list = unversionedInherited.get(key);
    if (list) list.push(i);
    else unversionedInherited.set(key, [i]);
  });
  // Each image's own included names: an image's own entries change only when its own context runs, which is after
  // every base whose closure copies into it, so the inventory's view is the one applyOutcome needs.
  const ownIncluded = new Map<string, Set<string>>();
  for (const p of packages) {
    if (p.image === undefined || p.inheritedFrom !== undefined || p.status !== 'included') continue;
    let names = ownIncluded.get(p.image);
    if (!names) ownIncluded.set(p.image, (names = new Set()));
    names.add(`${p.ecosystem}:${p.normalizedName}`);
  }
  const state: ApplyState = { packages, positions, unversionedInherited, inheritedAdded, ownIncluded };
  // Contexts of images wait for their bases (what a base adds is installed in the images on it); the rest run at once.
  const done = new Map<string, Promise<void>>();
  const imageByName = new Map(inventory.images.map((i) => [i.name, i]));
  const run = async (context: Context): Promise<void> => {
    const chain = context.image !== undefined ? (imageByName.get(context.image)?.baseChain ?? []) : [];
    await Promise.all(chain.map((base) => done.get(`image:${base}`)));
    if (context.image !== undefined) {
      // Inherited entries added by a base's closure since the inventory was built.
      for (const p of inheritedAdded.get(context.image) ?? []) if (p.status === 'included') context.installed.push(p);
    }
    if (context.roots.length > 0 && sources.pypi) {
      const outcome = await resolvePypiContext(context, sources.pypi, options);
      resolved.push(outcome.resolved);
      for (const diagnostic of outcome.diagnostics) diagnostics.push(diagnostic);
      applyOutcome(context, outcome, state, derivedOf.get(context.image ?? '') ?? []);
    }
    if (context.npmRoots.length > 0 && sources.npm) {
      const outcome = await resolveNpmContext(context, sources.npm);
      resolved.push(outcome.resolved);
      for (const diagnostic of outcome.diagnostics) diagnostics.push(diagnostic);
      applyOutcome(context, outcome, state, derivedOf.get(context.image ?? '') ?? []);
    }
  };
  for (const context of contexts) done.set(context.key, run(context));
  await Promise.all(done.values());
  resolved.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : a.ecosystem < b.ecosystem ? -1 : 1));
  return { contexts: resolved, inventory: { ...inventory, packages, diagnostics: [...inventory.diagnostics, ...diagnostics] }, diagnostics };
}

interface Outcome {
  resolved: ResolvedContext;
  diagnostics: Diagnostic[];
  /** Direct entries whose version the resolver picked. */
  versions: Map<InventoryEntry, { version: string; how: string }>;
  /** New entries (transitive releases the context adds). */
  added: InventoryEntry[];
  /** Installed entries the resolution replaces, with the release that replaces them. */
  replaced: Map<InventoryEntry, string>;
}

interface ApplyState {
  packages: InventoryEntry[];
  positions: Map<InventoryEntry, number>;
  unversionedInherited: Map<string, number[]>;
  inheritedAdded: Map<string, InventoryEntry[]>;
  ownIncluded: Map<string, Set<string>>;
}

/** The requirement line an inherited entry was copied from (its base's manifest line). */
function inheritedLineKey(entry: InventoryEntry): string {
  return `${entry.normalizedName}\0${entry.location.file}\0${entry.location.line}`;
}

function applyOutcome(context: Context, outcome: Outcome, state: ApplyState, derivedImages: string[]): void {
  const { packages, positions } = state;
  const replaceAt = (index: number, entry: InventoryEntry): void => {
    positions.delete(packages[index]!);
    packages[index] = entry;
    positions.set(entry, index);
  };
  const append = (entry: InventoryEntry): void => {
    positions.set(entry, packages.length);
    packages.push(entry);
  };
  for (const [entry, { version, how }] of outcome.versions) {
    const index = positions.get(entry);
    const resolved = { from: entry.specifier ?? '(any version)', how };
    const updated: InventoryEntry = { ...entry, version, resolved };
    if (index !== undefined) replaceAt(index, updated);
    // The images built on this one inherit the same release.
    const inherited = state.unversionedInherited.get(inheritedLineKey(entry)) ?? [];
    for (const i of inherited) {
      const p = packages[i]!;
      if (p.version === undefined) replaceAt(i, { ...p, version, resolved });
    }
    // Keep the context's own view current (a later step of the same context may read it).
    const rootIndex = context.roots.indexOf(entry);
    if (rootIndex >= 0) context.roots[rootIndex] = updated;
  }
  for (const [entry, by] of outcome.replaced) {
    const index = positions.get(entry);
    if (index !== undefined) replaceAt(index, { ...entry, status: 'skipped', skip: { code: 'overridden', message: `${context.label} installs ${by} instead: the resolution needs it` } });
  }
  for (const added of outcome.added) append(added);
  // What an image adds is installed in every image built on it.
  for (const image of derivedImages) {
    const ownNames = state.ownIncluded.get(image);
    let copies = state.inheritedAdded.get(image);
    if (!copies) state.inheritedAdded.set(image, (copies = []));
    for (const entry of outcome.added) {
      const copy: InventoryEntry = { ...entry, image, inheritedFrom: entry.inheritedFrom ?? entry.image ?? context.label };
      if (ownNames?.has(`${entry.ecosystem}:${entry.normalizedName}`)) {
        copy.status = 'skipped';
        copy.skip = { code: 'overridden', message: `${image} installs its own ${entry.name}, replacing the one from ${copy.inheritedFrom}` };
      }
      append(copy);
      if (copy.relation === 'transitive' && copy.resolvedFrom) copies.push(copy);
    }
  }
}

/** Shortest chains from the direct requirements, in their order: for each release, its parent and the requirement. */
function chains(releases: { key: string; dependencies: { key: string; requirement: string }[] }[], roots: string[]): Map<string, { parent?: string; requirement?: string; root: string }> {
  const byKey = new Map(releases.map((r) => [r.key, r]));
  const reached = new Map<string, { parent?: string; requirement?: string; root: string }>();
  const queue: string[] = [];
  for (const root of roots) {
    if (!reached.has(root) && byKey.has(root)) {
      reached.set(root, { root });
      queue.push(root);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const key = queue[i]!;
    for (const dep of byKey.get(key)!.dependencies) {
      if (reached.has(dep.key) || !byKey.has(dep.key)) continue;
      reached.set(dep.key, { parent: key, requirement: dep.requirement, root: reached.get(key)!.root });
      queue.push(dep.key);
    }
  }
  return reached;
}

function stepsTo(key: string, reached: Map<string, { parent?: string; requirement?: string; root: string }>, describe: (key: string) => { name: string; version: string }): ResolvedFromStep[] {
  const steps: ResolvedFromStep[] = [];
  let at = reached.get(key);
  while (at?.parent !== undefined) {
    steps.unshift({ ...describe(at.parent), requirement: at.requirement! });
    at = reached.get(at.parent);
  }
  return steps;
}

function problemDiagnostic(problem: ResolveProblem, context: Context, locate: (name: string) => SourceLocation): Diagnostic {
  const where = context.image !== undefined ? ` (image ${context.image})` : '';
  switch (problem.kind) {
    case 'unknown-dependencies':
      return { severity: 'error', code: 'dependencies-unknown', message: `${problem.name} ${problem.version}${where}: dependencies unknown, ${problem.reason}; what it installs is not checked`, location: locate(problem.name) };
    case 'unavailable':
      return { severity: 'error', code: 'closure-incomplete', message: `${problem.name}${where}: ${problem.reason}; its version and dependencies are unknown`, location: locate(problem.name) };
    case 'unusable-dependency':
      return { severity: 'error', code: 'dependency-unusable', message: `${problem.name} ${problem.version}${where} requires ${JSON.stringify(problem.requirement)}: ${problem.reason}; it is not checked`, location: locate(problem.name) };
    case 'invalid-requirement':
      return { severity: 'error', code: 'requirement-unresolvable', message: `${problem.reason}; its dependencies are not resolved`, location: locate(problem.name) };
    case 'root-not-found':
      return { severity: 'warning', code: 'requirement-not-on-index', message: `${problem.reason}, so it adds no dependencies (the names check reports it)`, location: locate(problem.name) };
  }
}

async function resolvePypiContext(context: Context, source: PypiMetadataSource, options: ClosureOptions): Promise<Outcome> {
  const roots = context.roots.map((entry) => ({ entry, specifier: entry.version !== undefined ? `==${entry.version}` : pep440SpecifierOf(entry.specifier ?? '')?.toString() }));
  const diagnostics: Diagnostic[] = [];
  for (const { entry, specifier } of roots) {
    if (specifier === undefined) {
      diagnostics.push({ severity: 'error', code: 'requirement-unresolvable', message: `${entry.name} ${entry.specifier}: no PEP 440 equivalent, so its version and dependencies are not resolved`, location: entry.location });
    }
  }
  const usable = roots.filter((r) => r.specifier !== undefined);
  const installed = new Map<string, { name: string; version: string }>();
  for (const entry of context.installed) if (entry.ecosystem === 'PyPI' && !installed.has(entry.normalizedName)) installed.set(entry.normalizedName, { name: entry.name, version: entry.version! });
  const constraints = context.constraints.filter((c) => c.ecosystem === 'PyPI').map((c) => ({ name: c.name, specifier: c.version !== undefined ? `==${c.version}` : (pep440SpecifierOf(c.specifier ?? '')?.toString() ?? '') }));
  const result: PypiResolution = await resolvePypi(
    usable.map(({ entry, specifier }) => ({
      name: entry.name,
      extras: entry.extras,
      specifier: specifier!,
      ...(entry.installOptions?.noDeps ? { noDeps: true } : {}),
      ...(entry.installOptions?.upgrade ? { upgrade: true } : {}),
    })),
    source,
    {
      pythonVersion: context.python,
      environment: markerEnvironment(context.python),
      ...(options.pre || context.roots.some((r) => r.installOptions?.pre) ? { pre: true } : {}),
      constraints,
      installed,
    },
  );
  const rootLocation = new Map<string, SourceLocation>();
  for (const { entry } of roots) if (!rootLocation.has(entry.normalizedName)) rootLocation.set(entry.normalizedName, entry.location);
  const base: ResolvedContext = { label: context.label, ...(context.image !== undefined ? { image: context.image } : {}), ecosystem: 'PyPI', python: context.python, status: 'resolved', packages: [], stats: { rejected: result.stats.rejected, backjumps: result.stats.backjumps } };
  const outcome: Outcome = { resolved: base, diagnostics, versions: new Map(), added: [], replaced: new Map() };

  if (result.status === 'conflict') {
    base.status = 'conflict';
    base.message = result.message;
    diagnostics.push({
      severity: 'error',
      code: 'resolution-conflict',
      message: `cannot resolve the dependencies of ${context.image !== undefined ? `image ${context.image}` : context.label}: ${result.message}; only the direct requirements are checked`,
      location: usable[0]?.entry.location ?? context.firstLocation,
    });
    return outcome;
  }

  const releases = new Map(result.releases.map((r) => [r.normalizedName, r]));
  const reached = chains(
    result.releases.map((r) => ({ key: r.normalizedName, dependencies: r.dependencies.map((d) => ({ key: d.normalizedName, requirement: d.requirement })) })),
    usable.map((r) => r.entry.normalizedName),
  );
  const describe = (key: string) => ({ name: releases.get(key)!.name, version: releases.get(key)!.version });
  const locate = (name: string): SourceLocation => {
    const key = normalizePypiName(name);
    const root = reached.get(key)?.root;
    // A requirement the user wrote is located at its own line; anything else at the direct requirement above it.
    return rootLocation.get(key) ?? (root !== undefined ? rootLocation.get(root) : undefined) ?? usable[0]?.entry.location ?? context.firstLocation;
  };
  for (const problem of result.problems) diagnostics.push(problemDiagnostic(problem, context, locate));

  const how = `the release pip would install with everything else ${context.image !== undefined ? `image ${context.image}` : context.label} installs, for Python ${context.python}`;
  const installedEntries = new Map<string, InventoryEntry[]>();
  for (const entry of context.installed) if (entry.ecosystem === 'PyPI') installedEntries.set(entry.normalizedName, [...(installedEntries.get(entry.normalizedName) ?? []), entry]);
  const rootNames = new Set(usable.map((r) => r.entry.normalizedName));

  for (const release of result.releases) {
    const reach = reached.get(release.normalizedName);
    const direct = rootNames.has(release.normalizedName);
    const resolvedFrom = direct ? [] : stepsTo(release.normalizedName, reached, describe);
    const location = (reach ? rootLocation.get(reach.root) : undefined) ?? context.firstLocation;
    const parents = result.releases.filter((r) => r.dependencies.some((d) => d.normalizedName === release.normalizedName)).map((r) => r.name);
    base.packages.push(closurePackage('PyPI', release, direct, resolvedFrom, location, [...new Set(parents)].sort()));
    if (direct) {
      if (release.version !== '') {
        for (const { entry } of usable) if (entry.normalizedName === release.normalizedName && entry.version === undefined) outcome.versions.set(entry, { version: release.version, how });
      }
      continue;
    }
    if (release.installed) continue;
    for (const old of installedEntries.get(release.normalizedName) ?? []) if (old.version !== release.version) outcome.replaced.set(old, `${release.name} ${release.version}`);
    outcome.added.push(transitiveEntry('PyPI', release, resolvedFrom, location, context, release.version === '' ? specifierOfIncoming(release.normalizedName, result.releases) : undefined));
  }
  return outcome;
}

function specifierOfIncoming(name: string, releases: ResolvedRelease[]): string | undefined {
  for (const r of releases) for (const d of r.dependencies) if (d.normalizedName === name) return parseRequirement(d.requirement).specifier || undefined;
  return undefined;
}

function closurePackage(
  ecosystem: Ecosystem,
  release: { name: string; normalizedName: string; version: string; installed: boolean; extras: string[] },
  direct: boolean,
  resolvedFrom: ResolvedFromStep[],
  location: SourceLocation,
  requiredBy: string[],
  installPath?: string,
): ClosurePackage {
  return {
    ecosystem,
    name: release.name,
    normalizedName: release.normalizedName,
    version: release.version,
    relation: direct ? 'direct' : 'transitive',
    installed: release.installed,
    resolvedFrom,
    location,
    extras: release.extras,
    requiredBy,
    ...(installPath !== undefined ? { installPath } : {}),
  };
}

function transitiveEntry(
  ecosystem: Ecosystem,
  release: { name: string; normalizedName: string; version: string; extras: string[] },
  resolvedFrom: ResolvedFromStep[],
  location: SourceLocation,
  context: Context,
  specifier?: string,
  installPath?: string,
): InventoryEntry {
  return {
    ecosystem,
    name: release.name,
    normalizedName: release.normalizedName,
    ...(release.version !== '' ? { version: release.version } : specifier !== undefined ? { specifier } : {}),
    extras: release.extras,
    relation: 'transitive',
    location,
    resolvedFrom,
    ...(context.image !== undefined ? { image: context.image } : {}),
    status: 'included',
    ...(installPath !== undefined ? { installPath } : {}),
  };
}

async function resolveNpmContext(context: Context, source: NpmPackumentSource): Promise<Outcome> {
  const result: NpmResolution = await resolveNpm(
    context.npmRoots.map((entry) => ({ name: entry.name, spec: entry.version ?? entry.specifier ?? '*', type: npmEdgeType(entry.group) })),
    source,
  );
  const base: ResolvedContext = { label: context.label, ...(context.image !== undefined ? { image: context.image } : {}), ecosystem: 'npm', status: result.status === 'resolved' ? 'resolved' : 'conflict', packages: [] };
  const outcome: Outcome = { resolved: base, diagnostics: [], versions: new Map(), added: [], replaced: new Map() };
  const rootLocation = new Map<string, SourceLocation>();
  for (const entry of context.npmRoots) if (!rootLocation.has(entry.normalizedName)) rootLocation.set(entry.normalizedName, entry.location);
  const firstRoot = context.npmRoots[0]!.location;
  for (const problem of result.problems) {
    outcome.diagnostics.push({ severity: 'error', code: problem.kind === 'unavailable' ? 'closure-incomplete' : 'resolution-conflict', message: `${problem.name}${context.image !== undefined ? ` (image ${context.image})` : ''}: ${problem.reason}`, location: rootLocation.get(problem.root ?? '') ?? firstRoot });
  }
  if (result.status !== 'resolved') {
    base.message = result.message;
    return outcome;
  }
  const how = `the version npm would install with everything else ${context.label} installs`;
  for (const node of result.nodes) {
    const location = rootLocation.get(node.root) ?? firstRoot;
    const direct = node.resolvedFrom.length === 0;
    const parent = node.resolvedFrom[node.resolvedFrom.length - 1];
    base.packages.push(closurePackage('npm', { ...node, installed: false, extras: [] }, direct, node.resolvedFrom, location, parent ? [parent.name] : [], node.path));
    if (direct) {
      for (const entry of context.npmRoots) if (entry.normalizedName === node.normalizedName && entry.version === undefined) outcome.versions.set(entry, { version: node.version, how });
      continue;
    }
    outcome.added.push(transitiveEntry('npm', { ...node, extras: [] }, node.resolvedFrom, location, context, undefined, node.path));
  }
  return outcome;
}

function npmEdgeType(group: string | undefined): 'prod' | 'dev' | 'optional' | 'peer' {
  return group === 'dev' ? 'dev' : group === 'optional' ? 'optional' : group === 'peer' ? 'peer' : 'prod';
}
