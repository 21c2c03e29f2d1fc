// npm universes for resolver tests: packuments (https://github.com/npm/registry/blob/main/docs/REGISTRY-API.md)
// built from a compact description, served by the fake registry. The shape is the registry's; the values are the
// test's. Tarballs are named but not served: `npm install --package-lock-only` and depvet read packuments only.
import { createHash } from 'node:crypto';
import type { NpmPackumentDocument } from './server';

export interface NpmUniverseVersion {
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  deprecated?: string;
}

export interface NpmUniversePackage {
  name: string;
  versions: NpmUniverseVersion[];
  /** Default: `latest` is the highest version. */
  distTags?: Record<string, string>;
  license?: string;
}

/** The full packument the registry serves for one package. */
export function npmPackument(pkg: NpmUniversePackage, registryUrl: string): NpmPackumentDocument {
  const versions: Record<string, unknown> = {};
  const time: Record<string, string> = { created: '2020-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z' };
  pkg.versions.forEach((v, i) => {
    const tarball = `${registryUrl}/${pkg.name}/-/${pkg.name.split('/').pop()}-${v.version}.tgz`;
    versions[v.version] = {
      name: pkg.name,
      version: v.version,
      license: pkg.license ?? 'MIT',
      ...(v.dependencies ? { dependencies: v.dependencies } : {}),
      ...(v.optionalDependencies ? { optionalDependencies: v.optionalDependencies } : {}),
      ...(v.peerDependencies ? { peerDependencies: v.peerDependencies } : {}),
      ...(v.peerDependenciesMeta ? { peerDependenciesMeta: v.peerDependenciesMeta } : {}),
      ...(v.deprecated ? { deprecated: v.deprecated } : {}),
      dist: {
        tarball,
        shasum: createHash('sha1').update(tarball).digest('hex'),
        integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
      },
    };
    time[v.version] = new Date(Date.UTC(2021, 0, 1 + i)).toISOString();
  });
  const latest = pkg.distTags?.['latest'] ?? pkg.versions[pkg.versions.length - 1]!.version;
  return { name: pkg.name, 'dist-tags': { latest, ...pkg.distTags }, versions, time, license: pkg.license ?? 'MIT' };
}
