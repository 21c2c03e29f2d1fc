import {
  affectedImages,
  baseFindingKeySet,
  changedImages,
  diffPackages,
  findingKeys,
  markExisting,
  markExistingByPackageDiff,
  packageIdentity,
  type FindingWithImages,
} from '../../src/diff/diff';
import type { ImageInfo, InventoryEntry } from '../../src/inventory/types';

function image(name: string, baseChain: string[], inTree?: string): ImageInfo {
  return {
    name,
    dir: `docker/${name}`,
    status: 'active',
    baseChain,
    ...(inTree !== undefined ? { base: { image: `demisto/${inTree}:1.0.0.1`, file: `docker/${name}/Dockerfile`, line: 1, inTree } } : {}),
    sourceOfTruth: [`docker/${name}/Pipfile.lock`],
    packages: { own: 0, inherited: 0, skipped: 0 },
  };
}

function entry(imageName: string | undefined, name: string, version: string | undefined, extra: Partial<InventoryEntry> = {}): InventoryEntry {
  return {
    ecosystem: 'PyPI',
    name,
    normalizedName: name.toLowerCase().replace(/[-_.]+/g, '-'),
    ...(version !== undefined ? { version } : {}),
    extras: [],
    relation: 'direct',
    location: { file: `docker/${imageName ?? 'x'}/Pipfile.lock`, line: 1 },
    status: 'included',
    ...(imageName !== undefined ? { image: imageName } : {}),
    ...extra,
  };
}

function finding(name: string, version: string, images: string[], extra: Partial<FindingWithImages> = {}): FindingWithImages {
  return {
    check: 'advisories',
    kind: 'advisory',
    severity: 'high',
    package: { ecosystem: 'PyPI', name, normalizedName: name, version },
    message: `${name} is affected`,
    evidence: { id: 'GHSA-aaaa-bbbb-cccc' },
    images,
    ...extra,
  };
}

describe('changedImages', () => {
  it('takes the first folder under the tree, ignoring files directly in the tree, hidden folders and other paths', () => {
    const files = ['docker/a/Dockerfile', 'docker/a/Pipfile.lock', 'docker/b/sub/x.py', 'docker/README.md', 'docker/.github/x', 'dockerfoo/c/Dockerfile', 'other/d/Dockerfile'];
    expect([...changedImages('docker', files)]).toEqual(['a', 'b']);
    expect([...changedImages('docker/', files)]).toEqual(['a', 'b']);
    expect([...changedImages('./docker', files)]).toEqual(['a', 'b']);
  });

  it('handles a tree at the repository top', () => {
    expect([...changedImages('', ['a/Dockerfile', 'README.md', 'b/c/d'])]).toEqual(['a', 'b']);
    expect([...changedImages('.', ['z/Dockerfile', 'a/x'])]).toEqual(['a', 'z']);
  });
});

describe('affectedImages', () => {
  const images = [image('python3', []), image('crypto', ['python3'], 'python3'), image('app', ['crypto', 'python3'], 'crypto'), image('solo', [])];

  it('returns the changed images and those inheriting from them through the chain, with the reason', () => {
    const affected = affectedImages(images, new Set(['python3']));
    expect(affected.map((a) => [a.name, a.reason, a.changedBases])).toEqual([
      ['app', 'base-changed', ['python3']],
      ['crypto', 'base-changed', ['python3']],
      ['python3', 'changed', []],
    ]);
    expect(affected[0]?.message).toBe('app: inherits from python3 (changed) through crypto');
    expect(affected[1]?.message).toBe('crypto: inherits from python3 (changed)');
  });

  it('names every changed base, nearest first, and keeps a changed image as changed', () => {
    const affected = affectedImages(images, new Set(['python3', 'crypto']));
    expect(affected.map((a) => [a.name, a.reason, a.changedBases])).toEqual([
      ['app', 'base-changed', ['crypto', 'python3']],
      ['crypto', 'changed', []],
      ['python3', 'changed', []],
    ]);
  });

  it('follows base.inTree links when a chain was recorded short', () => {
    const short = [image('python3', []), image('crypto', [], 'python3'), image('app', ['crypto'], 'crypto')];
    expect(affectedImages(short, new Set(['python3'])).map((a) => a.name)).toEqual(['app', 'crypto', 'python3']);
  });

  it('leaves out deleted images and unrelated ones, and survives a cycle', () => {
    expect(affectedImages(images, new Set(['gone']))).toEqual([]);
    const cyclic = [image('a', ['b'], 'b'), image('b', ['a'], 'a')];
    expect(affectedImages(cyclic, new Set(['a'])).map((x) => [x.name, x.reason])).toEqual([
      ['a', 'changed'],
      ['b', 'base-changed'],
    ]);
  });
});

describe('diffPackages', () => {
  it('finds added and changed packages per image, and removed ones', () => {
    const base = [entry('a', 'requests', '2.31.0'), entry('a', 'six', '1.16.0'), entry('b', 'requests', '2.31.0'), entry('a', 'attrs', '23.1.0')];
    const current = [entry('a', 'requests', '2.32.0'), entry('a', 'six', '1.16.0'), entry('b', 'requests', '2.31.0'), entry('b', 'six', '1.16.0'), entry('a', 'Idna', '3.7')];
    const diff = diffPackages(current, base);
    expect(diff.changes.map((c) => [c.entry.image, c.entry.normalizedName, c.change, c.before])).toEqual([
      ['a', 'requests', 'changed', ['2.31.0']],
      ['b', 'six', 'added', []],
      ['a', 'idna', 'added', []],
    ]);
    expect(diff.keys.size).toBe(3);
    expect(diff.removed.map((e) => e.normalizedName)).toEqual(['attrs']);
  });

  it('compares specifiers and VCS references when there is no version, and counts each identity once', () => {
    const vcs = (ref: string) => entry(undefined, 'tool', undefined, { unvettable: { kind: 'vcs', reference: ref, reason: 'git' } });
    const base = [entry(undefined, 'flask', undefined, { specifier: '>=2' }), vcs('git+https://example.invalid/tool@v1')];
    const current = [entry(undefined, 'flask', undefined, { specifier: '>=2' }), vcs('git+https://example.invalid/tool@v2'), vcs('git+https://example.invalid/tool@v2')];
    const diff = diffPackages(current, base);
    expect(diff.changes.map((c) => [c.entry.normalizedName, c.change, c.before])).toEqual([['tool', 'changed', ['git+https://example.invalid/tool@v1']]]);
  });

  it('treats a package now installed that the base skipped as added, and ignores skipped entries now', () => {
    const skipped = (e: InventoryEntry): InventoryEntry => ({ ...e, status: 'skipped', skip: { code: 'marker-false', message: 'no' } });
    const base = [skipped(entry('a', 'tomli', '2.0.1')), entry('a', 'colorama', '0.4.6')];
    const current = [entry('a', 'tomli', '2.0.1'), skipped(entry('a', 'colorama', '0.4.6'))];
    const diff = diffPackages(current, base);
    expect(diff.changes.map((c) => [c.entry.normalizedName, c.change])).toEqual([['tomli', 'added']]);
    expect(diff.removed.map((e) => e.normalizedName)).toEqual(['colorama']);
  });

  it('keys by image, ecosystem, name and version', () => {
    expect(packageIdentity(entry('a', 'Foo.Bar', '1.0'))).toBe(['a', 'PyPI', 'foo-bar', '1.0'].join('\u0000'));
    expect(packageIdentity(entry('a', 'x', '1'))).not.toBe(packageIdentity({ ...entry('a', 'x', '1'), ecosystem: 'npm' }));
  });
});

describe('markExisting', () => {
  it('marks a finding existing only when the base had it for every image it now affects', () => {
    const base = baseFindingKeySet([finding('requests', '2.31.0', ['a'])]);
    const marked = markExisting(
      [finding('requests', '2.31.0', ['a']), finding('requests', '2.31.0', ['a', 'b']), finding('requests', '2.32.0', ['a']), finding('requests', '2.31.0', ['a'], { evidence: { id: 'PYSEC-2024-1' } })],
      base,
    );
    expect(marked.map((f) => f.existing)).toEqual([true, false, false, false]);
  });

  it('keys base-image findings by Dockerfile and FROM as written, not by line', () => {
    const fromFinding = (line: number, written: string): FindingWithImages => ({
      check: 'base-image',
      kind: 'base-not-allowed',
      severity: 'high',
      package: { ecosystem: 'PyPI', name: written, normalizedName: written },
      message: 'not allowed',
      evidence: { image: written, stage: 0 },
      location: { file: 'docker/a/Dockerfile', line },
      images: ['a'],
    });
    const base = baseFindingKeySet([fromFinding(1, 'alpine:3.18')]);
    expect(markExisting([fromFinding(3, 'alpine:3.18'), fromFinding(3, 'alpine:3.19')], base).map((f) => f.existing)).toEqual([true, false]);
    expect(findingKeys(fromFinding(1, 'alpine:3.18'))).toEqual(findingKeys(fromFinding(9, 'alpine:3.18')));
  });

  it('treats findings outside image scans as one key each', () => {
    const outside = finding('six', '1.16.0', []);
    expect(findingKeys(outside)).toHaveLength(1);
    expect(markExisting([outside], baseFindingKeySet([outside]))[0]?.existing).toBe(true);
  });
});

describe('markExistingByPackageDiff', () => {
  it('marks a package finding new when its package is new or changed in any image it affects', () => {
    const diff = diffPackages([entry('a', 'requests', '2.32.0'), entry('b', 'six', '1.16.0')], [entry('a', 'requests', '2.31.0'), entry('b', 'six', '1.16.0')]);
    const marked = markExistingByPackageDiff([finding('requests', '2.32.0', ['a']), finding('six', '1.16.0', ['b']), finding('requests', '2.32.0', ['b', 'a'])], diff);
    expect(marked.map((f) => f.existing)).toEqual([false, true, false]);
  });

  it('leaves base-image findings to markExisting', () => {
    const diff = diffPackages([], []);
    const baseFinding: FindingWithImages = { ...finding('alpine:3.18', '', ['a']), check: 'base-image', kind: 'base-not-allowed' };
    expect(markExistingByPackageDiff([baseFinding], diff)[0]).toBe(baseFinding);
  });
});
