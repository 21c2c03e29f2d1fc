// PyPI JSON API client (https://docs.pypi.org/api/json/): the project document (/pypi/<name>/json, with all
// releases) and the release document (/pypi/<name>/<version>/json, with that version's metadata).
import type { RegistryOptions } from './defaults';
import { HttpClient, type HttpHooks } from './http';
import { mapFound, type RegistryResult } from './result';
import { compileSchema, nullableString, nullableStringArray } from './schema';

/** `info` as PyPI serves it; fields older uploads lack are null (or [] / false), as PyPI itself means them. */
export interface PypiInfo {
  name: string;
  version: string;
  summary: string | null;
  license: string | null;
  /** PEP 639 SPDX expression (metadata 2.4+). */
  license_expression: string | null;
  license_files: string[] | null;
  classifiers: string[];
  requires_dist: string[] | null;
  requires_python: string | null;
  /** Provides-Extra (PyPI serves it since 2023; null for older uploads and mirrors that do not). */
  provides_extra: string[] | null;
  yanked: boolean;
  yanked_reason: string | null;
}

export interface PypiFile {
  filename: string;
  packagetype: string | null;
  upload_time_iso_8601: string | null;
  yanked: boolean;
  yanked_reason: string | null;
  requires_python: string | null;
}

/** PyPI's own advisory list (from OSV); informative only, the advisory check uses OSV. */
export interface PypiVulnerability {
  id: string;
  aliases: string[];
  fixed_in: string[];
  link: string | null;
  withdrawn: string | null;
}

export interface PypiRelease {
  info: PypiInfo;
  /** The release's distribution files (`urls` in the API). */
  files: PypiFile[];
  vulnerabilities: PypiVulnerability[];
}

export interface PypiProject {
  /** Metadata of the latest release. */
  info: PypiInfo;
  /** Every version with its files; a version with no files is an empty array. */
  releases: Record<string, PypiFile[]>;
  /** Files of the latest release. */
  files: PypiFile[];
  /** The earliest upload time of any file of any release (ISO 8601), or null when no file exists. */
  firstReleaseTime: string | null;
  vulnerabilities: PypiVulnerability[];
}

interface RawFile {
  filename: string;
  packagetype?: string | null;
  upload_time_iso_8601?: string | null;
  yanked?: boolean;
  yanked_reason?: string | null;
  requires_python?: string | null;
}

interface RawInfo {
  name: string;
  version: string;
  summary?: string | null;
  license?: string | null;
  license_expression?: string | null;
  license_files?: string[] | null;
  classifiers?: string[] | null;
  requires_dist?: string[] | null;
  requires_python?: string | null;
  provides_extra?: string[] | null;
  yanked?: boolean;
  yanked_reason?: string | null;
}

interface RawVulnerability {
  id: string;
  aliases?: string[] | null;
  fixed_in?: string[] | null;
  link?: string | null;
  withdrawn?: string | null;
}

interface RawReleaseDocument {
  info: RawInfo;
  urls?: RawFile[];
  vulnerabilities?: RawVulnerability[];
}

interface RawProjectDocument extends RawReleaseDocument {
  releases: Record<string, RawFile[]>;
}

const fileSchema = {
  type: 'object',
  required: ['filename'],
  properties: {
    filename: { type: 'string' },
    packagetype: nullableString,
    upload_time_iso_8601: nullableString,
    yanked: { type: 'boolean' },
    yanked_reason: nullableString,
    requires_python: nullableString,
  },
};

const infoSchema = {
  type: 'object',
  required: ['name', 'version'],
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    summary: nullableString,
    license: nullableString,
    license_expression: nullableString,
    license_files: nullableStringArray,
    classifiers: nullableStringArray,
    requires_dist: nullableStringArray,
    requires_python: nullableString,
    provides_extra: nullableStringArray,
    yanked: { type: 'boolean' },
    yanked_reason: nullableString,
  },
};

const vulnerabilitySchema = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string' },
    aliases: nullableStringArray,
    fixed_in: nullableStringArray,
    link: nullableString,
    withdrawn: nullableString,
  },
};

const releaseProperties = {
  info: infoSchema,
  urls: { type: 'array', items: fileSchema },
  vulnerabilities: { type: 'array', items: vulnerabilitySchema },
};

export const validatePypiRelease = compileSchema<RawReleaseDocument>({
  type: 'object',
  required: ['info'],
  properties: releaseProperties,
});

export const validatePypiProject = compileSchema<RawProjectDocument>({
  type: 'object',
  required: ['info', 'releases'],
  properties: {
    ...releaseProperties,
    releases: { type: 'object', additionalProperties: { type: 'array', items: fileSchema } },
  },
});

function toInfo(raw: RawInfo): PypiInfo {
  return {
    name: raw.name,
    version: raw.version,
    summary: raw.summary ?? null,
    license: raw.license ?? null,
    license_expression: raw.license_expression ?? null,
    license_files: raw.license_files ?? null,
    classifiers: raw.classifiers ?? [],
    requires_dist: raw.requires_dist ?? null,
    requires_python: raw.requires_python ?? null,
    provides_extra: raw.provides_extra ?? null,
    yanked: raw.yanked ?? false,
    yanked_reason: raw.yanked_reason ?? null,
  };
}

function toFile(raw: RawFile): PypiFile {
  return {
    filename: raw.filename,
    packagetype: raw.packagetype ?? null,
    upload_time_iso_8601: raw.upload_time_iso_8601 ?? null,
    yanked: raw.yanked ?? false,
    yanked_reason: raw.yanked_reason ?? null,
    requires_python: raw.requires_python ?? null,
  };
}

function toVulnerability(raw: RawVulnerability): PypiVulnerability {
  return {
    id: raw.id,
    aliases: raw.aliases ?? [],
    fixed_in: raw.fixed_in ?? [],
    link: raw.link ?? null,
    withdrawn: raw.withdrawn ?? null,
  };
}

export function firstUploadTime(releases: Record<string, PypiFile[]>): string | null {
  let first: { time: number; text: string } | undefined;
  for (const files of Object.values(releases)) {
    for (const file of files) {
      if (!file.upload_time_iso_8601) continue;
      const time = Date.parse(file.upload_time_iso_8601);
      if (!Number.isNaN(time) && (!first || time < first.time)) first = { time, text: file.upload_time_iso_8601 };
    }
  }
  return first?.text ?? null;
}

export function toPypiProject(raw: RawProjectDocument): PypiProject {
  const releases: Record<string, PypiFile[]> = {};
  for (const [version, files] of Object.entries(raw.releases)) releases[version] = files.map(toFile);
  return {
    info: toInfo(raw.info),
    releases,
    files: (raw.urls ?? []).map(toFile),
    firstReleaseTime: firstUploadTime(releases),
    vulnerabilities: (raw.vulnerabilities ?? []).map(toVulnerability),
  };
}

export function toPypiRelease(raw: RawReleaseDocument): PypiRelease {
  return {
    info: toInfo(raw.info),
    files: (raw.urls ?? []).map(toFile),
    vulnerabilities: (raw.vulnerabilities ?? []).map(toVulnerability),
  };
}

export class PypiClient {
  readonly http: HttpClient;
  private readonly baseUrl: string;

  constructor(options: RegistryOptions, hooks: HttpHooks = {}) {
    this.http = new HttpClient(options, { kind: 'pypi', baseUrl: options.pypiUrl }, hooks);
    this.baseUrl = options.pypiUrl;
  }

  /**
   * The project document. Pass the normalized name to save PyPI's redirect (and a second cache entry);
   * any other spelling is followed through PyPI's 301 to the normalized URL.
   */
  async getProject(name: string): Promise<RegistryResult<PypiProject>> {
    const result = await this.http.requestJson({
      method: 'GET',
      url: `${this.baseUrl}/pypi/${encodeURIComponent(name)}/json`,
      validate: validatePypiProject,
    });
    return mapFound(result, toPypiProject);
  }

  /** The document of one release: license metadata, requires_dist, yanked flag of that version. */
  async getRelease(name: string, version: string): Promise<RegistryResult<PypiRelease>> {
    const result = await this.http.requestJson({
      method: 'GET',
      url: `${this.baseUrl}/pypi/${encodeURIComponent(name)}/${encodeURIComponent(version)}/json`,
      validate: validatePypiRelease,
    });
    return mapFound(result, toPypiRelease);
  }
}
