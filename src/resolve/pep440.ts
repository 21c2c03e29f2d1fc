// PEP 440 versions and specifier sets with the exact semantics of the `packaging` release pip 23.2 vendors
// (21.3), because the resolver must pick what pip picks: which pre-releases a specifier admits, `>V` refusing
// V's post-releases, `<V` refusing V's pre-releases, `==V.*` prefix matching, `~=` dropping the last release part.
// Version parsing and normalization come from @renovatebot/pep440 (`explain`); the comparisons are here because
// that library simplifies `<`/`>` (it refuses `1.0` for `>1.0a1`) and reparses both sides on every compare.
// https://peps.python.org/pep-0440/ , https://github.com/pypa/packaging/blob/21.3/packaging/specifiers.py
import { explain } from '@renovatebot/pep440';

export interface Version {
  /** The normalized form (`1.0.post1+abc`), as packaging's `str(Version(...))`. */
  text: string;
  epoch: number;
  release: number[];
  pre: [string, number] | null;
  post: number | null;
  dev: number | null;
  local: string | null;
  isPrerelease: boolean;
  isPostrelease: boolean;
  /** epoch and release only (`1!2.0`). */
  baseVersion: string;
  /** `text` without the local part. */
  publicVersion: string;
}

const parsedVersions = new Map<string, Version | null>();
const MAX_PARSED = 50_000;

/** The parsed version, or undefined when the text is not PEP 440 (packaging's LegacyVersion: never a candidate). */
export function parseVersion(text: string): Version | undefined {
  const known = parsedVersions.get(text);
  if (known !== undefined) return known ?? undefined;
  const e = explain(text.trim());
  const version: Version | null = e
    ? {
        text: e.local ? `${e.public}+${normalizeLocal(e.local)}` : e.public,
        epoch: e.epoch,
        release: e.release,
        pre: e.pre as [string, number] | null,
        post: e.post as unknown as number | null,
        dev: e.dev as unknown as number | null,
        local: e.local ? normalizeLocal(e.local) : null,
        isPrerelease: e.is_prerelease,
        isPostrelease: e.is_postrelease,
        baseVersion: e.base_version,
        publicVersion: e.public,
      }
    : null;
  if (parsedVersions.size < MAX_PARSED) parsedVersions.set(text, version);
  return version ?? undefined;
}

function normalizeLocal(local: string): string {
  return local.toLowerCase().replace(/[-_]/g, '.');
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRelease(a: number[], b: number[]): number {
  // Trailing zeros do not count: 1.0 == 1.0.0.
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const c = compareNumbers(a[i] ?? 0, b[i] ?? 0);
    if (c !== 0) return c;
  }
  return 0;
}

const PRE_ORDER: Record<string, number> = { a: 0, b: 1, rc: 2 };

/** packaging's _cmpkey: a dev release sorts before its pre-releases, a final after them, post after final. */
function comparePre(a: Version, b: Version): number {
  const rank = (v: Version): [number, number, number] => {
    if (v.pre === null && v.post === null && v.dev !== null) return [-1, 0, 0];
    if (v.pre === null) return [1, 0, 0];
    return [0, PRE_ORDER[v.pre[0]] ?? 0, v.pre[1]];
  };
  const ra = rank(a);
  const rb = rank(b);
  return compareNumbers(ra[0], rb[0]) || compareNumbers(ra[1], rb[1]) || compareNumbers(ra[2], rb[2]);
}

function compareLocal(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    // Numeric segments sort after alphanumeric ones, and numerically among themselves.
    if (xn && yn) {
      const c = compareNumbers(Number(x), Number(y));
      if (c !== 0) return c;
    } else if (xn !== yn) {
      return xn ? 1 : -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

export function compareParsed(a: Version, b: Version): number {
  return (
    compareNumbers(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    comparePre(a, b) ||
    compareNumbers(a.post ?? -1, b.post ?? -1) ||
    compareNumbers(a.dev ?? Number.POSITIVE_INFINITY, b.dev ?? Number.POSITIVE_INFINITY) ||
    compareLocal(a.local, b.local)
  );
}

/** Orders two PEP 440 version strings; invalid versions sort before every valid one. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : a < b ? -1 : a > b ? 1 : 0;
  return compareParsed(pa, pb);
}

export type SpecifierOperator = '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';

export class InvalidSpecifier extends Error {
  constructor(text: string, reason: string) {
    super(`invalid version specifier ${JSON.stringify(text)}: ${reason}`);
    this.name = 'InvalidSpecifier';
  }
}

/** One `op version` clause. */
export class Specifier {
  private constructor(
    readonly operator: SpecifierOperator,
    /** The version as written after the operator (with `.*` for prefix matches). */
    readonly version: string,
  ) {}

  static parse(text: string): Specifier {
    const match = /^\s*(===|~=|==|!=|<=|>=|<|>)\s*(\S+?)\s*$/.exec(text);
    if (!match) throw new InvalidSpecifier(text, 'expected an operator and a version');
    const operator = match[1] as SpecifierOperator;
    const version = match[2]!;
    if (operator === '===') return new Specifier(operator, version);
    const wildcard = version.endsWith('.*');
    if (wildcard && operator !== '==' && operator !== '!=') throw new InvalidSpecifier(text, 'a .* suffix needs == or !=');
    const parsed = parseVersion(wildcard ? version.slice(0, -2) : version);
    if (!parsed) throw new InvalidSpecifier(text, `${version} is not a PEP 440 version`);
    if (parsed.local !== null && (wildcard || (operator !== '==' && operator !== '!='))) throw new InvalidSpecifier(text, 'a local version needs == or != without .*');
    if (wildcard && parsed.dev !== null) throw new InvalidSpecifier(text, 'a .* suffix cannot follow a dev release');
    if (operator === '~=' && parsed.release.length < 2) throw new InvalidSpecifier(text, '~= needs at least two release segments');
    return new Specifier(operator, version);
  }

  toString(): string {
    return `${this.operator}${this.version}`;
  }

  /** Whether this clause admits pre-releases by itself (it names one with ==, >=, <=, ~= or ===). */
  get prereleases(): boolean {
    if (!['==', '>=', '<=', '~=', '==='].includes(this.operator)) return false;
    const version = this.operator === '==' && this.version.endsWith('.*') ? this.version.slice(0, -2) : this.version;
    return parseVersion(version)?.isPrerelease ?? false;
  }

  contains(candidate: string, prereleases?: boolean): boolean {
    const allowPre = prereleases ?? this.prereleases;
    const prospective = parseVersion(candidate);
    if (this.operator === '===') return (prospective?.text ?? candidate).toLowerCase() === this.version.toLowerCase();
    if (!prospective) return false;
    if (prospective.isPrerelease && !allowPre) return false;
    return this.compare(prospective);
  }

  private compare(prospective: Version): boolean {
    switch (this.operator) {
      case '~=': {
        const parts = splitVersion(this.version);
        const kept = [];
        for (const part of parts) {
          if (/^(dev|a|b|rc|post)/.test(part)) break;
          kept.push(part);
        }
        const prefix = `${kept.slice(0, -1).join('.')}.*`;
        return compareParsed(prospective, parseVersion(this.version)!) >= 0 && equalTo(prospective, prefix);
      }
      case '==':
        return equalTo(prospective, this.version);
      case '!=':
        return !equalTo(prospective, this.version);
      case '<=':
        return compareParsed(parseVersion(prospective.publicVersion)!, parseVersion(this.version)!) <= 0;
      case '>=':
        return compareParsed(parseVersion(prospective.publicVersion)!, parseVersion(this.version)!) >= 0;
      case '<': {
        const spec = parseVersion(this.version)!;
        if (compareParsed(prospective, spec) >= 0) return false;
        // <3.1 refuses 3.1's own pre-releases unless the specifier is itself a pre-release.
        return !(!spec.isPrerelease && prospective.isPrerelease && sameBase(prospective, spec));
      }
      case '>': {
        const spec = parseVersion(this.version)!;
        if (compareParsed(prospective, spec) <= 0) return false;
        // >3.1 refuses 3.1's post-releases (unless the specifier is one) and 3.1's local versions.
        if (!spec.isPostrelease && prospective.isPostrelease && sameBase(prospective, spec)) return false;
        return !(prospective.local !== null && sameBase(prospective, spec));
      }
      case '===':
        return prospective.text.toLowerCase() === this.version.toLowerCase();
    }
  }
}

function sameBase(a: Version, b: Version): boolean {
  return compareParsed(parseVersion(a.baseVersion)!, parseVersion(b.baseVersion)!) === 0;
}

/** packaging 21.3 _version_split: dot-separated parts, a trailing pre-release split off its number (`5a4` -> `5`, `a4`). */
function splitVersion(version: string): string[] {
  const out: string[] = [];
  for (const item of version.split('.')) {
    const match = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/.exec(item);
    if (match) out.push(match[1]!, match[2]!);
    else out.push(item);
  }
  return out;
}

/** packaging 21.3 _pad_version: pads the leading numeric parts of both sides with zeros to the same length. */
function padVersions(left: string[], right: string[]): [string[], string[]] {
  const numericRun = (parts: string[]) => {
    let i = 0;
    while (i < parts.length && /^\d+$/.test(parts[i]!)) i++;
    return i;
  };
  const ln = numericRun(left);
  const rn = numericRun(right);
  const width = Math.max(ln, rn);
  const pad = (parts: string[], n: number) => [...parts.slice(0, n), ...Array<string>(width - n).fill('0'), ...parts.slice(n)];
  return [pad(left, ln), pad(right, rn)];
}

function equalTo(prospective: Version, specVersion: string): boolean {
  if (specVersion.endsWith('.*')) {
    const publicVersion = parseVersion(prospective.publicVersion)!;
    const splitSpec = splitVersion(specVersion.slice(0, -2));
    const shortened = splitVersion(publicVersion.text).slice(0, splitSpec.length);
    const [paddedSpec, paddedProspective] = padVersions(splitSpec, shortened);
    return paddedSpec.length === paddedProspective.length && paddedSpec.every((part, i) => part === paddedProspective[i]);
  }
  const spec = parseVersion(specVersion)!;
  const left = spec.local === null ? parseVersion(prospective.publicVersion)! : prospective;
  return compareParsed(left, spec) === 0;
}

const parsedSets = new Map<string, SpecifierSet>();

/** A comma-separated set of clauses, all of which must hold (packaging's SpecifierSet). */
export class SpecifierSet {
  private constructor(readonly specs: readonly Specifier[]) {}

  static readonly EMPTY = new SpecifierSet([]);

  /** Throws InvalidSpecifier. `''` is the empty set (any version). */
  static parse(text: string): SpecifierSet {
    const known = parsedSets.get(text);
    if (known) return known;
    const specs: Specifier[] = [];
    const seen = new Set<string>();
    for (const part of text.split(',')) {
      if (part.trim() === '') {
        if (text.trim() === '') continue;
        throw new InvalidSpecifier(text, 'empty clause');
      }
      const spec = Specifier.parse(part);
      if (!seen.has(spec.toString())) {
        seen.add(spec.toString());
        specs.push(spec);
      }
    }
    const set = new SpecifierSet(specs);
    if (parsedSets.size < MAX_PARSED) parsedSets.set(text, set);
    return set;
  }

  /** Both sets at once (`specifier &= other` in packaging). */
  and(other: SpecifierSet): SpecifierSet {
    if (other.specs.length === 0) return this;
    if (this.specs.length === 0) return other;
    const seen = new Set(this.specs.map((s) => s.toString()));
    return new SpecifierSet([...this.specs, ...other.specs.filter((s) => !seen.has(s.toString()))]);
  }

  get isEmpty(): boolean {
    return this.specs.length === 0;
  }

  /** Undefined without clauses; otherwise whether any clause names a pre-release. */
  get prereleases(): boolean | undefined {
    if (this.specs.length === 0) return undefined;
    return this.specs.some((s) => s.prereleases);
  }

  contains(version: string, prereleases?: boolean): boolean {
    const parsed = parseVersion(version);
    const allowPre = prereleases ?? this.prereleases;
    if (!allowPre && parsed?.isPrerelease) return false;
    return this.specs.every((s) => s.contains(version, allowPre));
  }

  /**
   * The versions this set admits, in the given order. Pre-releases: all of them when `prereleases` is true (pip's
   * `--pre`) or a clause names one; without clauses, only when no final release is there; with clauses, never.
   */
  filter(versions: readonly string[], prereleases?: boolean): string[] {
    const allowPre = prereleases ?? this.prereleases;
    if (this.specs.length > 0) {
      return versions.filter((v) => parseVersion(v) !== undefined && this.specs.every((s) => s.contains(v, Boolean(allowPre))));
    }
    const finals: string[] = [];
    const pres: string[] = [];
    for (const v of versions) {
      const parsed = parseVersion(v);
      if (!parsed) continue;
      if (parsed.isPrerelease && !allowPre) pres.push(v);
      else finals.push(v);
    }
    return finals.length === 0 && allowPre === undefined ? pres : finals;
  }

  /** pip's is_pinned: an `===` clause, or an `==` clause without `.*`. */
  get isPinned(): boolean {
    return this.specs.some((s) => s.operator === '===' || (s.operator === '==' && !s.version.endsWith('.*')));
  }

  toString(): string {
    return this.specs
      .map((s) => s.toString())
      .sort()
      .join(',');
  }
}

function bumpLeftmostNonZero(release: number[]): string {
  const at = Math.max(0, release.findIndex((n) => n !== 0) === -1 ? release.length - 1 : release.findIndex((n) => n !== 0));
  return [...release.slice(0, at), release[at]! + 1].join('.');
}

/** One poetry clause (`^1.2`, `~1.2`, `1.2.*`, `>=1 <2`, `>=1,<2`) as PEP 440 clauses; undefined when unreadable. */
function poetryClause(clause: string): string[] | undefined {
  const out: string[] = [];
  for (const raw of clause.split(/\s*,\s*|\s+(?=[<>=!~^])/).map((s) => s.trim()).filter(Boolean)) {
    if (raw === '*') continue;
    const caret = /^\^\s*(\d+(?:\.\d+)*)$/.exec(raw);
    const tilde = /^~(?!=)\s*(\d+(?:\.\d+)*)$/.exec(raw);
    if (caret) {
      const release = caret[1]!.split('.').map(Number);
      out.push(`>=${caret[1]}`, `<${bumpLeftmostNonZero(release)}`);
    } else if (tilde) {
      const release = tilde[1]!.split('.').map(Number);
      out.push(`>=${tilde[1]}`, `<${release.length === 1 ? release[0]! + 1 : `${release[0]}.${release[1]! + 1}`}`);
    } else if (/^\d/.test(raw)) {
      out.push(`==${raw}`);
    } else if (/^=\d/.test(raw)) {
      out.push(`=${raw}`);
    } else {
      out.push(raw.replace(/\s+/g, ''));
    }
  }
  try {
    return SpecifierSet.parse(out.join(',')).specs.map((s) => s.toString());
  } catch {
    return undefined;
  }
}

/**
 * A version constraint as the manifests write it, as a PEP 440 specifier: PEP 440 as it is; `*` (Pipfile, poetry)
 * as any version; poetry's `^1.2`, `~1.2`, `1.2.*`, space-separated clauses and `A,<X || >X,B` (poetry's way of
 * writing `!=X`). Undefined for what has no PEP 440 equivalent (a `||` union with a real gap).
 */
export function pep440SpecifierOf(text: string): SpecifierSet | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '*') return SpecifierSet.EMPTY;
  try {
    return SpecifierSet.parse(trimmed);
  } catch {
    // not PEP 440: read it as poetry writes constraints
  }
  const alternatives = trimmed.split('||').map((a) => poetryClause(a));
  if (alternatives.some((a) => a === undefined)) return undefined;
  const clauses = alternatives as string[][];
  const out: string[] = [...clauses[0]!];
  for (let i = 1; i < clauses.length; i++) {
    // `...,<X || >X,...` is `...,!=X,...`: drop the `<X` that ends the previous alternative and the `>X` opening this one.
    const upper = out.length > 0 && out[out.length - 1]!.startsWith('<') && !out[out.length - 1]!.startsWith('<=') ? out[out.length - 1]!.slice(1) : undefined;
    const next = clauses[i]!;
    if (upper === undefined || next[0] !== `>${upper}`) return undefined;
    out.pop();
    out.push(`!=${upper}`, ...next.slice(1));
  }
  try {
    return SpecifierSet.parse(out.join(','));
  } catch {
    return undefined;
  }
}
