// Corpus scale: all 2,661 real PyPI advisories of ../shared/osv/pypi (see its SOURCE.md for the counts below).
import { LocalOsvDatabase } from '../../../src/checks/advisories/osv-database';
import { normalizeName } from '../../../src/normalize';
import { describeWithShared, sharedPath } from '../../helpers/shared';

describeWithShared('LocalOsvDatabase over ../shared/osv/pypi', () => {
  let db: LocalOsvDatabase;
  beforeAll(async () => {
    db = await LocalOsvDatabase.load(sharedPath('osv', 'pypi'));
  });

  it('loads every record and counts what SOURCE.md describes', () => {
    expect(db.stats.files).toBe(2661);
    expect(db.stats.records).toBe(2661);
    expect(db.stats.skippedFiles).toEqual([]);
    expect(db.stats.withdrawn).toBe(10);
    // 2 non-PEP 440 event values (PYSEC-2019-125, PYSEC-2021-371) + versions[] entries in 28 advisories:
    // 30 records; 110 values (2 + 108, counted independently with Python packaging 26).
    expect(db.stats.recordsWithInvalidVersions).toBe(30);
    expect(db.stats.invalidVersionValues).toBe(110);
    expect(db.stats.otherEcosystemEntries).toBe(0);
  });

  it('reports listed versions as affected by their record (versions[] OR ranges, names normalized)', () => {
    // Every 20th of the ~141,000 listed versions (deterministic), so the test stays in seconds under jest.
    let seen = 0;
    let checked = 0;
    const misses: string[] = [];
    for (const id of db.ids()) {
      const record = db.get(id)!;
      for (const affected of record.affected ?? []) {
        const name = affected.package!.name;
        for (const version of affected.versions ?? []) {
          seen += 1;
          if (seen % 20 !== 0) continue;
          checked += 1;
          const ids = db.match('PyPI', normalizeName('PyPI', name), version).vulnerabilities.map((item) => item.id);
          if (!ids.includes(id)) misses.push(`${id} ${name} ${version}`);
        }
      }
    }
    expect(misses).toEqual([]);
    expect(checked).toBeGreaterThan(7_000);
  });
});
