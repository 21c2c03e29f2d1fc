// Every default of the registry layer in one place. Precedence: explicit options (flags/config) > env > defaults.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type SnapshotMode = 'record' | 'replay';

export interface RegistryOptions {
  /** PyPI base URL (the JSON API lives under `/pypi/`). */
  pypiUrl: string;
  /** OSV API base URL (`/v1/...`). */
  osvUrl: string;
  /** npm registry base URL. */
  npmRegistry: string;
  /** Deadline for one attempt (connect + headers + body). */
  timeoutMs: number;
  /** Retries after the first attempt, for 429, 5xx, timeouts and connection errors. */
  retries: number;
  /** Full-jitter backoff: attempt n waits random(0, min(retryMaxDelayMs, retryBaseDelayMs * 2^n)). */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** A Retry-After longer than this is capped to it. */
  maxRetryAfterMs: number;
  /** Requests in flight at once, per client. */
  concurrency: number;
  /** A response body larger than this is refused (kind 'too-large'). */
  maxResponseBytes: number;
  maxRedirects: number;
  /** OSV pages followed per query before the query is given up as could-not-check (a server that never stops paging). */
  maxPagesPerQuery: number;
  userAgent: string;
  cacheDir: string;
  /** Bypass the disk cache entirely (neither read nor written). */
  noCache: boolean;
  /** Answer only from the cache; a miss is RegistryError kind 'offline-miss'. */
  offline: boolean;
  /** With snapshotMode 'record', every answer is also written here; with 'replay', answers come only from here. */
  snapshotDir?: string;
  snapshotMode?: SnapshotMode;
}

export const DEFAULT_PYPI_URL = 'https://pypi.org';
export const DEFAULT_OSV_URL = 'https://api.osv.dev';
export const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org';

/** OSV documents a limit of 1,000 queries per /v1/querybatch request. */
export const OSV_BATCH_LIMIT = 1000;

export const REGISTRY_DEFAULTS = {
  timeoutMs: 30_000,
  retries: 3,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  concurrency: 8,
  // Large PyPI project documents (e.g. boto3, with thousands of releases) run to tens of MB.
  maxResponseBytes: 64 * 1024 * 1024,
  maxRedirects: 5,
  // OSV pages a query's answer at 1,000 advisories (querybatch) or fewer; no package has 100 pages of them.
  maxPagesPerQuery: 100,
  noCache: false,
  offline: false,
} as const;

interface PackageInfo {
  version: string;
  homepage?: string;
}

function readPackageInfo(): PackageInfo {
  // src/registries and dist/registries are both two levels below the package root.
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version?: unknown;
      homepage?: unknown;
    };
    return {
      version: typeof pkg.version === 'string' ? pkg.version : '0.0.0',
      ...(typeof pkg.homepage === 'string' ? { homepage: pkg.homepage } : {}),
    };
  } catch {
    return { version: '0.0.0' };
  }
}

export function defaultUserAgent(): string {
  const { version, homepage } = readPackageInfo();
  return homepage ? `depvet/${version} (+${homepage})` : `depvet/${version}`;
}

/** Cache folder by platform convention: XDG on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows. */
export function defaultCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'depvet');
  if (platform === 'win32') {
    const localAppData = env.LOCALAPPDATA || path.win32.join(home, 'AppData', 'Local');
    return path.win32.join(localAppData, 'depvet', 'Cache');
  }
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  return xdg && path.isAbsolute(xdg) ? path.join(xdg, 'depvet') : path.join(home, '.cache', 'depvet');
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Merge explicit options (flags/config) over env overrides over defaults. */
export function resolveRegistryOptions(
  partial: Partial<RegistryOptions> = {},
  env: NodeJS.ProcessEnv = process.env,
): RegistryOptions {
  const defined = Object.fromEntries(
    Object.entries(partial).filter(([, value]) => value !== undefined),
  ) as Partial<RegistryOptions>;
  const merged: RegistryOptions = {
    ...REGISTRY_DEFAULTS,
    pypiUrl: env.DEPVET_PYPI_URL || DEFAULT_PYPI_URL,
    osvUrl: env.DEPVET_OSV_URL || DEFAULT_OSV_URL,
    npmRegistry: env.DEPVET_NPM_REGISTRY || DEFAULT_NPM_REGISTRY,
    userAgent: defaultUserAgent(),
    cacheDir: env.DEPVET_CACHE_DIR || defaultCacheDir(env),
    ...defined,
  };
  merged.pypiUrl = stripTrailingSlash(merged.pypiUrl);
  merged.osvUrl = stripTrailingSlash(merged.osvUrl);
  merged.npmRegistry = stripTrailingSlash(merged.npmRegistry);
  return merged;
}
