// Builds PyPI JSON API project documents (https://docs.pypi.org/api/json/) for the fake registry, so tests can
// serve many packages without hand-writing every field. The shape is PyPI's; the values are the test's.
import type { PypiProjectDocument } from './server';

export interface ReleaseSpec {
  version: string;
  /** ISO 8601 upload time of the release's files. */
  uploaded: string;
  yanked?: boolean;
  requiresPython?: string | null;
  /** Requires-Dist of the release (null / absent: none, as PyPI serves a release without dependencies). */
  requiresDist?: string[] | null;
}

export interface ProjectSpec {
  name: string;
  releases: ReleaseSpec[];
  license?: string | null;
  licenseExpression?: string | null;
  classifiers?: string[];
  /** `info.description` (the README); empty unless a test wants real-size bodies. */
  description?: string;
}

/** A release file; a wheel's tags default to `py3-none-any`. */
function fileOf(name: string, release: ReleaseSpec, kind: 'bdist_wheel' | 'sdist', wheelTags = 'py3-none-any') {
  const base = name.replace(/-/g, '_');
  const filename = kind === 'sdist' ? `${base}-${release.version}.tar.gz` : `${base}-${release.version}-${wheelTags}.whl`;
  return {
    comment_text: '',
    digests: { sha256: '0'.repeat(64) },
    downloads: -1,
    filename,
    has_sig: false,
    md5_digest: '0'.repeat(32),
    packagetype: kind,
    python_version: kind === 'sdist' ? 'source' : wheelTags.split('-')[0],
    requires_python: release.requiresPython ?? null,
    size: 1024,
    upload_time: release.uploaded.replace(/\.\d+Z$|Z$/, ''),
    upload_time_iso_8601: release.uploaded,
    url: `https://files.pythonhosted.org/packages/${filename}`,
    yanked: release.yanked ?? false,
    yanked_reason: release.yanked ? 'broken release' : null,
  };
}

/** The project document; its `info` describes the newest release, as PyPI's does. */
export function pypiProjectDoc(spec: ProjectSpec): PypiProjectDocument {
  const latest = spec.releases[spec.releases.length - 1]!;
  const releases: Record<string, Record<string, unknown>[]> = {};
  for (const r of spec.releases) releases[r.version] = [fileOf(spec.name, r, 'bdist_wheel'), fileOf(spec.name, r, 'sdist')];
  return {
    info: {
      author: '',
      classifiers: spec.classifiers ?? [],
      description: spec.description ?? '',
      home_page: '',
      license: spec.license ?? null,
      license_expression: spec.licenseExpression ?? null,
      license_files: null,
      name: spec.name,
      package_url: `https://pypi.org/project/${spec.name}/`,
      requires_dist: latest.requiresDist && latest.requiresDist.length > 0 ? latest.requiresDist : null,
      requires_python: latest.requiresPython ?? null,
      summary: '',
      version: latest.version,
      yanked: latest.yanked ?? false,
      yanked_reason: latest.yanked ? 'broken release' : null,
    },
    last_serial: 1,
    releases,
    urls: releases[latest.version]!,
    vulnerabilities: [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Universes: small package worlds for the resolver, each release with its own dependency metadata, served both as
// the PyPI JSON API (what depvet reads) and as a PEP 503 simple index with PEP 658 metadata (what pip reads).

export interface UniverseRelease {
  version: string;
  /** Requires-Dist lines (PEP 508). Default: none. Null: the index does not say (see `sdistOnly`). */
  requiresDist?: string[] | null;
  requiresPython?: string | null;
  /** Default: the extras that `requiresDist` markers name. */
  providesExtra?: string[];
  yanked?: boolean;
  /** Only an sdist on the index (no wheel): `requiresDist: null` then means "unknown until built". */
  sdistOnly?: boolean;
  /** Listed without any file (nothing to install). */
  noFiles?: boolean;
  /** Only wheels with these tags (`cp311-cp311-win_amd64`), no sdist: a release built for some platforms only. */
  wheels?: string[];
  /** ISO upload time; default 2023-01-01. */
  uploaded?: string;
}

export interface UniverseProject {
  name: string;
  releases: UniverseRelease[];
  license?: string | null;
}

function extrasNamed(requiresDist: readonly string[] | null | undefined): string[] {
  const found = new Set<string>();
  for (const line of requiresDist ?? []) for (const m of line.matchAll(/extra\s*==\s*["']([^"']+)["']/g)) found.add(m[1]!);
  return [...found].sort();
}

export function releaseFiles(name: string, release: UniverseRelease): Record<string, unknown>[] {
  if (release.noFiles) return [];
  if (release.wheels) return release.wheels.map((tags) => fileOf(name, releaseSpecOf(release), 'bdist_wheel', tags));
  const spec = releaseSpecOf(release);
  return release.sdistOnly ? [fileOf(name, spec, 'sdist')] : [fileOf(name, spec, 'bdist_wheel'), fileOf(name, spec, 'sdist')];
}

function releaseSpecOf(release: UniverseRelease): ReleaseSpec {
  return { version: release.version, uploaded: release.uploaded ?? '2023-01-01T00:00:00Z', ...(release.yanked ? { yanked: true } : {}), requiresPython: release.requiresPython ?? null };
}

/** The version PyPI's project document describes: the newest final release that is not yanked (else the newest). */
export function describedRelease(project: UniverseProject, compare: (a: string, b: string) => number): UniverseRelease {
  const sorted = [...project.releases].sort((a, b) => compare(a.version, b.version));
  const finals = sorted.filter((r) => !r.yanked && !r.noFiles && !/(a|b|rc|dev)\d*$/i.test(r.version));
  return finals[finals.length - 1] ?? sorted[sorted.length - 1]!;
}

/** The `info` PyPI serves for one release. */
export function releaseInfo(project: UniverseProject, release: UniverseRelease): Record<string, unknown> {
  return {
    name: project.name,
    version: release.version,
    // PyPI serves null, never [], for a release without dependencies.
    requires_dist: release.requiresDist && release.requiresDist.length > 0 ? release.requiresDist : null,
    requires_python: release.requiresPython ?? null,
    provides_extra: release.providesExtra ?? extrasNamed(release.requiresDist),
    license: project.license ?? 'MIT',
    yanked: release.yanked ?? false,
    yanked_reason: release.yanked ? 'broken release' : null,
  };
}

/** The project document and the per-release `info` the fake registry serves for one universe project. */
export function universeDocuments(project: UniverseProject, compare: (a: string, b: string) => number): { doc: PypiProjectDocument; releaseInfo: Record<string, Record<string, unknown>> } {
  const releases: Record<string, Record<string, unknown>[]> = {};
  const infos: Record<string, Record<string, unknown>> = {};
  for (const r of project.releases) {
    releases[r.version] = releaseFiles(project.name, r);
    infos[r.version] = releaseInfo(project, r);
  }
  const described = describedRelease(project, compare);
  return {
    doc: {
      info: { ...pypiProjectDoc({ name: project.name, releases: [{ version: described.version, uploaded: described.uploaded ?? '2023-01-01T00:00:00Z' }] }).info, ...infos[described.version]! } as PypiProjectDocument['info'],
      last_serial: 1,
      releases,
      urls: releases[described.version]!,
      vulnerabilities: [],
    },
    releaseInfo: infos,
  };
}

/** Serves every project of a universe from the fake registry (JSON API and simple index). */
export function addUniverse(fake: { addPypiProject(doc: PypiProjectDocument, releaseInfo?: Record<string, Record<string, unknown>>): void }, projects: UniverseProject[], compare: (a: string, b: string) => number): void {
  for (const project of projects) {
    const { doc, releaseInfo: infos } = universeDocuments(project, compare);
    fake.addPypiProject(doc, infos);
  }
}
