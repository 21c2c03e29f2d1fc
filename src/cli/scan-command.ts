// `depvet scan` and `depvet snapshot`: flags -> ScanOptions, one library call, reports, exit code.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors';
import { CHECK_NAMES, SEVERITIES, type CheckName } from '../findings';
import { loadConfig, type DepvetConfig, type Threshold } from '../policy/config';
import { RegistryActivity } from '../registries/activity';
import type { RegistryOptions } from '../registries/defaults';
import { renderReport, REPORT_FORMATS } from '../report';
import { scanWithDiff } from '../scan/diff-scan';
import type { ScanProgress } from '../scan/scan';
import type { ScanResult } from '../scan/result';
import { EXIT_CODES, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { pairFormatsAndOutputs } from './outputs';

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
  diff: { type: 'string' },
  vex: { type: 'string', multiple: true },
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

/** `--fail-on license=denied,unknown`, `--fail-on advisories=high`, `--fail-on names=none`, `--fail-on base-image=off`, `--fail-on snapshot-changes=off`. */
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
      case 'snapshot-changes':
        if (!['on', 'off', 'true', 'false'].includes(setting)) throw new UsageError(`--fail-on ${check}= takes on or off; not "${setting}"`);
        failOn[check === 'base-image' ? 'baseImage' : 'snapshotChanges'] = setting === 'on' || setting === 'true';
        break;
      default:
        throw new UsageError(`--fail-on: unknown check "${check}" (license, names, advisories, base-image, snapshot-changes)`);
    }
  }
  return { ...config, failOn };
}

function checkedUrl(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^https?:\/\/[^\s]+$/.test(value)) throw new UsageError(`${flag} must be an http(s) URL, not "${value}"`);
  return value.replace(/\/+$/, '');
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

  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read once');
  // The policy file is found upward from the scanned path; for standard input, or a path with none above it (an
  // SBOM in /tmp), upward from the current folder.
  const loaded = loadConfig({ ...(values.config ? { configFile: values.config } : {}), searchFrom: positionals[0] === '-' ? '.' : positionals[0]!, fallbackFrom: '.', cwd: io.cwd });
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
  const activity = new RegistryActivity();
  const result = await scanWithDiff(positionals, {
    registryActivity: activity,
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
    ...(values.vex ? { vexFiles: values.vex.map((f) => path.resolve(io.cwd, f)) } : {}),
    ...(positionals.includes('-') ? { stdin: io.readStdin() } : {}),
    ...(onProgress ? { onProgress } : {}),
  });

  const color = !values['no-color'] && io.stdoutIsTTY && io.env['NO_COLOR'] === undefined;
  for (const target of targets) {
    const text = renderReport(target.format, result, { color: target.file === undefined && color });
    if (target.file) io.writeFile(path.resolve(io.cwd, target.file), text);
    else io.stdout(text);
  }
  if (mode === 'snapshot') return reportRecording(io, outDir!, activity, outcomeExitCode(result));
  return outcomeExitCode(result);
}

const MISSING_SHOWN = 10;

/**
 * What `depvet snapshot` wrote and what it could not: every answer it could not get is named (a replay marks what
 * needed it could-not-check). Nothing written while answers were missing is a failure (exit 2), never "recorded".
 */
function reportRecording(io: CliIo, outDir: string, activity: RegistryActivity, scanExit: ExitCode): ExitCode {
  const missing = activity.missingAnswers;
  const recorded = activity.recorded;
  const list = missing.slice(0, MISSING_SHOWN).map((m) => `  missing: ${m}\n`).join('') + (missing.length > MISSING_SHOWN ? `  ... and ${missing.length - MISSING_SHOWN} more\n` : '');
  if (recorded === 0 && missing.length > 0) {
    io.stderr(`depvet: recorded nothing in ${outDir}: none of the ${missing.length} registry answers this scan needs could be had\n${list}`);
    return EXIT_CODES.usageOrInput;
  }
  if (recorded === 0) {
    io.stderr(`depvet: recorded nothing in ${outDir}: this scan needs no registry answer\n`);
    return scanExit;
  }
  const plural = (n: number) => `${n} registry answer${n === 1 ? '' : 's'}`;
  if (missing.length === 0) {
    io.stderr(`depvet: recorded ${plural(recorded)} in ${outDir}\n`);
    return scanExit;
  }
  io.stderr(`depvet: recorded ${plural(recorded)} in ${outDir}; ${missing.length} could not be had and are missing from it (a replay marks what needed them could-not-check):\n${list}`);
  return scanExit === EXIT_CODES.ok ? EXIT_CODES.incomplete : scanExit;
}
