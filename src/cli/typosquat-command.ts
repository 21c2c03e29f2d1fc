// `depvet typosquat [REQUIREMENT…] [--from FILE|-]`: the bulk, offline name screen. Arguments are requirements
// (`reqeusts==1.0`, `reqeusts[socks]`: the name is screened); `--from` reads a manifest as the manifest it is, any other
// file (and standard input) in requirements format, which covers one name per line. JSON output is one object per
// flagged name; names that pass print nothing. Exit 1 when a name is flagged, else 3 when a line or argument could
// not be read (nothing it names was screened), else 0.
import path from 'node:path';
import { loadPopularIndex } from '../checks/names/popular-index';
import { screenNames } from '../checks/names/typosquat';
import { isInputError, UsageError } from '../errors';
import { loadRequirementsTree, manifestKindOf, parseManifestText } from '../inventory/load-manifest';
import { ScanRoot, toPosix } from '../inventory/scan-root';
import type { Diagnostic, Ecosystem, PackageRef } from '../model';
import { normalizeName } from '../normalize';
import { countInputErrors } from '../outcome';
import { loadConfig } from '../policy/config';
import { terminalSafe } from '../terminal-text';
import { parseRequirement } from '../sources/pep508';
import { splitNameAndSpec } from '../sources/package-json';
import { parseRequirementsTxt } from '../sources/requirements-txt';
import { EXIT_CODES } from './exit-codes';
import type { CliIo } from './io';
import { ecosystemOf, parseCommand } from './options';

interface Collected {
  names: { ecosystem: Ecosystem; name: string }[];
  diagnostics: Diagnostic[];
  /** Requirements with no name to screen (a URL or path) and names hidden in shell expansions. */
  unnamed: number;
  shellExpansions: number;
}

export async function typosquatCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('typosquat', args);
  const text = (name: string) => values[name] as string | undefined;
  const format = text('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json for typosquat, not "${format}"`);
  const ecosystem = ecosystemOf(text('ecosystem') ?? 'PyPI', '--ecosystem');
  const from = text('from');
  if (positionals.length === 0 && from === undefined) throw new UsageError('typosquat needs REQUIREMENT arguments or --from FILE|-; see depvet typosquat --help');

  const collected: Collected = { names: [], diagnostics: [], unnamed: 0, shellExpansions: 0 };
  positionals.forEach((arg, index) => readArgument(arg, index + 1, ecosystem, collected));
  if (from !== undefined) readFrom(from, ecosystem, io, collected);

  const config = loadConfig({ ...(text('config') !== undefined ? { configFile: text('config')! } : {}), searchFrom: io.cwd, cwd: io.cwd }).config;
  // Each name once per ecosystem; a manifest's packages are screened against their own ecosystem's popular names.
  const byEcosystem = new Map<Ecosystem, Map<string, string>>();
  for (const { ecosystem: eco, name } of collected.names) {
    const names = byEcosystem.get(eco) ?? new Map<string, string>();
    byEcosystem.set(eco, names);
    const key = normalizeName(eco, name);
    if (!names.has(key)) names.set(key, name);
  }
  let flagged = 0;
  let screened = 0;
  const against: string[] = [];
  for (const [eco, names] of byEcosystem) {
    const index = loadPopularIndex(eco);
    const { matches } = screenNames(names.values(), index, { allowlist: config.names?.allowlist ?? [] });
    flagged += matches.length;
    screened += names.size;
    against.push(`the ${eco} top ${index.names.length} (${index.snapshotDate.slice(0, 10)})`);
    for (const m of matches) {
      if (format === 'json') io.stdout(`${JSON.stringify({ name: m.name, target: m.target, kind: m.kind, severity: m.severity, distance: m.distance, score: m.score, why: m.why })}\n`);
      else io.stdout(`${terminalSafe(m.name)}: looks like ${m.target} (#${m.targetRank}), ${m.kind.replace(/-/g, ' ')}, ${m.severity}: ${terminalSafe(m.why)}\n`);
    }
  }
  for (const d of collected.diagnostics) {
    io.stderr(`${d.severity}: ${terminalSafe(d.location.file)}${d.location.line ? `:${d.location.line}` : ''}: ${terminalSafe(d.message)}\n`);
  }
  const inputErrors = countInputErrors(collected.diagnostics);
  if (format === 'text') {
    const notes: string[] = [];
    if (collected.unnamed > 0) notes.push(`${collected.unnamed} requirement${collected.unnamed === 1 ? '' : 's'} without a name (URL or path) not screened`);
    if (collected.shellExpansions > 0) notes.push(`${collected.shellExpansions} name${collected.shellExpansions === 1 ? '' : 's'} in a shell expansion not screened`);
    if (inputErrors > 0) notes.push(`${inputErrors} line${inputErrors === 1 ? '' : 's'} could not be read (incomplete)`);
    io.stdout(
      `${flagged} of ${screened} name${screened === 1 ? '' : 's'} flagged against ${against.length ? against.join(' and ') : `the ${ecosystem} popular names`}` +
        `${notes.length ? `; ${notes.join('; ')}` : ''}\n`,
    );
  }
  // A screen is advice, not a gate: flagged names exit 1 so scripts can act on them; what was not read is not a pass.
  if (flagged > 0) return EXIT_CODES.policyFailure;
  return inputErrors > 0 || collected.shellExpansions > 0 ? EXIT_CODES.incomplete : EXIT_CODES.ok;
}

/** A name argument is a requirement: PEP 508 for PyPI (`reqeusts[socks]>=1`), an npm spec for npm (`lodahs@^4`). */
function readArgument(arg: string, position: number, ecosystem: Ecosystem, into: Collected): void {
  const location = { file: `argument ${position}`, line: 0 };
  if (ecosystem === 'npm') {
    const { name } = splitNameAndSpec(arg.trim());
    if (name && /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name)) into.names.push({ ecosystem, name });
    else into.diagnostics.push({ severity: 'error', code: 'not-a-requirement', message: `'${arg}' is not an npm package name or name@spec`, location });
    return;
  }
  try {
    into.names.push({ ecosystem, name: parseRequirement(arg).name });
  } catch (error) {
    into.diagnostics.push({ severity: 'error', code: 'not-a-requirement', message: `'${arg}' is not a requirement: ${(error as Error).message}`, location });
  }
}

/** `--from FILE` as the manifest its name (or content) says; any other file, and `-`, in requirements format. */
function readFrom(from: string, ecosystem: Ecosystem, io: CliIo, into: Collected): void {
  const take = (packages: PackageRef[]) => {
    for (const pkg of packages) {
      if (pkg.normalizedName !== '' && pkg.name !== '') into.names.push({ ecosystem: pkg.ecosystem, name: pkg.name });
      else if (/[$`]/.test(pkg.name)) into.shellExpansions += 1;
      else into.unnamed += 1;
    }
  };
  if (from === '-') {
    const stdin = io.readStdin();
    if (ecosystem === 'npm') readNpmLines(stdin, '<stdin>', into);
    else read(() => [parseRequirementsTxt(stdin, '<stdin>', { kind: 'requirements', env: io.env })], into, take);
    return;
  }
  const root = new ScanRoot(toPosix(path.dirname(from)), io.cwd);
  const name = path.basename(from);
  let text: string;
  try {
    text = root.readText(name);
  } catch (error) {
    throw new UsageError(`--from ${from}: ${isInputError(error) ? error.message.replace(/^.*?: /, '') : 'cannot read it'}`);
  }
  const kind = manifestKindOf(name, text);
  const display = root.display(name);
  if (kind === undefined && ecosystem === 'npm') return readNpmLines(text, display, into);
  if (kind === undefined || kind === 'requirements.txt' || kind === 'constraints.txt') {
    // Includes (`-r base.txt`) are followed inside the file's folder, as for a scan.
    read(() => loadRequirementsTree(root, name, kind === 'constraints.txt' ? 'constraints.txt' : 'requirements.txt', { env: io.env }), into, take);
    return;
  }
  if (kind === 'build.conf') throw new UsageError(`--from ${from}: build.conf names no packages`);
  read(() => [parseManifestText(kind, text, display, { env: io.env })], into, take);
}

/** Runs a parser; a file it cannot read at all is one error diagnostic at the line it names (the screen goes on). */
function read(parse: () => { packages: PackageRef[]; diagnostics: Diagnostic[] }[], into: Collected, take: (packages: PackageRef[]) => void): void {
  try {
    for (const manifest of parse()) {
      take(manifest.packages);
      for (const diagnostic of manifest.diagnostics) into.diagnostics.push(diagnostic);
    }
  } catch (error) {
    if (!isInputError(error)) throw error;
    into.diagnostics.push({ severity: 'error', code: 'unreadable', message: error.message.slice(`${error.file}${error.line !== undefined ? `:${error.line}` : ''}: `.length), location: { file: error.file, line: error.line ?? 0 } });
  }
}

/** One npm name (or name@spec) per line, `#` comments and blank lines skipped. */
function readNpmLines(text: string, file: string, into: Collected): void {
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    const { name } = splitNameAndSpec(line);
    if (name && /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name)) into.names.push({ ecosystem: 'npm', name });
    else into.diagnostics.push({ severity: 'error', code: 'not-a-requirement', message: `'${line}' is not an npm package name or name@spec`, location: { file, line: i + 1 } });
  });
}
