// The command line: parses arguments, calls the library, renders, and maps the outcome to an exit code
// from the one table (exit-codes.ts). Errors print one line, never a stack trace.
import type { ParseArgsConfig } from 'node:util';
import { isDepvetError, UsageError } from '../errors';
import { buildInventory } from '../inventory/inventory';
import { renderInventoryJson, renderInventoryText } from '../report/inventory-render';
import { parseCommandArgs as parse } from './args';
import { EXIT_CODES } from './exit-codes';
import { processIo, type CliIo } from './io';

const VERSION: string = (require('../../package.json') as { version: string }).version;

export const USAGE = `depvet ${VERSION}: due diligence for the packages a container image needs

Usage:
  depvet list PATH... [--format text|json] [--image NAME]... [--python X.Y]
  depvet scan PATH... [--checks license,names,advisories,base-image] [--format F [--output FILE]]...
                      [--fail-on CHECK=VALUE]... [--diff BASE_REF] [--offline] [--snapshot DIR] [options]
  depvet snapshot PATH... --out DIR      record every registry answer a scan of PATH needs
  depvet resolve PATH... [--format text|json|requirements] [--output FILE] [--pre] [--offline] [--snapshot DIR]
                         every package the unlocked manifests install, with why (pip's / npm's resolution)
  depvet typosquat [NAME...] [--from FILE|-] [--format text|json] [--ecosystem PyPI|npm]
  depvet find PACKAGE[==VERSION|SPEC]... --tree DIR [--format text|json]
  depvet report DIR --format html|markdown --output PATH [--scan]
  depvet db update|status [--ecosystem PyPI,npm] [--verify]
  depvet --help | --version

PATH is a manifest (requirements.txt, Pipfile(.lock), pyproject.toml, poetry.lock, Dockerfile,
package.json, package-lock.json, pip list/freeze output), an image folder, any folder, or a
dockerfiles-style tree (docker/<image>/...).

Scan options:
  --format text|json|sarif|markdown|gitlab|junit|github   (repeatable; each may be followed by --output FILE)
  --fail-on license=denied,needs-approval,unknown | names=SEVERITY | advisories=SEVERITY | base-image=on|off
  --config FILE          policy file (default: depvet.config.json found upward from PATH)
  --diff BASE_REF        fail only on what changed since BASE_REF (git); in a tree, scan changed images
  --offline              answer only from the cache and local data (missing data makes the scan incomplete)
  --snapshot DIR         answer only from a snapshot recorded with depvet snapshot
  --osv-db PATH          match advisories offline against an OSV zip or folder
  --no-cache, --cache-dir DIR, --pypi-url URL, --osv-url URL, --npm-registry URL
  --dockerfiles-policy DIR|off   demisto/dockerfiles license policy files (default: found beside the tree)
  --no-deps              check only what the manifests name (no transitive resolution of unlocked manifests)
  --pre                  pre-releases are candidates when resolving (as pip install --pre)
  --verbose, --quiet, --no-color

Common options:
  --image NAME           in a tree, only this image (repeatable; its bases are still read)
  --python X.Y           Python version for markers when the image does not say
  --namespace NS         the registry namespace the tree builds (default: inferred, e.g. demisto)
  -h, --help             this help
  --version              print the version

Exit codes: 0 ok, 1 policy failure, 2 usage or input error, 3 incomplete (see docs/exit-codes.md).
`;

const COMMON_OPTIONS = {
  format: { type: 'string' },
  output: { type: 'string' },
  image: { type: 'string', multiple: true },
  python: { type: 'string' },
  namespace: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (isDepvetError(error)) {
      io.stderr(`depvet: ${error.message}\n`);
      return EXIT_CODES.usageOrInput;
    }
    // Anything else is a bug in depvet; one line unless asked for the stack.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`depvet: internal error: ${message.split('\n')[0]}${io.env.DEPVET_DEBUG ? `\n${(error as Error).stack ?? ''}` : ' (set DEPVET_DEBUG=1 for details)'}\n`);
    return EXIT_CODES.usageOrInput;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(USAGE);
    return EXIT_CODES.ok;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT_CODES.ok;
  }
  // Each command loads its modules when it runs: `list` and `find` do not pay for the registry clients and their
  // schema compilation, which were about 200 of the 260 ms it took to load every command.
  switch (command) {
    case 'list':
      return listCommand(rest, io);
    case 'scan':
      return (await import('./scan-command')).scanCommand(rest, io, 'scan', USAGE);
    case 'snapshot':
      return (await import('./scan-command')).scanCommand(rest, io, 'snapshot', USAGE);
    case 'resolve':
      return (await import('./resolve-command')).resolveCommand(rest, io, USAGE);
    case 'typosquat':
      return (await import('./typosquat-command')).typosquatCommand(rest, io, USAGE);
    case 'find':
      return (await import('./find-command')).findCommand(rest, io, USAGE);
    case 'report':
      return (await import('./catalogue-commands')).reportCommand(rest, io, USAGE);
    case 'db':
      return (await import('./catalogue-commands')).dbCommand(rest, io, USAGE);
    default:
      throw new UsageError(`unknown command "${command}" (see depvet --help)`);
  }
}

async function listCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, COMMON_OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return EXIT_CODES.ok;
  }
  if (positionals.length === 0) throw new UsageError('list needs at least one PATH (see depvet --help)');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json for list, not "${format}"`);
  const inventory = buildInventory(positionals, {
    cwd: io.cwd,
    env: io.env,
    ...(values.image ? { images: values.image } : {}),
    ...(values.python ? { python: checkedPython(values.python) } : {}),
    ...(values.namespace ? { namespace: values.namespace } : {}),
  });
  const text = format === 'json' ? renderInventoryJson(inventory) : renderInventoryText(inventory);
  if (values.output) io.writeFile(values.output, text);
  else io.stdout(text);
  // A listing has no policy; it fails only when input could not be read (errors in diagnostics).
  return inventory.diagnostics.some((d) => d.severity === 'error') ? EXIT_CODES.incomplete : EXIT_CODES.ok;
}

function checkedPython(value: string): string {
  if (!/^\d+\.\d+$/.test(value)) throw new UsageError(`--python takes a major.minor version such as 3.12, not "${value}"`);
  return value;
}
