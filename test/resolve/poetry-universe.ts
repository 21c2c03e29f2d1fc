// A package universe from real dependency metadata: the `[[package]]` entries of the poetry.lock files in
// ../shared/corpus/dockerfiles (each locked release with its dependencies, extras, markers and Requires-Python).
// Poetry writes a release's requirements in its own constraint syntax; they are turned back into PEP 508 here
// with depvet's reading of poetry constraints (a union with a real gap keeps its hull). The universe need not be
// exactly PyPI: pip and depvet read the same one.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { normalizePypiName } from '../../src/normalize';
import { compareVersions, pep440SpecifierOf } from '../../src/resolve/pep440';
import type { UniverseProject, UniverseRelease } from '../fake-registry/pypi-doc';

type TomlDependency = string | { version?: string; markers?: string; extras?: string[]; optional?: boolean; python?: string } | TomlDependency[];

interface TomlPackage {
  name: string;
  version: string;
  'python-versions'?: string;
  dependencies?: Record<string, TomlDependency>;
  extras?: Record<string, string[]>;
  source?: unknown;
}

/**
 * A poetry constraint as PEP 440 (depvet's own reading, src/resolve/pep440.ts); a `||` union with a real gap, which
 * PEP 440 cannot write, becomes its hull (the first alternative's lower bounds, the last one's upper bounds).
 */
export function poetryToPep440(constraint: string): string {
  const exact = pep440SpecifierOf(constraint);
  if (exact) return exact.specs.map((s) => s.toString()).join(',');
  const alternatives = constraint.split('||').map((a) => pep440SpecifierOf(a)!.specs.map((s) => s.toString()));
  const lower = alternatives[0]!.filter((c) => c.startsWith('>'));
  const upper = alternatives[alternatives.length - 1]!.filter((c) => c.startsWith('<'));
  return [...lower, ...upper].join(',');
}

function withMarker(requirement: string, marker: string | undefined, extra?: string): string {
  const markers = [marker ? (extra ? `(${marker})` : marker) : undefined, extra ? `extra == "${extra}"` : undefined].filter(Boolean);
  return markers.length ? `${requirement}; ${markers.join(' and ')}` : requirement;
}

function dependencyLines(name: string, dep: TomlDependency): string[] {
  if (Array.isArray(dep)) return dep.flatMap((d) => dependencyLines(name, d));
  if (typeof dep === 'string') return [`${name}${poetryToPep440(dep)}`];
  if (dep.optional) return [];
  const extras = dep.extras?.length ? `[${dep.extras.join(',')}]` : '';
  return [withMarker(`${name}${extras}${poetryToPep440(dep.version ?? '*')}`, dep.markers)];
}

/** `PySocks (>=1.5.6,!=1.5.7) ; marker` as poetry writes an extra's members -> PEP 508 for that extra. */
function extraLine(text: string, extra: string): string {
  const [requirement, marker] = text.split(';').map((s) => s.trim());
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(?:\(([^)]*)\))?\s*(.*)$/.exec(requirement!);
  const spec = match ? (match[3] ?? match[4] ?? '').replace(/\s+/g, '') : '';
  return withMarker(`${match?.[1] ?? requirement}${match?.[2] ?? ''}${spec}`, marker || undefined, extra);
}

function releaseOf(pkg: TomlPackage): UniverseRelease {
  const requiresDist: string[] = [];
  for (const [name, dep] of Object.entries(pkg.dependencies ?? {})) requiresDist.push(...dependencyLines(name, dep));
  for (const [extra, members] of Object.entries(pkg.extras ?? {})) for (const m of members) requiresDist.push(extraLine(m, extra));
  const python = pkg['python-versions'];
  const requiresPython = python && python !== '*' ? poetryToPep440(python) : null;
  return { version: pkg.version, requiresDist, ...(requiresPython ? { requiresPython } : {}), providesExtra: Object.keys(pkg.extras ?? {}) };
}

/** Every release locked in the corpus's poetry.lock files, grouped by project. */
export function poetryUniverse(corpusDir: string): UniverseProject[] {
  const projects = new Map<string, { name: string; releases: Map<string, UniverseRelease> }>();
  for (const image of fs.readdirSync(corpusDir).sort()) {
    const lock = path.join(corpusDir, image, 'poetry.lock');
    if (!fs.existsSync(lock)) continue;
    const doc = parseToml(fs.readFileSync(lock, 'utf8')) as { package?: TomlPackage[] };
    for (const pkg of doc.package ?? []) {
      if (pkg.source !== undefined) continue; // git / url / path packages are not on an index
      const key = normalizePypiName(pkg.name);
      const project = projects.get(key) ?? { name: pkg.name, releases: new Map<string, UniverseRelease>() };
      if (!project.releases.has(pkg.version)) project.releases.set(pkg.version, releaseOf(pkg));
      projects.set(key, project);
    }
  }
  return [...projects.values()]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((p) => ({ name: p.name, releases: [...p.releases.values()].sort((a, b) => compareVersions(a.version, b.version)) }));
}
