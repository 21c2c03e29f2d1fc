// The offline advisory database: OSV records loaded from a bulk export (`all.zip`) or a folder of OSV JSON files,
// indexed by ecosystem + normalized package name, and matched locally by OSV's rules (match.ts).
// Broken files and unorderable version values are counted and skipped; they never stop a load or a scan. A database
// that holds no record at all is refused (it would pass every package), and so is a zip that inflates beyond its
// bounds (a zip bomb): each entry and the whole are capped while streaming, before anything is held in memory.
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { InputError } from '../../errors';
import { countWork } from '../../work-meter';
import type { Ecosystem } from '../../model';
import { normalizeName } from '../../normalize';
import { validateOsvVulnerability } from '../../registries/osv';
import type { OsvVulnerability } from '../../registries/osv-record';
import { affectedNamesPackage, isVersionRange, matchAffected } from './match';
import { toEcosystem, versionScheme } from './versions';

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface OsvDatabaseStats {
  /** JSON files read (zip entries or folder files). */
  files: number;
  /** Distinct advisory ids loaded. */
  records: number;
  withdrawn: number;
  /** Files that are not valid JSON or not an OSV record. */
  skippedFiles: SkippedFile[];
  /** Version values (range events and versions[] entries) the ecosystem's scheme cannot order; skipped. */
  invalidVersionValues: number;
  /** Records holding at least one such value. */
  recordsWithInvalidVersions: number;
  /** `affected[]` entries of ecosystems depvet does not check (they are kept but never matched). */
  otherEcosystemEntries: number;
}

export interface LocalMatch {
  vulnerabilities: OsvVulnerability[];
  /** False when the queried version is not valid in its ecosystem, so ranges could not be evaluated. */
  rangesEvaluated: boolean;
}

interface RecordText {
  file: string;
  text: string;
}

/** Bounds on what a database may inflate to: per JSON entry (zip entry or folder file) and in total. */
export interface OsvDatabaseLimits {
  maxEntryBytes: number;
  maxTotalBytes: number;
}

/**
 * The largest real OSV record is well under 1 MB and OSV's largest export (npm, with its malicious-package
 * records) inflates to under 1 GiB; a 1.2 MB zip holding one 1.2 GB entry must not get that far.
 */
export const OSV_DATABASE_LIMITS: OsvDatabaseLimits = { maxEntryBytes: 16 * 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 * 1024 };

/** What a database that holds nothing says: the one wording of `--osv-db` and `db update` refusals. */
export function noRecordsReason(stats: Pick<OsvDatabaseStats, 'files' | 'skippedFiles'>): string {
  const skipped = stats.skippedFiles.length;
  return `holds no OSV records (${stats.files} JSON file${stats.files === 1 ? '' : 's'} read${skipped ? `, ${skipped} of them not OSV records` : ''})`;
}

/** Thrown by LocalOsvDatabase.load for a database that holds no records: it would answer "no advisory" for everything. */
export class EmptyOsvDatabaseError extends InputError {
  constructor(
    location: string,
    readonly reason: string,
  ) {
    super('E_INPUT_PATH', location, undefined, `OSV database ${reason}: refused, since it would clear every package`);
    this.name = 'EmptyOsvDatabaseError';
  }
}

function packageKey(ecosystem: Ecosystem, normalizedName: string): string {
  return `${ecosystem}\u0000${normalizedName}`;
}

export class LocalOsvDatabase {
  private readonly byId = new Map<string, OsvVulnerability>();
  private readonly byPackage = new Map<string, OsvVulnerability[]>();
  readonly stats: OsvDatabaseStats = {
    files: 0,
    records: 0,
    withdrawn: 0,
    skippedFiles: [],
    invalidVersionValues: 0,
    recordsWithInvalidVersions: 0,
    otherEcosystemEntries: 0,
  };

  /** `origin` says where the data came from (a path or URL), for reports. */
  private constructor(readonly origin: string) {}

  /** Builds a database from records already in memory (tests, the online cache, merged sources). */
  static fromRecords(records: Iterable<OsvVulnerability>, origin: string): LocalOsvDatabase {
    const db = new LocalOsvDatabase(origin);
    for (const record of records) {
      db.stats.files += 1;
      db.add(record);
    }
    db.finish();
    return db;
  }

  /**
   * Loads zips (OSV's `all.zip`) and/or folders of `*.json` files (searched recursively) into one database,
   * e.g. the cached PyPI and npm exports together. A database with no record is refused (EmptyOsvDatabaseError), as
   * is one beyond `limits` (InputError naming the entry).
   */
  static async load(...locations: string[]): Promise<LocalOsvDatabase> {
    return LocalOsvDatabase.loadWithin(OSV_DATABASE_LIMITS, ...locations);
  }

  static async loadWithin(limits: OsvDatabaseLimits, ...locations: string[]): Promise<LocalOsvDatabase> {
    const db = new LocalOsvDatabase(locations.join(', '));
    const budget = { remaining: limits.maxTotalBytes };
    for (const location of locations) {
      let stat: fs.Stats;
      try {
        stat = fs.statSync(location);
      } catch {
        throw new InputError('E_INPUT_PATH', location, undefined, 'OSV database not found (expected a zip or a folder of OSV JSON files)');
      }
      if (stat.isDirectory()) {
        for (const file of listJsonFiles(location)) {
          const relative = path.relative(location, file);
          const size = fs.statSync(file).size;
          takeBytes(location, relative, size, size, limits, budget);
          db.addText({ file: relative, text: fs.readFileSync(file, 'utf8') });
        }
      } else {
        for await (const entry of readZipJsonEntries(location, limits, budget)) db.addText(entry);
      }
    }
    db.finish();
    if (db.stats.records === 0) throw new EmptyOsvDatabaseError(db.origin, noRecordsReason(db.stats));
    return db;
  }

  get(id: string): OsvVulnerability | undefined {
    return this.byId.get(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  /** Every record with an `affected[]` entry naming this package (withdrawn ones included). */
  recordsFor(ecosystem: Ecosystem, name: string): OsvVulnerability[] {
    return this.byPackage.get(packageKey(ecosystem, normalizeName(ecosystem, name))) ?? [];
  }

  /** Records affecting this exact version by OSV's rules (withdrawn ones included: the check drops them). */
  match(ecosystem: Ecosystem, name: string, version: string): LocalMatch {
    const normalizedName = normalizeName(ecosystem, name);
    const scheme = versionScheme(ecosystem);
    const vulnerabilities: OsvVulnerability[] = [];
    for (const record of this.byPackage.get(packageKey(ecosystem, normalizedName)) ?? []) {
      const hit = (record.affected ?? []).some(
        (affected) => affectedNamesPackage(affected, ecosystem, normalizedName) && matchAffected(affected, version, scheme).affected,
      );
      if (hit) vulnerabilities.push(record);
    }
    return { vulnerabilities, rangesEvaluated: scheme.isValid(version) };
  }

  private addText(entry: RecordText): void {
    this.stats.files += 1;
    let value: unknown;
    try {
      value = JSON.parse(entry.text);
    } catch (err) {
      this.stats.skippedFiles.push({ file: entry.file, reason: `invalid JSON: ${(err as Error).message}` });
      return;
    }
    if (!validateOsvVulnerability(value)) {
      const first = validateOsvVulnerability.errors?.[0];
      this.stats.skippedFiles.push({
        file: entry.file,
        reason: `not an OSV record: ${first ? `${first.instancePath || '/'} ${first.message ?? ''}`.trim() : 'schema mismatch'}`,
      });
      return;
    }
    this.add(value);
  }

  private add(record: OsvVulnerability): void {
    const existing = this.byId.get(record.id);
    // The same id twice (a folder holding two snapshots): the newer `modified` wins.
    if (existing && existing.modified >= record.modified) return;
    if (existing) this.unindex(existing);
    this.byId.set(record.id, record);
    this.index(record);
  }

  private index(record: OsvVulnerability): void {
    const keys = new Set<string>();
    for (const affected of record.affected ?? []) {
      const ecosystem = affected.package ? toEcosystem(affected.package.ecosystem) : undefined;
      if (!ecosystem || !affected.package) continue;
      keys.add(packageKey(ecosystem, normalizeName(ecosystem, affected.package.name)));
    }
    for (const key of keys) {
      const list = this.byPackage.get(key);
      if (list) list.push(record);
      else this.byPackage.set(key, [record]);
    }
  }

  private unindex(record: OsvVulnerability): void {
    for (const [key, list] of this.byPackage) {
      const kept = list.filter((item) => item !== record);
      if (kept.length === 0) this.byPackage.delete(key);
      else if (kept.length !== list.length) this.byPackage.set(key, kept);
    }
  }

  /** Counts once over the final record set, so a replaced duplicate is not counted twice. */
  private finish(): void {
    for (const record of this.byId.values()) {
      this.stats.records += 1;
      if (record.withdrawn) this.stats.withdrawn += 1;
      let invalid = 0;
      for (const affected of record.affected ?? []) {
        const ecosystem = affected.package ? toEcosystem(affected.package.ecosystem) : undefined;
        if (!ecosystem) {
          this.stats.otherEcosystemEntries += 1;
          continue;
        }
        invalid += countInvalidVersionValues(affected, ecosystem);
      }
      this.stats.invalidVersionValues += invalid;
      if (invalid > 0) this.stats.recordsWithInvalidVersions += 1;
    }
  }
}

function countInvalidVersionValues(affected: NonNullable<OsvVulnerability['affected']>[number], ecosystem: Ecosystem): number {
  const scheme = versionScheme(ecosystem);
  let count = (affected.versions ?? []).filter((version) => !scheme.isValid(version)).length;
  for (const range of affected.ranges ?? []) {
    if (!isVersionRange(range)) continue;
    for (const event of range.events ?? []) {
      for (const [kind, value] of Object.entries(event)) {
        if (typeof value !== 'string') continue;
        if (kind === 'introduced' && value === '0') continue;
        if (kind === 'limit' && value.includes('*')) continue;
        if (!scheme.isValid(value)) count += 1;
      }
    }
  }
  return count;
}

function listJsonFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.json')) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Refused before reading when an entry's size (declared, for a zip) is beyond the bounds left; counts it otherwise. */
function takeBytes(location: string, entry: string, declared: number, size: number, limits: OsvDatabaseLimits, budget: { remaining: number }): void {
  if (declared > limits.maxEntryBytes) {
    throw new InputError('E_INPUT_PATH', location, undefined, `${entry} is ${declared} bytes uncompressed, over the ${limits.maxEntryBytes}-byte bound on one OSV record: refused (a zip bomb, or not an OSV database)`);
  }
  if (size > budget.remaining) {
    throw new InputError('E_INPUT_PATH', location, undefined, `the database inflates beyond the ${limits.maxTotalBytes}-byte bound on a whole OSV database (at ${entry}): refused`);
  }
  budget.remaining -= size;
}

class ZipBoundExceeded extends Error {}

/**
 * Every `*.json` entry of a zip, as text, within `limits`: an entry whose declared size is beyond them is refused
 * before it is inflated, and the bytes actually inflated are counted while streaming (`zip.inflatedBytes`), so an
 * entry that lies about its size stops at the bound too. A corrupt or oversized zip is bad input (InputError naming
 * the file and entry).
 */
export async function* readZipJsonEntries(
  zipPath: string,
  limits: OsvDatabaseLimits = OSV_DATABASE_LIMITS,
  budget: { remaining: number } = { remaining: limits.maxTotalBytes },
): AsyncGenerator<RecordText> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: true });
  } catch (err) {
    throw new InputError('E_INPUT_PATH', zipPath, undefined, `not a readable zip: ${(err as Error).message}`);
  }
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/') || !entry.fileName.endsWith('.json')) continue;
      takeBytes(zipPath, entry.fileName, entry.uncompressedSize, 0, limits, budget);
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      let inflated = 0;
      try {
        for await (const chunk of stream) {
          const bytes = (chunk as Buffer).length;
          countWork('zip.inflatedBytes', bytes);
          inflated += bytes;
          if (inflated > limits.maxEntryBytes || inflated > budget.remaining) throw new ZipBoundExceeded();
          chunks.push(chunk as Buffer);
        }
      } catch (err) {
        stream.destroy();
        if (!(err instanceof ZipBoundExceeded)) throw err;
        throw new InputError('E_INPUT_PATH', zipPath, undefined, `${entry.fileName} inflates beyond ${inflated > limits.maxEntryBytes ? `the ${limits.maxEntryBytes}-byte bound on one OSV record` : `the ${limits.maxTotalBytes}-byte bound on a whole OSV database`}: refused (a zip bomb, or not an OSV database)`);
      }
      budget.remaining -= inflated;
      yield { file: entry.fileName, text: Buffer.concat(chunks).toString('utf8') };
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError('E_INPUT_PATH', zipPath, undefined, `corrupt zip: ${(err as Error).message}`);
  } finally {
    zip.close();
  }
}
