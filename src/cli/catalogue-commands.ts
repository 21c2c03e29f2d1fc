// `depvet report` and `depvet db`: thin wrappers over the catalogue and the OSV database.
import path from 'node:path';
import { buildCatalogue } from '../catalogue/catalogue';
import { CATALOGUE_FORMATS, writeCatalogue, type CatalogueFormat } from '../catalogue/report';
import { osvDatabaseFreshness, updateOsvDatabase } from '../checks/advisories/database-update';
import { fsReason, isDepvetError, UsageError } from '../errors';
import { buildInventory } from '../inventory/inventory';
import type { Ecosystem } from '../model';
import { loadConfig } from '../policy/config';
import { resolveRegistryOptions } from '../registries/defaults';
import { scanWithDiff } from '../scan/diff-scan';
import { terminalSafe } from '../terminal-text';
import { EXIT_CODES, exitCodeOf } from './exit-codes';
import type { CliIo } from './io';
import { commandHelp, ecosystemOf, parseCommand, refuseContradictions, SCAN_CONTRADICTIONS } from './options';
import { checkOutputPath } from './outputs';
import { parseChecks, registryFromFlags } from './scan-command';

/** Options of `report` that only mean something with --scan. */
const SCAN_ONLY = ['config', 'checks', 'dockerfiles-policy', 'offline', 'snapshot', 'osv-db', 'no-cache', 'cache-dir', 'pypi-url', 'osv-url', 'npm-registry'];

export async function reportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('report', args);
  const text = (name: string) => values[name] as string | undefined;
  if (positionals.length !== 1) throw new UsageError('report takes one DIR (a dockerfiles-style tree); see depvet report --help');
  const format = (text('format') ?? 'html') as CatalogueFormat;
  if (!CATALOGUE_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${CATALOGUE_FORMATS.join(', ')}, not "${text('format')}"`);
  const output = text('output');
  if (output === undefined) throw new UsageError('report needs --output PATH (a file for html, a folder for markdown)');
  const outputPath = checkOutputPath(output, io.cwd, format === 'markdown' ? 'folder' : 'file');
  refuseContradictions('report', values, SCAN_CONTRADICTIONS);
  if (!values['scan']) {
    const unused = SCAN_ONLY.filter((name) => values[name] !== undefined);
    if (unused.length > 0) throw new UsageError(`report: ${unused.map((n) => `--${n}`).join(', ')} ${unused.length === 1 ? 'applies' : 'apply'} only with --scan`);
  }
  const dir = positionals[0]!;
  const namespace = text('namespace');
  const inventory = buildInventory([dir], { cwd: io.cwd, env: io.env, ...(namespace ? { namespace } : {}) });
  // With --scan, licenses and findings come from a scan; without it, the pages say "not checked", never blank.
  const scanResult = values['scan']
    ? await scanWithDiff([dir], {
        cwd: io.cwd,
        env: io.env,
        config: loadConfig({ ...(text('config') !== undefined ? { configFile: text('config')! } : {}), searchFrom: dir, cwd: io.cwd }).config,
        ...(text('checks') !== undefined ? { checks: parseChecks(text('checks')!) } : {}),
        registry: registryFromFlags(values, io.cwd),
        ...(text('osv-db') !== undefined ? { osvDb: path.resolve(io.cwd, text('osv-db')!) } : {}),
        ...(text('dockerfiles-policy') !== undefined ? { dockerfilesPolicy: text('dockerfiles-policy')! } : {}),
        ...(namespace ? { namespace } : {}),
      })
    : undefined;
  let written: string[];
  try {
    written = writeCatalogue(buildCatalogue(inventory, scanResult), format, outputPath);
  } catch (error) {
    if (isDepvetError(error)) throw error;
    throw new UsageError(`--output ${output}: cannot write it (${fsReason(error)})`);
  }
  io.stderr(`depvet: wrote ${written.length} file${written.length === 1 ? '' : 's'} to ${terminalSafe(output)}\n`);
  // The same rule as every command: what was scanned decides (1 failing, 3 incomplete), else what was read.
  return exitCodeOf(scanResult ? scanResult.summary.outcome : inventory.summary.outcome);
}

export async function dbCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('db', args);
  const text = (name: string) => values[name] as string | undefined;
  const [sub, ...extra] = positionals;
  // Bare `depvet db`, like bare `depvet`: usage on standard error, exit 2.
  if (sub === undefined) {
    io.stderr(commandHelp('db'));
    return EXIT_CODES.usageOrInput;
  }
  if (sub !== 'update' && sub !== 'status') throw new UsageError(`unknown db command "${sub}" (update, status); see depvet db --help`);
  if (extra.length > 0) throw new UsageError(`db ${sub} takes no PATH, not "${extra.join(' ')}"`);
  if (sub === 'update' && values['verify']) throw new UsageError('--verify applies to db status, not db update');
  if (sub === 'status' && text('osv-bulk-url') !== undefined) throw new UsageError('--osv-bulk-url applies to db update, not db status');
  const ecosystems: Ecosystem[] = [...new Set((text('ecosystem') ?? 'PyPI,npm').split(',').map((e) => ecosystemOf(e, '--ecosystem')))];
  const bulkUrl = text('osv-bulk-url');
  if (bulkUrl !== undefined && !/^https?:\/\/\S+$/.test(bulkUrl)) throw new UsageError(`--osv-bulk-url must be an http(s) URL, not "${bulkUrl}"`);
  const registry = resolveRegistryOptions(text('cache-dir') !== undefined ? { cacheDir: path.resolve(io.cwd, text('cache-dir')!) } : {}, io.env);
  if (sub === 'update') {
    const results = await updateOsvDatabase({
      ecosystems,
      cacheDir: registry.cacheDir,
      userAgent: registry.userAgent,
      ...(bulkUrl !== undefined ? { baseUrl: bulkUrl.replace(/\/+$/, '') } : {}),
    });
    let failed = 0;
    for (const r of results) {
      if (r.status === 'failed') {
        failed += 1;
        io.stderr(`depvet: ${r.ecosystem}: update failed: ${terminalSafe(r.reason)}\n`);
      } else {
        io.stdout(`${r.ecosystem}: ${r.status} (${r.meta.records} advisories, fetched ${r.meta.fetchedAt} from ${terminalSafe(r.meta.source)})\n`);
      }
    }
    return failed ? EXIT_CODES.incomplete : EXIT_CODES.ok;
  }
  if (sub === 'status') {
    // With --ecosystem, each one named must be there; without, what was downloaded is checked and an ecosystem never
    // downloaded is only mentioned (`db update --ecosystem PyPI` then `db status --verify` is a complete recipe).
    const named = text('ecosystem') !== undefined;
    const freshness = osvDatabaseFreshness(registry.cacheDir, { ecosystems, verify: Boolean(values['verify']) });
    let missing = named ? 0 : freshness.every((f) => !f.present) ? 1 : 0;
    for (const f of freshness) {
      if (!f.present) {
        if (named) missing += 1;
        io.stdout(`${f.ecosystem}: not downloaded (run depvet db update --ecosystem ${f.ecosystem})\n`);
        continue;
      }
      const days = f.ageMs !== undefined ? (f.ageMs / 86_400_000).toFixed(1) : '?';
      io.stdout(`${f.ecosystem}: ${f.meta?.records ?? '?'} advisories, fetched ${f.meta?.fetchedAt ?? '?'} (${days} days ago) from ${terminalSafe(f.meta?.source ?? '?')}; integrity ${f.integrity}\n`);
      if (f.integrity === 'mismatch') missing += 1;
    }
    return missing ? EXIT_CODES.incomplete : EXIT_CODES.ok;
  }
  throw new UsageError(`unknown db command "${sub}" (update, status); see depvet db --help`);
}
