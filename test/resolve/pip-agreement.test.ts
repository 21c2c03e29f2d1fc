// Agreement with pip itself. The loopback fake registry serves one universe twice: as a PEP 503 simple index with
// PEP 658 metadata and wheels (what pip reads) and as the PyPI JSON API (what depvet reads). pip 23.2's
// `install --dry-run --ignore-installed --report` and depvet's resolver get the same requirement sets; the closures
// (name and version) must be equal, and where pip finds no solution depvet must claim none. Two universes: the
// hand-made shapes of universes.ts, and the real dependency metadata of the corpus's poetry.lock files with >= 80
// seeded sets (>= 10 that make pip backtrack, and sets no combination satisfies). Skipped plainly without pip or
// (for the corpus universe) without ../shared.
import { normalizePypiName } from '../../src/normalize';
import { PypiClient } from '../../src/registries/pypi';
import { compareVersions } from '../../src/resolve/pep440';
import { resolvePypi, type PypiResolution } from '../../src/resolve/pypi-resolver';
import { PypiRegistrySource } from '../../src/resolve/pypi-source';
import { markerEnvironment, parseRequirement } from '../../src/sources/pep508';
import { addUniverse, type UniverseProject } from '../fake-registry/pypi-doc';
import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { fakeOptions, instantHooks } from '../registries/registry-test-options';
import { describeWithShared, sharedPath } from '../helpers/shared';
import { pipReference, runPip, type PipAnswer, type PipJob } from './pip-reference';
import { poetryUniverse } from './poetry-universe';
import { generateSets } from './requirement-sets';
import { CASES, platformUniverse, UNIVERSE } from './universes';

// The interpreter pip runs in decides Requires-Python and markers; depvet is told the same one.
const PYTHON = (() => {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const out = spawnSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : '3.12.0';
})();

const pip = pipReference();
const describeWithPip: jest.Describe = pip.available ? describe : ((name: string) => describe(`${name} [skipped: ${pip.available ? '' : pip.reason}]`, () => it.skip('needs pip', () => undefined))) as unknown as jest.Describe;

interface Compared {
  job: PipJob & { id: string; kind?: string };
  pip: PipAnswer;
  depvet: PypiResolution;
}

function lineToRoot(line: string) {
  const r = parseRequirement(line);
  return { name: r.name, extras: r.extras, specifier: r.specifier };
}

async function compareWithPip(universe: UniverseProject[], jobs: (PipJob & { id: string; kind?: string })[]): Promise<Compared[]> {
  const fake: FakeRegistry = await startFakeRegistry();
  try {
    addUniverse(fake, universe, compareVersions);
    const answers = await runPip(jobs, `${fake.url}/simple/`);
    const out: Compared[] = [];
    for (const [i, job] of jobs.entries()) {
      const source = new PypiRegistrySource(new PypiClient(fakeOptions(fake, { noCache: true, retries: 0, concurrency: 16 }), instantHooks()));
      const depvet = await resolvePypi(job.requirements.map(lineToRoot), source, {
        pythonVersion: PYTHON,
        environment: markerEnvironment(PYTHON),
        ...(job.pre ? { pre: true } : {}),
        constraints: (job.constraints ?? []).map((line) => ({ name: parseRequirement(line).name, specifier: parseRequirement(line).specifier })),
      });
      out.push({ job, pip: answers[i]!, depvet });
    }
    return out;
  } finally {
    await fake.close();
  }
}

function depvetClosure(result: PypiResolution): string[] | undefined {
  return result.status === 'resolved' ? result.releases.map((r) => `${r.normalizedName}==${r.version}`).sort() : undefined;
}

function pipClosure(answer: PipAnswer): string[] | undefined {
  return answer.status === 0 ? answer.install!.map((line) => `${normalizePypiName(line.split('==')[0]!)}==${line.split('==')[1]}`).sort() : undefined;
}

function pipPins(answer: PipAnswer): string[] {
  return answer.pins.map((pin) => {
    const dash = pin.lastIndexOf('-');
    return `${normalizePypiName(pin.slice(0, dash))}-${pin.slice(dash + 1)}`;
  });
}

describeWithPip(`agreement with pip ${pip.available ? pip.version : ''}`, () => {
  jest.setTimeout(600_000);

  describe('hand-made shapes', () => {
    let compared: Compared[];
    beforeAll(async () => {
      compared = await compareWithPip(
        UNIVERSE,
        CASES.filter((c) => c.python === undefined).map((c) => ({ id: c.name, requirements: c.requirements, ...(c.constraints ? { constraints: c.constraints } : {}), ...(c.pre ? { pre: true } : {}) })),
      );
    });

    test('pip installs the closures universes.ts expects, and so does depvet, pin for pin', () => {
      for (const { job, pip: answer, depvet } of compared) {
        const expected = CASES.find((c) => c.name === job.id)!.expected;
        expect({ id: job.id, pip: pipClosure(answer) }).toEqual({ id: job.id, pip: expected });
        expect({ id: job.id, depvet: depvetClosure(depvet) }).toEqual({ id: job.id, depvet: expected });
        expect({ id: job.id, pins: depvet.stats.pins, rejected: depvet.stats.rejected }).toEqual({ id: job.id, pins: pipPins(answer), rejected: answer.rejected });
      }
    });
  });

  // pip judges wheel tags by the machine it runs on; depvet is told Linux x86_64, so elsewhere this says so and stops.
  const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
  (linuxX64 ? describe : describe.skip)(`wheels for some targets only${linuxX64 ? '' : ' [skipped: pip here is not on Linux x86_64]'}`, () => {
    const { universe, cases } = platformUniverse(PYTHON);
    let compared: Compared[];
    beforeAll(async () => {
      compared = await compareWithPip(
        universe,
        cases.map((c) => ({ id: c.name, requirements: c.requirements })),
      );
    });

    test('pip and depvet pick the same releases, pin for pin', () => {
      for (const { job, pip: answer, depvet } of compared) {
        const expected = cases.find((c) => c.name === job.id)!.expected;
        expect({ id: job.id, pip: pipClosure(answer) }).toEqual({ id: job.id, pip: expected });
        expect({ id: job.id, depvet: depvetClosure(depvet) }).toEqual({ id: job.id, depvet: expected });
        expect({ id: job.id, pins: depvet.stats.pins }).toEqual({ id: job.id, pins: pipPins(answer) });
      }
    });
  });

  describeWithShared('the corpus universe (poetry.lock metadata)', () => {
    let compared: Compared[];
    beforeAll(async () => {
      const universe = poetryUniverse(sharedPath('corpus', 'dockerfiles'));
      const sets = generateSets(universe, { seed: 20240613, random: 72, backtrack: 16, conflict: 6, python: PYTHON });
      compared = await compareWithPip(universe, sets.map((s) => ({ id: s.id, kind: s.kind, requirements: s.requirements })));
    });

    test('at least 80 sets pip solves, at least 10 of them by backtracking, and sets pip cannot solve', () => {
      const solved = compared.filter((c) => c.pip.status === 0);
      const backtracked = solved.filter((c) => c.pip.rejected > 0).length;
      const unsolvable = compared.length - solved.length;
      const same = compared.filter((c) => JSON.stringify(depvetClosure(c.depvet)) === JSON.stringify(pipClosure(c.pip))).length;
      process.stdout.write(
        `pip agreement: depvet gives pip's answer on ${same}/${compared.length} sets (${solved.length} solved, ${backtracked} of them by backtracking; ${unsolvable} without a solution)\n`,
      );
      expect(solved.length).toBeGreaterThanOrEqual(80);
      expect(backtracked).toBeGreaterThanOrEqual(10);
      expect(unsolvable).toBeGreaterThan(0);
    });

    test('the same closure as pip on every set; no closure where pip finds none', () => {
      const disagreements = compared
        .filter((c) => JSON.stringify(depvetClosure(c.depvet)) !== JSON.stringify(pipClosure(c.pip)))
        .map((c) => ({ id: c.job.id, requirements: c.job.requirements, pip: pipClosure(c.pip) ?? 'no solution', depvet: depvetClosure(c.depvet) ?? (c.depvet.status === 'conflict' ? c.depvet.message : '') }));
      expect(disagreements).toEqual([]);
    });

    test('the same search: the same pins in the same order, the same rejected candidates', () => {
      const different = compared
        .filter((c) => JSON.stringify(c.depvet.stats.pins) !== JSON.stringify(pipPins(c.pip)) || c.depvet.stats.rejected !== c.pip.rejected)
        .map((c) => ({ id: c.job.id, pip: { pins: pipPins(c.pip), rejected: c.pip.rejected }, depvet: { pins: c.depvet.stats.pins, rejected: c.depvet.stats.rejected } }));
      expect(different).toEqual([]);
    });
  });
});
