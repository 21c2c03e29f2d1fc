// OSV API client (https://google.github.io/osv.dev/api/): batched queries for advisory ids, one GET per distinct
// advisory, and single-package queries; all with OSV's page tokens followed to the end, within bounds: a query stops
// at a page token it was sent before, or after `maxPagesPerQuery` pages, and is then a failure (could-not-check)
// with the reason, never an endless loop.
//
// Snapshots hold querybatch answers one query per entry: recording splits each batch answer per query, and replay
// asks each query on its own. A tree that gains a package replays every other package from its own entry.
import type { Ecosystem } from '../model';
import { countWork } from '../work-meter';
import { OSV_BATCH_LIMIT, type RegistryOptions } from './defaults';
import { HttpClient, type HttpHooks } from './http';
import type { OsvVulnerability } from './osv-record';
import { RegistryError, type RegistryResult, type ResultSource } from './result';
import { compileSchema, stringArray } from './schema';

export interface OsvQuery {
  ecosystem: Ecosystem;
  name: string;
  version: string;
}

interface OsvRequestQuery {
  package: { ecosystem: string; name: string };
  version: string;
  page_token?: string;
}

interface RawBatchResponse {
  results: { vulns?: { id: string; modified?: string }[]; next_page_token?: string }[];
}

interface RawQueryResponse {
  vulns?: OsvVulnerability[];
  next_page_token?: string;
}

const eventSchema = {
  type: 'object',
  properties: {
    introduced: { type: 'string' },
    fixed: { type: 'string' },
    last_affected: { type: 'string' },
    limit: { type: 'string' },
  },
};

const severitySchema = {
  type: 'object',
  required: ['type', 'score'],
  properties: { type: { type: 'string' }, score: { type: 'string' } },
};

export const vulnerabilitySchema = {
  type: 'object',
  required: ['id', 'modified'],
  properties: {
    id: { type: 'string' },
    modified: { type: 'string' },
    published: { type: 'string' },
    withdrawn: { type: 'string' },
    aliases: stringArray,
    related: stringArray,
    summary: { type: 'string' },
    details: { type: 'string' },
    severity: { type: 'array', items: severitySchema },
    affected: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          package: {
            type: 'object',
            required: ['ecosystem', 'name'],
            properties: { ecosystem: { type: 'string' }, name: { type: 'string' }, purl: { type: 'string' } },
          },
          severity: { type: 'array', items: severitySchema },
          ranges: {
            type: 'array',
            items: {
              type: 'object',
              required: ['type', 'events'],
              properties: { type: { type: 'string' }, repo: { type: 'string' }, events: { type: 'array', items: eventSchema } },
            },
          },
          versions: stringArray,
          ecosystem_specific: { type: 'object' },
          database_specific: { type: 'object' },
        },
      },
    },
    references: {
      type: 'array',
      items: { type: 'object', required: ['url'], properties: { type: { type: 'string' }, url: { type: 'string' } } },
    },
    database_specific: { type: 'object' },
  },
};

export const validateOsvVulnerability = compileSchema<OsvVulnerability>(vulnerabilitySchema);

export const validateOsvBatch = compileSchema<RawBatchResponse>({
  type: 'object',
  required: ['results'],
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          vulns: {
            type: 'array',
            items: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, modified: { type: 'string' } } },
          },
          next_page_token: { type: 'string' },
        },
      },
    },
  },
});

export const validateOsvQuery = compileSchema<RawQueryResponse>({
  type: 'object',
  properties: {
    vulns: { type: 'array', items: vulnerabilitySchema },
    next_page_token: { type: 'string' },
  },
});

function toRequestQuery(query: OsvQuery, pageToken?: string): OsvRequestQuery {
  return {
    package: { ecosystem: query.ecosystem, name: query.name },
    version: query.version,
    ...(pageToken !== undefined ? { page_token: pageToken } : {}),
  };
}

/** An answer assembled from several responses counts as 'network' when any part of it came from the network. */
function combinedSource(sources: ResultSource[]): ResultSource {
  if (sources.includes('network')) return 'network';
  if (sources.includes('snapshot')) return 'snapshot';
  return 'cache';
}

/** Follows one query's page tokens: refuses a token it has seen and a page beyond the cap. */
class PageTrail {
  private readonly seen = new Set<string>();
  private pages = 0;
  constructor(private readonly maxPages: number) {}

  /** Called once per page received; the token to ask for next, or why to stop. */
  next(token: string | undefined): { token?: string; stop?: string } {
    this.pages += 1;
    if (!token) return {};
    const shown = token.length > 40 ? `${JSON.stringify(token.slice(0, 40))}...` : JSON.stringify(token);
    if (this.seen.has(token)) return { stop: `OSV sent page token ${shown} a second time after ${this.pages} pages: stopped (the answer would never end)` };
    if (this.pages >= this.maxPages) return { stop: `OSV still had more pages after ${this.pages} pages for this query: stopped at the cap of ${this.maxPages}` };
    this.seen.add(token);
    return { token };
  }
}

export class OsvClient {
  readonly http: HttpClient;
  private readonly baseUrl: string;
  private readonly maxPages: number;
  private readonly vulnerabilities = new Map<string, Promise<RegistryResult<OsvVulnerability>>>();

  constructor(options: RegistryOptions, hooks: HttpHooks = {}) {
    this.http = new HttpClient(options, { kind: 'osv', baseUrl: options.osvUrl }, hooks);
    this.baseUrl = options.osvUrl;
    this.maxPages = Math.max(1, options.maxPagesPerQuery);
  }

  /**
   * Advisory ids affecting each query, aligned with `queries`. Sent in chunks of at most 1,000 (one query per
   * request when replaying a snapshot); a query whose answer carries next_page_token is asked again with that token
   * until no token comes back, a token repeats, or the page cap is reached. A failed chunk fails exactly the queries
   * it carried.
   */
  async queryBatch(queries: OsvQuery[]): Promise<RegistryResult<string[]>[]> {
    const ids: string[][] = queries.map(() => []);
    const sources: ResultSource[][] = queries.map(() => []);
    const failures = new Map<number, RegistryResult<string[]>>();
    const trails = queries.map(() => new PageTrail(this.maxPages));
    const url = `${this.baseUrl}/v1/querybatch`;
    const batchSize = this.http.snapshotMode === 'replay' ? 1 : OSV_BATCH_LIMIT;
    let pending: { index: number; pageToken?: string }[] = queries.map((_, index) => ({ index }));

    while (pending.length > 0) {
      const chunks: (typeof pending)[] = [];
      for (let start = 0; start < pending.length; start += batchSize) {
        chunks.push(pending.slice(start, start + batchSize));
      }
      const nextRound: typeof pending = [];
      await Promise.all(
        chunks.map(async (chunk) => {
          const requestQueries = chunk.map((item) => toRequestQuery(queries[item.index]!, item.pageToken));
          countWork('osv.pages', chunk.length);
          const result = await this.http.requestJson({ method: 'POST', url, body: { queries: requestQueries }, validate: validateOsvBatch, snapshot: 'caller' });
          if (result.status !== 'found' || result.value.results.length !== chunk.length) {
            const failure: RegistryResult<string[]> =
              result.status === 'failed'
                ? result
                : {
                    status: 'failed',
                    error:
                      result.status === 'found'
                        ? schemaMismatch(
                            `${this.baseUrl}/v1/querybatch`,
                            `${result.value.results.length} results for ${chunk.length} queries`,
                          )
                        : unexpectedNotFound(`${this.baseUrl}/v1/querybatch`),
                  };
            for (const item of chunk) failures.set(item.index, failure);
            return;
          }
          // Recorded as if each query had been asked on its own: the entry replay will look up.
          await Promise.all(
            chunk.map((_, position) =>
              this.http.recordAnswer({ method: 'POST', url, body: { queries: [requestQueries[position]] } }, 200, JSON.stringify({ results: [result.value.results[position]] })),
            ),
          );
          chunk.forEach((item, position) => {
            const answer = result.value.results[position]!;
            for (const vuln of answer.vulns ?? []) ids[item.index]!.push(vuln.id);
            sources[item.index]!.push(result.source);
            const next = trails[item.index]!.next(answer.next_page_token);
            if (next.stop) failures.set(item.index, { status: 'failed', error: new RegistryError('pagination', url, next.stop, 1) });
            else if (next.token) nextRound.push({ index: item.index, pageToken: next.token });
          });
        }),
      );
      pending = nextRound.filter((item) => !failures.has(item.index));
    }

    return queries.map((_, index) => {
      const failure = failures.get(index);
      if (failure) return failure;
      return { status: 'found', value: [...new Set(ids[index])], source: combinedSource(sources[index]!) };
    });
  }

  /** One advisory by id; each distinct id is fetched at most once per client. */
  getVulnerability(id: string): Promise<RegistryResult<OsvVulnerability>> {
    let result = this.vulnerabilities.get(id);
    if (!result) {
      result = this.http.requestJson({
        method: 'GET',
        url: `${this.baseUrl}/v1/vulns/${encodeURIComponent(id)}`,
        validate: validateOsvVulnerability,
      });
      this.vulnerabilities.set(id, result);
    }
    return result;
  }

  /** Full advisories affecting one package version, all pages (within the same bounds as queryBatch). */
  async query(pkg: OsvQuery): Promise<RegistryResult<OsvVulnerability[]>> {
    const vulns: OsvVulnerability[] = [];
    const sources: ResultSource[] = [];
    const trail = new PageTrail(this.maxPages);
    let pageToken: string | undefined;
    do {
      countWork('osv.pages');
      const result = await this.http.requestJson({
        method: 'POST',
        url: `${this.baseUrl}/v1/query`,
        body: toRequestQuery(pkg, pageToken),
        validate: validateOsvQuery,
      });
      if (result.status === 'failed') return result;
      if (result.status === 'not-found') {
        return { status: 'failed', error: unexpectedNotFound(`${this.baseUrl}/v1/query`) };
      }
      for (const vuln of result.value.vulns ?? []) vulns.push(vuln);
      sources.push(result.source);
      const next = trail.next(result.value.next_page_token);
      if (next.stop) return { status: 'failed', error: new RegistryError('pagination', `${this.baseUrl}/v1/query`, next.stop, 1) };
      pageToken = next.token;
    } while (pageToken);
    return { status: 'found', value: vulns, source: combinedSource(sources) };
  }
}

function schemaMismatch(url: string, detail: string): RegistryError {
  return new RegistryError('schema', url, detail, 1);
}

/** OSV answers queries with 200 and an empty list; a 404 means the URL is wrong (a bad DEPVET_OSV_URL). */
function unexpectedNotFound(url: string): RegistryError {
  return new RegistryError('http-status', url, 'HTTP 404 from an endpoint that never answers 404', 1, 404);
}
