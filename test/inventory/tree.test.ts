import path from 'node:path';
import { buildInventory } from '../../src/inventory/inventory';
import type { InventoryEntry } from '../../src/inventory/types';
import { fixturePath } from '../helpers/shared';

const TREE = fixturePath('inventory', 'tree');

function inventory(images?: string[]) {
  return buildInventory([path.relative(process.cwd(), TREE)], images ? { images } : {});
}

function pick(entries: InventoryEntry[], image: string, name: string): InventoryEntry[] {
  return entries.filter((e) => e.image === image && e.normalizedName === name);
}

describe('dockerfiles-style tree', () => {
  const inv = inventory();

  it('finds every image folder and reads build.conf status', () => {
    expect(inv.images.map((i) => [i.name, i.status])).toEqual([
      ['crypto', 'active'],
      ['legacy', 'deprecated'],
      ['orphan', 'active'],
      ['powershell', 'active'],
      ['python3', 'active'],
      ['teams', 'devonly'],
    ]);
    expect(inv.images.find((i) => i.name === 'legacy')?.deprecatedReason).toBe('Use the demisto/crypto docker image instead.');
  });

  it('follows a chain of in-tree bases and marks inherited packages with the base that declares them', () => {
    const teams = inv.images.find((i) => i.name === 'teams')!;
    expect(teams.baseChain).toEqual(['crypto', 'python3']);
    expect(teams.base).toMatchObject({ image: 'demisto/crypto:1.0.0.87863', inTree: 'crypto', line: 1 });
    const included = inv.packages.filter((e) => e.image === 'teams' && e.status === 'included');
    const summary = included.map((e) => `${e.normalizedName}${e.version ? `==${e.version}` : ' (unpinned)'} <- ${e.inheritedFrom ?? 'own'}`).sort();
    expect(summary).toEqual([
      'certifi==2024.2.2 <- python3',
      'cffi==1.16.0 <- crypto',
      'cryptography==42.0.5 <- crypto',
      'pycparser==2.21 <- crypto',
      'pymsteams==0.2.2 <- own',
      'requests==2.32.3 <- crypto',
      'setuptools (unpinned) <- python3',
      'six==1.16.0 <- python3',
      'urllib3==2.2.1 <- python3',
    ]);
  });

  it("an image's own pin replaces the inherited one, which is listed as overridden", () => {
    const requests = pick(inv.packages, 'crypto', 'requests');
    expect(requests.map((e) => [e.version, e.status, e.inheritedFrom ?? 'own'])).toEqual([
      ['2.32.3', 'included', 'own'],
      ['2.31.0', 'skipped', 'python3'],
    ]);
    expect(requests[1]!.skip?.code).toBe('overridden');
  });

  it('evaluates markers against the Python of the base image and lists what would not be installed', () => {
    const python3 = inv.images.find((i) => i.name === 'python3')!;
    expect(python3.python).toEqual({ version: '3.11', source: 'base image python:3.11.9-alpine3.20' });
    const typing = pick(inv.packages, 'python3', 'typing-extensions')[0]!;
    expect(typing.status).toBe('skipped');
    expect(typing.skip).toEqual({ code: 'marker-false', message: "marker `python_version < '3.8'` is false for Python 3.11 on Linux" });
    const colorama = pick(inv.packages, 'teams', 'colorama')[0]!;
    expect(colorama.status).toBe('skipped');
    expect(inv.images.find((i) => i.name === 'teams')!.python?.version).toBe('3.11');
  });

  it('lists develop packages of an image as dev-only: the image build does not install them', () => {
    const pytest = pick(inv.packages, 'python3', 'pytest')[0]!;
    expect(pytest.status).toBe('skipped');
    expect(pytest.skip?.code).toBe('dev-only');
    expect(pick(inv.packages, 'crypto', 'pytest')).toEqual([]);
  });

  it('marks lock entries named in the paired manifest as direct', () => {
    const own = inv.packages.filter((e) => e.image === 'crypto' && !e.inheritedFrom);
    expect(own.filter((e) => e.relation === 'direct').map((e) => e.normalizedName).sort()).toEqual(['cryptography', 'requests']);
    expect(own.find((e) => e.normalizedName === 'cffi')!.relation).toBe('transitive');
  });

  it('a committed requirements.txt wins over Pipfile.lock, with its includes; the lock is read but not installed', () => {
    const legacy = inv.images.find((i) => i.name === 'legacy')!;
    expect(legacy.sourceOfTruth).toEqual([`${path.relative(process.cwd(), TREE)}/legacy/requirements.txt`]);
    const own = inv.packages.filter((e) => e.image === 'legacy' && !e.inheritedFrom);
    expect(own.map((e) => `${e.name}==${e.version} ${e.location.file.split('/').pop()}:${e.location.line}`)).toEqual([
      'idna==3.6 requirements.txt:2',
      'chardet==5.2.0 extra-requirements.txt:1',
    ]);
    const lock = inv.manifests.find((m) => m.image === 'legacy' && m.kind === 'Pipfile.lock')!;
    expect(lock.role).toBe('not-used');
  });

  it('reports a base image of the namespace that has no folder, and keeps the Dockerfile packages', () => {
    const warning = inv.diagnostics.find((d) => d.code === 'base-not-in-tree')!;
    expect(warning.message).toContain('demisto/no-such-base:1.0.0.1');
    expect(warning.location.file.endsWith('orphan/Dockerfile')).toBe(true);
    const lxml = pick(inv.packages, 'orphan', 'lxml')[0]!;
    expect(lxml).toMatchObject({ specifier: '>=5.2.0', relation: 'direct' });
    expect(lxml.location.line).toBe(2);
  });

  it('does not mistake another registry for the tree namespace', () => {
    const ps = inv.images.find((i) => i.name === 'powershell')!;
    expect(ps.base?.inTree).toBeUndefined();
    expect(ps.baseChain).toEqual([]);
  });

  it('--image reads only the chosen image but still its bases', () => {
    const only = inventory(['teams']);
    expect(only.images.map((i) => i.name)).toEqual(['teams']);
    expect(new Set(only.packages.map((p) => p.image))).toEqual(new Set(['teams']));
    expect(only.packages.some((p) => p.inheritedFrom === 'python3')).toBe(true);
  });

  it('summary counts declared entries once, not their inherited copies', () => {
    expect(inv.summary.entriesByKind['Pipfile.lock']).toEqual({ default: 10, develop: 1 });
    expect(inv.summary.entriesByKind['poetry.lock']).toEqual({ default: 2 });
    expect(inv.summary.images).toBe(6);
  });
});
