// `depvet report` and `depvet db`: thin wrappers over the catalogue and the OSV database.
import path from 'node:path';
import { buildCatalogue } from '../catalogue/catalogue';
import { CATALOGUE_FORMATS, writeCatalogue, type CatalogueFormat } from '../catalogue/report';
import { osvDatabaseFreshness, updateOsvDatabase } from '../checks/advisories/database-update';
import { UsageError } from '../errors';
import { buildInventory } from '../inventory/inventory';
import type { Ecosystem } from '../model';
import { loadConfig } from '../policy/config';
import { resolveRegistryOptions } from '../registries/defaults';
import { scanWithDiff } from '../scan/diff-scan';
import { EXIT_CODES } from './exit-codes';
import { parseCommandArgs as parse } from './args';
import type { CliIo } from './io';
import { SCAN_OPTIONS, parseChecks } from './scan-command';

export async function reportCommand(args: string[], io: CliIo, usage: string): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    output: { type: 'string' },
    scan: { type: 'boolean' },
    config: SCAN_OPTIONS.config,
    checks: SCAN_OPTIONS.checks,
    offline: SCAN_OPTIONS.offline,
    'cache-dir': SCAN_OPTIONS['cache-dir'],
    snapshot: SCAN_OPTIONS.snapshot,
    'pypi-url': SCAN_OPTIONS['pypi-url'],
    'osv-url': SCAN_OPTIONS['osv-url'],
    'osv-db': SCAN_OPTIONS['osv-db'],
    namespace: SCAN_OPTIONS.namespace,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(usage);
    return EXIT_CODES.ok;
  }
  if (positionals.length !== 1) throw new UsageError('report takes one DIR (a dockerfiles-style tree)');
  const format = (values.format ?? 'html') as CatalogueFormat;
  if (!CATALOGUE_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${CATALOGUE_FORMATS.join(', ')}, not "${values.format}"`);
  if (!values.output) throw new UsageError('report needs --output PATH (a file for html, a folder for markdown)');
  const dir = positionals[0]!;
  const inventory = buildInventory([dir], { cwd: io.cwd, env: io.env, ...(values.namespace ? { namespace: values.namespace } : {}) });
  // With --scan, licenses and findings come from a scan; without it, the pages say "not checked", never blank.
  const scanResult = values.scan
    ? await scanWithDiff([dir], {
        cwd: io.cwd,
        env: io.env,
        config: loadConfig({ ...(values.config ? { configFile: values.config } : {}), searchFrom: dir, cwd: io.cwd }).config,
        ...(values.checks ? { checks: parseChecks(values.checks) } : {}),
        registry: {
          ...(values.offline ? { offline: true } : {}),
          ...(values['cache-dir'] ? { cacheDir: path.resolve(io.cwd, values['cache-dir']) } : {}),
          ...(values.snapshot ? { snapshotDir: path.resolve(io.cwd, values.snapshot), snapshotMode: 'replay' as const } : {}),
          ...(values['pypi-url'] ? { pypiUrl: values['pypi-url'] } : {}),
          ...(values['osv-url'] ? { osvUrl: values['osv-url'] } : {}),
        },
        ...(values['osv-db'] ? { osvDb: path.resolve(io.cwd, values['osv-db']) } : {}),
      })
    : undefined;
  const written = writeCatalogue(buildCatalogue(inventory, scanResult), format, path.resolve(io.cwd, values.output));
  io.stderr(`depvet: wrote ${written.length} file${written.length === 1 ? '' : 's'} to ${values.output}\n`);
  return EXIT_CODES.ok;
}

export async function dbCommand(args: string[], io: CliIo, usage: string): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parse(rest, { ecosystem: { type: 'string' }, 'cache-dir': { type: 'string' }, 'osv-bulk-url': { type: 'string' }, verify: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help || sub === undefined) {
    io.stdout(usage);
    return sub === undefined ? EXIT_CODES.usageOrInput : EXIT_CODES.ok;
  }
  const ecosystems = (values.ecosystem ?? 'PyPI,npm').split(',').map((e) => e.trim());
  const bad = ecosystems.filter((e) => e !== 'PyPI' && e !== 'npm');
  if (bad.length) throw new UsageError(`--ecosystem takes PyPI and/or npm, not "${bad.join(',')}"`);
  const registry = resolveRegistryOptions(values['cache-dir'] ? { cacheDir: path.resolve(io.cwd, values['cache-dir']) } : {}, io.env);
  if (sub === 'update') {
    const results = await updateOsvDatabase({
      ecosystems: ecosystems as Ecosystem[],
      cacheDir: registry.cacheDir,
      userAgent: registry.userAgent,
      ...(values['osv-bulk-url'] ? { baseUrl: values['osv-bulk-url'] } : {}),
    });
    let failed = 0;
    for (const r of results) {
      if (r.status === 'failed') {
        failed += 1;
        io.stderr(`depvet: ${r.ecosystem}: update failed: ${r.reason}\n`);
      } else {
        io.stdout(`${r.ecosystem}: ${r.status} (${r.meta.records} advisories, fetched ${r.meta.fetchedAt} from ${r.meta.source})\n`);
      }
    }
    return failed ? EXIT_CODES.incomplete : EXIT_CODES.ok;
  }
  if (sub === 'status') {
    // With --ecosystem, each one named must be there; without, what was downloaded is checked and an ecosystem never
    // downloaded is only mentioned (`db update --ecosystem PyPI` then `db status --verify` is a complete recipe).
    const named = values.ecosystem !== undefined;
    const freshness = osvDatabaseFreshness(registry.cacheDir, { ecosystems: ecosystems as Ecosystem[], verify: Boolean(values.verify) });
    let missing = named ? 0 : freshness.every((f) => !f.present) ? 1 : 0;
    for (const f of freshness) {
      if (!f.present) {
        if (named) missing += 1;
        io.stdout(`${f.ecosystem}: not downloaded (run depvet db update --ecosystem ${f.ecosystem})\n`);
        continue;
      }
      const days = f.ageMs !== undefined ? (f.ageMs / 86_400_000).toFixed(1) : '?';
      io.stdout(`${f.ecosystem}: ${f.meta?.records ?? '?'} advisories, fetched ${f.meta?.fetchedAt ?? '?'} (${days} days ago) from ${f.meta?.source ?? '?'}; integrity ${f.integrity}\n`);
      if (f.integrity === 'mismatch') missing += 1;
    }
    return missing ? EXIT_CODES.incomplete : EXIT_CODES.ok;
  }
  throw new UsageError(`unknown db command "${sub}" (update, status)`);
}
