// `depvet resolve PATH...`: the closure of every unlocked manifest, as text, JSON or a pinned requirements.txt with
// `# via` comments. Exit 0 when every closure is complete, 3 when something could not be resolved (a conflict,
// metadata or a registry answer missing), 2 for usage and input errors.
import { UsageError } from '../errors';
import { loadConfig } from '../policy/config';
import { renderClosure, RESOLVE_FORMATS, type ResolveFormat } from '../report/closure-render';
import { resolvePaths } from '../resolve/resolve-paths';
import { EXIT_CODES } from './exit-codes';
import type { CliIo } from './io';
import { checkedPython, parseCommand, refuseContradictions, SCAN_CONTRADICTIONS } from './options';
import { checkOutputPath, writeOutput } from './outputs';
import { registryFromFlags } from './scan-command';

export async function resolveCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('resolve', args);
  const text = (name: string) => values[name] as string | undefined;
  if (positionals.length === 0) throw new UsageError('resolve needs at least one PATH; see depvet resolve --help');
  refuseContradictions('resolve', values, SCAN_CONTRADICTIONS);
  const format = (text('format') ?? 'text') as ResolveFormat;
  if (!RESOLVE_FORMATS.includes(format)) throw new UsageError(`--format must be ${RESOLVE_FORMATS.join(', ')} for resolve, not "${format}"`);
  const output = text('output');
  const outputFile = output !== undefined ? checkOutputPath(output, io.cwd) : undefined;
  const python = text('python') !== undefined ? checkedPython(text('python')!) : undefined;
  const loaded = loadConfig({ ...(text('config') !== undefined ? { configFile: text('config')! } : {}), searchFrom: positionals[0]!, fallbackFrom: '.', cwd: io.cwd });
  const images = values['image'] as string[] | undefined;
  const result = await resolvePaths(positionals, {
    cwd: io.cwd,
    env: io.env,
    config: loaded.config,
    registry: registryFromFlags(values, io.cwd),
    ...(images ? { images } : {}),
    ...(python ? { python } : {}),
    ...(text('namespace') !== undefined ? { namespace: text('namespace')! } : {}),
    ...(values['pre'] ? { pre: true } : {}),
  });
  const rendered = renderClosure(format, result);
  if (output !== undefined && outputFile !== undefined) writeOutput(io.writeFile, output, outputFile, rendered);
  else io.stdout(rendered);
  return result.inventory.diagnostics.some((d) => d.severity === 'error') ? EXIT_CODES.incomplete : EXIT_CODES.ok;
}
