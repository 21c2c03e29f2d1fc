// `depvet scan` and `depvet snapshot`: flags -> ScanOptions, one library call, reports, exit code.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { CHECK_NAMES, SEVERITIES, type CheckName } from '../findings';
import { loadConfig, type DepvetConfig, type Threshold } from '../policy/config';
import type { RegistryOptions } from '../registries/defaults';
import { renderReport, REPORT_FORMATS } from '../report';
import { scanWithDiff } from '../scan/diff-scan';
import type { ScanProgress } from '../scan/scan';
import type { ScanResult } from '../scan/result';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { pairFormatsAndOutputs } from './outputs';
import { checkedUrl } from './args';

export const SCAN_OPTIONS = {
  format: { type: 'string', multiple: true },
  output: { type: 'string', multiple: true },
  checks: { type: 'string' },
  config: { type: 'string' },
  'fail-on': { type: 'string', multiple: true },
  offline: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'pypi-url': { type: 'string' },
  'osv-url': { type: 'string' },
  'npm-registry': { type: 'string' },
  'osv-db': { type: 'string' },
  snapshot: { type: 'string' },
  'dockerfiles-policy': { type: 'string' },
  'no-deps': { type: 'boolean' },
  pre: { type: 'boolean' },
  diff: { type: 'string' },
  image: { type: 'string', multiple: true },
  python: { type: 'string' },
  namespace: { type: 'string' },
  verbose: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function outcomeExitCode(result: ScanResult): ExitCode {
  return result.summary.outcome === 'fail' ? EXIT_CODES.policyFailure : result.summary.outcome === 'incomplete' ? EXIT_CODES.incomplete : EXIT_CODES.ok;
}

export function parseChecks(value: string): CheckName[] {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(CHECK_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) throw new UsageError(`--checks takes a comma-separated list of ${CHECK_NAMES.join(', ')}; not "${value}"`);
  return [...new Set(names)] as CheckName[];
}

/** `--fail-on license=denied,unknown`, `--fail-on advisories=high`, `--fail-on names=none`, `--fail-on base-image=off`. */
export function applyFailOn(config: DepvetConfig, values: string[]): DepvetConfig {
  const failOn = { ...(config.failOn ?? {}) };
  const thresholds = [...SEVERITIES, 'none'] as string[];
  for (const value of values) {
    const [check, setting] = value.split('=', 2);
    if (!check || setting === undefined) throw new UsageError(`--fail-on takes CHECK=VALUE (e.g. advisories=high), not "${value}"`);
    switch (check) {
      case 'license': {
        const verdicts = setting === 'none' ? [] : setting.split(',').map((s) => s.trim());
        const bad = verdicts.filter((v) => !['denied', 'needs-approval', 'unknown'].includes(v));
        if (bad.length) throw new UsageError(`--fail-on license= takes denied, needs-approval, unknown (comma-separated) or none; not "${bad.join(',')}"`);
        failOn.license = verdicts as ('denied' | 'needs-approval' | 'unknown')[];
        break;
      }
      case 'names':
      case 'advisories':
        if (!thresholds.includes(setting)) throw new UsageError(`--fail-on ${check}= takes one of ${thresholds.join(', ')}; not "${setting}"`);
        failOn[check] = setting as Threshold;
        break;
      case 'base-image':
        if (!['on', 'off', 'true', 'false'].includes(setting)) throw new UsageError(`--fail-on base-image= takes on or off; not "${setting}"`);
        failOn.baseImage = setting === 'on' || setting === 'true';
        break;
      default:
        throw new UsageError(`--fail-on: unknown check "${check}" (license, names, advisories, base-image)`);
    }
  }
  return { ...config, failOn };
}

/** Progress on stderr: a rewritten line on a terminal, or stage lines with --verbose. */
function progressReporter(io: CliIo, verbose: boolean, quiet: boolean): ((p: ScanProgress) => void) | undefined {
  if (quiet) return undefined;
  if (io.stderrIsTTY) {
    return (p) => io.stderr(`\r\x1b[2K${p.stage}${p.total !== undefined ? ` ${p.done ?? 0}/${p.total}` : ''}${p.stage === 'policy' ? '\r\x1b[2K' : ''}`);
  }
  if (verbose) return (p) => io.stderr(`depvet: ${p.stage}${p.total !== undefined ? ` ${p.done ?? 0}/${p.total}` : ''}\n`);
  return undefined;
}

export async function scanCommand(args: string[], io: CliIo, mode: 'scan' | 'snapshot', usage: string): Promise<number> {
  const config = { ...SCAN_OPTIONS, ...(mode === 'snapshot' ? { out: { type: 'string' } as const } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args, options: config, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  const { values, positionals, tokens } = parsed;
  if (values.help) {
    io.stdout(usage);
    return EXIT_CODES.ok;
  }
  if (positionals.length === 0) throw new UsageError(`${mode} needs at least one PATH (see depvet --help)`);
  const outDir = (values as { out?: string }).out;
  if (mode === 'snapshot' && !outDir) throw new UsageError('snapshot needs --out DIR');
  if (mode === 'snapshot' && values.snapshot) throw new UsageError('snapshot records from the registries; --snapshot (replay) does not apply');
  const targets = pairFormatsAndOutputs(tokens ?? [], REPORT_FORMATS, 'text');
  if (values.python && !/^\d+\.\d+$/.test(values.python)) throw new UsageError(`--python takes a major.minor version such as 3.12, not "${values.python}"`);

  const loaded = loadConfig({ ...(values.config ? { configFile: values.config } : {}), searchFrom: positionals[0]!, cwd: io.cwd });
  let cfg = loaded.config;
  if (values['fail-on']) cfg = applyFailOn(cfg, values['fail-on']);
  const checks = values.checks ? parseChecks(values.checks) : undefined;

  const registry: Partial<RegistryOptions> = {
    ...(checkedUrl('--pypi-url', values['pypi-url']) ? { pypiUrl: checkedUrl('--pypi-url', values['pypi-url'])! } : {}),
    ...(checkedUrl('--osv-url', values['osv-url']) ? { osvUrl: checkedUrl('--osv-url', values['osv-url'])! } : {}),
    ...(checkedUrl('--npm-registry', values['npm-registry']) ? { npmRegistry: checkedUrl('--npm-registry', values['npm-registry'])! } : {}),
    ...(values['cache-dir'] ? { cacheDir: path.resolve(io.cwd, values['cache-dir']) } : {}),
    ...(values['no-cache'] ? { noCache: true } : {}),
    ...(values.offline ? { offline: true } : {}),
    ...(values.snapshot ? { snapshotDir: path.resolve(io.cwd, values.snapshot), snapshotMode: 'replay' as const } : {}),
    ...(mode === 'snapshot' ? { snapshotDir: path.resolve(io.cwd, outDir!), snapshotMode: 'record' as const } : {}),
  };
  const onProgress = progressReporter(io, Boolean(values.verbose), Boolean(values.quiet));
  const result = await scanWithDiff(positionals, {
    cwd: io.cwd,
    env: io.env,
    config: cfg,
    ...(loaded.file ? { configFile: loaded.file } : {}),
    ...(checks ? { checks } : {}),
    registry,
    ...(values['osv-db'] ? { osvDb: path.resolve(io.cwd, values['osv-db']) } : {}),
    ...(values['dockerfiles-policy'] ? { dockerfilesPolicy: values['dockerfiles-policy'] } : {}),
    ...(values.image ? { images: values.image } : {}),
    ...(values.python ? { python: values.python } : {}),
    ...(values.namespace ? { namespace: values.namespace } : {}),
    ...(values.diff ? { diffBase: values.diff } : {}),
    ...(values['no-deps'] ? { noDeps: true } : {}),
    ...(values.pre ? { pre: true } : {}),
    ...(onProgress ? { onProgress } : {}),
  });

  const color = !values['no-color'] && io.stdoutIsTTY && io.env['NO_COLOR'] === undefined;
  for (const target of targets) {
    const text = renderReport(target.format, result, { color: target.file === undefined && color });
    if (target.file) io.writeFile(path.resolve(io.cwd, target.file), text);
    else io.stdout(text);
  }
  if (mode === 'snapshot') io.stderr(`depvet: recorded the registry answers of this scan in ${outDir}\n`);
  return outcomeExitCode(result);
}
