// Seeded requirement sets drawn from a universe: random picks (names, ranges, pins, extras), sets built to make
// pip backtrack (a project whose newest release needs a dependency version the set rules out, while an older
// release accepts it), and sets no release combination satisfies. The same seed gives the same sets.
import { markerEnvironment, evaluateMarker, parseRequirement } from '../../src/sources/pep508';
import { normalizePypiName } from '../../src/normalize';
import { compareVersions, SpecifierSet } from '../../src/resolve/pep440';
import type { UniverseProject, UniverseRelease } from '../fake-registry/pypi-doc';

export interface RequirementSet {
  id: string;
  kind: 'random' | 'backtrack' | 'conflict';
  requirements: string[];
  constraints?: string[];
}

// mulberry32 and Fisher-Yates, shared with the name screen's split (scripts/seeded-random.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const seeded = require('../../scripts/seeded-random.js') as { seededRandom(seed: number): () => number; shuffleInPlace<T>(random: () => number, items: T[]): T[] };
const seededRandom = seeded.seededRandom;
const shuffle = <T>(random: () => number, items: T[]): T[] => seeded.shuffleInPlace(random, items);

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** The requirements of a release that apply on the target (no extra, marker true). */
function applicable(release: UniverseRelease, python: string): { project: string; specifier: SpecifierSet }[] {
  const env = markerEnvironment(python);
  const out: { project: string; specifier: SpecifierSet }[] = [];
  for (const line of release.requiresDist ?? []) {
    const req = parseRequirement(line);
    if (req.marker !== undefined && !evaluateMarker(req.marker, env)) continue;
    out.push({ project: normalizePypiName(req.name), specifier: SpecifierSet.parse(req.specifier) });
  }
  return out;
}

/**
 * Releases whose every dependency (on the target) has some such release in range, found as a fixpoint: a rough
 * "could be installed" that ignores conflicts between dependencies. Many corpus releases need a project no lock
 * holds (a test-only extra, another platform's package), so random picks come from these to be mostly solvable.
 */
function installableReleases(universe: UniverseProject[], python: string): Map<string, UniverseRelease[]> {
  const byName = new Map(universe.map((p) => [normalizePypiName(p.name), p]));
  let ok = new Map<string, Set<string>>(universe.map((p) => [normalizePypiName(p.name), new Set(p.releases.map((r) => r.version))]));
  for (;;) {
    let changed = false;
    const next = new Map<string, Set<string>>();
    for (const [name, versions] of ok) {
      const kept = new Set<string>();
      for (const release of byName.get(name)!.releases) {
        if (!versions.has(release.version)) continue;
        const satisfied = applicable(release, python).every((d) => [...(ok.get(d.project) ?? [])].some((v) => d.specifier.contains(v, true)));
        if (satisfied) kept.add(release.version);
        else changed = true;
      }
      next.set(name, kept);
    }
    ok = next;
    if (!changed) break;
  }
  const out = new Map<string, UniverseRelease[]>();
  for (const [name, versions] of ok) if (versions.size > 0) out.set(name, byName.get(name)!.releases.filter((r) => versions.has(r.version)));
  return out;
}

export function generateSets(universe: UniverseProject[], options: { seed: number; random: number; backtrack: number; conflict: number; python: string }): RequirementSet[] {
  const random = seededRandom(options.seed);
  const byName = new Map(universe.map((p) => [normalizePypiName(p.name), p]));
  const installable = installableReleases(universe, options.python);
  const pickable = universe.filter((p) => installable.has(normalizePypiName(p.name)));
  const sets: RequirementSet[] = [];

  // Random picks.
  for (let i = 0; sets.length < options.random; i++) {
    const count = 1 + Math.floor(random() * 4);
    const lines: string[] = [];
    for (let k = 0; k < count; k++) {
      const project = pick(random, pickable);
      const versions = installable.get(normalizePypiName(project.name))!.map((r) => r.version);
      const version = pick(random, versions);
      // Extras whose members the universe holds (many are test or docs extras naming projects no lock has).
      const extras = [...new Set(project.releases.flatMap((r) => r.providesExtra ?? []))].filter((e) =>
        project.releases.every((r) =>
          (r.requiresDist ?? []).filter((line) => line.includes(`extra == "${e}"`)).every((line) => installable.has(normalizePypiName(parseRequirement(line).name))),
        ),
      );
      const extra = extras.length > 0 && random() < 0.15 ? `[${pick(random, extras)}]` : '';
      // A range that some installable release satisfies: `<v` above the oldest, `!=` only with a second release.
      const sorted = [...versions].sort(compareVersions);
      const roll = random();
      const spec =
        roll < 0.4
          ? ''
          : roll < 0.6
            ? `>=${version}`
            : roll < 0.75
              ? `==${version}`
              : roll < 0.85 && sorted.length > 1
                ? `<${sorted[1 + Math.floor(random() * (sorted.length - 1))]}`
                : roll < 0.92 && sorted.length > 1
                  ? `!=${sorted[sorted.length - 1]}`
                  : /^\d+\.\d+/.test(version)
                    ? `~=${/^\d+\.\d+/.exec(version)![0]}`
                    : '';
      lines.push(`${project.name}${extra}${spec}`);
    }
    sets.push({ id: `random-${i}`, kind: 'random', requirements: lines });
  }

  // Backtracking and conflicts: the newest release of P needs D in a range that excludes v; an older one accepts v.
  const backtrackPairs: { project: UniverseProject; newest: UniverseRelease; dependency: string; version: string }[] = [];
  const conflictPairs: { project: UniverseProject; newest: UniverseRelease; dependency: string; version: string }[] = [];
  for (const project of universe) {
    if (project.releases.length < 1) continue;
    const newest = project.releases[project.releases.length - 1]!;
    const newestDeps = applicable(newest, options.python);
    for (const dep of newestDeps) {
      const target = byName.get(dep.project);
      if (!target) continue;
      for (const candidate of target.releases) {
        if (dep.specifier.contains(candidate.version, true)) continue;
        conflictPairs.push({ project, newest, dependency: target.name, version: candidate.version });
        const olderAccepts = project.releases
          .slice(0, -1)
          .some((older) => applicable(older, options.python).some((d) => d.project === dep.project && d.specifier.contains(candidate.version, true)));
        if (olderAccepts) backtrackPairs.push({ project, newest, dependency: target.name, version: candidate.version });
      }
    }
  }
  const backtrack = shuffle(random, backtrackPairs);
  for (let i = 0; i < options.backtrack && i < backtrack.length; i++) {
    const pair = backtrack[i]!;
    const lines = shuffle(random, [pair.project.name, `${pair.dependency}==${pair.version}`]);
    // Sometimes with a bystander, so the backtracking happens amid other work.
    if (random() < 0.5) lines.push(pick(random, universe).name);
    sets.push({ id: `backtrack-${i}`, kind: 'backtrack', requirements: lines });
  }
  const conflicts = shuffle(random, conflictPairs);
  for (let i = 0; i < options.conflict && i < conflicts.length; i++) {
    const pair = conflicts[i]!;
    sets.push({ id: `conflict-${i}`, kind: 'conflict', requirements: [`${pair.project.name}==${pair.newest.version}`, `${pair.dependency}==${pair.version}`] });
  }
  return sets;
}
