// The acceptance figures of the inventory on the real demisto/dockerfiles corpus (../shared).
import fs from 'node:fs';
import path from 'node:path';
import { buildInventory } from '../../src/inventory/inventory';
import { normalizePypiName } from '../../src/normalize';
import { describeWithShared, sharedPath } from '../helpers/shared';

describeWithShared('demisto/dockerfiles corpus', () => {
  const corpus = sharedPath('corpus', 'dockerfiles');
  const inv = hasCorpus() ? buildInventory([corpus]) : undefined;

  function hasCorpus() {
    return fs.existsSync(corpus);
  }

  it('reads all 261 image folders with no error', () => {
    expect(inv!.images).toHaveLength(261);
    expect(inv!.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('counts 2,898 Pipfile.lock default entries, 1,425 poetry.lock packages and 835 distinct locked names', () => {
    expect(inv!.summary.entriesByKind['Pipfile.lock']?.default).toBe(2898);
    const poetry = Object.values(inv!.summary.entriesByKind['poetry.lock'] ?? {}).reduce((a, b) => a + b, 0);
    expect(poetry).toBe(1425);
    expect(inv!.summary.distinctLockedNames).toBe(835);
  });

  it('the same counts, computed independently from the lock files', () => {
    let defaults = 0;
    const names = new Set<string>();
    for (const image of fs.readdirSync(corpus)) {
      const lock = path.join(corpus, image, 'Pipfile.lock');
      if (!fs.existsSync(lock)) continue;
      const doc = JSON.parse(fs.readFileSync(lock, 'utf8')) as Record<string, Record<string, unknown>>;
      defaults += Object.keys(doc.default ?? {}).length;
      for (const section of ['default', 'develop']) for (const n of Object.keys(doc[section] ?? {})) names.add(normalizePypiName(n.replace(/\[.*$/, '')));
    }
    let poetry = 0;
    for (const image of fs.readdirSync(corpus)) {
      const lock = path.join(corpus, image, 'poetry.lock');
      if (!fs.existsSync(lock)) continue;
      for (const m of fs.readFileSync(lock, 'utf8').matchAll(/^\[\[package\]\]\nname = "([^"]+)"/gm)) {
        poetry += 1;
        names.add(normalizePypiName(m[1]!));
      }
    }
    expect([defaults, poetry, names.size]).toEqual([2898, 1425, 835]);
  });

  it('crypto (FROM demisto/python3) holds its own locked packages plus the inherited ones of python3', () => {
    const crypto = inv!.images.find((i) => i.name === 'crypto')!;
    expect(crypto.baseChain).toEqual(['python3']);
    const own = inv!.packages.filter((p) => p.image === 'crypto' && !p.inheritedFrom);
    const inherited = inv!.packages.filter((p) => p.image === 'crypto' && p.inheritedFrom === 'python3');
    const lock = JSON.parse(fs.readFileSync(path.join(corpus, 'crypto', 'Pipfile.lock'), 'utf8')) as { default: Record<string, { version: string }> };
    expect(own.filter((p) => p.location.file.endsWith('Pipfile.lock')).map((p) => p.normalizedName).sort()).toEqual(Object.keys(lock.default).map(normalizePypiName).sort());
    const baseLock = JSON.parse(fs.readFileSync(path.join(corpus, 'python3', 'Pipfile.lock'), 'utf8')) as { default: Record<string, unknown> };
    const ownNames = new Set(own.map((p) => p.normalizedName));
    // Every python3 package shows up in crypto, as inherited; the ones crypto pins itself are marked overridden.
    for (const name of Object.keys(baseLock.default).map(normalizePypiName)) {
      const entry = inherited.find((p) => p.normalizedName === name);
      expect(entry).toBeDefined();
      expect(entry!.status === 'skipped' && entry!.skip?.code === 'overridden').toBe(ownNames.has(name));
    }
  });
});
