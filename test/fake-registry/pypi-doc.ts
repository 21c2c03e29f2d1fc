// Builds PyPI JSON API project documents (https://docs.pypi.org/api/json/) for the fake registry, so tests can
// serve many packages without hand-writing every field. The shape is PyPI's; the values are the test's.
import type { PypiProjectDocument } from './server';

export interface ReleaseSpec {
  version: string;
  /** ISO 8601 upload time of the release's files. */
  uploaded: string;
  yanked?: boolean;
  requiresPython?: string | null;
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

function fileOf(name: string, release: ReleaseSpec, kind: 'bdist_wheel' | 'sdist') {
  const base = name.replace(/-/g, '_');
  const filename = kind === 'sdist' ? `${base}-${release.version}.tar.gz` : `${base}-${release.version}-py3-none-any.whl`;
  return {
    comment_text: '',
    digests: { sha256: '0'.repeat(64) },
    downloads: -1,
    filename,
    has_sig: false,
    md5_digest: '0'.repeat(32),
    packagetype: kind,
    python_version: kind === 'sdist' ? 'source' : 'py3',
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
      requires_dist: null,
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
