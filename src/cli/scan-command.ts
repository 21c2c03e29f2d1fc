// `depvet scan` and `depvet snapshot`: flags -> ScanOptions, one library call, reports, exit code.
import path from 'node:path';
import { UsageError } from '../errors';
import { CHECK_NAMES, SEVERITIES, type CheckName } from '../findings';
import { loadConfig, type DepvetConfig, type Threshold } from '../policy/config';
import { RegistryActivity } from '../registries/activity';
import type { RegistryOptions } from '../registries/defaults';
import { renderReport, REPORT_FORMATS } from '../report';
import { scanWithDiff } from '../scan/diff-scan';
import type { ScanProgress } from '../scan/scan';
import type { ScanResult } from '../scan/result';
import { EXIT_CODES, exitCodeOf, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { checkedPython, parseCommand, refuseContradictions, SCAN_CONTRADICTIONS, type ParsedCommand } from './options';
import { checkOutputPath, pairFormatsAndOutputs, writeOutput } from './outputs';
import { terminalSafe } from '../terminal-text';

export function outcomeExitCode(result: ScanResult): ExitCode {
  return exitCodeOf(result.summary.outcome);
}

/** `--checks license,names`: an empty list (`--checks ""`) or an unknown name is refused, never read as "all". */
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

/** The registry flags every scanning command takes (scan, snapshot, report --scan), as registry options. */
export function registryFromFlags(values: ParsedCommand['values'], cwd: string): Partial<RegistryOptions> {
  const text = (name: string) => values[name] as string | undefined;
  const pypiUrl = checkedUrl('--pypi-url', text('pypi-url'));
  const osvUrl = checkedUrl('--osv-url', text('osv-url'));
  const npmRegistry = checkedUrl('--npm-registry', text('npm-registry'));
  return {
    ...(pypiUrl ? { pypiUrl } : {}),
    ...(osvUrl ? { osvUrl } : {}),
    ...(npmRegistry ? { npmRegistry } : {}),
    ...(text('cache-dir') ? { cacheDir: path.resolve(cwd, text('cache-dir')!) } : {}),
    ...(values['no-cache'] ? { noCache: true } : {}),
    ...(values['offline'] ? { offline: true } : {}),
    ...(text('snapshot') !== undefined ? { snapshotDir: path.resolve(cwd, text('snapshot')!), snapshotMode: 'replay' as const } : {}),
  };
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

export async function scanCommand(args: string[], io: CliIo, mode: 'scan' | 'snapshot'): Promise<number> {
  const { values, positionals, tokens } = parseCommand(mode, args);
  const text = (name: string) => values[name] as string | undefined;
  if (positionals.length === 0) throw new UsageError(`${mode} needs at least one PATH; see depvet ${mode} --help`);
  refuseContradictions(mode, values, SCAN_CONTRADICTIONS);
  const outDir = text('out');
  if (mode === 'snapshot' && !outDir) throw new UsageError('snapshot needs --out DIR');
  const targets = pairFormatsAndOutputs(tokens, REPORT_FORMATS, 'text');
  // Every output is checked before the scan runs: a long scan never ends in "cannot write".
  const outputs = targets.map((t) => ({ ...t, ...(t.file !== undefined ? { absolute: checkOutputPath(t.file, io.cwd) } : {}) }));
  const python = text('python') !== undefined ? checkedPython(text('python')!) : undefined;

  if (positionals.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read once');
  // The policy file is found upward from the scanned path; for standard input, or a path with none above it (an
  // SBOM in /tmp), upward from the current folder.
  const loaded = loadConfig({ ...(text('config') !== undefined ? { configFile: text('config')! } : {}), searchFrom: positionals[0] === '-' ? '.' : positionals[0]!, fallbackFrom: '.', cwd: io.cwd });
  let cfg = loaded.config;
  if (values['fail-on']) cfg = applyFailOn(cfg, values['fail-on'] as string[]);
  const checks = text('checks') !== undefined ? parseChecks(text('checks')!) : undefined;

  const registry: Partial<RegistryOptions> = {
    ...registryFromFlags(values, io.cwd),
    ...(mode === 'snapshot' ? { snapshotDir: path.resolve(io.cwd, outDir!), snapshotMode: 'record' as const } : {}),
  };
  const onProgress = progressReporter(io, Boolean(values['verbose']), Boolean(values['quiet']));
  const images = values['image'] as string[] | undefined;
  const activity = new RegistryActivity();
  const result = await scanWithDiff(positionals, {
    registryActivity: activity,
    cwd: io.cwd,
    env: io.env,
    config: cfg,
    ...(loaded.file ? { configFile: loaded.file } : {}),
    ...(checks ? { checks } : {}),
    registry,
    ...(text('osv-db') !== undefined ? { osvDb: path.resolve(io.cwd, text('osv-db')!) } : {}),
    ...(text('dockerfiles-policy') !== undefined ? { dockerfilesPolicy: text('dockerfiles-policy')! } : {}),
    ...(images ? { images } : {}),
    ...(python ? { python } : {}),
    ...(text('namespace') !== undefined ? { namespace: text('namespace')! } : {}),
    ...(text('diff') !== undefined ? { diffBase: text('diff')! } : {}),
    ...(values['vex'] ? { vexFiles: (values['vex'] as string[]).map((f) => path.resolve(io.cwd, f)) } : {}),
    ...(values['no-deps'] ? { noDeps: true } : {}),
    ...(values['pre'] ? { pre: true } : {}),
    ...(positionals.includes('-') ? { stdin: io.readStdin() } : {}),
    ...(onProgress ? { onProgress } : {}),
  });

  const color = !values['no-color'] && io.stdoutIsTTY && io.env['NO_COLOR'] === undefined;
  for (const target of outputs) {
    const toTerminal = target.file === undefined && io.stdoutIsTTY;
    const report = renderReport(target.format, result, {
      color: target.file === undefined && color,
      ...(toTerminal && io.stdoutColumns ? { width: io.stdoutColumns } : {}),
      ...(values['verbose'] ? { verbose: true } : {}),
    });
    if (target.file !== undefined && target.absolute !== undefined) writeOutput(io.writeFile, target.file, target.absolute, report);
    else io.stdout(report);
  }
  if (mode === 'snapshot') return reportRecording(io, outDir!, activity, outcomeExitCode(result));
  return outcomeExitCode(result);
}

const MISSING_SHOWN = 10;

/**
 * What `depvet snapshot` wrote and what it could not: every answer it could not get is named (a replay marks what
 * needed it could-not-check). Nothing written while answers were missing is a failure (exit 2), never "recorded".
 */
function reportRecording(io: CliIo, given: string, activity: RegistryActivity, scanExit: ExitCode): ExitCode {
  // Requests name packages, which the scanned manifests name: escaped like every terminal line.
  const outDir = terminalSafe(given);
  const missing = activity.missingAnswers;
  const recorded = activity.recorded;
  const list = missing.slice(0, MISSING_SHOWN).map((m) => `  missing: ${terminalSafe(m)}\n`).join('') + (missing.length > MISSING_SHOWN ? `  ... and ${missing.length - MISSING_SHOWN} more\n` : '');
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
