// The domain model every pipeline stage shares: sources produce these records, registries and checks
// read them, policy and report consume them. Plain data only (JSON-serialisable), no behaviour.

/** OSV ecosystem names, so a package reference can be sent to OSV as it is. */
export type Ecosystem = 'PyPI' | 'npm';

/**
 * Where a record came from. `file` is relative to the scan root, with `/` separators. Lines and columns are 1-based;
 * `column` is set where a parser knows it (the place an error diagnostic points at), and is rendered `file:line:col`.
 */
export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
  /** RFC 6901 JSON pointer of the record inside a JSON document (an SBOM component: `/components/12`). */
  pointer?: string;
}

/**
 * A requirement written by the user (direct), pulled in by another package as a lock file records it
 * (transitive), or found installed in a built image (installed: `pip list`/`pip freeze` output, an SBOM), where
 * nothing says whether it was asked for or pulled in.
 */
export type Relation = 'direct' | 'transitive' | 'installed';

/**
 * Why a requirement cannot be vetted against a registry. Such requirements are kept in the inventory
 * (never dropped) so that the gate can report them. `shell-expansion`: the name itself is a shell expansion
 * (`pip install $PKGS`) that only the build knows.
 */
export type UnvettableKind = 'vcs' | 'url' | 'path' | 'editable' | 'shell-expansion';

export interface Unvettable {
  kind: UnvettableKind;
  /** The URL, VCS reference or path as written. */
  reference: string;
  reason: string;
}

/** One package reference as a manifest states it. */
export interface PackageRef {
  ecosystem: Ecosystem;
  /** The name as written in the manifest. */
  name: string;
  /** PEP 503 normalized for PyPI, lower-cased for npm; see normalize.ts. Empty when the name is unknown. */
  normalizedName: string;
  /** Exact version when the manifest pins one (`==1.2.3`, `===1.2.3`, a lock entry, an installed package). */
  version?: string;
  /** The version constraint as written (`>=1.0,<2`, `^1.2.0`, `*`), when not an exact pin. */
  specifier?: string;
  /** PEP 508 extras (`requests[socks]`). */
  extras: string[];
  /** PEP 508 environment marker, as text (`python_version < "3.8"`). */
  marker?: string;
  relation: Relation;
  location: SourceLocation;
  /** Dependency group: `default`/`develop` (Pipfile), `main`/`dev`/… (poetry), `optional:<name>` (PEP 621), `dev` (npm). */
  group?: string;
  /** A non-default package index named for this requirement (Pipfile `index`, poetry `source`, `--index-url`). */
  index?: string;
  /** `--hash` values (pip) or lock file hashes, `algo:hex`. */
  hashes?: string[];
  /** Set when no registry can vet this requirement (VCS, URL, local path, editable). */
  unvettable?: Unvettable;
  /** pip options that change what this requirement installs: `--pre` (pre-releases are candidates), `--no-deps`, `--upgrade`. */
  installOptions?: InstallOptions;
  /**
   * Transitive packages: the chain of parents from the direct requirement (whose line is `location`) down to the
   * immediate parent, each a parent release and the requirement it states for the next package (CONTRACTS.md item 3;
   * certifi via requests: `[{ name: 'requests', version: '2.31.0', requirement: 'certifi>=2017.4.17' }]`). Set by the
   * resolver for what it adds, and by lock parsers that record parents (uv.lock).
   */
  resolvedFrom?: ResolvedFromStep[];
  /** Licences an SBOM states for this component, as written (an expression, an SPDX id or a name): evidence only. */
  sbomLicenses?: string[];
}

export interface InstallOptions {
  pre?: true;
  noDeps?: true;
  /** `pip install --upgrade`: an installed release is replaced by the newest one that fits. */
  upgrade?: true;
}

export interface ResolvedFromStep {
  name: string;
  version: string;
  requirement: string;
}

/** A non-fatal observation a parser or loader makes about its input (an unknown option, a missing include). */
export interface Diagnostic {
  severity: 'warning' | 'error';
  code: string;
  message: string;
  location: SourceLocation;
}

/** The kinds of manifest depvet reads. */
export type ManifestKind =
  | 'requirements.txt'
  | 'constraints.txt'
  | 'Pipfile'
  | 'Pipfile.lock'
  | 'pyproject.toml'
  | 'poetry.lock'
  | 'uv.lock'
  | 'pylock.toml'
  | 'Dockerfile'
  | 'package.json'
  | 'package-lock.json'
  | 'pip-list.json'
  | 'pip-freeze.txt'
  | 'cyclonedx.json'
  | 'spdx.json'
  | 'build.conf';

/** What one pure parser returns for one file. */
export interface ParsedManifest {
  kind: ManifestKind;
  file: string;
  packages: PackageRef[];
  /** `-r`/`-c` lines of a requirements file and `pip install -r` in a Dockerfile: the loader resolves them. */
  includes: IncludeDirective[];
  /** Package indexes the manifest names (`--index-url`, Pipfile `[[source]]`, poetry `[[tool.poetry.source]]`). */
  indexes: PackageIndex[];
  /** Python version the manifest targets, when it says (`Pipfile` `python_version`, poetry `python`). */
  pythonVersion?: string;
  diagnostics: Diagnostic[];
}

export interface IncludeDirective {
  kind: 'requirements' | 'constraints';
  /** The path as written (may contain `${VAR}`). */
  path: string;
  location: SourceLocation;
  /** Options of the `pip install` that reads the file (`--pre`, `--no-deps`), for the packages in it. */
  installOptions?: InstallOptions;
}

export interface PackageIndex {
  name?: string;
  url: string;
  /** `--extra-index-url` and secondary poetry sources are extra; `--index-url` replaces PyPI. */
  role: 'primary' | 'extra';
  location: SourceLocation;
}
