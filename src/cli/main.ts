// The command line: parses arguments, calls the library, renders, and maps the outcome to an exit code
// from the one table (exit-codes.ts). Errors print one line, never a stack trace.
import { isDepvetError, UsageError } from '../errors';
import { redactCredentials } from '../redact';
import { buildInventory, closestNames } from '../inventory/inventory';
import { renderInventoryJson, renderInventoryText } from '../report/inventory-render';
import { terminalSafe } from '../terminal-text';
import { EXIT_CODES, exitCodeOf } from './exit-codes';
import { processIo, type CliIo } from './io';
import { checkedPython, COMMANDS, commandHelp, parseCommand } from './options';
import { checkOutputPath, writeOutput } from './outputs';

const VERSION: string = (require('../../package.json') as { version: string }).version;

const COMMAND_ORDER = ['list', 'scan', 'snapshot', 'resolve', 'typosquat', 'find', 'report', 'db'] as const;

export const USAGE = `depvet ${VERSION}: due diligence for the packages a container image needs

Usage:
${COMMAND_ORDER.flatMap((name) => COMMANDS[name]!.synopsis.map((line) => `  ${line}`)).join('\n')}
  depvet --help | --version

PATH is a manifest (requirements.txt, Pipfile(.lock), pyproject.toml, poetry.lock, uv.lock, pylock.toml,
Dockerfile, package.json, package-lock.json, pip list/freeze output), an SBOM of a built image (CycloneDX or
SPDX JSON, recognised by its content), an image folder, any folder, or a dockerfiles-style tree
(docker/<image>/...). PATH - reads a manifest or SBOM from standard input (syft IMAGE -o cyclonedx-json | depvet scan -).

Run depvet COMMAND --help for a command's options (docs/cli.md has them all).

Exit codes: 0 ok, 1 policy failure, 2 usage or input error, 3 incomplete (see docs/exit-codes.md).
`;

export async function main(argv: string[], given: CliIo = processIo()): Promise<number> {
  // Whatever reaches stderr (errors, progress, notes) has URL credentials redacted, whoever wrote the message.
  const io: CliIo = { ...given, stderr: (text) => given.stderr(redactCredentials(text)) };
  try {
    return await run(argv, io);
  } catch (error) {
    if (isDepvetError(error)) {
      printError(io, error.message);
      return EXIT_CODES.usageOrInput;
    }
    // Anything else is a bug in depvet; one line unless asked for the stack.
    const message = error instanceof Error ? error.message : String(error);
    printError(io, `internal error: ${message.split('\n')[0]}${io.env.DEPVET_DEBUG ? '' : ' (set DEPVET_DEBUG=1 for details)'}`);
    if (io.env.DEPVET_DEBUG) io.stderr(`${(error as Error).stack ?? ''}\n`);
    return EXIT_CODES.usageOrInput;
  }
}

/**
 * One line on standard error. Messages can quote input (a manifest line, a file name): control characters and other
 * bytes a terminal would act on are escaped, so a binary file named as a manifest cannot write raw bytes here.
 */
function printError(io: CliIo, message: string): void {
  io.stderr(`depvet: ${terminalSafe(message)}\n`);
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  // Bare `depvet` is a usage error, like bare `depvet db`: usage on standard error, exit 2.
  if (command === undefined) {
    io.stderr(USAGE);
    return EXIT_CODES.usageOrInput;
  }
  if (command === '-h' || command === '--help') {
    io.stdout(USAGE);
    return EXIT_CODES.ok;
  }
  if (command === 'help') {
    const topic = rest[0];
    if (topic === undefined) io.stdout(USAGE);
    else if (COMMANDS[topic]) io.stdout(commandHelp(topic));
    else throw new UsageError(`help: unknown command "${topic}" (${COMMAND_ORDER.join(', ')})`);
    return EXIT_CODES.ok;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT_CODES.ok;
  }
  if (!COMMANDS[command]) {
    if (command.startsWith('-')) throw new UsageError(`unknown option ${command} before a command; see depvet --help`);
    const closest = closestNames(command, [...COMMAND_ORDER], 1)[0];
    throw new UsageError(`unknown command "${command}"${closest ? ` (did you mean ${closest}?)` : ''}; see depvet --help`);
  }
  // `depvet COMMAND --help` anywhere before `--` prints that command's usage, even beside other mistakes.
  const dashDash = rest.indexOf('--');
  if ((dashDash < 0 ? rest : rest.slice(0, dashDash)).some((a) => a === '--help' || a === '-h')) {
    io.stdout(commandHelp(command));
    return EXIT_CODES.ok;
  }
  // Each command loads its modules when it runs: `list` and `find` do not pay for the registry clients and their
  // schema compilation, which were about 200 of the 260 ms it took to load every command.
  switch (command) {
    case 'list':
      return listCommand(rest, io);
    case 'scan':
      return (await import('./scan-command')).scanCommand(rest, io, 'scan');
    case 'snapshot':
      return (await import('./scan-command')).scanCommand(rest, io, 'snapshot');
    case 'resolve':
      return (await import('./resolve-command')).resolveCommand(rest, io);
    case 'typosquat':
      return (await import('./typosquat-command')).typosquatCommand(rest, io);
    case 'find':
      return (await import('./find-command')).findCommand(rest, io);
    case 'report':
      return (await import('./catalogue-commands')).reportCommand(rest, io);
    default:
      return (await import('./catalogue-commands')).dbCommand(rest, io);
  }
}

async function listCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('list', args);
  if (positionals.length === 0) throw new UsageError('list needs at least one PATH; see depvet list --help');
  const format = (values['format'] as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json for list, not "${format}"`);
  const output = values['output'] as string | undefined;
  const outputFile = output !== undefined ? checkOutputPath(output, io.cwd) : undefined;
  const images = values['image'] as string[] | undefined;
  const python = values['python'] as string | undefined;
  const namespace = values['namespace'] as string | undefined;
  const inventory = buildInventory(positionals, {
    cwd: io.cwd,
    env: io.env,
    ...(positionals.includes('-') ? { stdin: io.readStdin() } : {}),
    ...(images ? { images } : {}),
    ...(python ? { python: checkedPython(python) } : {}),
    ...(namespace ? { namespace } : {}),
  });
  const text = format === 'json' ? renderInventoryJson(inventory) : renderInventoryText(inventory);
  if (output !== undefined && outputFile !== undefined) writeOutput(io.writeFile, output, outputFile, text);
  else io.stdout(text);
  // A listing has no policy: it is incomplete (3) when an input could not be read or a package has no readable name.
  return exitCodeOf(inventory.summary.outcome);
}
