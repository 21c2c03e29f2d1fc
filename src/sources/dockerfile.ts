// Dockerfile: the build stages (FROM, with ARG substitution) and the packages RUN instructions install with
// pip / uv pip / npm. Follows the Dockerfile reference (https://docs.docker.com/reference/dockerfile/):
// parser directives, escape character, continuations, comments, heredocs, exec (JSON) form.
import type { Diagnostic, IncludeDirective, InstallOptions, PackageRef, ParsedManifest, SourceLocation, Unvettable } from '../model';
import { normalizeNpmName, normalizePypiName } from '../normalize';
import { exactPinOf, parseRequirement, Pep508SyntaxError } from './pep508';
import { npmSpecRef, splitNameAndSpec } from './package-json';
import { MAX_EXPANDED_VALUE, MAX_SCRIPT_EXPANSION, splitShellCommands, substituteVariables, type ExpansionBudget, type ShellVariables } from './shell-words';
import type { ShellCommand, ShellWord } from './shell-words';
import { countWork } from '../work-meter';

// Characters the line and instruction passes examine, and shell words the RUN readers visit, summed per step and
// handed to the work meter once per file (`dockerfile.chars`, `dockerfile.words`); the shell splitter and the
// PEP 508 scanner count their own.
let examinedChars = 0;
let visitedWords = 0;

export interface DockerStage {
  /** The image reference as written after FROM. */
  image: string;
  /** The reference after `$VAR` / `${VAR:-default}` substitution from ARG defaults; set when it had variables. */
  resolvedImage?: string;
  registry?: string;
  /** Path components between registry and repository (`demisto` in `demisto/python3`). */
  namespace?: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** `AS name`. */
  alias?: string;
  /** `--platform=` value. */
  platform?: string;
  /** Variables FROM uses that no ARG default (or `:-` default) gives a value to. */
  unresolvedArgs: string[];
  /** Set when FROM names an earlier stage (`FROM builder`): that stage's index. */
  fromStage?: number;
  line: number;
  /** Indexes into the manifest's `packages` of the records this stage's RUN instructions install. */
  packageIndexes: number[];
  /** Indexes into the manifest's `includes` of this stage's `pip install -r/-c` files. */
  includeIndexes: number[];
  /** This stage's COPY and ADD instructions, in order. */
  copies: DockerCopy[];
}

/** A COPY or ADD: what it copies where, so a `pip install -r /abs/path` can be traced to the file it installs. */
export interface DockerCopy {
  instruction: 'COPY' | 'ADD';
  /** Sources as written (variables the Dockerfile gives a value expanded): build-context paths, URLs (ADD), heredocs. */
  sources: string[];
  /** The destination inside the image, made absolute with the stage's WORKDIR. */
  destination: string;
  /** `--from=`: a stage or image, not the build context. */
  from?: string;
  line: number;
}

export interface DockerArg {
  name: string;
  default?: string;
  line: number;
}

export interface DockerfileManifest extends ParsedManifest {
  kind: 'Dockerfile';
  stages: DockerStage[];
  /** ARG instructions, before the first FROM (global, usable in FROM) and inside stages. */
  args: DockerArg[];
  /** Index of the last stage, the one the image is built from. */
  finalStage: number;
}

const INSTRUCTIONS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** One instruction after continuations are joined; `placeAt` maps an offset in `rest` to its physical line and column. */
interface Instruction {
  keyword: string;
  rest: string;
  line: number;
  placeAt: (offset: number) => { line: number; column: number };
  heredocs: Heredoc[];
}

interface Heredoc {
  delimiter: string;
  body: string;
  /** Physical line of the body's first line. */
  firstLine: number;
}

export function parseDockerfile(text: string, file: string): DockerfileManifest {
  try {
    return readDockerfile(text, file);
  } finally {
    countWork('dockerfile.chars', examinedChars);
    countWork('dockerfile.words', visitedWords);
    examinedChars = 0;
    visitedWords = 0;
  }
}

function readDockerfile(text: string, file: string): DockerfileManifest {
  examinedChars += text.length;
  const lines = text.split(/\r?\n/);
  const { escape, firstLine } = readDirectives(lines);
  const diagnostics: Diagnostic[] = [];
  const instructions = readInstructions(lines, firstLine, escape, file, diagnostics);
  const manifest: DockerfileManifest = {
    kind: 'Dockerfile',
    file,
    packages: [],
    includes: [],
    indexes: [],
    diagnostics,
    stages: [],
    args: [],
    finalStage: -1,
  };
  const globalArgs = new Map<string, string | undefined>();
  // What a RUN's shell sees, as `docker build` without --build-arg gives it: the stage's ARGs (a bare `ARG X`
  // takes the global default) and ENV values, ENV winning over an ARG of the same name. ENV carries into a
  // stage built FROM an earlier one; ARG does not.
  let variables = new Map<string, string | undefined>();
  let env = new Map<string, string | undefined>();
  const envOfStage: Map<string, string | undefined>[] = [];
  // WORKDIR per stage (default `/`), inherited by a stage built FROM an earlier one: COPY destinations resolve against it.
  const workdirOfStage: string[] = [];
  for (const instruction of instructions) {
    const location = { file, line: instruction.line };
    const stage = manifest.stages[manifest.stages.length - 1];
    switch (instruction.keyword) {
      case 'ARG':
        for (const arg of parseArgs(instruction.rest, instruction.line)) {
          manifest.args.push(arg);
          if (stage === undefined) globalArgs.set(arg.name, arg.default);
          else if (!env.has(arg.name)) variables.set(arg.name, arg.default === undefined ? globalArgs.get(arg.name) : expandKnown(arg.default, variables, { what: `ARG ${arg.name}`, diagnostics: manifest.diagnostics, location }));
        }
        break;
      case 'ENV':
        if (stage === undefined) {
          manifest.diagnostics.push({ severity: 'warning', code: 'instruction-before-from', message: 'ENV before the first FROM (only ARG may come first)', location });
          break;
        }
        for (const [name, value] of parseEnv(instruction.rest)) {
          const expanded = expandKnown(value, variables, { what: `ENV ${name}`, diagnostics: manifest.diagnostics, location });
          env.set(name, expanded);
          variables.set(name, expanded);
        }
        break;
      case 'FROM': {
        const next = parseFrom(instruction, globalArgs, manifest.stages, file, manifest.diagnostics);
        if (next === undefined) break;
        manifest.stages.push(next);
        env = new Map(next.fromStage !== undefined ? envOfStage[next.fromStage] : undefined);
        envOfStage.push(env);
        workdirOfStage.push(next.fromStage !== undefined ? (workdirOfStage[next.fromStage] ?? '/') : '/');
        variables = new Map(env);
        break;
      }
      case 'WORKDIR':
        if (stage !== undefined) {
          const dir = expandKnown(instruction.rest.trim(), variables) ?? instruction.rest.trim();
          const index = manifest.stages.length - 1;
          workdirOfStage[index] = posixResolve(workdirOfStage[index] ?? '/', dir);
        } else {
          manifest.diagnostics.push({ severity: 'warning', code: 'instruction-before-from', message: 'WORKDIR before the first FROM (only ARG may come first)', location });
        }
        break;
      case 'COPY':
      case 'ADD':
        if (stage !== undefined) {
          const copy = parseCopy(instruction, variables, workdirOfStage[manifest.stages.length - 1] ?? '/');
          if (copy !== undefined) stage.copies.push(copy);
        } else {
          manifest.diagnostics.push({ severity: 'warning', code: 'instruction-before-from', message: `${instruction.keyword} before the first FROM (only ARG may come first)`, location });
        }
        break;
      case 'RUN':
        if (stage === undefined) {
          manifest.diagnostics.push({ severity: 'warning', code: 'run-before-from', message: 'RUN before the first FROM', location });
          break;
        }
        readRun(instruction, file, manifest, stage, variables);
        break;
      default:
        if (stage === undefined) {
          manifest.diagnostics.push({
            severity: 'warning',
            code: 'instruction-before-from',
            message: `${instruction.keyword} before the first FROM (only ARG may come first)`,
            location,
          });
        }
    }
  }
  if (manifest.stages.length === 0) {
    manifest.diagnostics.push({ severity: 'error', code: 'instruction-invalid', message: 'no FROM instruction: no image is built, so nothing here is read as installed', location: { file, line: 1 } });
  }
  manifest.finalStage = manifest.stages.length - 1;
  // An image that builds its own Python (the docker-library recipe) says which in `ENV PYTHON_VERSION 2.7.18`.
  const pythonVersion = envOfStage[manifest.finalStage]?.get('PYTHON_VERSION');
  if (pythonVersion !== undefined && /^\d+\.\d+/.test(pythonVersion)) manifest.pythonVersion = pythonVersion;
  return manifest;
}

// ----- lines and instructions -------------------------------------------------------------------------------

/** Parser directives (`# escape=`` ` ``) are only recognised in comments at the very top of the file. */
function readDirectives(lines: string[]): { escape: string; firstLine: number } {
  let escape = '\\';
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    examinedChars += (lines[i] as string).length;
    const match = /^#\s*([A-Za-z]+)\s*=\s*(\S*)\s*$/.exec(lines[i] as string);
    if (match === null) return { escape, firstLine: i };
    const name = (match[1] as string).toLowerCase();
    if (seen.has(name)) return { escape, firstLine: i };
    seen.add(name);
    if (name === 'escape' && (match[2] === '`' || match[2] === '\\')) escape = match[2];
  }
  return { escape, firstLine: lines.length };
}

function isBlankOrComment(line: string): boolean {
  const trimmed = line.trimStart();
  examinedChars += line.length - trimmed.length + 1;
  return trimmed === '' || trimmed.startsWith('#');
}

/** The line without its continuation escape, or undefined when it does not continue. */
function continued(line: string, escape: string): string | undefined {
  let end = line.length;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  examinedChars += line.length - end + 1;
  if (end > 0 && line[end - 1] === escape) return line.slice(0, end - 1);
  return undefined;
}

const HEREDOC_RE = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

/** The instructions, in order. A line that is no instruction, or a heredoc that never closes, is an error diagnostic. */
function readInstructions(lines: string[], firstLine: number, escape: string, file: string, diagnostics: Diagnostic[]): Instruction[] {
  const out: Instruction[] = [];
  let i = firstLine;
  while (i < lines.length) {
    const first = lines[i] as string;
    if (isBlankOrComment(first)) {
      i++;
      continue;
    }
    const startLine = i + 1;
    const pieceStarts: number[] = [];
    const pieceLines: number[] = [];
    let joined = '';
    let line: string | undefined = first;
    // Join physical lines; comment and blank lines inside a continuation are dropped, as Docker does.
    for (;;) {
      const body = continued(line, escape);
      pieceStarts.push(joined.length);
      pieceLines.push(i + 1);
      examinedChars += (body ?? line).length;
      joined += body ?? line;
      i++;
      if (body === undefined) break;
      while (i < lines.length && isBlankOrComment(lines[i] as string)) i++;
      if (i >= lines.length) break;
      line = lines[i] as string;
    }
    // One bad instruction is reported at its first character and skipped; the others are still read.
    const column = joined.length - joined.trimStart().length + 1;
    const match = /^\s*([A-Za-z]+)(\s+|$)/.exec(joined);
    if (match === null) {
      diagnostics.push({ severity: 'error', code: 'instruction-invalid', message: `not an instruction: ${quoted(joined.trim().slice(0, 60))}`, location: { file, line: startLine, column } });
      continue;
    }
    const keyword = (match[1] as string).toUpperCase();
    if (!INSTRUCTIONS.has(keyword)) {
      diagnostics.push({ severity: 'error', code: 'instruction-invalid', message: `unknown instruction: ${(match[1] as string).slice(0, 60)}`, location: { file, line: startLine, column } });
      continue;
    }
    const restStart = match[0].length;
    const rest = joined.slice(restStart);
    const placeAt = (offset: number): { line: number; column: number } => {
      const absolute = offset + restStart;
      let lo = 0;
      let hi = pieceStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((pieceStarts[mid] as number) <= absolute) lo = mid;
        else hi = mid - 1;
      }
      return { line: pieceLines[lo] as number, column: absolute - (pieceStarts[lo] as number) + 1 };
    };
    const heredocs: Heredoc[] = [];
    if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
      examinedChars += rest.length;
      for (const heredoc of rest.matchAll(HEREDOC_RE)) {
        if (rest[(heredoc.index ?? 0) + 2 + (heredoc[1]?.length ?? 0)] === '<') continue;
        const stripTabs = heredoc[1] === '-';
        const delimiter = heredoc[3] as string;
        const bodyLines: string[] = [];
        const firstBodyLine = i + 1;
        let closed = false;
        while (i < lines.length) {
          const bodyLine = lines[i] as string;
          examinedChars += bodyLine.length;
          i++;
          const compared = stripTabs ? bodyLine.replace(/^\t+/, '') : bodyLine;
          if (compared === delimiter) {
            closed = true;
            break;
          }
          bodyLines.push(compared);
        }
        if (!closed) {
          // Docker refuses the file; the body (to the end of the file) is still read, so what it installs is known.
          diagnostics.push({ severity: 'error', code: 'heredoc-unclosed', message: `heredoc <<${delimiter} is not closed`, location: { file, ...placeAt((heredoc.index ?? 0)) } });
        }
        heredocs.push({ delimiter, body: bodyLines.join('\n'), firstLine: firstBodyLine });
      }
    }
    out.push({ keyword, rest, line: startLine, placeAt, heredocs });
  }
  return out;
}

// ----- ARG and FROM -----------------------------------------------------------------------------------------

function parseArgs(rest: string, line: number): DockerArg[] {
  const out: DockerArg[] = [];
  for (const word of splitShellCommands(rest).flatMap((command) => command.words)) {
    const [name, value] = splitAssignment(word.text);
    out.push(value === undefined ? { name, line } : { name, default: value, line });
  }
  return out;
}

/** `ENV A=1 B="two words"`, or the legacy `ENV NAME the rest of the line`. */
function parseEnv(rest: string): [string, string][] {
  const words = splitShellCommands(rest).flatMap((command) => command.words);
  const first = words[0];
  if (first === undefined) return [];
  if (!first.text.includes('=')) {
    const value = rest.trim().slice(first.text.length).trim();
    return [[first.text, /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value]];
  }
  return words.map((word) => splitAssignment(word.text)).filter((pair): pair is [string, string] => pair[1] !== undefined);
}

/** `NAME=value` (ARG, ENV) as [name, value]; a word without `=` is a name with no value. */
function splitAssignment(text: string): [string, string | undefined] {
  const eq = text.indexOf('=');
  return eq < 0 ? [text, undefined] : [text.slice(0, eq), text.slice(eq + 1)];
}

/**
 * A value with its known variables expanded; undefined (unknown to depvet) when it uses one that is not known, or
 * when expanding it would insert more than MAX_EXPANDED_VALUE characters (then with a warning naming `what`).
 */
function expandKnown(value: string, variables: ShellVariables, warn?: { what: string; diagnostics: Diagnostic[]; location: SourceLocation }): string | undefined {
  const unresolved: string[] = [];
  const budget: ExpansionBudget = { remaining: MAX_EXPANDED_VALUE };
  const expanded = substituteVariables(value, variables, unresolved, budget);
  if (budget.refused !== undefined && warn !== undefined) {
    warn.diagnostics.push(expansionTooLong(warn.what, budget.refused, MAX_EXPANDED_VALUE, 'its value is unknown to depvet, so what uses it cannot be checked', warn.location));
  }
  return unresolved.length > 0 ? undefined : expanded;
}

function expansionTooLong(what: string, refused: string, limit: number, consequence: string, location: SourceLocation): Diagnostic {
  const shown = quoted(refused);
  return {
    severity: 'warning',
    code: 'expansion-too-long',
    message: `${what}: expanding ${shown} would insert more than ${limit.toLocaleString('en-US')} characters of variable values; ${consequence}`,
    location,
  };
}

/** The stage a FROM starts; undefined (with an error diagnostic) when it names no image. */
function parseFrom(instruction: Instruction, globalArgs: Map<string, string | undefined>, stages: DockerStage[], file: string, diagnostics: Diagnostic[]): DockerStage | undefined {
  const words = instruction.rest.trim().split(/\s+/).filter((word) => word !== '');
  let platform: string | undefined;
  while (words[0]?.startsWith('--')) {
    const flag = words.shift() as string;
    if (flag.startsWith('--platform=')) platform = flag.slice('--platform='.length);
  }
  const image = words[0];
  if (image === undefined) {
    diagnostics.push({ severity: 'error', code: 'instruction-invalid', message: 'FROM needs an image', location: { file, ...instruction.placeAt(instruction.rest.length) } });
    return undefined;
  }
  let alias: string | undefined;
  if (words.length >= 3 && words[1]?.toUpperCase() === 'AS') alias = words[2];
  if (words.length > (alias !== undefined ? 3 : 1)) {
    // The stage is still read from its image; what follows it is reported.
    const extra = words.slice(alias !== undefined ? 3 : 1);
    diagnostics.push({
      severity: 'error',
      code: 'instruction-invalid',
      message: `FROM takes an image and optionally AS name, found: ${quoted(extra.join(' '))}`,
      location: { file, ...instruction.placeAt(Math.max(0, instruction.rest.indexOf(extra[0] as string, instruction.rest.indexOf(image) + image.length))) },
    });
  }

  const unresolved: string[] = [];
  const budget: ExpansionBudget = { remaining: MAX_EXPANDED_VALUE };
  const resolved = substituteVariables(image, globalArgs, unresolved, budget);
  if (budget.refused !== undefined) {
    diagnostics.push(expansionTooLong('FROM', budget.refused, MAX_EXPANDED_VALUE, 'the base image is read as written', { file, line: instruction.line }));
  }
  const stage: DockerStage = { image, repository: '', unresolvedArgs: [...new Set(unresolved)], line: instruction.line, packageIndexes: [], includeIndexes: [], copies: [] };
  if (resolved !== image && unresolved.length === 0) stage.resolvedImage = resolved;
  if (alias !== undefined) stage.alias = alias;
  if (platform !== undefined) stage.platform = platform;
  const effective = stage.resolvedImage ?? image;
  const earlier = stages.findIndex((s) => s.alias !== undefined && s.alias.toLowerCase() === effective.toLowerCase());
  if (earlier >= 0) stage.fromStage = earlier;
  Object.assign(stage, splitImageReference(effective));
  return stage;
}

export function splitImageReference(reference: string): Pick<DockerStage, 'registry' | 'namespace' | 'repository' | 'tag' | 'digest'> {
  let rest = reference;
  const out: Pick<DockerStage, 'registry' | 'namespace' | 'repository' | 'tag' | 'digest'> = { repository: '' };
  const at = rest.indexOf('@');
  if (at >= 0) {
    out.digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const parts = rest.split('/');
  const firstPart = parts[0] as string;
  if (parts.length > 1 && (firstPart.includes('.') || firstPart.includes(':') || firstPart === 'localhost')) {
    out.registry = firstPart;
    parts.shift();
  }
  let last = parts.pop() ?? '';
  const colon = last.indexOf(':');
  if (colon >= 0) {
    out.tag = last.slice(colon + 1);
    last = last.slice(0, colon);
  }
  out.repository = last;
  if (parts.length > 0) out.namespace = parts.join('/');
  return out;
}

// ----- COPY, ADD and WORKDIR ---------------------------------------------------------------------------------

/** `dir` resolved against the absolute folder `from`, as WORKDIR and COPY destinations are. */
function posixResolve(from: string, dir: string): string {
  const parts = (dir.startsWith('/') ? dir : `${from}/${dir}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

function parseCopy(instruction: Instruction, variables: ShellVariables, workdir: string): DockerCopy | undefined {
  let rest = instruction.rest.trim();
  let from: string | undefined;
  // Flags (`--from=builder`, `--chown=…`, `--link`, `--parents`) come first.
  for (;;) {
    const flag = /^--([A-Za-z-]+)(?:=(\S*))?\s*/.exec(rest);
    if (flag === null) break;
    if (flag[1] === 'from' && flag[2] !== undefined) from = flag[2];
    rest = rest.slice(flag[0].length);
  }
  let words: string[] | undefined;
  if (rest.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(rest);
      if (Array.isArray(parsed) && parsed.every((w) => typeof w === 'string')) words = parsed as string[];
    } catch {
      words = undefined;
    }
  }
  words ??= rest.split(/\s+/).filter((w) => w !== '');
  words = words.map((w) => expandKnown(w, variables) ?? w);
  if (words.length < 2) return undefined;
  const destination = words[words.length - 1] as string;
  return {
    instruction: instruction.keyword as 'COPY' | 'ADD',
    sources: words.slice(0, -1),
    destination: posixResolve(workdir, destination),
    ...(from !== undefined ? { from } : {}),
    line: instruction.line,
  };
}

/**
 * Where the file a `pip install -r` (or `-c`) at an absolute path in the image comes from: the last COPY or ADD
 * before it (in its stage, then the stages it is built FROM) that puts a file at that path. `contextKind` says what a
 * build-context path is (a file, a folder, or absent), since `COPY dir /app` copies the folder's content and
 * `COPY file /app/` the file itself. For a copy from the build context, `contextPath` is the file in the context;
 * a copy `--from` a stage, a URL or a heredoc has none. Undefined: nothing the Dockerfile copies puts a file there
 * (the base image, a download or an earlier RUN made it).
 */
export function copyProviding(
  manifest: DockerfileManifest,
  includeIndex: number,
  contextKind: (contextPath: string) => 'file' | 'directory' | undefined,
): { copy: DockerCopy; contextPath?: string } | undefined {
  const include = manifest.includes[includeIndex];
  if (include === undefined || !include.path.startsWith('/')) return undefined;
  const target = posixResolve('/', include.path);
  let stageIndex: number | undefined = manifest.stages.findIndex((s) => s.includeIndexes.includes(includeIndex));
  let beforeLine = include.location.line;
  const seen = new Set<number>();
  while (stageIndex !== undefined && stageIndex >= 0 && !seen.has(stageIndex)) {
    seen.add(stageIndex);
    const stage = manifest.stages[stageIndex] as DockerStage;
    for (let c = stage.copies.length - 1; c >= 0; c--) {
      const copy = stage.copies[c] as DockerCopy;
      if (copy.line >= beforeLine) continue;
      const inside = target.startsWith(`${copy.destination === '/' ? '' : copy.destination}/`) ? target.slice(copy.destination.length + (copy.destination === '/' ? 0 : 1)) : undefined;
      for (let k = copy.sources.length - 1; k >= 0; k--) {
        const source = copy.sources[k] as string;
        const asFile = (copy.sources.length === 1 && target === copy.destination) || target === posixResolve(copy.destination, basename(source.replace(/\/+$/, '')));
        const fromContext = copy.from === undefined && !source.startsWith('<<') && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(source);
        if (!fromContext) {
          if (asFile || inside !== undefined) return { copy };
          continue;
        }
        const contextSource = posixResolve('/', source).slice(1) || '.';
        if (contextKind(contextSource) === 'directory') {
          if (inside !== undefined) return { copy, contextPath: posixResolve('/', `${contextSource}/${inside}`).slice(1) };
        } else if (asFile) {
          return { copy, contextPath: contextSource };
        }
      }
    }
    stageIndex = stage.fromStage;
    beforeLine = Number.POSITIVE_INFINITY;
  }
  return undefined;
}

// ----- RUN ----------------------------------------------------------------------------------------------------

/** A word of a RUN command with the physical line and column it starts at. */
interface LocatedWord extends ShellWord {
  line: number;
  column: number;
}

function readRun(instruction: Instruction, file: string, manifest: DockerfileManifest, stage: DockerStage, variables: ShellVariables): void {
  let rest = instruction.rest;
  let restOffset = 0;
  // RUN flags (`--mount=…`, `--network=…`, `--security=…`) come before the command.
  for (;;) {
    const flag = /^\s*--[A-Za-z-]+(?:=\S*)?/.exec(rest);
    if (flag === null) break;
    examinedChars += flag[0].length;
    rest = rest.slice(flag[0].length);
    restOffset += flag[0].length;
  }
  const commands: LocatedWord[][] = [];
  // One budget for everything this instruction expands: its shell script, an exec form's script, its heredocs.
  const budget: ExpansionBudget = { remaining: MAX_SCRIPT_EXPANSION };
  // per command index: the version constraints sh reads as redirects (`pip install pkg>=1.0`)
  const redirectWarnings = new Map<number, { word: string; target: string; line: number }[]>();
  const trimmed = rest.trimStart();
  examinedChars += rest.length - trimmed.length + 1;
  const execForm = trimmed.startsWith('[') ? parseExecForm(rest, restOffset, instruction) : undefined;
  if (execForm !== undefined) {
    const [program, flag, script] = execForm;
    // `["sh", "-c", "pip install …"]` runs a shell script after all.
    if (program !== undefined && /(^|\/)(ba|da)?sh$/.test(program.text) && flag?.text === '-c' && script !== undefined) {
      const line = script.line;
      for (const command of splitShellCommands(script.text, variables, budget)) {
        visitedWords += command.words.length;
        // inside the JSON string (after its quote), as long as no escape comes before the word
        commands.push(command.words.map((w) => ({ ...w, line, column: script.column + w.offset + (/^["']/.test(script.text.slice(w.offset)) ? 1 : 0) })));
      }
    } else {
      commands.push(execForm);
    }
  } else {
    const locate = (command: ShellCommand, script: string, placeOf: (offset: number) => { line: number; column: number }): void => {
      const index = commands.length;
      const words = command.words;
      visitedWords += words.length;
      // a word's column is where its text starts: after an opening quote
      const textStart = (offset: number): number => (script[offset] === '"' || script[offset] === "'" ? offset + 1 : offset);
      commands.push(words.map((word) => ({ ...word, line: placeOf(word.offset).line, column: placeOf(textStart(word.offset)).column })));
      // Words and redirects are both in script order: one walk finds the word before each redirect.
      let next = 0;
      for (const redirect of command.redirects) {
        while (next < words.length && (words[next] as ShellWord).offset < redirect.offset) {
          next++;
          visitedWords++;
        }
        if (redirect.gluedToWord && redirect.target !== undefined && /^[=~]/.test(redirect.target.text) && words.length > 0) {
          const warnings = redirectWarnings.get(index) ?? [];
          redirectWarnings.set(index, warnings);
          warnings.push({ word: words[next - 1]?.text ?? '', target: `${redirect.operator}${redirect.target.text}`, line: placeOf(redirect.offset).line });
        }
      }
    };
    for (const command of splitShellCommands(rest, variables, budget)) locate(command, rest, (offset) => instruction.placeAt(offset + restOffset));
    const scriptHeredoc = /^\s*<<-?["']?([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    for (const heredoc of instruction.heredocs) {
      // The body is the script when the heredoc is the whole command (`RUN <<EOF`) and not another interpreter's.
      if (scriptHeredoc?.[1] !== heredoc.delimiter) continue;
      if (/^#!/.test(heredoc.body) && !/^#!\S*\/(ba|da)?sh\b|^#!\S*env\s+(ba|da)?sh\b/.test(heredoc.body)) continue;
      const lineStarts = [0];
      examinedChars += heredoc.body.length;
      for (let k = 0; k < heredoc.body.length; k++) if (heredoc.body[k] === '\n') lineStarts.push(k + 1);
      // (a `<<-` body's stripped tabs are not counted in the column)
      const placeOf = (offset: number): { line: number; column: number } => {
        let lo = 0;
        let hi = lineStarts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if ((lineStarts[mid] as number) <= offset) lo = mid;
          else hi = mid - 1;
        }
        return { line: heredoc.firstLine + lo, column: offset - (lineStarts[lo] as number) + 1 };
      };
      for (const command of splitShellCommands(heredoc.body, variables, budget)) locate(command, heredoc.body, placeOf);
    }
  }
  if (budget.refused !== undefined) {
    manifest.diagnostics.push(
      expansionTooLong('RUN', budget.refused, MAX_SCRIPT_EXPANSION, 'it and every later expansion in this instruction are kept as written, so what they name cannot be checked', { file, line: instruction.line }),
    );
  }
  commands.forEach((words, index) => {
    const before = manifest.packages.length;
    readCommand(words, file, manifest, stage);
    for (const warning of redirectWarnings.get(index) ?? []) {
      if (manifest.packages.length === before) continue;
      manifest.diagnostics.push({
        severity: 'warning',
        code: 'shell-redirect-in-spec',
        message: `the shell reads '${quoted(warning.target)}' after '${quoted(warning.word)}' as an output redirect, so the version constraint is not passed to the installer; quote the spec`,
        location: { file, line: warning.line },
      });
    }
  });
}

/** JSON exec form: the words, each with the line its string starts on; undefined when not valid JSON (then it is shell form). */
function parseExecForm(rest: string, restOffset: number, instruction: Instruction): LocatedWord[] | undefined {
  examinedChars += rest.length;
  let parsed: unknown;
  try {
    parsed = JSON.parse(rest);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) return undefined;
  const words: LocatedWord[] = [];
  const stringRe = /"(?:[^"\\]|\\.)*"/g;
  let match: RegExpExecArray | null;
  let k = 0;
  examinedChars += rest.length;
  while ((match = stringRe.exec(rest)) !== null && k < parsed.length) {
    // the column of the string's text, after its quote
    words.push({ text: parsed[k] as string, offset: match.index, hasExpansion: false, line: instruction.placeAt(match.index + restOffset).line, column: instruction.placeAt(match.index + restOffset).column + 1 });
    k++;
  }
  return words;
}

/** Wrappers that run the rest of the command line as a command. */
function stripPrefixes(words: LocatedWord[]): LocatedWord[] {
  let i = 0;
  for (;;) {
    const word = words[i]?.text;
    if (word === undefined) return [];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      i++;
    } else if (word === 'sudo') {
      i++;
      while (words[i]?.text.startsWith('-')) {
        const flag = words[i]?.text as string;
        i += /^-[ugCDhpRrTt]$|^--(user|group|chdir|host|prompt|role|type|close-from)$/.test(flag) ? 2 : 1;
      }
    } else if (word === 'env') {
      i++;
      while (words[i]?.text.startsWith('-')) i += /^-[uSC]$|^--(unset|chdir|split-string)$/.test(words[i]?.text as string) ? 2 : 1;
    } else if (['exec', 'time', 'nice', 'command', 'nohup', 'then', 'do', 'else', 'if', 'while', 'until', '!', '{', 'elif'].includes(word)) {
      i++;
    } else {
      return words.slice(i);
    }
  }
}

/** A word quoted in a message: one line (a quoted word may hold newlines and tabs, shown as \n, \t), at most 80 characters. */
function quoted(text: string): string {
  const cut = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return cut.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

const NPM_INSTALL = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add', 'ci', 'clean-install', 'install-clean', 'ic']);

function readCommand(allWords: LocatedWord[], file: string, manifest: DockerfileManifest, stage: DockerStage): void {
  // the prefixes are skipped, then the rest is copied for the installer's reader
  visitedWords += 2 * allWords.length;
  const words = stripPrefixes(allWords);
  const program = words[0];
  if (program === undefined) return;
  const name = basename(program.text);
  if (/^pip[0-9.]*$/.test(name) && words[1]?.text === 'install') {
    readPipInstall(words.slice(2), 'pip', file, manifest, stage);
  } else if (/^python[0-9.]*$/.test(name)) {
    let k = 1;
    while (words[k] !== undefined && /^-[A-Za-z]+$/.test(words[k]?.text as string) && words[k]?.text !== '-m') k++;
    if (words[k]?.text === '-m' && /^pip[0-9.]*$/.test(words[k + 1]?.text ?? '') && words[k + 2]?.text === 'install') {
      readPipInstall(words.slice(k + 3), 'pip', file, manifest, stage);
    }
  } else if (name === 'uv' && words[1]?.text === 'pip' && words[2]?.text === 'install') {
    readPipInstall(words.slice(3), 'uv', file, manifest, stage);
  } else if (name === 'npm') {
    // npm's own options may come before the command (`npm --unsafe-perm install x`).
    let k = 1;
    while (words[k]?.text.startsWith('-')) k++;
    const subcommand = words[k]?.text;
    if (subcommand !== undefined && NPM_INSTALL.has(subcommand)) {
      readNpmInstall([...words.slice(1, k), ...words.slice(k + 1)], subcommand, file, manifest, stage);
    }
  }
}

// ----- pip install --------------------------------------------------------------------------------------------

/** pip install options that take a value (https://pip.pypa.io/en/stable/cli/pip_install/ and general options). */
const PIP_VALUE_OPTIONS = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url',
  '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--trusted-host', '--platform', '--python-version',
  '--implementation', '--abi', '--no-binary', '--only-binary', '-C', '--config-settings', '--global-option',
  '--install-option', '--build-option', '--src', '--upgrade-strategy', '--progress-bar', '--log', '--log-file',
  '--proxy', '--retries', '--timeout', '--exists-action', '--cert', '--client-cert', '--cache-dir',
  '--root-user-action', '--report', '--python', '--keyring-provider', '--use-feature', '--use-deprecated',
  '--group', '--resume-retries',
]);

/** uv pip install options that take a value, beyond pip's. */
const UV_VALUE_OPTIONS = new Set([
  '-p', '--index', '--default-index', '--index-strategy', '--resolution', '--prerelease', '-P', '--upgrade-package',
  '--reinstall-package', '--link-mode', '--exclude-newer', '--torch-backend', '--config-file', '--override',
  '-b', '--build-constraint', '--no-build-package', '--no-binary-package', '--extra', '--python-platform',
  '--refresh-package', '--fork-strategy', '--overrides', '--excludes', '--no-build-isolation-package',
]);

/** Flags pip and uv accept; anything else starting with `-` is reported as unknown. */
const PIP_FLAGS = new Set([
  '--no-cache-dir', '--no-cache', '-U', '--upgrade', '--user', '--no-deps', '--pre', '-q', '--quiet', '-v', '--verbose',
  '--break-system-packages', '--force-reinstall', '-I', '--ignore-installed', '--ignore-requires-python',
  '--no-build-isolation', '--use-pep517', '--no-use-pep517', '--check-build-dependencies', '--no-clean',
  '--require-hashes', '--no-index', '--prefer-binary', '--no-compile', '--compile', '--no-warn-script-location',
  '--no-warn-conflicts', '--disable-pip-version-check', '--isolated', '--no-input', '--no-color', '--dry-run',
  '--require-virtualenv', '--system', '--reinstall', '--strict', '--no-python-downloads', '--only-deps',
  '--all-extras', '--no-verify-hashes', '--verify-hashes', '--seed', '-h', '--help', '--debug', '--exists-action',
  '--no-binary', '--only-binary', '--upgrade-strategy', '--pre', '--editable',
]);

const VCS_PREFIX = /^(git|hg|svn|bzr)\+/;
const ARCHIVE = /\.(whl|tar\.gz|tgz|tar\.bz2|tar\.xz|tar|zip)$/i;

function readPipInstall(args: LocatedWord[], tool: 'pip' | 'uv', file: string, manifest: DockerfileManifest, stage: DockerStage): void {
  const refs: PackageRef[] = [];
  const includes: IncludeDirective[] = [];
  let primaryIndex: string | undefined;
  let extraIndex: string | undefined;
  const installOptions: InstallOptions = {};
  visitedWords += args.length;
  for (let k = 0; k < args.length; k++) {
    const word = args[k] as LocatedWord;
    const location: SourceLocation = { file, line: word.line };
    const text = word.text;
    if (text === '') continue;
    if (text.startsWith('-') && text !== '-') {
      const { option, value, consumed } = optionValue(args, k, tool);
      k += consumed;
      if (value === undefined) {
        if (text === '--pre') installOptions.pre = true;
        if (text === '--no-deps') installOptions.noDeps = true;
        if (text === '-U' || text === '--upgrade') installOptions.upgrade = true;
        if (!PIP_FLAGS.has(option) && !PIP_FLAGS.has(text)) {
          manifest.diagnostics.push({ severity: 'warning', code: 'pip-option-unknown', message: `unknown ${tool} install option ${quoted(text)}; read as a flag without value`, location });
        }
        continue;
      }
      const valueLocation = { file, line: value.line };
      switch (option) {
        case '-r':
        case '--requirement':
        case '-c':
        case '--constraint':
        case '--override':
        case '--overrides':
        case '-b':
        case '--build-constraint': {
          const kind: IncludeDirective['kind'] = option === '-r' || option === '--requirement' ? 'requirements' : 'constraints';
          stage.includeIndexes.push(manifest.includes.length);
          // the path's own place (with its column), so a loader's error about it points there
          const include: IncludeDirective = { kind, path: value.text, location: { ...valueLocation, column: value.column } };
          includes.push(include);
          manifest.includes.push(include);
          if (value.hasExpansion) warnExpansion(manifest, value.text, valueLocation);
          break;
        }
        case '-e':
        case '--editable':
          refs.push(editableRef(value.text, valueLocation));
          break;
        case '-i':
        case '--index-url':
        case '--default-index':
          primaryIndex = value.text;
          manifest.indexes.push({ url: value.text, role: 'primary', location: valueLocation });
          break;
        case '--extra-index-url':
        case '--index':
          extraIndex ??= value.text;
          manifest.indexes.push({ url: value.text, role: 'extra', location: valueLocation });
          break;
        default:
          break;
      }
      continue;
    }
    const ref = pipSpecRef(word, location, manifest);
    if (ref !== undefined) refs.push(ref);
  }
  const index = primaryIndex ?? extraIndex;
  // --pre, --no-deps and --upgrade hold for everything this pip install installs, wherever they are on the line.
  if (installOptions.pre || installOptions.noDeps || installOptions.upgrade) {
    for (const ref of refs) ref.installOptions = { ...installOptions };
    for (const include of includes) include.installOptions = { ...installOptions };
  }
  for (const ref of refs) {
    if (index !== undefined && ref.unvettable === undefined) ref.index = index;
    stage.packageIndexes.push(manifest.packages.length);
    manifest.packages.push(ref);
  }
}

/** The option at `args[k]` and its value: `--opt value`, `--opt=value`, `-rFILE`. */
function optionValue(args: LocatedWord[], k: number, tool: 'pip' | 'uv'): { option: string; value?: LocatedWord; consumed: number } {
  const word = args[k] as LocatedWord;
  const takesValue = (option: string): boolean => PIP_VALUE_OPTIONS.has(option) || (tool === 'uv' && UV_VALUE_OPTIONS.has(option));
  const text = word.text;
  if (text.startsWith('--')) {
    const eq = text.indexOf('=');
    if (eq > 0) {
      const option = text.slice(0, eq);
      return { option, value: { ...word, text: text.slice(eq + 1), offset: word.offset + eq + 1, column: word.column + eq + 1 }, consumed: 0 };
    }
    if (takesValue(text) && args[k + 1] !== undefined) return { option: text, value: args[k + 1], consumed: 1 };
    return { option: text, consumed: 0 };
  }
  const short = text.slice(0, 2);
  if (takesValue(short)) {
    if (text.length > 2) return { option: short, value: { ...word, text: text.slice(2).replace(/^=/, ''), column: word.column + (text[2] === '=' ? 3 : 2) }, consumed: 0 };
    if (args[k + 1] !== undefined) return { option: short, value: args[k + 1], consumed: 1 };
  }
  return { option: text, consumed: 0 };
}

function editableRef(reference: string, location: SourceLocation): PackageRef {
  const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(reference)?.[1];
  const unvettable: Unvettable = {
    kind: 'editable',
    reference,
    reason: VCS_PREFIX.test(reference) ? 'an editable install from a version control checkout, not a registry release' : 'an editable install of a local project, not a registry release',
  };
  return pypiRef(egg ?? reference, egg !== undefined, location, { unvettable });
}

function pypiRef(name: string, nameKnown: boolean, location: SourceLocation, more: Partial<PackageRef>): PackageRef {
  return {
    ecosystem: 'PyPI',
    name,
    normalizedName: nameKnown ? normalizePypiName(name) : '',
    extras: [],
    relation: 'direct',
    location,
    ...more,
  };
}

function warnExpansion(manifest: DockerfileManifest, text: string, location: SourceLocation): void {
  manifest.diagnostics.push({
    severity: 'warning',
    code: 'shell-variable',
    message: `'${quoted(text)}' holds a shell expansion that depvet does not evaluate; kept as written`,
    location,
  });
}

/** One positional `pip install` argument: a requirement, or a URL / VCS / local path that no registry vets. */
function pipSpecRef(word: LocatedWord, location: SourceLocation, manifest: DockerfileManifest): PackageRef | undefined {
  const text = word.text;
  if (VCS_PREFIX.test(text)) {
    const egg = /[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(text)?.[1] ?? /\/([A-Za-z0-9][A-Za-z0-9._-]*?)(?:\.git)?(?:@[^/]*)?(?:#.*)?$/.exec(text)?.[1];
    return pypiRef(egg ?? text, egg !== undefined, location, {
      unvettable: { kind: 'vcs', reference: text, reason: 'installed from a version control repository, not a registry release' },
    });
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) {
    const archive = archiveName(text);
    return pypiRef(archive?.name ?? text, archive !== undefined, location, {
      ...(archive?.version !== undefined ? { version: archive.version } : {}),
      unvettable: { kind: text.startsWith('file:') ? 'path' : 'url', reference: text, reason: 'installed from a direct URL, not a registry release' },
    });
  }
  if (/^[.~/]/.test(text) || ARCHIVE.test(text) || (text.includes('/') && !text.includes('@'))) {
    const archive = archiveName(text);
    return pypiRef(archive?.name ?? text, archive !== undefined, location, {
      ...(archive?.version !== undefined ? { version: archive.version } : {}),
      unvettable: { kind: 'path', reference: text, reason: 'installed from a local file or folder, not a registry release' },
    });
  }
  if (word.hasExpansion) {
    // `pkg==$VERSION`: the name is readable, the version is whatever the build passes in.
    warnExpansion(manifest, text, location);
    const split = /^([A-Za-z0-9][A-Za-z0-9._-]*)(.*)$/.exec(text);
    if (split === null || split[1] === undefined) return pypiRef(text, false, location, {});
    const ref = pypiRef(split[1], true, location, {});
    if (split[2] !== undefined && split[2] !== '') ref.specifier = split[2];
    return ref;
  }
  let requirement;
  try {
    requirement = parseRequirement(text);
  } catch (error) {
    const column = error instanceof Pep508SyntaxError ? word.column + error.column - 1 : word.column;
    const reason = error instanceof Pep508SyntaxError ? error.detail : String(error);
    manifest.diagnostics.push({ severity: 'error', code: 'pip-spec-invalid', message: `'${quoted(text)}' is not a valid requirement: ${reason}`, location: { ...location, column } });
    return undefined;
  }
  const ref = pypiRef(requirement.name, true, location, {});
  ref.extras = requirement.extras;
  if (requirement.marker !== undefined) ref.marker = requirement.marker;
  if (requirement.url !== undefined) {
    ref.unvettable = VCS_PREFIX.test(requirement.url)
      ? { kind: 'vcs', reference: requirement.url, reason: 'installed from a version control repository, not a registry release' }
      : { kind: requirement.url.startsWith('file:') ? 'path' : 'url', reference: requirement.url, reason: 'installed from a direct URL, not a registry release' };
    return ref;
  }
  const pin = exactPinOf(requirement.specifier);
  if (pin !== undefined) ref.version = pin;
  else if (requirement.specifier !== '') ref.specifier = requirement.specifier;
  return ref;
}

/** `demisto_ml-0.2.tar.gz`, `pkg-1.0-py3-none-any.whl`: sdist and wheel file names carry name and version. */
function archiveName(text: string): { name: string; version?: string } | undefined {
  const fileName = basename(text.replace(/[?#].*$/, ''));
  const match = /^([A-Za-z0-9][A-Za-z0-9._]*?)-(\d[A-Za-z0-9.+!]*)(?:-[^/]*)?\.(?:whl|tar\.gz|tgz|tar\.bz2|tar\.xz|tar|zip)$/i.exec(fileName);
  if (match === null || match[1] === undefined) return undefined;
  return { name: match[1], ...(match[2] !== undefined ? { version: match[2] } : {}) };
}

// ----- npm install --------------------------------------------------------------------------------------------

const NPM_VALUE_OPTIONS = new Set([
  '--registry', '--prefix', '--cache', '--loglevel', '--userconfig', '--globalconfig', '--omit', '--include',
  '--location', '--install-strategy', '--workspace', '-w', '--tag', '--before', '--script-shell', '--cpu', '--os',
  '--libc', '--save-prefix', '--proxy', '--https-proxy',
]);

function readNpmInstall(args: LocatedWord[], subcommand: string, file: string, manifest: DockerfileManifest, stage: DockerStage): void {
  let group: string | undefined;
  let registry: string | undefined;
  const specs: LocatedWord[] = [];
  visitedWords += args.length;
  for (let k = 0; k < args.length; k++) {
    const word = args[k] as LocatedWord;
    const text = word.text;
    if (text.startsWith('-')) {
      const eq = text.indexOf('=');
      const option = eq > 0 ? text.slice(0, eq) : text;
      let value: LocatedWord | undefined;
      if (eq > 0) value = { ...word, text: text.slice(eq + 1) };
      else if (NPM_VALUE_OPTIONS.has(option) && args[k + 1] !== undefined) value = args[++k];
      if (option === '-g' || option === '--global') group = 'global';
      else if ((option === '-D' || option === '--save-dev') && group === undefined) group = 'dev';
      else if ((option === '-O' || option === '--save-optional') && group === undefined) group = 'optional';
      else if (option === '--registry' && value !== undefined) {
        registry = value.text;
        manifest.indexes.push({ url: value.text, role: 'primary', location: { file, line: value.line } });
      }
      continue;
    }
    specs.push(word);
  }
  if (subcommand === 'ci' || subcommand === 'clean-install' || subcommand === 'install-clean' || subcommand === 'ic') {
    // `npm ci` installs exactly package-lock.json; the loader reads that file.
    return;
  }
  for (const word of specs) {
    const location = { file, line: word.line };
    let ref: PackageRef;
    if (word.hasExpansion) {
      warnExpansion(manifest, word.text, location);
      const { name, spec } = splitNameAndSpec(word.text);
      ref = { ecosystem: 'npm', name: name ?? word.text, normalizedName: name !== undefined && !name.includes('$') ? normalizeNpmName(name) : '', extras: [], relation: 'direct', location };
      if (spec !== undefined && spec !== '') ref.specifier = spec;
      if (group !== undefined) ref.group = group;
    } else {
      const result = npmSpecRef({ spec: word.text, relation: 'direct', location, ...(group !== undefined ? { group } : {}) });
      ref = result.ref;
      for (const diagnostic of result.diagnostics) manifest.diagnostics.push(diagnostic);
    }
    if (registry !== undefined && ref.unvettable === undefined) ref.index = registry;
    stage.packageIndexes.push(manifest.packages.length);
    manifest.packages.push(ref);
  }
}
