// Where advisories come from: one interface, two implementations. The offline one matches a LocalOsvDatabase by
// OSV's rules; the online one asks OSV's querybatch which ids affect each version and fetches each distinct id
// once. Both return full records per query, so the advisory check cannot tell them apart.
import type { Ecosystem } from '../../model';
import { normalizeName } from '../../normalize';
import type { OsvVulnerability } from '../../registries/osv-record';
import type { RegistryResult } from '../../registries/result';
import type { LocalOsvDatabase } from './osv-database';

export interface AdvisoryQuery {
  ecosystem: Ecosystem;
  name: string;
  version: string;
}

export interface AdvisoryQueryFailure {
  query: AdvisoryQuery;
  reason: string;
}

export interface AdvisoryLookup {
  /** By advisoryQueryKey(query): the records affecting that version (withdrawn ones may be included). */
  results: Map<string, OsvVulnerability[]>;
  /** Queries that could not be answered, or only partly (e.g. a version the ecosystem cannot order). */
  failures: AdvisoryQueryFailure[];
}

export interface AdvisorySource {
  /** For reports: `OSV API https://api.osv.dev` or `OSV database /path/all.zip`. */
  readonly description: string;
  findVulnerabilities(queries: AdvisoryQuery[]): Promise<AdvisoryLookup>;
}

/** Key of a query in AdvisoryLookup.results: ecosystem, normalized name and version as given. */
export function advisoryQueryKey(query: AdvisoryQuery): string {
  return `${query.ecosystem}:${normalizeName(query.ecosystem, query.name)}@${query.version}`;
}

export class LocalAdvisorySource implements AdvisorySource {
  readonly description: string;

  constructor(private readonly db: LocalOsvDatabase) {
    this.description = `OSV database ${db.origin}`;
  }

  async findVulnerabilities(queries: AdvisoryQuery[]): Promise<AdvisoryLookup> {
    const results = new Map<string, OsvVulnerability[]>();
    const failures: AdvisoryQueryFailure[] = [];
    for (const query of queries) {
      const key = advisoryQueryKey(query);
      if (results.has(key)) continue;
      const match = this.db.match(query.ecosystem, query.name, query.version);
      results.set(key, match.vulnerabilities);
      if (!match.rangesEvaluated) {
        failures.push({
          query,
          reason: `version ${JSON.stringify(query.version)} is not a valid ${query.ecosystem === 'PyPI' ? 'PEP 440' : 'SemVer'} version: only advisories listing it exactly could be matched`,
        });
      }
    }
    return { results, failures };
  }
}

/** What the online source needs from an OSV API client (src/registries/osv.ts's OsvClient satisfies it). */
export interface OsvApi {
  /** Ids affecting each query, aligned with `queries`. */
  queryBatch(queries: AdvisoryQuery[]): Promise<RegistryResult<string[]>[]>;
  getVulnerability(id: string): Promise<RegistryResult<OsvVulnerability>>;
}

export class OnlineAdvisorySource implements AdvisorySource {
  constructor(
    private readonly api: OsvApi,
    readonly description = 'OSV API',
  ) {}

  async findVulnerabilities(queries: AdvisoryQuery[]): Promise<AdvisoryLookup> {
    const unique = new Map<string, AdvisoryQuery>();
    for (const query of queries) if (!unique.has(advisoryQueryKey(query))) unique.set(advisoryQueryKey(query), query);
    const keys = [...unique.keys()];
    const batch = await this.api.queryBatch([...unique.values()]);
    const failures: AdvisoryQueryFailure[] = [];
    const idsByKey = new Map<string, string[]>();
    keys.forEach((key, index) => {
      const answer = batch[index];
      const query = unique.get(key)!;
      if (!answer) failures.push({ query, reason: 'OSV returned no answer for this query' });
      else if (answer.status === 'found') idsByKey.set(key, answer.value);
      else if (answer.status === 'not-found') failures.push({ query, reason: 'OSV answered not-found for a batch query' });
      else failures.push({ query, reason: `OSV query failed: ${answer.error.message}` });
    });

    // Hydrate each distinct id once, however many packages it affects.
    const distinctIds = [...new Set([...idsByKey.values()].flat())];
    const records = new Map<string, RegistryResult<OsvVulnerability>>();
    await Promise.all(
      distinctIds.map(async (id) => {
        records.set(id, await this.api.getVulnerability(id));
      }),
    );

    const results = new Map<string, OsvVulnerability[]>();
    for (const [key, ids] of idsByKey) {
      const found: OsvVulnerability[] = [];
      const missing: string[] = [];
      for (const id of ids) {
        const record = records.get(id);
        if (record?.status === 'found') found.push(record.value);
        else missing.push(record?.status === 'failed' ? `${id} (${record.error.message})` : `${id} (not found)`);
      }
      results.set(key, found);
      if (missing.length > 0) {
        failures.push({ query: unique.get(key)!, reason: `could not fetch advisory ${missing.join(', ')}` });
      }
    }
    return { results, failures };
  }
}
