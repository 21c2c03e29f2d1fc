// npm registry client. Requests go through npm-registry-fetch (npm's own auth, agent and proxy handling, which
// reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY) as the transport of our HTTP core, with its cache and retries off:
// caching, snapshots, retries and validation are the shared ones of http.ts, so all three registries behave alike.
import npmFetch from 'npm-registry-fetch';
import type { RegistryOptions } from './defaults';
import { HttpClient, checkComplete, readCapped, withDeadline, type HttpHooks, type Transport } from './http';
import { mapFound, type RegistryResult } from './result';
import { compileSchema, stringArray } from './schema';

/** A license as the packument states it: an SPDX string, or the legacy `{ type, url }` object. */
export type NpmLicenseField = string | { type?: string; url?: string };

export interface NpmVersion {
  license?: NpmLicenseField;
  /** Legacy array form (`licenses: [{ type, url }]`). */
  licenses?: NpmLicenseField[];
  /** The deprecation message, when the version is deprecated. */
  deprecated?: string;
  /** What the version depends on (the resolver reads these). */
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface NpmPackument {
  name: string;
  license?: NpmLicenseField;
  licenses?: NpmLicenseField[];
  versions: Record<string, NpmVersion>;
  /** `created`, `modified` and one ISO time per version. */
  time: Record<string, string>;
  'dist-tags': Record<string, string>;
}

const licenseSchema = {
  anyOf: [
    { type: 'string' },
    { type: 'object', properties: { type: { type: 'string' }, url: { type: 'string' } } },
  ],
};

const licenseFields = {
  license: licenseSchema,
  licenses: { type: 'array', items: licenseSchema },
};

// A dependency map (`{ "name": "^1.2.0" }`); a non-string spec (seen in a few ancient packuments) is refused.
const dependencyMap = { type: 'object', additionalProperties: { type: 'string' } };

export const validateNpmPackument = compileSchema<NpmPackument>({
  type: 'object',
  required: ['name', 'versions'],
  properties: {
    name: { type: 'string' },
    ...licenseFields,
    versions: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        // `deprecated: false` appears in some old packuments; only a string is a deprecation.
        properties: {
          ...licenseFields,
          deprecated: { type: ['string', 'boolean'] },
          dependencies: dependencyMap,
          optionalDependencies: dependencyMap,
          peerDependencies: dependencyMap,
          peerDependenciesMeta: { type: 'object', additionalProperties: { type: 'object', properties: { optional: { type: 'boolean' } } } },
        },
      },
    },
    time: { type: 'object', additionalProperties: { type: 'string' } },
    'dist-tags': { type: 'object', additionalProperties: { type: 'string' } },
    keywords: stringArray,
  },
});

function toPackument(raw: NpmPackument): NpmPackument {
  const versions: Record<string, NpmVersion> = {};
  for (const [version, data] of Object.entries(raw.versions)) {
    const deprecated = (data as { deprecated?: unknown }).deprecated;
    versions[version] = {
      ...(data.license !== undefined ? { license: data.license } : {}),
      ...(data.licenses !== undefined ? { licenses: data.licenses } : {}),
      ...(typeof deprecated === 'string' ? { deprecated } : {}),
      ...(data.dependencies !== undefined ? { dependencies: data.dependencies } : {}),
      ...(data.optionalDependencies !== undefined ? { optionalDependencies: data.optionalDependencies } : {}),
      ...(data.peerDependencies !== undefined ? { peerDependencies: data.peerDependencies } : {}),
      ...(data.peerDependenciesMeta !== undefined ? { peerDependenciesMeta: data.peerDependenciesMeta } : {}),
    };
  }
  return {
    name: raw.name,
    ...(raw.license !== undefined ? { license: raw.license } : {}),
    ...(raw.licenses !== undefined ? { licenses: raw.licenses } : {}),
    versions,
    time: raw.time ?? {},
    'dist-tags': raw['dist-tags'] ?? {},
  };
}

interface NpmHttpError {
  statusCode: number;
  headers?: Record<string, string | string[]> | { get(name: string): string | null };
  body?: unknown;
}

function headersOf(source: NpmHttpError['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!source) return out;
  if (typeof (source as { get?: unknown }).get === 'function') {
    for (const name of ['retry-after', 'content-type', 'etag', 'last-modified', 'cache-control']) {
      const value = (source as { get(n: string): string | null }).get(name);
      if (value !== null) out[name] = value;
    }
    return out;
  }
  for (const [name, value] of Object.entries(source as Record<string, string | string[]>)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Our transport on npm-registry-fetch: one attempt, no cache of its own, body size capped while streaming. */
export function npmRegistryTransport(registry: string, userAgent: string): Transport {
  return (request, limits) =>
    withDeadline(limits.timeoutMs, async (controller) => {
      let response: Awaited<ReturnType<typeof npmFetch>>;
      try {
        response = await npmFetch(request.url, {
          registry,
          method: request.method,
          headers: request.headers,
          ...(request.bodyText !== undefined ? { body: request.bodyText } : {}),
          userAgent,
          // The full packument: the abbreviated ("corgi") one npm-registry-fetch asks for by default has no `time`
          // (first-release age) and may leave out per-version license fields.
          fullMetadata: true,
          timeout: limits.timeoutMs,
          retry: { retries: 0 },
          signal: controller.signal,
        });
      } catch (err) {
        const httpError = err as Partial<NpmHttpError>;
        if (typeof httpError.statusCode !== 'number') throw err;
        // npm-registry-fetch throws for statuses >= 400; the core decides what each status means.
        const body = Buffer.from(Buffer.isBuffer(httpError.body) ? httpError.body : JSON.stringify(httpError.body ?? null));
        return { status: httpError.statusCode, headers: headersOf(httpError.headers), body };
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value: string, name: string) => {
        headers[name.toLowerCase()] = value;
      });
      const body = await readCapped(response.body as AsyncIterable<Buffer>, headers, limits.maxResponseBytes, () => controller.abort());
      if (!headers['content-encoding']) checkComplete(headers, body);
      return { status: response.status, headers, body };
    });
}

/** The registry path of a package: scoped names keep `@` and encode the `/` (`/@scope%2fname`). */
export function packumentPath(name: string): string {
  return name.startsWith('@') ? `/@${encodeURIComponent(name.slice(1))}` : `/${encodeURIComponent(name)}`;
}

export class NpmClient {
  readonly http: HttpClient;
  private readonly registry: string;

  constructor(options: RegistryOptions, hooks: HttpHooks = {}) {
    this.registry = options.npmRegistry;
    this.http = new HttpClient(options, { kind: 'npm', baseUrl: options.npmRegistry }, {
      transport: npmRegistryTransport(options.npmRegistry, options.userAgent),
      ...hooks,
    });
  }

  /** The full packument (not the abbreviated one, which lacks per-version licenses). 404 -> not-found. */
  async getPackument(name: string): Promise<RegistryResult<NpmPackument>> {
    const result = await this.http.requestJson({
      method: 'GET',
      url: `${this.registry}${packumentPath(name)}`,
      validate: validateNpmPackument,
    });
    return mapFound(result, toPackument);
  }
}
