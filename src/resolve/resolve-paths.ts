// `depvet resolve` as a library call: the inventory of the given paths, then its closure from the registries, with
// the scan's registry settings (flags over config over environment) and the same cache, offline and snapshot rules.
import { collectInventory, type InventoryOptions } from '../inventory/inventory';
import { DEFAULT_PYTHON } from '../inventory/tree';
import type { DepvetConfig } from '../policy/config';
import type { RegistryOptions } from '../registries/defaults';
import type { HttpHooks } from '../registries/http';
import { registryClients } from '../scan/facts';
import { registryOptionsFor } from '../scan/scan';
import { prepareSnapshot } from '../scan/snapshot-checks';
import { resolveClosure, type ClosureResult } from './closure';
import { NpmRegistrySource } from './npm-resolver';
import { PypiRegistrySource } from './pypi-source';

export interface ResolveOptions extends InventoryOptions {
  config?: DepvetConfig;
  registry?: Partial<RegistryOptions>;
  /** `--pre`: pre-releases are candidates in every resolution. */
  pre?: boolean;
  httpHooks?: HttpHooks;
}

/** The closure of every unlocked manifest under the paths: what pip (npm) would install, and how each got there. */
export async function resolvePaths(paths: string[], options: ResolveOptions = {}): Promise<ClosureResult> {
  const config = options.config ?? {};
  const python = options.python ?? config.python;
  const { inventory } = collectInventory(paths, {
    ...options,
    ...(python ? { python } : {}),
    ...(options.namespace ?? config.namespace ? { namespace: options.namespace ?? config.namespace } : {}),
  });
  const registry = registryOptionsFor(config, options.registry, options.env ?? process.env);
  // A snapshot to replay that is missing or not a snapshot is an input error before anything is asked.
  prepareSnapshot(registry);
  const clients = registryClients(registry, options.httpHooks ?? {});
  return resolveClosure(
    inventory,
    {
      ...(inventory.packages.some((p) => p.ecosystem === 'PyPI') ? { pypi: new PypiRegistrySource(clients.pypi()) } : {}),
      ...(inventory.packages.some((p) => p.ecosystem === 'npm') ? { npm: new NpmRegistrySource(await clients.npm()) } : {}),
    },
    { python: python ?? DEFAULT_PYTHON, ...(options.pre ?? config.resolve?.pre ? { pre: true } : {}) },
  );
}
