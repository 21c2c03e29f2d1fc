// Package URLs (purl, https://github.com/package-url/purl-spec) for the two ecosystems depvet checks, through
// packageurl-js: `pkg:pypi/<name>@<version>` (PyPI names PEP 503-normalized, as the purl type requires) and
// `pkg:npm/<@scope>/<name>@<version>`. The one place SBOM output, SBOM input and VEX matching turn a package
// into a purl and back.
import { PackageURL } from 'packageurl-js';
import type { Ecosystem } from './model';
import { normalizeName } from './normalize';

const TYPE_OF: Record<Ecosystem, string> = { PyPI: 'pypi', npm: 'npm' };

/** The purl of a package release (or of the package, without a version). */
export function packagePurl(ecosystem: Ecosystem, name: string, version?: string, qualifiers?: Record<string, string>): string {
  let namespace: string | undefined;
  let bare = name;
  if (ecosystem === 'npm' && name.startsWith('@') && name.includes('/')) {
    namespace = name.slice(0, name.indexOf('/'));
    bare = name.slice(name.indexOf('/') + 1);
  }
  const q = qualifiers && Object.keys(qualifiers).length > 0 ? qualifiers : undefined;
  return new PackageURL(TYPE_OF[ecosystem], namespace, bare, version, q, undefined).toString();
}

export interface ParsedPurl {
  /** The purl type (`pypi`, `npm`, `deb`, `golang`, …). */
  type: string;
  /** Set for the ecosystems depvet checks. */
  ecosystem?: Ecosystem;
  /** `@scope/name` for scoped npm packages, the purl's name otherwise. */
  name: string;
  normalizedName: string;
  version?: string;
  qualifiers: Record<string, string>;
}

/** Parses a purl; throws an Error whose message says what is wrong with it. */
export function parsePurl(text: string): ParsedPurl {
  const purl = PackageURL.fromString(text.trim());
  const type = purl.type.toLowerCase();
  const ecosystem: Ecosystem | undefined = type === 'pypi' ? 'PyPI' : type === 'npm' ? 'npm' : undefined;
  const name = ecosystem === 'npm' && purl.namespace ? `${purl.namespace}/${purl.name}` : purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name;
  return {
    type,
    ...(ecosystem ? { ecosystem } : {}),
    name,
    normalizedName: ecosystem ? normalizeName(ecosystem, name) : name.toLowerCase(),
    ...(purl.version ? { version: purl.version } : {}),
    qualifiers: { ...(purl.qualifiers ?? {}) },
  };
}
