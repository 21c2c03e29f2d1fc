// What the PyPI resolver reads, behind a small interface (a project's release list, one release's metadata), and
// its implementation on the PyPI JSON API client. Request economy: one project document per name and one release
// document per name@version, each asked once per source; the release a project document describes (its `info`)
// costs no second request. Failures are values, so a missing answer is reported, never taken for "no dependencies".
import { PypiClient, type PypiFile, type PypiInfo, type PypiProject, type PypiRelease } from '../registries/pypi';
import type { RegistryResult } from '../registries/result';
import { isWheel } from './wheel-tags';

/** One distribution file of a release, as the index lists it. */
export interface IndexFile {
  filename: string;
  /** `bdist_wheel`, `sdist`, … (null when the index does not say). */
  packagetype: string | null;
  requiresPython: string | null;
  yanked: boolean;
}

/** A project's releases: every version the index lists, with its files. */
export interface ProjectIndex {
  /** The project's name as its index spells it. */
  name: string;
  releases: Record<string, IndexFile[]>;
}

/** The dependency metadata of one release (the PyPI JSON API's `info`). */
export interface ReleaseMetadata {
  name: string;
  version: string;
  /** Null when the index has no Requires-Dist for the release: see `hasWheel`. */
  requiresDist: string[] | null;
  requiresPython: string | null;
  /** Provides-Extra, when the index serves it; null when it does not say. */
  providesExtra: string[] | null;
  /**
   * Whether the release has a wheel. PyPI serves `requires_dist: null` both for a wheel without dependencies and for
   * an sdist whose dependencies are only known after building it, so null means "none" only when this is true.
   */
  hasWheel: boolean;
}

export type Lookup<T> = { status: 'found'; value: T } | { status: 'not-found' } | { status: 'failed'; reason: string };

export interface PypiMetadataSource {
  /** The release list of a project (PEP 503 normalized name). */
  project(normalizedName: string): Promise<Lookup<ProjectIndex>>;
  /** The metadata of one release. */
  release(normalizedName: string, version: string): Promise<Lookup<ReleaseMetadata>>;
}

function indexFile(file: PypiFile): IndexFile {
  return { filename: file.filename, packagetype: file.packagetype, requiresPython: file.requires_python, yanked: file.yanked };
}

function metadataOf(info: PypiInfo, files: PypiFile[] | IndexFile[]): ReleaseMetadata {
  return {
    name: info.name,
    version: info.version,
    requiresDist: info.requires_dist,
    requiresPython: info.requires_python,
    providesExtra: info.provides_extra,
    hasWheel: files.some(isWheel),
  };
}

/** What a source was asked, for request-economy figures and the bench. */
export interface SourceRequests {
  projects: string[];
  /** `name@version` of every release document fetched (not those a project document described). */
  releases: string[];
}

/** The PyPI JSON API behind the resolver's interface, each document asked at most once. */
export class PypiRegistrySource implements PypiMetadataSource {
  private readonly projects = new Map<string, Promise<Lookup<{ index: ProjectIndex; describes: ReleaseMetadata }>>>();
  private readonly releases = new Map<string, Promise<Lookup<ReleaseMetadata>>>();
  readonly requests: SourceRequests = { projects: [], releases: [] };

  constructor(private readonly client: PypiClient) {}

  private projectDocument(name: string): Promise<Lookup<{ index: ProjectIndex; describes: ReleaseMetadata }>> {
    let pending = this.projects.get(name);
    if (!pending) {
      this.requests.projects.push(name);
      pending = this.client.getProject(name).then((result) => {
        if (result.status === 'not-found') return { status: 'not-found' as const };
        if (result.status === 'failed') return { status: 'failed' as const, reason: result.error.message };
        const releases: Record<string, IndexFile[]> = {};
        for (const [version, files] of Object.entries(result.value.releases)) releases[version] = files.map(indexFile);
        const info = result.value.info;
        return {
          status: 'found' as const,
          value: { index: { name: info.name, releases }, describes: metadataOf(info, releases[info.version] ?? result.value.files) },
        };
      });
      this.projects.set(name, pending);
    }
    return pending;
  }

  async project(name: string): Promise<Lookup<ProjectIndex>> {
    const result = await this.projectDocument(name);
    return result.status === 'found' ? { status: 'found', value: result.value.index } : result;
  }

  async release(name: string, version: string): Promise<Lookup<ReleaseMetadata>> {
    const key = `${name}@${version}`;
    const known = this.releases.get(key);
    if (known) return known;
    // A project document already asked for describes one release (its `info`): no second request for that one.
    const project = this.projects.get(name);
    if (project) {
      const result = await project;
      if (result.status === 'found' && result.value.describes.version === version) return { status: 'found', value: result.value.describes };
    }
    let pending = this.releases.get(key);
    if (!pending) {
      this.requests.releases.push(key);
      pending = this.client.getRelease(name, version).then((result): Lookup<ReleaseMetadata> => {
        if (result.status === 'not-found') return { status: 'not-found' };
        if (result.status === 'failed') return { status: 'failed', reason: result.error.message };
        return { status: 'found', value: metadataOf(result.value.info, result.value.files) };
      });
      this.releases.set(key, pending);
    }
    return pending;
  }
}

/**
 * A PyPI client that asks for each document once per scan, and answers a release from the project document that
 * describes it (its `info`) when that one was already fetched. The resolver and the facts stage share one, so a
 * release the resolver read is not fetched again for its license.
 */
export class SharedPypiClient extends PypiClient {
  private readonly projectAnswers = new Map<string, Promise<RegistryResult<PypiProject>>>();
  private readonly releaseAnswers = new Map<string, Promise<RegistryResult<PypiRelease>>>();

  override getProject(name: string): Promise<RegistryResult<PypiProject>> {
    let pending = this.projectAnswers.get(name);
    if (!pending) {
      pending = super.getProject(name);
      this.projectAnswers.set(name, pending);
    }
    return pending;
  }

  override async getRelease(name: string, version: string): Promise<RegistryResult<PypiRelease>> {
    const key = `${name}@${version}`;
    const known = this.releaseAnswers.get(key);
    if (known) return known;
    const project = this.projectAnswers.get(name);
    if (project) {
      const answer = await project;
      if (answer.status === 'found' && answer.value.info.version === version) {
        return { status: 'found', value: { info: answer.value.info, files: answer.value.files, vulnerabilities: answer.value.vulnerabilities }, source: answer.source };
      }
    }
    let pending = this.releaseAnswers.get(key);
    if (!pending) {
      pending = super.getRelease(name, version);
      this.releaseAnswers.set(key, pending);
    }
    return pending;
  }
}
