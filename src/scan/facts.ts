// The registry stage of a scan: for every distinct package, the facts the selected checks need (fact-needs.ts:
// license metadata, existence, release age, the version an unpinned requirement resolves to), fetched once and only
// when needed. Anything that could not be fetched is recorded with its reason, so the checks report it as
// could-not-check instead of passing it.
import type { Ecosystem } from '../model';
import type { FactNeed } from './fact-needs';
import { pipReleasesFromPypiProject, resolveNpmVersion, resolvePipVersion, type VersionResolution } from '../checks/advisories/resolve-version';
import type { NpmClient, NpmLicenseField, NpmPackument } from '../registries/npm';
import type { PypiClient, PypiFile, PypiInfo, PypiProject } from '../registries/pypi';
import { SharedPypiClient } from '../resolve/pypi-source';
import type { RegistryOptions } from '../registries/defaults';
import type { HttpHooks } from '../registries/http';
import type { RegistryResult } from '../registries/result';
import { securityHoldingVersion } from '../checks/names/known-malicious';

/** A distinct thing to look up: a pinned version, or a specifier to resolve for a Python version. */
export interface FactsRequest {
  ecosystem: Ecosystem;
  name: string;
  normalizedName: string;
  version?: string;
  /** For unpinned requirements: the specifier ('' for any version). */
  specifier?: string;
  /** Python used to resolve a PyPI specifier (requires_python). */
  python?: string;
}

export interface LicenseFacts {
  licenseExpression?: string | null;
  license?: string | null;
  licenses?: NpmLicenseField[];
  classifiers?: string[];
}

export interface PackageFacts {
  request: FactsRequest;
  /** The version the checks look at: the pin, or what the specifier resolves to. */
  version?: string;
  /** Set when the version was resolved from a specifier. */
  resolved?: { from: string; how: string };
  /** Whether the name exists on its registry; 'unknown' when the registry could not be asked. */
  exists: boolean | 'unknown';
  /** Whether the version exists; 'unknown' when not asked or not answerable. */
  versionExists: boolean | 'unknown';
  license?: LicenseFacts;
  /** Earliest upload of the project, when known; or a lower bound (`firstReleaseAtLeast`) from the version. */
  firstReleaseTime?: string;
  /** Upload time of the checked version: the project is at least this old. */
  versionUploadTime?: string;
  yanked?: string;
  deprecated?: string;
  /** npm: the `0.0.N-security` release npm put in place of a package it took down as malicious. */
  securityHolding?: string;
  /** Why facts are missing, per purpose. Each becomes a could-not-check of the checks that need it. */
  problems: { needs: 'license' | 'existence' | 'version'; reason: string }[];
}

export interface FactsClients {
  pypi?: PypiClient;
  npm?: NpmClient;
  /** What the selected checks need (fact-needs.ts); default: every fact. */
  needs?: ReadonlySet<FactNeed>;
  /** Names younger than this many days get their project document fetched to learn the first release. */
  minAgeDays: number;
  now: Date;
}

/** One PyPI and one npm client per scan, made when first needed (the resolver, the facts and names stages share them). */
export interface RegistryClients {
  pypi(): PypiClient;
  npm(): Promise<NpmClient>;
}

/**
 * The scan's registry clients, built with the scan's hooks: every client of a scan must be, so that its requests
 * reach the activity log (the unreachable-registry summary) and the snapshot being recorded. The npm client is loaded
 * only when asked for: npm-registry-fetch and its agent take ~60 ms to load.
 */
export function registryClients(registry: RegistryOptions, hooks: HttpHooks): RegistryClients {
  let pypi: PypiClient | undefined;
  let npm: Promise<NpmClient> | undefined;
  return {
    pypi: () => (pypi ??= new SharedPypiClient(registry, hooks)),
    npm: () => (npm ??= import('../registries/npm').then((m) => new m.NpmClient(registry, hooks))),
  };
}

export function factsKey(r: FactsRequest): string {
  return r.version !== undefined ? `${r.ecosystem}:${r.normalizedName}@${r.version}` : `${r.ecosystem}:${r.normalizedName}~${r.specifier ?? ''}~py${r.python ?? ''}`;
}

/** Fetches the facts for every request, once per distinct request. */
export async function gatherFacts(requests: FactsRequest[], clients: FactsClients): Promise<Map<string, PackageFacts>> {
  const distinct = new Map<string, FactsRequest>();
  for (const r of requests) if (!distinct.has(factsKey(r))) distinct.set(factsKey(r), r);
  const out = new Map<string, PackageFacts>();
  await Promise.all(
    [...distinct].map(async ([key, request]) => {
      out.set(key, request.ecosystem === 'PyPI' ? await pypiFacts(request, clients) : await npmFacts(request, clients));
    }),
  );
  return out;
}

/** Records how an unpinned requirement resolved, or why it could not; the version to check, if any. */
function takeResolution(facts: PackageFacts, resolution: VersionResolution): string | undefined {
  if (resolution.status !== 'resolved') {
    facts.problems.push({ needs: 'version', reason: resolution.reason }, { needs: 'license', reason: resolution.reason });
    return undefined;
  }
  facts.resolved = { from: facts.request.specifier || '(any version)', how: resolution.description };
  return resolution.version;
}

function failureReason(result: RegistryResult<unknown>): string {
  return result.status === 'failed' ? result.error.message : 'not found';
}

function earliestUpload(files: PypiFile[]): string | undefined {
  let earliest: string | undefined;
  for (const f of files) if (f.upload_time_iso_8601 && (!earliest || f.upload_time_iso_8601 < earliest)) earliest = f.upload_time_iso_8601;
  return earliest;
}

const EVERY_FACT: ReadonlySet<FactNeed> = new Set<FactNeed>(['version', 'license', 'existence', 'age']);

/** Which registry documents a request needs, from the selected checks' needs. */
function wanted(request: FactsRequest, clients: FactsClients): { license: boolean; existence: boolean; resolution: boolean } {
  const needs = clients.needs ?? EVERY_FACT;
  return {
    license: needs.has('license'),
    existence: needs.has('existence') || needs.has('age'),
    // A pin is its own version; a specifier is resolved against the release list.
    resolution: request.version === undefined && (needs.has('version') || needs.has('license')),
  };
}

function pypiLicense(info: PypiInfo): LicenseFacts {
  return { licenseExpression: info.license_expression, license: info.license, classifiers: info.classifiers };
}

async function pypiFacts(request: FactsRequest, clients: FactsClients): Promise<PackageFacts> {
  const facts: PackageFacts = { request, exists: 'unknown', versionExists: 'unknown', problems: [] };
  const want = wanted(request, clients);
  if (!want.license && !want.existence && !want.resolution) {
    if (request.version !== undefined) facts.version = request.version;
    return facts;
  }
  const pypi = clients.pypi;
  if (!pypi) {
    facts.problems.push({ needs: 'license', reason: 'no PyPI client configured' });
    return facts;
  }
  let project: PypiProject | undefined;
  const needProject = async (): Promise<PypiProject | undefined> => {
    if (project) return project;
    const result = await pypi.getProject(request.normalizedName);
    if (result.status === 'found') {
      project = result.value;
      facts.exists = true;
      facts.firstReleaseTime = project.firstReleaseTime ?? undefined;
      return project;
    }
    if (result.status === 'not-found') {
      facts.exists = false;
      return undefined;
    }
    facts.problems.push({ needs: 'existence', reason: `PyPI project lookup failed: ${failureReason(result)}` });
    return undefined;
  };

  let version = request.version;
  if (version === undefined) {
    const p = await needProject();
    if (!p) {
      if (facts.exists === false) facts.problems.push({ needs: 'version', reason: `no project named ${request.name} on PyPI` });
      else facts.problems.push({ needs: 'version', reason: 'cannot resolve the version to check: the PyPI project could not be fetched' });
      facts.problems.push({ needs: 'license', reason: 'the version to check is unknown' });
      return facts;
    }
    version = takeResolution(facts, resolvePipVersion(pipReleasesFromPypiProject(p), request.specifier ?? '', request.python));
    if (version === undefined) return facts;
  }
  facts.version = version;
  // The project document, when it was fetched to resolve the version, already says whether the name exists and
  // when it was first released; the release document is fetched for what only it holds: the version's license.
  if (!want.license && (!want.existence || project)) return facts;

  if (project && project.info.version === version) {
    facts.versionExists = true;
    facts.license = pypiLicense(project.info);
    facts.versionUploadTime = earliestUpload(project.files);
    if (project.info.yanked) facts.yanked = project.info.yanked_reason ?? 'yanked';
    return facts;
  }
  const release = await pypi.getRelease(request.normalizedName, version);
  if (release.status === 'found') {
    facts.exists = true;
    facts.versionExists = true;
    facts.license = pypiLicense(release.value.info);
    facts.versionUploadTime = earliestUpload(release.value.files);
    if (release.value.info.yanked) facts.yanked = release.value.info.yanked_reason ?? 'yanked';
    // The version's upload time bounds the project's age from below; only a young version needs the project.
    const young = !facts.versionUploadTime || clients.now.getTime() - Date.parse(facts.versionUploadTime) < clients.minAgeDays * 86_400_000;
    if (young && !facts.firstReleaseTime) await needProject();
    return facts;
  }
  if (release.status === 'failed') {
    facts.problems.push({ needs: 'license', reason: `PyPI lookup of ${request.name} ${version} failed: ${release.error.message}` });
    return facts;
  }
  // 404 for the version: tell a missing project from a missing version.
  facts.versionExists = false;
  await needProject();
  if (facts.exists === false) facts.problems.push({ needs: 'license', reason: `no project named ${request.name} on PyPI` });
  else if (facts.exists === true) facts.problems.push({ needs: 'license', reason: `${request.name} ${version} is not on PyPI (never released, or deleted)` });
  else facts.problems.push({ needs: 'license', reason: `${request.name} ${version} was not found and the project lookup failed` });
  return facts;
}

/** When a project was first uploaded, as its registry records it (never from anything its author wrote). */
export type FirstUpload = { status: 'known'; time: string } | { status: 'unknown'; reason: string };

/**
 * The first upload of any project (the names check asks it of a flagged name and of the popular name it looks
 * like): PyPI's earliest `releases[*][*].upload_time`, npm's `time.created`. One project document each, through
 * the same cached clients as the other facts.
 */
export async function firstUpload(ecosystem: Ecosystem, name: string, clients: RegistryClients): Promise<FirstUpload> {
  if (ecosystem === 'PyPI') {
    const result = await clients.pypi().getProject(name);
    if (result.status !== 'found') return { status: 'unknown', reason: `PyPI project lookup of ${name}: ${failureReason(result)}` };
    return result.value.firstReleaseTime ? { status: 'known', time: result.value.firstReleaseTime } : { status: 'unknown', reason: `${name} has no uploaded files on PyPI` };
  }
  const result = await (await clients.npm()).getPackument(name);
  if (result.status !== 'found') return { status: 'unknown', reason: `npm registry lookup of ${name}: ${failureReason(result)}` };
  const time = firstNpmRelease(result.value.time);
  return time ? { status: 'known', time } : { status: 'unknown', reason: `${name} has no publish times on the npm registry` };
}

/** `time.created`, or (mirrors sometimes drop it) the earliest version's publish time. */
export function firstNpmRelease(time: Record<string, string>): string | undefined {
  if (time['created']) return time['created'];
  let earliest: number | undefined;
  for (const [key, value] of Object.entries(time)) {
    if (key === 'modified') continue;
    const t = Date.parse(value);
    if (!Number.isNaN(t) && (earliest === undefined || t < earliest)) earliest = t;
  }
  return earliest === undefined ? undefined : new Date(earliest).toISOString();
}

async function npmFacts(request: FactsRequest, clients: FactsClients): Promise<PackageFacts> {
  const facts: PackageFacts = { request, exists: 'unknown', versionExists: 'unknown', problems: [] };
  const want = wanted(request, clients);
  if (!want.license && !want.existence && !want.resolution) {
    if (request.version !== undefined) facts.version = request.version;
    return facts;
  }
  if (!clients.npm) {
    facts.problems.push({ needs: 'license', reason: 'no npm registry client configured' });
    return facts;
  }
  const result = await clients.npm.getPackument(request.name);
  if (result.status === 'not-found') {
    facts.exists = false;
    facts.problems.push({ needs: 'license', reason: `no package named ${request.name} on the npm registry` });
    return facts;
  }
  if (result.status === 'failed') {
    facts.problems.push({ needs: 'license', reason: `npm registry lookup failed: ${result.error.message}` }, { needs: 'existence', reason: result.error.message });
    return facts;
  }
  const packument: NpmPackument = result.value;
  facts.exists = true;
  facts.firstReleaseTime = firstNpmRelease(packument.time);
  const holding = securityHoldingVersion(packument['dist-tags'], Object.keys(packument.versions));
  if (holding) facts.securityHolding = holding;
  let version = request.version;
  const tagged = request.specifier ? packument['dist-tags'][request.specifier] : undefined;
  if (version === undefined && tagged !== undefined) {
    // `name@latest`, `name@next`: a dist-tag names one version.
    version = tagged;
    facts.resolved = { from: request.specifier!, how: `the version the dist-tag ${request.specifier} points at` };
  }
  if (version === undefined) {
    version = takeResolution(facts, resolveNpmVersion(Object.keys(packument.versions), request.specifier || '*', packument['dist-tags']['latest']));
    if (version === undefined) return facts;
  }
  facts.version = version;
  const meta = packument.versions[version];
  if (!meta) {
    facts.versionExists = false;
    facts.problems.push({ needs: 'license', reason: `${request.name}@${version} is not on the npm registry` });
    return facts;
  }
  facts.versionExists = true;
  facts.versionUploadTime = packument.time[version];
  if (meta.deprecated) facts.deprecated = meta.deprecated;
  facts.license = {
    ...(meta.license !== undefined ? { license: typeof meta.license === 'string' ? meta.license : meta.license.type ?? null } : {}),
    ...(meta.licenses !== undefined ? { licenses: meta.licenses } : {}),
  };
  return facts;
}
