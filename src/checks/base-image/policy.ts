// Which base images a tree may build FROM. Entries are namespace prefixes (`demisto/`), official Docker Hub
// repositories (`python`) or registry paths (`mcr.microsoft.com/powershell`); all are compared on the
// canonical reference (`docker.io/library/python`), so `python`, `library/python` and `docker.io/library/python`
// are one image, as Docker treats them.
import { UsageError } from '../../errors';
import { splitImageReference } from '../../sources/dockerfile';

export interface BaseImagePolicy {
  /** Namespace prefixes (ending in `/`), exact repositories (official `python`) or registry paths. */
  allowed: string[];
  /** FROM must name a tag other than `latest` (a digest alone also pins the image). */
  requireTag: boolean;
  /** FROM must carry `@sha256:…`. */
  requireDigest: boolean;
}

export const DOCKER_HUB = 'docker.io';
// Other spellings of Docker Hub that resolve to the same images.
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** The tree's own namespace (`demisto/`) plus the official `python` images. */
export function defaultBasePolicy(namespace: string | undefined): BaseImagePolicy {
  const allowed: string[] = [];
  const ns = namespace?.trim().replace(/\/+$/, '');
  if (ns) allowed.push(`${ns}/`);
  allowed.push('python');
  return { allowed, requireTag: true, requireDigest: false };
}

/**
 * `registry/path/repository` without tag or digest, Docker Hub made explicit: `python` ->
 * `docker.io/library/python`, `demisto/python3` -> `docker.io/demisto/python3`. Lower-cased (registries and
 * Docker Hub repository names are case-insensitive in practice; Docker refuses upper-case repository names).
 */
export function canonicalRepository(parts: { registry?: string; namespace?: string; repository: string }): string {
  const registry = parts.registry === undefined || DOCKER_HUB_ALIASES.has(parts.registry.toLowerCase()) ? DOCKER_HUB : parts.registry;
  const namespace = parts.namespace ?? (registry === DOCKER_HUB ? 'library' : undefined);
  return [registry, namespace, parts.repository].filter((p): p is string => p !== undefined && p !== '').join('/').toLowerCase();
}

export interface AllowRule {
  /** The entry as configured. */
  entry: string;
  kind: 'prefix' | 'exact';
  /** Canonical form compared against: a prefix ending in `/`, or an exact repository. */
  canonical: string;
}

/** Validates and canonicalises the allowed entries; a bad entry is a usage error naming it. */
export function compileAllowed(allowed: string[]): AllowRule[] {
  return allowed.map((raw) => {
    const entry = raw.trim();
    if (entry === '' || entry === '/') throw new UsageError(`base-image policy: empty allowed entry ${JSON.stringify(raw)}`);
    if (/\s|@|\$/.test(entry)) throw new UsageError(`base-image policy: allowed entry ${JSON.stringify(raw)} must be a repository or namespace prefix, without spaces, digest or variables`);
    if (entry.endsWith('/')) {
      const body = entry.replace(/\/+$/, '');
      const parts = body.split('/');
      const first = parts[0] as string;
      // `demisto/` is a Docker Hub namespace; `mcr.microsoft.com/` or `ghcr.io/org/` start with a registry.
      const isRegistry = /[.:]|^localhost$/.test(first);
      const registry = isRegistry ? (DOCKER_HUB_ALIASES.has(first.toLowerCase()) ? DOCKER_HUB : first) : DOCKER_HUB;
      const rest = isRegistry ? parts.slice(1) : parts;
      return { entry: raw, kind: 'prefix', canonical: `${[registry, ...rest].join('/').toLowerCase()}/` };
    }
    const name = splitImageReference(entry);
    if (name.tag !== undefined) throw new UsageError(`base-image policy: allowed entry ${JSON.stringify(raw)} names a tag; list repositories, not tags`);
    return { entry: raw, kind: 'exact', canonical: canonicalRepository(name) };
  });
}

/** The first rule that allows this canonical repository, if any. */
export function allowingRule(rules: AllowRule[], canonical: string): AllowRule | undefined {
  return rules.find((rule) => (rule.kind === 'prefix' ? canonical.startsWith(rule.canonical) : canonical === rule.canonical));
}
