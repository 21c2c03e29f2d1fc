import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../../src/errors';
import { EmptyOsvDatabaseError, LocalOsvDatabase, OSV_DATABASE_LIMITS } from '../../../src/checks/advisories/osv-database';
import { measureWorkAsync } from '../../../src/work-meter';
import { deflatedZip, storedZip } from '../../helpers/zip';
import type { OsvVulnerability } from '../../../src/registries/osv-record';
import { fixturePath } from '../../helpers/shared';

// Expected ids worked out from the record files by OSV's evaluation rules (independently, with Python's `packaging`
// ordering), withdrawn records included: the database reports what matches, the check drops withdrawn ones.
const ACCEPTANCE: [name: string, version: string, ids: string[], why: string][] = [
  ['pydantic', '1.7.3', ['PYSEC-2021-47'], 'unsorted multi-range events: [1.7, 1.7.4)'],
  ['pydantic', '1.7.4', [], 'fixed is exclusive'],
  ['pydantic', '1.6.1', ['PYSEC-2021-47'], 'introduced "0" listed after other events'],
  ['pydantic', '1.6.2', [], 'between two ranges'],
  ['pydantic', '1.8.2rc1', ['PYSEC-2021-47'], 'a pre-release of the fix is affected'],
  ['pydantic', '1.7.3+local', ['PYSEC-2021-47'], 'local version below the fix'],
  ['pydantic', '1.7.4+local', [], 'local version of the fix'],
  ['pydantic', '1.9.0', [], 'above every range'],
  ['paramiko', '2.0.7', ['PYSEC-2018-19', 'PYSEC-2018-69', 'PYSEC-2022-166'], 'several multi-range records'],
  ['paramiko', '2.0.8', ['PYSEC-2018-69', 'PYSEC-2022-166'], 'fixed in one branch only'],
  ['paramiko', '1.18.4', ['PYSEC-2018-19', 'PYSEC-2018-69', 'PYSEC-2022-166'], 'out-of-order branch 1.18'],
  ['gevent', '23.9.0.post1', ['PYSEC-2023-177'], 'post release listed in versions[] outside the ranges'],
  ['gevent', '23.9.0', ['PYSEC-2023-177'], 'versions[] OR ranges: listed although >= fixed'],
  ['gevent', '23.9.1', [], 'above the fix, not listed'],
  ['redis', '4.5.2', ['PYSEC-2023-45', 'PYSEC-2023-46', 'PYSEC-2023-73'], 'withdrawn PYSEC-2023-73 still matches'],
  ['redis', '4.5.3', ['PYSEC-2023-46', 'PYSEC-2023-73'], 'multi-range fix'],
  ['redis', '3.0.0', ['PYSEC-2023-73'], 'only a withdrawn record'],
  ['py', '1.11.0', ['PYSEC-2022-42969'], 'last_affected is inclusive'],
  ['py', '1.11.0rc1', ['PYSEC-2022-42969'], 'pre-release below last_affected'],
  ['py', '1.11.0.post1', [], 'post release above last_affected'],
  ['py', '1.4.7.dev3', ['PYSEC-2020-92', 'PYSEC-2022-42969'], 'dev release'],
  ['gratient', '0.5', ['PYSEC-2024-1'], 'versions-only record'],
  ['gratient', '0.5.0', ['PYSEC-2024-1'], 'versions compared by PEP 440 equality'],
  ['gratient', '0.6', [], 'versions-only record, not listed'],
  ['steam', '1.0', ['PYSEC-2019-125'], 'invalid fixed "2019-09-12" skipped: introduced 0 stays open'],
  ['binderhub', '0.2.0', ['PYSEC-2021-371'], 'invalid fixed "0.2.0-n653" skipped'],
  ['jw.util', '1.0', ['PYSEC-2020-341'], 'name as written in the record'],
  ['JW_Util', '1.0', ['PYSEC-2020-341'], 'PEP 503 normalization on both sides'],
  ['jw-util', '2.3', [], 'fixed, despite invalid versions[] entries'],
  ['arrayfire', '3.5.0', ['PYSEC-2019-144'], 'withdrawn record'],
  ['loguru', '0.5.0', ['PYSEC-2022-14'], 'withdrawn PYSEC-2022-15 has no ranges and no versions'],
  ['aiohttp', '3.8.4', ['PYSEC-2022-43059', 'PYSEC-2023-120', 'PYSEC-2023-246', 'PYSEC-2023-250', 'PYSEC-2023-251', 'PYSEC-2024-24', 'PYSEC-2024-26'], 'many records'],
  ['aiohttp', '3.9.4', ['PYSEC-2022-43059'], 'only the withdrawn one (introduced 0, no fix)'],
  ['not-in-db', '1.0', [], 'unknown package'],
];

function ids(db: LocalOsvDatabase, name: string, version: string): string[] {
  return db.match('PyPI', name, version).vulnerabilities.map((record) => record.id).sort();
}

describe('LocalOsvDatabase: acceptance set from real PyPI advisories', () => {
  let folderDb: LocalOsvDatabase;
  let zipDb: LocalOsvDatabase;
  beforeAll(async () => {
    folderDb = await LocalOsvDatabase.load(fixturePath('advisories', 'osv-pypi-acceptance'));
    zipDb = await LocalOsvDatabase.load(fixturePath('advisories', 'osv-pypi-acceptance.zip'));
  });

  it.each(ACCEPTANCE)('%s %s -> %j (%s)', (name, version, expected) => {
    expect(ids(folderDb, name, version)).toEqual(expected);
    expect(ids(zipDb, name, version)).toEqual(expected);
  });

  it('loads every file and counts what it had to skip', () => {
    for (const db of [folderDb, zipDb]) {
      expect(db.stats.files).toBe(27);
      expect(db.stats.records).toBe(27);
      expect(db.stats.skippedFiles).toEqual([]);
      // PYSEC-2019-144, PYSEC-2022-15, PYSEC-2022-43059, PYSEC-2023-73.
      expect(db.stats.withdrawn).toBe(4);
      // steam and binderhub (one event value each), jw.util's `-class.-jw.util.version.Version-`, and three
      // paramiko records listing its eight pre-PEP 440 releases (`0.1-bulbasaur`...).
      expect(db.stats.recordsWithInvalidVersions).toBe(6);
      expect(db.stats.invalidVersionValues).toBe(2 + 1 + 3 * 8);
    }
  });

  it('reports when a queried version cannot be ordered and matches it against versions[] only', () => {
    const match = folderDb.match('PyPI', 'jw.util', '-class.-jw.util.version.Version-');
    expect(match.rangesEvaluated).toBe(false);
    expect(match.vulnerabilities.map((record) => record.id)).toEqual(['PYSEC-2020-341']);
    expect(folderDb.match('PyPI', 'pydantic', 'not a version')).toEqual({ vulnerabilities: [], rangesEvaluated: false });
  });
});

describe('LocalOsvDatabase: loading', () => {
  const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-osvdb-'));

  it('skips broken files with a reason instead of failing the load', async () => {
    const dir = tmp();
    fs.copyFileSync(fixturePath('advisories', 'osv-pypi-acceptance', 'PYSEC-2021-47.json'), path.join(dir, 'PYSEC-2021-47.json'));
    fs.writeFileSync(path.join(dir, 'truncated.json'), '{"id": "X-1", "modif');
    fs.writeFileSync(path.join(dir, 'not-osv.json'), '{"hello": "world"}');
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.writeFileSync(path.join(dir, 'nested', 'NPM-1.json'), JSON.stringify({ id: 'NPM-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'Left-Pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }] }));
    fs.writeFileSync(path.join(dir, 'README.md'), 'not json');
    const db = await LocalOsvDatabase.load(dir);
    expect(db.stats.files).toBe(4);
    expect(db.stats.records).toBe(2);
    expect(db.stats.skippedFiles.map((skipped) => skipped.file).sort()).toEqual(['not-osv.json', 'truncated.json']);
    expect(db.stats.skippedFiles.find((skipped) => skipped.file === 'truncated.json')!.reason).toMatch(/^invalid JSON/);
    expect(db.match('npm', 'left-pad', '1.2.9').vulnerabilities.map((record) => record.id)).toEqual(['NPM-1']);
    expect(db.match('npm', 'left-pad', '1.3.0').vulnerabilities).toEqual([]);
  });

  it('keeps the newer of two records with the same id', () => {
    const base: OsvVulnerability = { id: 'X-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'PyPI', name: 'a' }, versions: ['1.0'] }] };
    const newer: OsvVulnerability = { id: 'X-1', modified: '2024-02-01T00:00:00Z', affected: [{ package: { ecosystem: 'PyPI', name: 'b' }, versions: ['1.0'] }] };
    const db = LocalOsvDatabase.fromRecords([base, newer, base], 'memory');
    expect(db.stats.records).toBe(1);
    expect(db.match('PyPI', 'a', '1.0').vulnerabilities).toEqual([]);
    expect(db.match('PyPI', 'b', '1.0').vulnerabilities.map((record) => record.modified)).toEqual(['2024-02-01T00:00:00Z']);
  });

  it('throws an InputError naming the path when it is missing or not a zip', async () => {
    await expect(LocalOsvDatabase.load('/nonexistent/osv')).rejects.toThrow(InputError);
    const file = path.join(tmp(), 'all.zip');
    fs.writeFileSync(file, 'this is not a zip');
    await expect(LocalOsvDatabase.load(file)).rejects.toThrow(/all\.zip: not a readable zip/);
  });
});

describe('an OSV database that holds no records is refused (it would clear every package)', () => {
  const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-osvdb-empty-'));
  const zipOf = (entries: { name: string; data: Buffer }[]): string => {
    const file = path.join(tmp(), 'all.zip');
    fs.writeFileSync(file, storedZip(entries));
    return file;
  };

  it.each([
    ['an empty folder', () => tmp(), 'holds no OSV records (0 JSON files read)'],
    [
      'a folder of non-OSV JSON',
      () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, 'package.json'), '{"name": "x"}');
        fs.writeFileSync(path.join(dir, 'config.json'), '[1, 2]');
        return dir;
      },
      'holds no OSV records (2 JSON files read, 2 of them not OSV records)',
    ],
    ['an empty zip', () => zipOf([]), 'holds no OSV records (0 JSON files read)'],
    ['a zip of {}', () => zipOf([{ name: 'X-1.json', data: Buffer.from('{}') }]), 'holds no OSV records (1 JSON file read, 1 of them not OSV records)'],
  ])('%s', async (_case, make, reason) => {
    const location = make();
    const error = await LocalOsvDatabase.load(location).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyOsvDatabaseError);
    expect((error as EmptyOsvDatabaseError).reason).toBe(reason);
    expect((error as Error).message).toBe(`${location}: OSV database ${reason}: refused, since it would clear every package`);
  });
});

describe('zip bomb (issue 15 item 6): entries are bounded while streaming, before they are held in memory', () => {
  const limits = { maxEntryBytes: 1024 * 1024, maxTotalBytes: 4 * 1024 * 1024 };
  const MB = 1024 * 1024;
  const bombAt = (bytes: number, declaredSize?: number): string => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-zip-bomb-')), 'all.zip');
    fs.writeFileSync(file, deflatedZip([{ name: 'BOMB-1.json', data: Buffer.alloc(bytes, 0x20), ...(declaredSize !== undefined ? { declaredSize } : {}) }]));
    return file;
  };
  async function load(file: string): Promise<{ error: unknown; inflated: number }> {
    let error: unknown;
    const work = await measureWorkAsync(async () => {
      error = await LocalOsvDatabase.loadWithin(limits, file).catch((e: unknown) => e);
    });
    return { error, inflated: work['zip.inflatedBytes'] ?? 0 };
  }

  it('the default bounds: 16 MiB per record, 2 GiB per database', () => {
    expect(OSV_DATABASE_LIMITS).toEqual({ maxEntryBytes: 16 * MB, maxTotalBytes: 2 * 1024 * MB });
  });

  it.each([8 * MB, 32 * MB])('an entry that declares %i bytes is refused before a byte is inflated', async (size) => {
    const { error, inflated } = await load(bombAt(size));
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(new RegExp(`BOMB-1\\.json is ${size} bytes uncompressed, over the ${MB}-byte bound on one OSV record: refused`));
    expect(inflated).toBe(0);
  });

  it.each([8 * MB, 32 * MB])('an entry that lies about its size (%i bytes declared as 100) stops at the bound, whatever its real size', async (size) => {
    const { error, inflated } = await load(bombAt(size, 100));
    expect(error).toBeInstanceOf(InputError);
    // Inflating stops within one stream chunk (at most 64 KiB) of the declared size: the same work at both sizes.
    expect(inflated).toBeLessThanOrEqual(100 + 64 * 1024);
  });

  it.each([8 * MB, 32 * MB])('an entry that declares just under the bound and inflates to %i bytes stops at the bound', async (size) => {
    const { error, inflated } = await load(bombAt(size, MB - 1));
    expect(error).toBeInstanceOf(InputError);
    expect(inflated).toBeGreaterThan(0);
    expect(inflated).toBeLessThanOrEqual(MB + 64 * 1024);
  });

  it('many entries within the per-record bound are stopped by the bound on the whole database', async () => {
    const record = (i: number) => Buffer.from(JSON.stringify({ id: `X-${i}`, modified: '2024-01-01T00:00:00Z', details: ' '.repeat(MB - 100) }));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-zip-bomb-')), 'all.zip');
    fs.writeFileSync(file, deflatedZip(Array.from({ length: 10 }, (_, i) => ({ name: `X-${i}.json`, data: record(i) }))));
    const { error, inflated } = await load(file);
    expect((error as Error).message).toMatch(/inflates beyond the 4194304-byte bound on a whole OSV database/);
    expect(inflated).toBeLessThanOrEqual(4 * MB + 64 * 1024);
  });

  it('a real export within the bounds still loads', async () => {
    const record: OsvVulnerability = { id: 'X-1', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'PyPI', name: 'a' }, versions: ['1.0'] }] };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-zip-ok-')), 'all.zip');
    fs.writeFileSync(file, deflatedZip([{ name: 'X-1.json', data: Buffer.from(JSON.stringify(record)) }]));
    const work = await measureWorkAsync(async () => {
      expect((await LocalOsvDatabase.loadWithin(limits, file)).stats.records).toBe(1);
    });
    expect(work['zip.inflatedBytes']).toBe(JSON.stringify(record).length);
  });
});
