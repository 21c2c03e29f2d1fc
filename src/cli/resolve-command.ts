// `depvet resolve PATH...`: the closure of every unlocked manifest, as text, JSON or a pinned requirements.txt with
// `# via` comments. Exit 0 when every closure is complete, 3 when something could not be resolved (a conflict,
// metadata or a registry answer missing), 2 for usage and input errors.
import path from 'node:path';
import { UsageError } from '../errors';
import { loadConfig } from '../policy/config';
import type { RegistryOptions } from '../registries/defaults';
import { renderClosure, RESOLVE_FORMATS, type ResolveFormat } from '../report/closure-render';
import { resolvePaths } from '../resolve/resolve-paths';
import { checkedUrl, parseCommandArgs } from './args';
import { EXIT_CODES } from './exit-codes';
import type { CliIo } from './io';

const RESOLVE_OPTIONS = {
  format: { type: 'string' },
  output: { type: 'string' },
  config: { type: 'string' },
  image: { type: 'string', multiple: true },
  python: { type: 'string' },
  namespace: { type: 'string' },
  pre: { type: 'boolean' },
  offline: { type: 'boolean' },
  snapshot: { type: 'string' },
  'no-cache': { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'pypi-url': { type: 'string' },
  'npm-registry': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function resolveCommand(args: string[], io: CliIo, usage: string): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, RESOLVE_OPTIONS);
  if (values.help) {
    io.stdout(usage);
    return EXIT_CODES.ok;
  }
  if (positionals.length === 0) throw new UsageError('resolve needs at least one PATH (see depvet --help)');
  const format = (values.format ?? 'text') as ResolveFormat;
  if (!RESOLVE_FORMATS.includes(format)) throw new UsageError(`--format must be ${RESOLVE_FORMATS.join(', ')} for resolve, not "${values.format}"`);
  if (values.python && !/^\d+\.\d+$/.test(values.python)) throw new UsageError(`--python takes a major.minor version such as 3.12, not "${values.python}"`);
  const loaded = loadConfig({ ...(values.config ? { configFile: values.config } : {}), searchFrom: positionals[0]!, cwd: io.cwd });
  const pypiUrl = checkedUrl('--pypi-url', values['pypi-url']);
  const npmRegistry = checkedUrl('--npm-registry', values['npm-registry']);
  const registry: Partial<RegistryOptions> = {
    ...(pypiUrl ? { pypiUrl } : {}),
    ...(npmRegistry ? { npmRegistry } : {}),
    ...(values['cache-dir'] ? { cacheDir: path.resolve(io.cwd, values['cache-dir']) } : {}),
    ...(values['no-cache'] ? { noCache: true } : {}),
    ...(values.offline ? { offline: true } : {}),
    ...(values.snapshot ? { snapshotDir: path.resolve(io.cwd, values.snapshot), snapshotMode: 'replay' as const } : {}),
  };
  const result = await resolvePaths(positionals, {
    cwd: io.cwd,
    env: io.env,
    config: loaded.config,
    registry,
    ...(values.image ? { images: values.image } : {}),
    ...(values.python ? { python: values.python } : {}),
    ...(values.namespace ? { namespace: values.namespace } : {}),
    ...(values.pre ? { pre: true } : {}),
  });
  const text = renderClosure(format, result);
  if (values.output) io.writeFile(path.resolve(io.cwd, values.output), text);
  else io.stdout(text);
  return result.inventory.diagnostics.some((d) => d.severity === 'error') ? EXIT_CODES.incomplete : EXIT_CODES.ok;
}
