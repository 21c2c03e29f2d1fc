// Every command's options in one table: what parseArgs accepts, what `depvet COMMAND --help` prints and what
// docs/cli.md documents (a test keeps the three in step), so an option cannot exist without being explained.
import { parseArgs } from 'node:util';
import { closestNames } from '../inventory/inventory';
import { UsageError } from '../errors';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in help (`FILE`, `URL`). */
  value?: string;
  help: string;
}

export type OptionTable = Record<string, OptionSpec>;

export interface CommandSpec {
  /** `depvet scan PATH... [options]` lines. */
  synopsis: string[];
  /** One or two sentences on what it does. */
  summary: string;
  options: OptionTable;
}

const help: OptionSpec = { type: 'boolean', short: 'h', help: "this command's usage and options" };

const LIST_SELECTION: OptionTable = {
  image: { type: 'string', multiple: true, value: 'NAME', help: 'in a tree, only this image (repeatable; its base images are still read); an unknown name is a usage error' },
  python: { type: 'string', value: 'X.Y', help: 'Python version for markers when the image or manifest does not say (default 3.12)' },
  namespace: { type: 'string', value: 'NS', help: 'the registry namespace the tree builds (default: inferred from FROM lines, e.g. demisto)' },
};

const REGISTRY: OptionTable = {
  offline: { type: 'boolean', help: 'answer only from the cache and local data (missing data makes the result incomplete)' },
  snapshot: { type: 'string', value: 'DIR', help: 'answer only from a snapshot recorded with depvet snapshot (no network)' },
  'osv-db': { type: 'string', value: 'PATH', help: 'match advisories offline against an OSV zip or folder of OSV JSON files' },
  'no-cache': { type: 'boolean', help: 'bypass the disk cache' },
  'cache-dir': { type: 'string', value: 'DIR', help: 'cache folder (default: $XDG_CACHE_HOME/depvet or ~/.cache/depvet)' },
  'pypi-url': { type: 'string', value: 'URL', help: 'PyPI base URL, for a mirror (also DEPVET_PYPI_URL)' },
  'osv-url': { type: 'string', value: 'URL', help: 'OSV API base URL (also DEPVET_OSV_URL)' },
  'npm-registry': { type: 'string', value: 'URL', help: 'npm registry base URL (also DEPVET_NPM_REGISTRY)' },
};

const POLICY: OptionTable = {
  config: { type: 'string', value: 'FILE', help: 'policy file (default: depvet.config.json found upward from the first PATH, else from the current folder; for standard input, from the current folder)' },
  checks: { type: 'string', value: 'LIST', help: 'which checks run: license,names,advisories,base-image (default: all, or the config\'s)' },
  'dockerfiles-policy': { type: 'string', value: 'DIR|off', help: 'demisto/dockerfiles license policy files (default: used when found beside the tree)' },
};

const RESOLUTION: OptionTable = {
  'no-deps': { type: 'boolean', help: 'check only what the manifests name: no transitive resolution of unlocked manifests (also resolve.dependencies: false)' },
  pre: { type: 'boolean', help: 'pre-releases are candidates in every resolution, as with pip install --pre (also resolve.pre)' },
};

const SCAN_OPTIONS: OptionTable = {
  format: { type: 'string', multiple: true, value: 'F', help: 'text (default), json, sarif, markdown, gitlab, junit, github, cyclonedx, spdx; repeatable, each may be followed by --output FILE' },
  output: { type: 'string', multiple: true, value: 'FILE', help: 'write the --format before it to FILE (its folder must exist)' },
  ...POLICY,
  'fail-on': { type: 'string', multiple: true, value: 'CHECK=VALUE', help: 'license=denied,needs-approval,unknown | names=SEVERITY | advisories=SEVERITY | base-image=on|off | snapshot-changes=on|off (repeatable)' },
  diff: { type: 'string', value: 'BASE_REF', help: 'fail only on what changed since BASE_REF (git); in a tree, scan changed images and those built on them' },
  vex: { type: 'string', multiple: true, value: 'FILE', help: 'OpenVEX or CycloneDX VEX statements: not_affected with a justification suppresses the matching advisory findings (repeatable)' },
  ...RESOLUTION,
  ...REGISTRY,
  ...LIST_SELECTION,
  verbose: { type: 'boolean', help: 'progress lines on standard error, also when it is not a terminal' },
  quiet: { type: 'boolean', short: 'q', help: 'no progress on standard error' },
  'no-color': { type: 'boolean', help: 'no colour, even on a terminal (NO_COLOR works too)' },
  help,
};

const { snapshot: _replayOnly, ...SNAPSHOT_SCAN_OPTIONS } = SCAN_OPTIONS;

export const COMMANDS: Record<string, CommandSpec> = {
  list: {
    synopsis: ['depvet list PATH... [--format text|json] [--output FILE] [--image NAME]... [--python X.Y]'],
    summary: 'Prints the package inventory of the paths (manifests, image folders, a dockerfiles-style tree), without network.',
    options: {
      format: { type: 'string', value: 'text|json', help: 'text (default) groups packages by image and file; json follows docs/inventory.schema.json' },
      output: { type: 'string', value: 'FILE', help: 'write to FILE instead of standard output (its folder must exist)' },
      ...LIST_SELECTION,
      help,
    },
  },
  scan: {
    synopsis: [
      'depvet scan PATH... [--checks LIST] [--format F [--output FILE]]... [--fail-on CHECK=VALUE]...',
      '                    [--diff BASE_REF] [--offline | --snapshot DIR] [options]',
    ],
    summary: 'Checks every package the paths install: license, name (typosquats) and advisories, plus base images; judges the result by the policy.',
    options: SCAN_OPTIONS,
  },
  snapshot: {
    synopsis: ['depvet snapshot PATH... --out DIR [scan options]'],
    summary: 'Runs a scan and records every registry answer it needed into DIR, for depvet scan --snapshot DIR.',
    options: { out: { type: 'string', value: 'DIR', help: 'the folder to record the answers into (required)' }, ...SNAPSHOT_SCAN_OPTIONS },
  },
  resolve: {
    synopsis: ['depvet resolve PATH... [--format text|json|requirements] [--output FILE] [--pre] [--offline | --snapshot DIR] [options]'],
    summary:
      "Prints every package the unlocked manifests of the paths install (pip's or npm's resolution, on top of what each image inherits), each with the chain that pulled it in; requirements writes a pinned requirements.txt with # via comments.",
    options: {
      format: { type: 'string', value: 'text|json|requirements', help: 'text (default), json, or a pinned requirements.txt per install with # via comments' },
      output: { type: 'string', value: 'FILE', help: 'write to FILE instead of standard output (its folder must exist)' },
      pre: RESOLUTION['pre']!,
      config: POLICY['config']!,
      offline: REGISTRY['offline']!,
      snapshot: REGISTRY['snapshot']!,
      'no-cache': REGISTRY['no-cache']!,
      'cache-dir': REGISTRY['cache-dir']!,
      'pypi-url': REGISTRY['pypi-url']!,
      'npm-registry': REGISTRY['npm-registry']!,
      ...LIST_SELECTION,
      help,
    },
  },
  typosquat: {
    synopsis: ['depvet typosquat [REQUIREMENT...] [--from FILE|-] [--format text|json] [--ecosystem PyPI|npm] [--config FILE]'],
    summary:
      'Screens names offline against the popular-name index. Arguments are requirements (reqeusts==1.0, reqeusts[socks]); --from reads a manifest as what it is (requirements.txt, Pipfile.lock, poetry.lock, package.json ...), any other file in requirements format.',
    options: {
      from: { type: 'string', value: 'FILE|-', help: 'read names from a manifest, or requirements-format lines from standard input (-)' },
      format: { type: 'string', value: 'text|json', help: 'text (default), or one JSON object per flagged name' },
      ecosystem: { type: 'string', value: 'PyPI|npm', help: 'which popular list to screen against (default PyPI; any case)' },
      config: { type: 'string', value: 'FILE', help: 'policy file whose names.allowlist applies (default: depvet.config.json found upward from here)' },
      help,
    },
  },
  find: {
    synopsis: ['depvet find PACKAGE[==VERSION|SPEC]... --tree DIR [--format text|json] [--all]'],
    summary: 'Lists the images of a tree that already provide the requested packages, best match first.',
    options: {
      tree: { type: 'string', value: 'DIR', help: 'the dockerfiles-style tree (required; not an image folder)' },
      format: { type: 'string', value: 'text|json', help: 'text (default) or json' },
      all: { type: 'boolean', help: 'show every partial match, not the first 10' },
      namespace: LIST_SELECTION['namespace']!,
      help,
    },
  },
  report: {
    synopsis: ['depvet report DIR --format html|markdown --output PATH [--scan [scan options]]'],
    summary: 'Writes a catalogue of the tree: one HTML page, or a folder of Markdown pages. With --scan, licenses and findings come from a scan.',
    options: {
      format: { type: 'string', value: 'html|markdown', help: 'html (default): one file; markdown: a folder with index.md, images/, used_packages.json' },
      output: { type: 'string', value: 'PATH', help: 'the HTML file, or the Markdown folder (required; its parent folder must exist)' },
      scan: { type: 'boolean', help: 'scan the tree for licenses and findings (takes the registry and policy options below)' },
      ...POLICY,
      ...REGISTRY,
      namespace: LIST_SELECTION['namespace']!,
      help,
    },
  },
  db: {
    synopsis: ['depvet db update [--ecosystem PyPI,npm] [--cache-dir DIR] [--osv-bulk-url URL]', 'depvet db status [--ecosystem PyPI,npm] [--cache-dir DIR] [--verify]'],
    summary: "Downloads OSV's bulk exports for offline matching (update), or shows what is there and how old it is (status).",
    options: {
      ecosystem: { type: 'string', value: 'LIST', help: 'PyPI and/or npm, comma-separated (default: both; any case)' },
      'cache-dir': { type: 'string', value: 'DIR', help: 'cache folder the databases live in (default: $XDG_CACHE_HOME/depvet or ~/.cache/depvet)' },
      'osv-bulk-url': { type: 'string', value: 'URL', help: 'update: base URL of the bulk exports (default https://osv-vulnerabilities.storage.googleapis.com)' },
      verify: { type: 'boolean', help: 'status: check each zip against its recorded sha256' },
      help,
    },
  },
};

/** `depvet COMMAND --help`: synopsis, summary and every option. */
export function commandHelp(name: string): string {
  const spec = COMMANDS[name]!;
  const rows = Object.entries(spec.options).map(([option, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${option}${o.value ? ` ${o.value}` : ''}`;
    return `  ${flag.padEnd(30)} ${o.help}`;
  });
  return `Usage: ${spec.synopsis.join('\n       ')}\n\n${spec.summary}\n\nOptions:\n${rows.join('\n')}\n\nExit codes: 0 ok, 1 policy failure, 2 usage or input error, 3 incomplete (see docs/exit-codes.md).\n`;
}

type ParseArgsOptions = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

function parseArgsOptions(table: OptionTable): ParseArgsOptions {
  const out: ParseArgsOptions = {};
  for (const [name, o] of Object.entries(table)) out[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  return out;
}

export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  tokens: { kind: string; name?: string; value?: string | undefined }[];
}

/**
 * Parses a command's arguments against its table. An unknown option, a missing value or a value given to a flag is
 * one line in depvet's words, naming the command and its --help (never Node's parseArgs text).
 */
export function parseCommand(command: string, args: string[], extra: OptionTable = {}): ParsedCommand {
  const table = { ...COMMANDS[command]!.options, ...extra };
  const longNames = Object.keys(table);
  const byShort = new Map(Object.entries(table).filter(([, o]) => o.short).map(([name, o]) => [o.short!, name]));
  const hint = `see depvet ${command} --help`;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=', 1)[0]!;
      const spec = table[name];
      if (!spec) {
        const closest = closestNames(name, longNames, 1)[0];
        throw new UsageError(`${command}: unknown option --${name}${closest ? ` (did you mean --${closest}?)` : ''}; ${hint}`);
      }
      if (spec.type === 'boolean' && arg.includes('=')) throw new UsageError(`${command}: --${name} takes no value; ${hint}`);
      if (spec.type === 'string' && !arg.includes('=')) {
        if (i + 1 >= args.length) throw new UsageError(`${command}: --${name} needs a value (${spec.value ?? 'VALUE'}); ${hint}`);
        i++;
      }
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        const name = byShort.get(arg[k]!);
        if (name === undefined) throw new UsageError(`${command}: unknown option -${arg[k]}; ${hint}`);
        if (table[name]!.type === 'string') {
          if (k === arg.length - 1) i++;
          break;
        }
      }
    }
  }
  try {
    return parseArgs({ args, options: parseArgsOptions(table), allowPositionals: true, strict: true, tokens: true }) as unknown as ParsedCommand;
  } catch (error) {
    // What the scan above lets through (an option value that looks like an option, say): still one line of ours.
    const detail = (error as Error).message.split('\n')[0]!.replace(/\. To specify .*$/, '');
    throw new UsageError(`${command}: ${detail}; ${hint}`);
  }
}

/** Refuses flags that contradict each other, naming both. */
export function refuseContradictions(command: string, values: ParsedCommand['values'], pairs: [string, string, string][]): void {
  for (const [a, b, why] of pairs) {
    if (values[a] !== undefined && values[a] !== false && values[b] !== undefined && values[b] !== false) {
      throw new UsageError(`${command}: --${a} and --${b} contradict each other (${why}); give one`);
    }
  }
}

/** The contradictions every scanning command refuses. */
export const SCAN_CONTRADICTIONS: [string, string, string][] = [
  ['offline', 'snapshot', '--snapshot already answers from the snapshot alone, --offline from the cache'],
  ['offline', 'no-cache', '--offline answers only from the cache, which --no-cache bypasses'],
  ['quiet', 'verbose', 'no progress and more progress'],
];

/** `pypi`, `PYPI`, `npm`: an ecosystem name in any case, as OSV spells it. */
export function ecosystemOf(value: string, flag: string): 'PyPI' | 'npm' {
  const lower = value.trim().toLowerCase();
  if (lower === 'pypi') return 'PyPI';
  if (lower === 'npm') return 'npm';
  throw new UsageError(`${flag} takes PyPI or npm, not "${value}"`);
}

/** `--python 3.12`: a major.minor version. */
export function checkedPython(value: string): string {
  if (!/^\d+\.\d+$/.test(value)) throw new UsageError(`--python takes a major.minor version such as 3.12, not "${value}"`);
  return value;
}
