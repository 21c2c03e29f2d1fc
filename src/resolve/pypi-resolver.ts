// The PyPI resolver: the set of releases `pip install` would pick for a list of requirements, from registry
// metadata alone (nothing is built or executed). It is pip 23.2's resolver: resolvelib 1.0.1's resolution loop
// (pin the most preferred unsatisfied name, try its candidates newest first, backjump to the state that caused a
// conflict) with pip's provider (its preference order, its candidate order: an installed release that satisfies
// first, then the index newest first, yanked releases only for a pin that only yanked releases satisfy, extras as
// their own names that depend on their exact base release, Requires-Python as a dependency). Following pip step for
// step is what makes the closure the one pip installs, backtracking included.
// https://github.com/sarugaku/resolvelib/blob/1.0.1/src/resolvelib/resolvers.py ,
// https://github.com/pypa/pip/tree/23.2/src/pip/_internal/resolution/resolvelib
import { countWork } from '../work-meter';
import { normalizePypiName } from '../normalize';
import { evaluateMarker, parseRequirement, type MarkerEnvironment } from '../sources/pep508';
import { compareVersions, SpecifierSet } from './pep440';
import type { IndexFile, Lookup, PypiMetadataSource, ReleaseMetadata } from './pypi-source';
import { fileInstallable, type TargetInterpreter } from './wheel-tags';

/** The name pip gives its Requires-Python pseudo-project. */
export const REQUIRES_PYTHON_ID = '<Python from Requires-Python>';

/** One requirement the user asked for (a line of requirements.txt, a Dockerfile spec, a Pipfile entry). */
export interface RootRequirement {
  name: string;
  extras: string[];
  /** PEP 440 specifier as written, '' for any version. */
  specifier: string;
  /** `pip install --no-deps`: this project's dependencies are not installed. */
  noDeps?: boolean;
  /** `pip install --upgrade`: an installed release of this project is not preferred over a newer one. */
  upgrade?: boolean;
}

export interface PypiResolveOptions {
  /** The interpreter's version, `3.12` or `3.12.4` (Requires-Python is checked against it). */
  pythonVersion: string;
  /** Marker environment of the target (see sources/pep508 markerEnvironment). */
  environment: MarkerEnvironment;
  /** `--pre`: pre-releases are candidates like any release. */
  pre?: boolean;
  /** Constraints (`-c` files): they narrow a project's versions when something requires it, and add nothing. */
  constraints?: { name: string; specifier: string }[];
  /** What is already installed (normalized name -> version): pip keeps an installed release that satisfies. */
  installed?: Map<string, { name: string; version: string }>;
  /** Resolution rounds before giving up (pip allows 2,000,000; each round pins or backtracks once). */
  maxRounds?: number;
}

/** A release in the result. */
export interface ResolvedRelease {
  name: string;
  normalizedName: string;
  version: string;
  /** Already installed (from the base image) and kept. */
  installed: boolean;
  /** Extras the closure needs of it. */
  extras: string[];
  /** Requirements of this release that the closure follows (markers true), each to a resolved project. */
  dependencies: { normalizedName: string; requirement: string }[];
}

export type ResolveProblem =
  | { kind: 'unknown-dependencies'; name: string; version: string; reason: string }
  | { kind: 'unavailable'; name: string; reason: string }
  | { kind: 'root-not-found'; name: string; reason: string }
  | { kind: 'invalid-requirement'; name: string; reason: string }
  | { kind: 'unusable-dependency'; name: string; version: string; requirement: string; reason: string };

export interface ConflictCause {
  /** The requirement as stated (`urllib3<2,>=1.21.1`, `Python>=3.12`). */
  requirement: string;
  /** The release that states it; absent for a requirement the user wrote. */
  parent?: { name: string; version: string };
}

export interface ResolveStats {
  rounds: number;
  /** Candidates tried and dropped because of a conflict (pip logs these as "looking at multiple versions"). */
  rejected: number;
  /** Times the resolver had to undo earlier pins. */
  backjumps: number;
  /** Every pin in order (`name-version`), for comparing the search with pip's. */
  pins: string[];
  /**
   * The documents the resolution itself read (not those fetched ahead of need): release lists by name, and release
   * metadata with the projects each release requires. The bench derives its request floors from these.
   */
  read: { projects: string[]; releases: { release: string; requires: string[] }[] };
}

export type PypiResolution =
  | { status: 'resolved'; releases: ResolvedRelease[]; problems: ResolveProblem[]; stats: ResolveStats }
  | { status: 'conflict'; message: string; causes: ConflictCause[]; problems: ResolveProblem[]; stats: ResolveStats };

// ---------------------------------------------------------------------------------------------------------------
// Candidates and requirements, as pip models them

type Candidate =
  | { kind: 'index' | 'installed'; key: string; name: string; project: string; version: string }
  | { kind: 'extras'; key: string; name: string; project: string; version: string; base: Candidate; extras: string[] }
  | { kind: 'python'; key: string; name: string; project: string; version: string }
  /** A project whose releases could not be fetched: it satisfies every requirement and depends on nothing. */
  | { kind: 'unavailable'; key: string; name: string; project: string; version: string };

type Requirement =
  | { kind: 'specifier'; name: string; project: string; extras: string[]; specifier: SpecifierSet; text: string }
  | { kind: 'explicit'; name: string; candidate: Candidate }
  | { kind: 'python'; name: string; specifier: SpecifierSet; text: string };

interface Information {
  requirement: Requirement;
  parent: Candidate | null;
}

interface CandidateSequence {
  /** Candidates in the order they are tried; the index is read only when the installed release is not enough. */
  iterate(): AsyncGenerator<Candidate>;
  /** The candidate tried first (without reading the index when an installed release comes first). */
  first(): Promise<Candidate | undefined>;
  nonEmpty(): Promise<boolean>;
}

interface Criterion {
  candidates: CandidateSequence;
  information: Information[];
  incompatibilities: Candidate[];
}

interface State {
  mapping: Map<string, Candidate>;
  criteria: Map<string, Criterion>;
  backtrackCauses: Information[];
}

class RequirementsConflicted extends Error {
  constructor(readonly criterion: Criterion) {
    super('requirements conflict');
  }
}

class ResolutionImpossible extends Error {
  constructor(readonly causes: Information[]) {
    super('resolution impossible');
  }
}

class ResolutionTooDeep extends Error {}

/** `name[extra1,extra2]` with canonical extras, pip's format_name. */
function formatName(project: string, extras: readonly string[]): string {
  if (extras.length === 0) return project;
  return `${project}[${[...new Set(extras.map(normalizePypiName))].sort().join(',')}]`;
}

function splitIdentifier(identifier: string): { project: string; extras: string[] } {
  const open = identifier.indexOf('[');
  if (open < 0 || !identifier.endsWith(']')) return { project: identifier, extras: [] };
  return { project: identifier.slice(0, open), extras: identifier.slice(open + 1, -1).split(',') };
}

function fixedSequence(candidates: Candidate[]): CandidateSequence {
  return {
    async *iterate() {
      yield* candidates;
    },
    first: async () => candidates[0],
    nonEmpty: async () => candidates.length > 0,
  };
}

function requirementText(req: Requirement): string {
  return req.kind === 'explicit' ? `${req.candidate.name}==${req.candidate.version}` : req.text;
}

// ---------------------------------------------------------------------------------------------------------------

interface ParsedDependency {
  name: string;
  project: string;
  extras: string[];
  specifier: SpecifierSet;
  marker?: string;
  url?: string;
  text: string;
}

/** Resolves requirements to the releases pip would install. Never throws for registry or metadata faults. */
export async function resolvePypi(roots: RootRequirement[], source: PypiMetadataSource, options: PypiResolveOptions): Promise<PypiResolution> {
  return new PipResolution(source, options).run(roots);
}

class PipResolution {
  private readonly candidates = new Map<string, Candidate>();
  private readonly metadata = new Map<string, Promise<Lookup<ReleaseMetadata>>>();
  private readonly projects = new Map<string, Promise<Lookup<{ name: string; releases: Record<string, IndexFile[]> }>>>();
  private readonly parsedDependencies = new Map<string, ParsedDependency | { error: string }>();
  private readonly problems = new Map<string, ResolveProblem>();
  private readonly userRequested = new Map<string, number>();
  private readonly knownDepths = new Map<string, number>();
  private readonly constraints = new Map<string, SpecifierSet>();
  private readonly noDeps = new Set<string>();
  private readonly upgrade = new Set<string>();
  private readonly displayNames = new Map<string, string>();
  private readonly pythonCandidate: Candidate;
  private readonly target: TargetInterpreter;
  private readonly stats: ResolveStats = { rounds: 0, rejected: 0, backjumps: 0, pins: [], read: { projects: [], releases: [] } };
  private readonly readProjects = new Set<string>();
  private readonly readReleases = new Map<string, Set<string>>();
  private states: State[] = [];

  constructor(
    private readonly source: PypiMetadataSource,
    private readonly options: PypiResolveOptions,
  ) {
    const python = options.pythonVersion.split('.').length === 2 ? `${options.pythonVersion}.0` : options.pythonVersion;
    this.target = { pythonVersion: python, machine: options.environment.platform_machine || 'x86_64' };
    this.pythonCandidate = { kind: 'python', key: `python@${python}`, name: REQUIRES_PYTHON_ID, project: REQUIRES_PYTHON_ID, version: python };
    for (const c of options.constraints ?? []) {
      const project = normalizePypiName(c.name);
      const spec = this.specifierOrUndefined(c.specifier);
      if (spec) this.constraints.set(project, (this.constraints.get(project) ?? SpecifierSet.EMPTY).and(spec));
    }
  }

  private get state(): State {
    return this.states[this.states.length - 1]!;
  }

  private specifierOrUndefined(text: string): SpecifierSet | undefined {
    try {
      return SpecifierSet.parse(text);
    } catch {
      return undefined;
    }
  }

  async run(roots: RootRequirement[]): Promise<PypiResolution> {
    const result = await this.runResolution(roots);
    this.finished = true;
    this.stats.read = { projects: [...this.readProjects], releases: [...this.readReleases].map(([release, requires]) => ({ release, requires: [...requires] })) };
    return result;
  }

  /** Set when the resolution is over: nothing more is fetched ahead. */
  private finished = false;

  private async runResolution(roots: RootRequirement[]): Promise<PypiResolution> {
    const parsed = roots.map((root) => ({ root, project: normalizePypiName(root.name), specifier: this.specifierOrUndefined(root.specifier) }));
    // A requirement the user wrote for a project the index does not have is the names check's to report: it is left
    // out and the rest of the closure is still resolved (pip would stop here). Asked for all at once.
    const listed = parsed.map(({ project, specifier }) => {
      const installed = this.options.installed?.get(project);
      return installed && specifier?.contains(installed.version, true) ? undefined : this.projectReleases(project);
    });
    const rootRequirements: Requirement[] = [];
    for (const [index, { root, project, specifier }] of parsed.entries()) {
      if (!specifier) {
        this.problem({ kind: 'invalid-requirement', name: root.name, reason: `${root.name}${root.specifier}: not a valid PEP 440 specifier` });
        continue;
      }
      if (listed[index] !== undefined) this.readProjects.add(project);
      if ((await listed[index])?.status === 'not-found') {
        this.problem({ kind: 'root-not-found', name: root.name, reason: `no project named ${root.name} on the index` });
        continue;
      }
      this.displayNames.set(project, root.name);
      if (root.noDeps) this.noDeps.add(project);
      if (root.upgrade) this.upgrade.add(project);
      const requirement: Requirement = {
        kind: 'specifier',
        name: formatName(project, root.extras),
        project,
        extras: root.extras.map(normalizePypiName),
        specifier,
        text: `${root.name}${root.extras.length ? `[${root.extras.join(',')}]` : ''}${root.specifier}`,
      };
      if (!this.userRequested.has(requirement.name)) this.userRequested.set(requirement.name, index);
      rootRequirements.push(requirement);
    }
    try {
      const state = await this.resolve(rootRequirements, this.options.maxRounds ?? 200_000);
      return { status: 'resolved', releases: await this.buildResult(state), problems: [...this.problems.values()], stats: this.stats };
    } catch (error) {
      if (error instanceof ResolutionImpossible) {
        const causes = error.causes.map((c) => this.describeCause(c));
        return { status: 'conflict', message: conflictMessage(causes, this.pythonCandidate.version, this.platformNote(error.causes)), causes, problems: [...this.problems.values()], stats: this.stats };
      }
      if (error instanceof ResolutionTooDeep) {
        return {
          status: 'conflict',
          message: `gave up after ${this.stats.rounds} resolution rounds (${this.stats.backjumps} backtracks) without a solution`,
          causes: [],
          problems: [...this.problems.values()],
          stats: this.stats,
        };
      }
      throw error;
    }
  }

  private problem(p: ResolveProblem): void {
    const key = `${p.kind}:${p.name}:${'version' in p ? p.version : ''}:${'requirement' in p ? p.requirement : ''}`;
    if (!this.problems.has(key)) this.problems.set(key, p);
  }

  /** Why a project in a conflict may have had no release to offer: its files are all for other targets. */
  private platformNote(causes: Information[]): string {
    const notes: string[] = [];
    for (const project of new Set(causes.map((c) => (c.requirement.kind === 'specifier' ? c.requirement.project : '')))) {
      const skipped = this.wrongPlatform.get(project);
      if (skipped) notes.push(`${skipped} release${skipped === 1 ? '' : 's'} of ${this.displayName(project)}`);
    }
    const [major, minor] = this.target.pythonVersion.split('.');
    return notes.length === 0 ? '' : ` (${notes.join(', ')} only have files for other platforms or Python versions than CPython ${major}.${minor} on Linux ${this.target.machine})`;
  }

  private describeCause(info: Information): ConflictCause {
    const parent = info.parent ? { name: this.displayName(info.parent.project), version: info.parent.version } : undefined;
    return { requirement: requirementText(info.requirement), ...(parent ? { parent } : {}) };
  }

  private displayName(project: string): string {
    return this.displayNames.get(project) ?? project;
  }

  // --- data ---------------------------------------------------------------------------------------------------

  private projectReleases(project: string): Promise<Lookup<{ name: string; releases: Record<string, IndexFile[]> }>> {
    let pending = this.projects.get(project);
    if (!pending) {
      pending = this.source.project(project);
      this.projects.set(project, pending);
      void pending.then((r) => {
        if (r.status === 'found' && !this.displayNames.has(project)) this.displayNames.set(project, r.value.name);
      });
    }
    return pending;
  }

  private releaseMetadata(project: string, version: string): Promise<Lookup<ReleaseMetadata>> {
    const key = `${project}@${version}`;
    let pending = this.metadata.get(key);
    if (!pending) {
      pending = this.source.release(project, version);
      this.metadata.set(key, pending);
    }
    return pending;
  }

  /** The release's metadata for the resolution itself: when it cannot be known, that is recorded as a problem. */
  private async usedMetadata(project: string, version: string): Promise<ReleaseMetadata | undefined> {
    if (!this.readReleases.has(`${project}@${version}`)) this.readReleases.set(`${project}@${version}`, new Set());
    const r = await this.releaseMetadata(project, version);
    if (r.status === 'found') return r.value;
    this.problem({
      kind: 'unknown-dependencies',
      name: this.displayName(project),
      version,
      reason: r.status === 'not-found' ? 'the index has no metadata for this release' : `its metadata could not be fetched: ${r.reason}`,
    });
    return undefined;
  }

  private parseDependency(text: string): ParsedDependency | { error: string } {
    let parsed = this.parsedDependencies.get(text);
    if (!parsed) {
      try {
        const req = parseRequirement(text);
        const specifier = SpecifierSet.parse(req.specifier);
        const project = normalizePypiName(req.name);
        parsed = {
          name: req.name,
          project,
          extras: req.extras.map(normalizePypiName),
          specifier,
          ...(req.marker !== undefined ? { marker: req.marker } : {}),
          ...(req.url !== undefined ? { url: req.url } : {}),
          text: `${req.name}${req.extras.length ? `[${req.extras.join(',')}]` : ''}${req.url !== undefined ? ` @ ${req.url}` : specifier.toString()}`,
        };
      } catch (error) {
        parsed = { error: (error as Error).message };
      }
      this.parsedDependencies.set(text, parsed);
    }
    return parsed;
  }

  /** pip's match_markers: a marker holds when it is true for one of the requested extras (or for none). */
  private markerHolds(marker: string | undefined, extras: readonly string[]): boolean {
    if (marker === undefined) return true;
    const contexts = extras.length > 0 ? extras : [''];
    try {
      return contexts.some((extra) => evaluateMarker(marker, { ...this.options.environment, extra }));
    } catch {
      return false;
    }
  }

  /** Requires-Dist of a release as requirements, for the given extras; unknown metadata is reported, never "none". */
  private async dependenciesOf(project: string, version: string, extras: readonly string[]): Promise<Requirement[]> {
    const meta = await this.usedMetadata(project, version);
    if (!meta) return [];
    if (meta.requiresDist === null) {
      if (!meta.hasWheel) {
        this.problem({
          kind: 'unknown-dependencies',
          name: this.displayName(project),
          version,
          reason: 'the index lists no dependencies for this sdist-only release, which means they are only known after building it',
        });
      }
      return [];
    }
    const out: Requirement[] = [];
    for (const text of meta.requiresDist) {
      countWork('resolve.dependencies', 1);
      const dep = this.parseDependency(text);
      if ('error' in dep) {
        this.problem({ kind: 'unusable-dependency', name: this.displayName(project), version, requirement: text, reason: dep.error });
        continue;
      }
      if (!this.markerHolds(dep.marker, extras)) continue;
      if (dep.url !== undefined) {
        this.problem({ kind: 'unusable-dependency', name: this.displayName(project), version, requirement: text, reason: 'a direct URL, not a registry release' });
        continue;
      }
      if (!this.displayNames.has(dep.project)) this.displayNames.set(dep.project, dep.name);
      this.readReleases.get(`${project}@${version}`)?.add(dep.project);
      out.push({ kind: 'specifier', name: formatName(dep.project, dep.extras), project: dep.project, extras: dep.extras, specifier: dep.specifier, text: dep.text });
    }
    return out;
  }

  private async getDependencies(candidate: Candidate): Promise<Requirement[]> {
    switch (candidate.kind) {
      case 'python':
      case 'unavailable':
        return [];
      case 'installed':
        if (this.noDeps.has(candidate.project)) return [];
        return this.dependenciesOf(candidate.project, candidate.version, []);
      case 'index': {
        const deps = this.noDeps.has(candidate.project) ? [] : await this.dependenciesOf(candidate.project, candidate.version, []);
        const meta = await this.usedMetadata(candidate.project, candidate.version);
        const requiresPython = meta?.requiresPython?.trim() ? this.specifierOrUndefined(meta.requiresPython) : undefined;
        if (requiresPython && !requiresPython.isEmpty) deps.push({ kind: 'python', name: REQUIRES_PYTHON_ID, specifier: requiresPython, text: `Python${requiresPython.toString()}` });
        return deps;
      }
      case 'extras': {
        const deps: Requirement[] = [{ kind: 'explicit', name: candidate.base.name, candidate: candidate.base }];
        if (this.noDeps.has(candidate.project)) return deps;
        const meta = await this.usedMetadata(candidate.project, candidate.version);
        const provided = meta ? providedExtras(meta) : new Set<string>();
        const valid = candidate.extras.filter((e) => provided.has(e));
        for (const dep of await this.dependenciesOf(candidate.project, candidate.version, valid)) deps.push(dep);
        return deps;
      }
    }
  }

  // --- prefetching --------------------------------------------------------------------------------------------
  // The resolution loop reads one document at a time. So that it rarely waits, what it will read next is fetched
  // ahead: the dependencies' release lists as soon as a release's metadata arrives, then the metadata of the
  // release each dependency would be tried with first, and so on down. In a resolution without conflicts that is
  // exactly what the loop reads; otherwise a few documents more.

  private readonly speculated = new Set<string>();

  private speculateRelease(project: string, version: string, extras: readonly string[]): void {
    const key = `${project}@${version}[${extras.join(',')}]`;
    if (this.finished || this.speculated.has(key) || this.noDeps.has(project)) return;
    this.speculated.add(key);
    void this.releaseMetadata(project, version).then((r) => {
      if (r.status !== 'found' || r.value.requiresDist === null) return;
      const provided = providedExtras(r.value);
      const valid = extras.filter((e) => provided.has(e));
      for (const text of r.value.requiresDist) {
        const dep = this.parseDependency(text);
        if ('error' in dep || dep.url !== undefined || !this.markerHolds(dep.marker, valid)) continue;
        this.speculateRequirement(dep.project, dep.specifier, dep.extras);
      }
    });
  }

  private speculateRequirement(project: string, specifier: SpecifierSet, extras: readonly string[]): void {
    const key = `${project}${specifier.toString()}[${extras.join(',')}]`;
    if (this.finished || this.speculated.has(key)) return;
    this.speculated.add(key);
    const merged = (this.constraints.get(project) ?? SpecifierSet.EMPTY).and(specifier);
    const installed = this.options.installed?.get(project);
    if (installed && merged.contains(installed.version, true)) {
      this.speculateRelease(project, installed.version, extras);
      return;
    }
    void this.indexVersions(project, merged, false).then((versions) => {
      const first = versions[0];
      if (first) this.speculateRelease(project, first, extras);
    });
  }

  private unavailableCandidate(project: string, extras: readonly string[]): Candidate {
    const name = formatName(project, extras);
    const key = `unavailable:${name}`;
    let c = this.candidates.get(key);
    if (!c) {
      c = { kind: 'unavailable', key, name, project, version: '' };
      this.candidates.set(key, c);
    }
    return c;
  }

  private candidate(kind: 'index' | 'installed', project: string, version: string): Candidate {
    const key = `${kind}:${project}@${version}`;
    let c = this.candidates.get(key);
    if (!c) {
      c = { kind, key, name: project, project, version };
      this.candidates.set(key, c);
    }
    return c;
  }

  private extrasCandidate(base: Candidate, extras: readonly string[]): Candidate {
    const sorted = [...new Set(extras)].sort();
    const key = `extras:${base.key}[${sorted.join(',')}]`;
    let c = this.candidates.get(key);
    if (!c) {
      c = { kind: 'extras', key, name: formatName(base.project, sorted), project: base.project, version: base.version, base, extras: sorted };
      this.candidates.set(key, c);
    }
    return c;
  }

  private withExtras(base: Candidate, extras: readonly string[]): Candidate {
    return extras.length === 0 ? base : this.extrasCandidate(base, extras);
  }

  private isSatisfiedBy(requirement: Requirement, candidate: Candidate): boolean {
    switch (requirement.kind) {
      case 'explicit':
        return candidate.key === requirement.candidate.key;
      case 'specifier':
      case 'python':
        return candidate.kind === 'unavailable' || requirement.specifier.contains(candidate.version, true);
    }
  }

  /** pip's Factory.find_candidates. */
  private findMatches(identifier: string, requirements: (id: string) => Requirement[], incompatibilities: Candidate[]): CandidateSequence {
    const own = requirements(identifier);
    const explicit = new Map<string, Candidate>();
    const ireqs: Extract<Requirement, { kind: 'specifier' }>[] = [];
    for (const req of own) {
      if (req.kind === 'explicit') explicit.set(req.candidate.key, req.candidate);
      else if (req.kind === 'python') {
        if (req.specifier.contains(this.pythonCandidate.version, true)) explicit.set(this.pythonCandidate.key, this.pythonCandidate);
      } else ireqs.push(req);
    }
    const { project, extras } = splitIdentifier(identifier);
    if (extras.length > 0) {
      for (const req of requirements(project)) {
        if (req.kind === 'explicit') {
          const c = this.extrasCandidate(req.candidate, extras);
          explicit.set(c.key, c);
        }
      }
    }
    const incompatible = new Set(incompatibilities.map((c) => c.key));
    const constraint = this.constraints.get(project) ?? SpecifierSet.EMPTY;
    if (explicit.size === 0) return this.foundCandidates(ireqs, constraint, incompatible);
    return fixedSequence(
      [...explicit.values()].filter(
        (c) => !incompatible.has(c.key) && (c.kind === 'python' || constraint.contains(c.version, true)) && own.every((req) => this.isSatisfiedBy(req, c)),
      ),
    );
  }

  /** pip's _iter_found_candidates + FoundCandidates: the installed release first, then the index newest first. */
  private foundCandidates(ireqs: Extract<Requirement, { kind: 'specifier' }>[], constraint: SpecifierSet, incompatible: Set<string>): CandidateSequence {
    if (ireqs.length === 0) return fixedSequence([]);
    const project = ireqs[0]!.project;
    let specifier = constraint;
    const extras = new Set<string>();
    for (const req of ireqs) {
      specifier = specifier.and(req.specifier);
      for (const e of req.extras) extras.add(e);
    }
    const extraList = [...extras];
    const installedRelease = this.options.installed?.get(project);
    let installed: Candidate | undefined;
    if (installedRelease && specifier.contains(installedRelease.version, true)) {
      installed = this.withExtras(this.candidate('installed', project, installedRelease.version), extraList);
      if (incompatible.has(installed.key)) installed = undefined;
    }
    let fromIndex: Promise<{ version: string; candidate: Candidate }[]> | undefined;
    const indexCandidates = () => {
      fromIndex ??= this.indexVersions(project, specifier, true).then((versions) =>
        versions.map((version) => ({ version, candidate: version === '' ? this.unavailableCandidate(project, extraList) : this.withExtras(this.candidate('index', project, version), extraList) })),
      );
      return fromIndex;
    };
    // Without --upgrade pip keeps an installed release that satisfies (it comes first); with it (only-if-needed, for
    // what the user named) the installed release takes its place among the index's versions.
    const prefersInstalled = !this.upgrade.has(project);
    const iterate = async function* (): AsyncGenerator<Candidate> {
      const found = new Set<string>();
      const seen = (version: string) => [...found].some((v) => compareVersions(v, version) === 0);
      if (installed && prefersInstalled) {
        yield installed;
        found.add(installed.version);
        for (const { version, candidate } of await indexCandidates()) {
          if (seen(version)) continue;
          if (!incompatible.has(candidate.key)) yield candidate;
          found.add(version);
        }
        return;
      }
      for (const { version, candidate } of await indexCandidates()) {
        if (seen(version)) continue;
        if (installed && compareVersions(installed.version, version) >= 0) {
          yield installed;
          found.add(installed.version);
        }
        if (!incompatible.has(candidate.key)) yield candidate;
        found.add(version);
      }
      if (installed && !seen(installed.version)) yield installed;
    };
    return {
      iterate,
      first: () => this.firstOf(iterate),
      // pip does not look at the index while an installed release it prefers satisfies.
      nonEmpty: async () => (prefersInstalled && installed !== undefined) || (await this.firstOf(iterate)) !== undefined,
    };
  }

  private async firstOf(iterate: () => AsyncGenerator<Candidate>): Promise<Candidate | undefined> {
    for await (const c of iterate()) return c;
    return undefined;
  }

  /**
   * The index's versions for a merged specifier, in the order pip tries them (pip's PackageFinder and PEP 592):
   * files whose Requires-Python excludes the interpreter are not candidates; pre-releases per packaging's filter;
   * yanked releases only when the specifier pins and every matching release is yanked. `''` stands for a project
   * whose release list could not be fetched.
   */
  private async indexVersions(project: string, specifier: SpecifierSet, record: boolean): Promise<string[]> {
    if (record) this.readProjects.add(project);
    const listed = await this.projectReleases(project);
    if (listed.status === 'not-found') return [];
    if (listed.status === 'failed') {
      if (record) this.problem({ kind: 'unavailable', name: this.displayName(project), reason: `its release list could not be fetched: ${listed.reason}` });
      return [''];
    }
    const { versions, yanked } = this.usableVersions(project, listed.value.releases);
    const applicable = specifier.filter(versions, this.options.pre ? true : undefined);
    const allYanked = applicable.every((v) => yanked.has(v));
    const pinned = specifier.isPinned;
    return applicable.filter((v) => !yanked.has(v) || (allYanked && pinned));
  }

  private readonly usable = new Map<string, { versions: string[]; yanked: Set<string> }>();
  /** Per project, releases left out because none of their files installs on the target (wheels for another OS). */
  private readonly wrongPlatform = new Map<string, number>();

  /**
   * A project's installable versions, newest first, and which are yanked: releases with a file whose Requires-Python
   * accepts the interpreter and whose wheel tags fit it (pip's PackageFinder; wheel-tags.ts), a release counting as
   * yanked when all such files are. Once per project: a name required from many places is filtered many times.
   */
  private usableVersions(project: string, releases: Record<string, IndexFile[]>): { versions: string[]; yanked: Set<string> } {
    let known = this.usable.get(project);
    if (!known) {
      const yanked = new Set<string>();
      const versions: string[] = [];
      let wrongPlatform = 0;
      for (const [version, files] of Object.entries(releases)) {
        const forPython = files.filter((f) => this.acceptsPython(f.requiresPython));
        const installable = forPython.filter((f) => fileInstallable(f, this.target));
        if (installable.length === 0) {
          if (forPython.length > 0) wrongPlatform++;
          continue;
        }
        versions.push(version);
        if (installable.every((f) => f.yanked)) yanked.add(version);
      }
      countWork('resolve.versions', versions.length);
      versions.sort((a, b) => compareVersions(b, a));
      known = { versions, yanked };
      this.usable.set(project, known);
      if (wrongPlatform > 0) this.wrongPlatform.set(project, wrongPlatform);
    }
    return known;
  }

  private acceptsPython(requiresPython: string | null): boolean {
    const text = requiresPython?.trim();
    if (!text) return true;
    const spec = this.specifierOrUndefined(text);
    // pip ignores a Requires-Python it cannot parse.
    return spec === undefined || spec.contains(this.pythonCandidate.version);
  }

  // --- resolvelib's Resolution --------------------------------------------------------------------------------

  private pushNewState(): void {
    const base = this.state;
    this.states.push({ mapping: new Map(base.mapping), criteria: new Map(base.criteria), backtrackCauses: [...base.backtrackCauses] });
  }

  private async addToCriteria(criteria: Map<string, Criterion>, requirement: Requirement, parent: Candidate | null): Promise<void> {
    const identifier = requirement.name;
    const existing = criteria.get(identifier);
    const incompatibilities = existing ? [...existing.incompatibilities] : [];
    const candidates = this.findMatches(
      identifier,
      (id) => (id === identifier ? [...(existing?.information.map((i) => i.requirement) ?? []), requirement] : (criteria.get(id)?.information.map((i) => i.requirement) ?? [])),
      [...(existing?.incompatibilities ?? []), ...incompatibilities],
    );
    const information = [...(existing?.information ?? []), { requirement, parent }];
    const criterion: Criterion = { candidates, information, incompatibilities };
    if (!(await candidates.nonEmpty())) throw new RequirementsConflicted(criterion);
    this.prefetch(candidates);
    criteria.set(identifier, criterion);
  }

  /** Starts fetching what pinning this criterion will read first (its first candidate's metadata, and on down). */
  private prefetch(candidates: CandidateSequence): void {
    void candidates.first().then((first) => {
      if (!first || first.kind === 'python' || first.kind === 'unavailable') return;
      this.speculateRelease(first.project, first.version, first.kind === 'extras' ? first.extras : []);
    });
  }

  private removeInformationFromCriteria(criteria: Map<string, Criterion>, parents: Set<string>): void {
    if (parents.size === 0) return;
    for (const [key, criterion] of criteria) {
      criteria.set(key, {
        candidates: criterion.candidates,
        information: criterion.information.filter((i) => i.parent === null || !parents.has(i.parent.name)),
        incompatibilities: criterion.incompatibilities,
      });
    }
  }

  /** pip 23.2's PipProvider.get_preference; smaller sorts first. */
  private preference(identifier: string): (number | string)[] {
    const information = this.state.criteria.get(identifier)?.information ?? [];
    const hasInformation = information.length > 0;
    // pip 23.2 reads `candidate is not None` of a tuple here, so any requirement at all counts as "direct".
    const direct = hasInformation;
    const operators: string[] = [];
    for (const { requirement } of information) if (requirement.kind === 'specifier') for (const s of requirement.specifier.specs) operators.push(s.operator);
    const pinned = operators.some((op) => op.startsWith('=='));
    const unfree = operators.length > 0;
    const requested = this.userRequested.get(identifier);
    let depth: number;
    if (requested !== undefined) depth = 1;
    else if (hasInformation) depth = information.reduce((least, i) => Math.min(least, i.parent ? (this.knownDepths.get(i.parent.name) ?? Infinity) : 0), Infinity) + 1;
    else depth = Infinity;
    this.knownDepths.set(identifier, depth);
    const backtrackCause = this.state.backtrackCauses.some((c) => c.requirement.name === identifier || c.parent?.name === identifier);
    return [
      identifier === REQUIRES_PYTHON_ID ? 0 : 1,
      direct ? 0 : 1,
      pinned ? 0 : 1,
      backtrackCause ? 0 : 1,
      depth,
      requested ?? Infinity,
      unfree ? 0 : 1,
      identifier,
    ];
  }

  private isCurrentPinSatisfying(name: string, criterion: Criterion): boolean {
    const pin = this.state.mapping.get(name);
    return pin !== undefined && criterion.information.every((i) => this.isSatisfiedBy(i.requirement, pin));
  }

  private async getUpdatedCriteria(candidate: Candidate): Promise<Map<string, Criterion>> {
    const criteria = new Map(this.state.criteria);
    const dependencies = await this.getDependencies(candidate);
    for (const d of dependencies) if (d.kind === 'specifier') this.speculateRequirement(d.project, d.specifier, d.extras);
    for (const requirement of dependencies) await this.addToCriteria(criteria, requirement, candidate);
    return criteria;
  }

  private async attemptToPinCriterion(name: string): Promise<Criterion[]> {
    const criterion = this.state.criteria.get(name)!;
    const causes: Criterion[] = [];
    for await (const candidate of criterion.candidates.iterate()) {
      let criteria: Map<string, Criterion>;
      try {
        criteria = await this.getUpdatedCriteria(candidate);
      } catch (error) {
        if (!(error instanceof RequirementsConflicted)) throw error;
        this.stats.rejected++;
        causes.push(error.criterion);
        continue;
      }
      for (const [key, value] of criteria) this.state.criteria.set(key, value);
      if (candidate.kind !== 'python') this.stats.pins.push(`${candidate.project}-${candidate.version}`);
      this.state.mapping.delete(name);
      this.state.mapping.set(name, candidate);
      return [];
    }
    return causes;
  }

  private async backjump(causes: Information[]): Promise<boolean> {
    this.stats.backjumps++;
    const incompatibleDeps = new Set<string>();
    for (const c of causes) if (c.parent) incompatibleDeps.add(c.parent.name);
    for (const c of causes) incompatibleDeps.add(c.requirement.name);
    while (this.states.length >= 3) {
      this.states.pop();
      let brokenState: State;
      let name: string;
      let candidate: Candidate;
      for (;;) {
        const popped = this.states.pop();
        const last = popped ? [...popped.mapping.entries()].pop() : undefined;
        if (!popped || !last) throw new ResolutionImpossible(causes);
        popped.mapping.delete(last[0]);
        brokenState = popped;
        [name, candidate] = last;
        const dependencies = await this.getDependencies(candidate);
        if (dependencies.some((d) => incompatibleDeps.has(d.name))) break;
      }
      const fromBroken: [string, Candidate[]][] = [...brokenState.criteria].map(([k, v]) => [k, [...v.incompatibilities]]);
      fromBroken.push([name, [candidate]]);
      this.pushNewState();
      if (await this.patchCriteria(fromBroken)) return true;
    }
    return false;
  }

  private async patchCriteria(fromBroken: [string, Candidate[]][]): Promise<boolean> {
    for (const [k, incompatibilities] of fromBroken) {
      if (incompatibilities.length === 0) continue;
      const criterion = this.state.criteria.get(k);
      if (!criterion) continue;
      const candidates = this.findMatches(k, (id) => this.state.criteria.get(id)?.information.map((i) => i.requirement) ?? [], [...criterion.incompatibilities, ...incompatibilities]);
      if (!(await candidates.nonEmpty())) return false;
      for (const incompatibility of criterion.incompatibilities) incompatibilities.push(incompatibility);
      this.state.criteria.set(k, { candidates, information: [...criterion.information], incompatibilities });
    }
    return true;
  }

  private async resolve(requirements: Requirement[], maxRounds: number): Promise<State> {
    this.states = [{ mapping: new Map(), criteria: new Map(), backtrackCauses: [] }];
    for (const r of requirements) if (r.kind === 'specifier') this.speculateRequirement(r.project, r.specifier, r.extras);
    for (const r of requirements) {
      try {
        await this.addToCriteria(this.state.criteria, r, null);
      } catch (error) {
        if (error instanceof RequirementsConflicted) throw new ResolutionImpossible(error.criterion.information);
        throw error;
      }
    }
    this.pushNewState();
    for (let round = 0; round < maxRounds; round++) {
      this.stats.rounds = round + 1;
      countWork('resolve.rounds', 1);
      const unsatisfied: string[] = [];
      for (const [key, criterion] of this.state.criteria) if (!this.isCurrentPinSatisfying(key, criterion)) unsatisfied.push(key);
      if (unsatisfied.length === 0) return this.state;
      const satisfied = new Set([...this.state.criteria.keys()].filter((k) => !unsatisfied.includes(k)));
      let best = unsatisfied[0]!;
      let bestKey = this.preference(best);
      for (const name of unsatisfied.slice(1)) {
        const key = this.preference(name);
        if (compareKeys(key, bestKey) < 0) {
          best = name;
          bestKey = key;
        }
      }
      const failureCauses = await this.attemptToPinCriterion(best);
      if (failureCauses.length > 0) {
        const causes = failureCauses.flatMap((c) => c.information);
        const success = await this.backjump(causes);
        this.state.backtrackCauses.splice(0, this.state.backtrackCauses.length, ...causes);
        if (!success) throw new ResolutionImpossible(this.state.backtrackCauses);
      } else {
        const newlyUnsatisfied = new Set<string>();
        for (const [key, criterion] of this.state.criteria) if (satisfied.has(key) && !this.isCurrentPinSatisfying(key, criterion)) newlyUnsatisfied.add(key);
        this.removeInformationFromCriteria(this.state.criteria, newlyUnsatisfied);
        this.pushNewState();
      }
    }
    throw new ResolutionTooDeep();
  }

  /** resolvelib's _build_result: the pins reachable from the user's requirements, as releases with their edges. */
  private async buildResult(state: State): Promise<ResolvedRelease[]> {
    const pinnedId = new Map<string, string>();
    for (const [id, c] of state.mapping) pinnedId.set(c.key, id);
    const connected = new Set<string | null>([null]);
    const visiting = new Set<string>();
    const routeToRoot = (key: string): boolean => {
      if (connected.has(key)) return true;
      const criterion = state.criteria.get(key);
      if (!criterion || visiting.has(key)) return false;
      visiting.add(key);
      try {
        for (const { parent } of criterion.information) {
          const pkey = parent === null ? null : pinnedId.get(parent.key);
          if (pkey === undefined) continue;
          if (connected.has(pkey) || (pkey !== null && routeToRoot(pkey))) {
            connected.add(key);
            return true;
          }
        }
        return false;
      } finally {
        visiting.delete(key);
      }
    };
    for (const key of state.criteria.keys()) routeToRoot(key);

    const releases = new Map<string, ResolvedRelease>();
    for (const [id, candidate] of state.mapping) {
      if (!connected.has(id) || candidate.kind === 'python') continue;
      const base = candidate.kind === 'extras' ? candidate.base : candidate;
      let release = releases.get(base.project);
      if (!release) {
        release = {
          name: this.displayName(base.project),
          normalizedName: base.project,
          version: base.version,
          installed: base.kind === 'installed',
          extras: [],
          dependencies: [],
        };
        if (base.kind === 'unavailable') release.version = '';
        releases.set(base.project, release);
      }
      if (candidate.kind === 'extras') for (const e of candidate.extras) if (!release.extras.includes(e)) release.extras.push(e);
    }
    // Edges: every requirement a connected pin states for another connected name.
    for (const [id, criterion] of state.criteria) {
      if (!connected.has(id) || id === REQUIRES_PYTHON_ID) continue;
      const child = splitIdentifier(id).project;
      for (const { requirement, parent } of criterion.information) {
        if (!parent || requirement.kind === 'explicit') continue;
        const pid = pinnedId.get(parent.key);
        if (pid === undefined || !connected.has(pid)) continue;
        const from = releases.get(parent.project);
        if (!from || child === parent.project) continue;
        const text = requirementText(requirement);
        if (!from.dependencies.some((d) => d.normalizedName === child && d.requirement === text)) from.dependencies.push({ normalizedName: child, requirement: text });
      }
    }
    for (const release of releases.values()) release.extras.sort();
    return [...releases.values()];
  }
}

function providedExtras(meta: ReleaseMetadata): Set<string> {
  if (meta.providesExtra !== null) return new Set(meta.providesExtra.map(normalizePypiName));
  // Without Provides-Extra, the extras are the ones Requires-Dist markers name.
  const found = new Set<string>();
  for (const text of meta.requiresDist ?? []) {
    for (const match of text.matchAll(/extra\s*==\s*["']([^"']+)["']/g)) found.add(normalizePypiName(match[1]!));
  }
  return found;
}

function compareKeys(a: (number | string)[], b: (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    return x < y ? -1 : 1;
  }
  return 0;
}

function conflictMessage(causes: ConflictCause[], python: string, platformNote: string): string {
  const parts = causes.map((c) =>
    c.requirement.startsWith('Python') && c.parent
      ? `${c.parent.name} ${c.parent.version} requires ${c.requirement} (the target is Python ${python})`
      : c.parent
        ? `${c.parent.name} ${c.parent.version} depends on ${c.requirement}`
        : `the requirement ${c.requirement}`,
  );
  const unique = [...new Set(parts)];
  return `no set of releases satisfies every requirement: ${unique.join('; ')}${platformNote}`;
}
