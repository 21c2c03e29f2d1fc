// Version ordering per ecosystem, as OSV evaluates ranges: PEP 440 for PyPI (@renovatebot/pep440's compare, not
// its specifier check, so `1.0rc1` sorts before a fix at `1.0`), SemVer 2.0 for npm.
import * as pep440 from '@renovatebot/pep440';
import semver from 'semver';
import type { Ecosystem } from '../../model';

export interface VersionScheme {
  readonly ecosystem: Ecosystem;
  /** True when the text is a version this scheme can order. */
  isValid(version: string): boolean;
  /** Orders two valid versions; callers check isValid first. */
  compare(a: string, b: string): number;
  /** A precomputed sort key of a valid version, for comparing one version with many (compareKeys). */
  sortKey(version: string): unknown;
  compareKeys(a: unknown, b: unknown): number;
  isPrerelease(version: string): boolean;
}

/**
 * Parsing dominates matching time, and the same few thousand event values are compared again and again, so the
 * validity of each text is remembered. Bounded so a long-running process cannot grow it without limit.
 */
class BoundedMemo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string, compute: (key: string) => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined || this.map.has(key)) return hit as V;
    if (this.map.size >= this.limit) this.map.clear();
    const value = compute(key);
    this.map.set(key, value);
    return value;
  }
}

const pep440Valid = new BoundedMemo<boolean>(200_000);
const semverValid = new BoundedMemo<boolean>(200_000);

// @renovatebot/pep440's compare re-parses both strings with a large regex on every call, which dominated matching
// (a query is compared with every event of every advisory of its package). Its sort key is computed here once per
// string from the library's own parse(), and compared the way the library compares keys (Python tuple order);
// test/checks/advisories/versions.test.ts checks the two orders agree on generated versions.
type Pep440Key = unknown[];
type KeyPart = unknown;

const pep440SortKeys = new BoundedMemo<Pep440Key | undefined>(200_000);

function pep440SortKey(version: string): Pep440Key | undefined {
  return pep440SortKeys.get(version, (v) => {
    const parsed = pep440.parse(v) as {
      epoch: number;
      release: number[];
      pre: KeyPart;
      post: KeyPart;
      dev: KeyPart;
      local: (string | number)[] | null;
    } | null;
    if (!parsed) return undefined;
    const release = [...parsed.release];
    while (release.length > 0 && release[release.length - 1] === 0) release.pop();
    let pre: KeyPart = parsed.pre;
    if (!pre && !parsed.post && parsed.dev) pre = -Infinity;
    else if (!pre) pre = Infinity;
    const post: KeyPart = parsed.post || -Infinity;
    const dev: KeyPart = parsed.dev || Infinity;
    const local: KeyPart = parsed.local
      ? parsed.local.map((part) => (Number.isNaN(Number(part)) ? [-Infinity, part] : [Number(part), '']))
      : -Infinity;
    return [parsed.epoch, release, pre, post, dev, local];
  });
}

/** Python's ordering of nested tuples, as @renovatebot/pep440 applies it to its keys. */
function tupleCompare(left: KeyPart, right: KeyPart): number {
  let a = left;
  let b = right;
  if (a === b) return 0;
  if (Array.isArray(a) !== Array.isArray(b)) {
    a = Array.isArray(a) ? a : [a];
    b = Array.isArray(b) ? b : [b];
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i += 1) {
      const result = tupleCompare(a[i], b[i]);
      if (result !== 0) return result;
    }
    return a.length - b.length;
  }
  if (a === -Infinity || b === Infinity) return -1;
  if (a === Infinity || b === -Infinity) return 1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}

/** Same result as pep440.compare for valid versions; throws like it for invalid ones. */
export function comparePep440(a: string, b: string): number {
  const left = pep440SortKey(a);
  const right = pep440SortKey(b);
  if (!left || !right) return pep440.compare(a, b);
  return tupleCompare(left, right);
}

export const PEP440_SCHEME: VersionScheme = {
  ecosystem: 'PyPI',
  isValid: (version) => pep440Valid.get(version, (v) => pep440.valid(v) !== null),
  compare: comparePep440,
  sortKey: (version) => pep440SortKey(version),
  compareKeys: tupleCompare,
  isPrerelease: (version) => pep440.explain(version)?.is_prerelease ?? false,
};

export const SEMVER_SCHEME: VersionScheme = {
  ecosystem: 'npm',
  isValid: (version) => semverValid.get(version, (v) => semver.valid(v) !== null),
  compare: (a, b) => semver.compare(a, b),
  sortKey: (version) => new semver.SemVer(version),
  compareKeys: (a, b) => (a as semver.SemVer).compare(b as semver.SemVer),
  isPrerelease: (version) => (semver.prerelease(version)?.length ?? 0) > 0,
};

export function versionScheme(ecosystem: Ecosystem): VersionScheme {
  return ecosystem === 'PyPI' ? PEP440_SCHEME : SEMVER_SCHEME;
}

/** OSV ecosystem names depvet checks; anything else in a record (`Debian:11`, `Go`...) is not ours. */
export function toEcosystem(osvEcosystem: string): Ecosystem | undefined {
  if (osvEcosystem === 'PyPI') return 'PyPI';
  if (osvEcosystem === 'npm') return 'npm';
  return undefined;
}

const pep440Keys = new BoundedMemo<string | undefined>(200_000);

/**
 * A text key under which versions that are equal in the scheme coincide (PEP 440: `1.0` = `1.0.0` = `1.0-0`'s
 * normal form; npm: build metadata ignored), so listed versions can be looked up in a Set. Undefined when invalid.
 */
export function versionKey(scheme: VersionScheme, version: string): string | undefined {
  if (!scheme.isValid(version)) return undefined;
  if (scheme.ecosystem === 'npm') return semver.parse(version)?.version;
  return pep440Keys.get(version, (v) => {
    const parts = pep440.explain(v);
    if (!parts) return undefined;
    const release = [...parts.release];
    while (release.length > 1 && release[release.length - 1] === 0) release.pop();
    return JSON.stringify([parts.epoch, release, parts.pre, parts.post, parts.dev, parts.local]);
  });
}

/** Versions equal under the scheme (PEP 440: `1.0` == `1.0.0`); invalid text only equals itself. */
export function versionsEqual(scheme: VersionScheme, a: string, b: string): boolean {
  if (a === b) return true;
  return scheme.isValid(a) && scheme.isValid(b) && scheme.compare(a, b) === 0;
}

/** Sorts valid versions ascending and drops invalid ones (returned separately). */
export function sortVersions(scheme: VersionScheme, versions: Iterable<string>): { sorted: string[]; invalid: string[] } {
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const version of versions) (scheme.isValid(version) ? valid : invalid).push(version);
  return { sorted: [...new Set(valid)].sort((a, b) => scheme.compare(a, b)), invalid };
}
