// The PyPI resolver against the loopback fake registry's JSON API: the shapes of test/resolve/universes.ts, the
// request economy, and what it reports when metadata is missing or the requirements cannot all hold.
import { markerEnvironment, parseRequirement } from '../../src/sources/pep508';
import { PypiClient } from '../../src/registries/pypi';
import { compareVersions } from '../../src/resolve/pep440';
import { PypiRegistrySource } from '../../src/resolve/pypi-source';
import { resolvePypi, type PypiResolution, type PypiResolveOptions } from '../../src/resolve/pypi-resolver';
import { addUniverse, type UniverseProject } from '../fake-registry/pypi-doc';
import type { FakeRegistry } from '../fake-registry/server';
import { fakeOptions, instantHooks, useFakeRegistry } from '../registries/registry-test-options';
import { CASES, platformUniverse, UNIVERSE, type ResolverCase } from './universes';

let fake: FakeRegistry;
useFakeRegistry((started) => {
  fake = started;
  addUniverse(fake, UNIVERSE, compareVersions);
});

function roots(lines: string[]) {
  return lines.map((line) => {
    const r = parseRequirement(line);
    return { name: r.name, extras: r.extras, specifier: r.specifier };
  });
}

async function resolveLines(lines: string[], options: Partial<PypiResolveOptions> & { constraints?: { name: string; specifier: string }[] } = {}, universe?: UniverseProject[]) {
  if (universe) addUniverse(fake, universe, compareVersions);
  const source = new PypiRegistrySource(new PypiClient(fakeOptions(fake, { noCache: true, retries: 0 }), instantHooks()));
  const python = options.pythonVersion ?? '3.11';
  const result = await resolvePypi(roots(lines), source, { pythonVersion: python, environment: markerEnvironment(python), ...options });
  return { result, source };
}

function closure(result: PypiResolution): string[] {
  if (result.status !== 'resolved') throw new Error(`expected a resolution, got: ${result.message}`);
  return result.releases.map((r) => `${r.normalizedName}==${r.version}`).sort();
}

function constraintsOf(c: ResolverCase) {
  return (c.constraints ?? []).map((line) => {
    const r = parseRequirement(line);
    return { name: r.name, specifier: r.specifier };
  });
}

describe('resolver shapes (the closure pip installs)', () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const { result } = await resolveLines(c.requirements, { ...(c.python ? { pythonVersion: c.python } : {}), ...(c.pre ? { pre: true } : {}), constraints: constraintsOf(c) });
      if (c.expected === undefined) {
        expect(result.status).toBe('conflict');
      } else {
        expect(closure(result)).toEqual(c.expected);
      }
    });
  }
});

describe('releases with wheels for some targets only (CPython 3.11, Linux x86_64)', () => {
  const { universe, cases } = platformUniverse('3.11');
  for (const c of cases) {
    test(c.name, async () => {
      const { result } = await resolveLines(c.requirements, {}, universe);
      if (c.expected === undefined) expect(result.status).toBe('conflict');
      else expect(closure(result)).toEqual(c.expected);
    });
  }

  test('a conflict says when a project has files only for other targets', async () => {
    const { result } = await resolveLines(['needswindows'], {}, universe);
    expect(result.status === 'conflict' && result.message).toBe(
      'no set of releases satisfies every requirement: needswindows 1.0 depends on windowsonly>=1 (2 releases of windowsonly only have files for other platforms or Python versions than CPython 3.11 on Linux x86_64)',
    );
  });
});

describe('what the resolver says', () => {
  test('backtracking is counted', async () => {
    const { result } = await resolveLines(['top', 'leaf==1.0']);
    expect(result.stats.rejected).toBeGreaterThan(0);
    expect(result.stats.backjumps).toBeGreaterThan(0);
    const { result: easy } = await resolveLines(['top']);
    expect(easy.stats).toMatchObject({ rejected: 0, backjumps: 0 });
  });

  test('a conflict names the requirements that cannot all hold', async () => {
    const { result } = await resolveLines(['pinsa', 'pinsb']);
    if (result.status !== 'conflict') throw new Error('expected a conflict');
    expect(result.message).toContain('pinsa 1.0 depends on shared==1.0');
    expect(result.message).toContain('pinsb 1.0 depends on shared==2.0');
  });

  test('a dependency on a missing project is a conflict naming it', async () => {
    const { result } = await resolveLines(['broken']);
    if (result.status !== 'conflict') throw new Error('expected a conflict');
    expect(result.message).toContain('broken 1.0 depends on ghost>=1');
  });

  test('Requires-Python in a conflict names the target Python', async () => {
    const { result } = await resolveLines(['pyreq>=2'], { pythonVersion: '3.11' });
    if (result.status !== 'conflict') throw new Error('expected a conflict');
    expect(result.message).toContain('pyreq>=2');
  });

  test('a user requirement for a project the index does not have is left out and reported', async () => {
    const { result } = await resolveLines(['nosuchproject', 'leaf']);
    expect(closure(result)).toEqual(['leaf==2.0']);
    expect(result.problems).toEqual([{ kind: 'root-not-found', name: 'nosuchproject', reason: 'no project named nosuchproject on the index' }]);
  });

  test('edges carry the requirement each parent states', async () => {
    const { result } = await resolveLines(['web[socks]']);
    if (result.status !== 'resolved') throw new Error('expected a resolution');
    const web = result.releases.find((r) => r.normalizedName === 'web')!;
    expect(web.extras).toEqual(['socks']);
    expect(web.dependencies).toEqual(
      expect.arrayContaining([
        { normalizedName: 'certi', requirement: 'certi>=2017.4.17' },
        { normalizedName: 'socksy', requirement: 'socksy!=1.5.7,>=1.5.6' },
      ]),
    );
  });
});

describe('metadata that is missing is never "no dependencies"', () => {
  const universe: UniverseProject[] = [
    { name: 'sdistonly', releases: [{ version: '1.0', sdistOnly: true, requiresDist: null }] },
    { name: 'wheelnodeps', releases: [{ version: '1.0' }] },
    { name: 'usesold', releases: [{ version: '1.0', requiresDist: ['hasold==1.0'] }] },
    { name: 'hasold', releases: [{ version: '1.0' }, { version: '2.0' }] },
  ];

  test('an sdist-only release with requires_dist null: unknown dependencies, reported', async () => {
    const { result } = await resolveLines(['sdistonly', 'wheelnodeps'], {}, universe);
    expect(closure(result)).toEqual(['sdistonly==1.0', 'wheelnodeps==1.0']);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'unknown-dependencies', name: 'sdistonly', version: '1.0' })]);
  });

  test('a release whose metadata document is missing: unknown dependencies, reported', async () => {
    addUniverse(fake, universe, compareVersions);
    fake.inject({ kind: 'status-500', path: '/pypi/hasold/1.0/json' });
    try {
      const { result } = await resolveLines(['usesold']);
      expect(closure(result)).toEqual(['hasold==1.0', 'usesold==1.0']);
      expect(result.problems).toEqual([expect.objectContaining({ kind: 'unknown-dependencies', name: 'hasold', version: '1.0', reason: expect.stringContaining('HTTP 500') })]);
    } finally {
      fake.clearFaults();
    }
  });

  test('a project whose release list cannot be fetched: unavailable, reported, the rest resolved', async () => {
    fake.inject({ kind: 'status-500', path: '/pypi/left/json' });
    try {
      const { result } = await resolveLines(['app']);
      // left's own requirement on base is unknown, so base is the newest that right accepts.
      expect(closure(result)).toEqual(['app==1.0', 'base==3.0', 'left==', 'right==1.0']);
      expect(result.problems).toEqual([expect.objectContaining({ kind: 'unavailable', name: 'left' })]);
    } finally {
      fake.clearFaults();
    }
  });
});

describe('what is already installed', () => {
  test('an installed release that satisfies is kept, and its index is not read', async () => {
    fake.resetCounts();
    const { result } = await resolveLines(['app'], { installed: new Map([['base', { name: 'base', version: '2.0' }]]) });
    expect(closure(result)).toEqual(['app==1.0', 'base==2.0', 'left==1.0', 'right==1.0']);
    expect(result.status === 'resolved' && result.releases.find((r) => r.normalizedName === 'base')!.installed).toBe(true);
    expect(fake.log().filter((r) => r.path === '/pypi/base/json')).toEqual([]);
  });

  test('an installed release that does not satisfy is replaced', async () => {
    const { result } = await resolveLines(['app'], { installed: new Map([['base', { name: 'base', version: '1.0' }]]) });
    expect(closure(result)).toEqual(['app==1.0', 'base==2.0', 'left==1.0', 'right==1.0']);
    expect(result.status === 'resolved' && result.releases.find((r) => r.normalizedName === 'base')!.installed).toBe(false);
  });
});

describe('request economy', () => {
  test('one project document per name; a release document only for releases the project document does not describe', async () => {
    fake.resetCounts();
    const { result, source } = await resolveLines(['app']);
    expect(closure(result)).toHaveLength(4);
    // base 2.0 is not the newest, so its metadata needs its own document; the others are described by theirs.
    expect(fake.log().map((r) => r.path).sort()).toEqual(['/pypi/app/json', '/pypi/base/2.0/json', '/pypi/base/json', '/pypi/left/json', '/pypi/right/json']);
    expect(source.requests).toEqual({ projects: expect.arrayContaining(['app', 'left', 'right', 'base']), releases: ['base@2.0'] });
  });

  test('backtracking reads each considered release once', async () => {
    fake.resetCounts();
    await resolveLines(['top', 'leaf==1.0']);
    const paths = fake.log().map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths.sort()).toEqual(['/pypi/leaf/1.0/json', '/pypi/leaf/json', '/pypi/mid/1.0/json', '/pypi/mid/json', '/pypi/top/1.0/json', '/pypi/top/json']);
  });
});

describe('--upgrade', () => {
  test('without it an installed release that satisfies is kept; with it the newest is taken', async () => {
    const installed = new Map([['leaf', { name: 'leaf', version: '1.0' }]]);
    const kept = await resolveLines(['leaf'], { installed });
    expect(closure(kept.result)).toEqual(['leaf==1.0']);
    const source = new PypiRegistrySource(new PypiClient(fakeOptions(fake, { noCache: true, retries: 0 }), instantHooks()));
    const upgraded = await resolvePypi([{ name: 'leaf', extras: [], specifier: '', upgrade: true }], source, { pythonVersion: '3.11', environment: markerEnvironment('3.11'), installed });
    expect(closure(upgraded)).toEqual(['leaf==2.0']);
  });
});
