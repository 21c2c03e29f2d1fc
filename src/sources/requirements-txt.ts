// pip requirements / constraints files, parsed the way pip's req_file.py reads them: physical lines, backslash
// continuations, comments, `${VAR}` expansion, then per line a requirement part and an options part (split at the first
// space-separated token that starts with `-`), the options tokenized like shlex and matched like optparse.
// https://pip.pypa.io/en/stable/reference/requirements-file-format/
// Pure: `-r`/`-c` are returned as IncludeDirective for the loader; nothing here touches the file system.
import { InputError } from '../errors';
import type { Diagnostic, IncludeDirective, PackageIndex, PackageRef, ParsedManifest, Unvettable } from '../model';
import { normalizePypiName } from '../normalize';
import { countWork } from '../work-meter';
import { exactPinOf, parseMarker, parseRequirement, Pep508SyntaxError, type Pep508Requirement } from './pep508';

export interface RequirementsTxtOptions {
  kind?: 'requirements' | 'constraints';
  /** Values for `${VAR}` references (pip reads the process environment; the caller decides what to pass). */
  env?: Record<string, string | undefined>;
}

/** A logical line: the text after joining continuations, and the number of its first physical line. */
interface LogicalLine {
  line: number;
  text: string;
}

// Characters the line passes below examine (splitting, comments, continuations, `${VAR}`, options, requirement
// forms), summed per pass and handed to the work meter once per file (`requirements.chars`); PEP 508 counts its own.
let examined = 0;

// ---------------------------------------------------------------------------------------------------------------
// Preprocessing (pip: preprocess -> join_lines, ignore_comments, expand_env_variables)

/** Python's str.splitlines() boundaries, so line numbers agree with pip's. */
function isLineBreak(c: string): boolean {
  return (
    c === '\n' || c === '\r' || c === '\v' || c === '\f' || c === '\x1c' || c === '\x1d' || c === '\x1e' ||
    c === '\x85' || c === '\u2028' || c === '\u2029'
  );
}

function splitPhysicalLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (!isLineBreak(c)) continue;
    lines.push(text.slice(start, i));
    if (c === '\r' && text[i + 1] === '\n') i++;
    start = i + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  examined += text.length;
  return lines;
}

function isSpace(c: string | undefined): boolean {
  return c !== undefined && /\s/.test(c);
}

/** pip's COMMENT_RE.match: the first non-space character is `#`. */
function isCommentLine(line: string): boolean {
  let i = 0;
  while (isSpace(line[i])) i++;
  examined += i + 1;
  return line[i] === '#';
}

/** pip's COMMENT_RE.sub: drop from the first `#` that starts the line or follows whitespace. */
function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '#' && (i === 0 || isSpace(line[i - 1]))) {
      examined += i + 1;
      return line.slice(0, i);
    }
  }
  examined += line.length;
  return line;
}

/** Python's str.strip('\\'). */
function stripBackslashes(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && line[start] === '\\') start++;
  while (end > start && line[end - 1] === '\\') end--;
  examined += start + line.length - end + 1;
  return line.slice(start, end);
}

function joinContinuations(physical: string[]): LogicalLine[] {
  const logical: LogicalLine[] = [];
  let pending: string[] = [];
  let pendingLine = 0;
  physical.forEach((raw, index) => {
    const lineNumber = index + 1;
    // each physical line is copied once, into its logical line
    examined += raw.length;
    const comment = isCommentLine(raw);
    if (!raw.endsWith('\\') || comment) {
      // a comment line ends a continuation; the leading space keeps it a comment after joining
      const line = comment ? ` ${raw}` : raw;
      if (pending.length > 0) {
        pending.push(line);
        logical.push({ line: pendingLine, text: pending.join('') });
        pending = [];
      } else {
        logical.push({ line: lineNumber, text: line });
      }
    } else {
      if (pending.length === 0) pendingLine = lineNumber;
      pending.push(stripBackslashes(raw));
    }
  });
  if (pending.length > 0) logical.push({ line: pendingLine, text: pending.join('') });
  return logical;
}

function isEnvNameChar(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_');
}

/** pip expands only `${NAME}` with NAME in [A-Z0-9_]; unset (or empty) variables stay as written. */
function expandEnvVars(
  text: string,
  env: Record<string, string | undefined>,
  onUnset: (name: string) => void,
): string {
  let out = '';
  let i = 0;
  for (;;) {
    const at = text.indexOf('${', i);
    examined += (at < 0 ? text.length : at) - i;
    if (at < 0) break;
    let j = at + 2;
    while (isEnvNameChar(text[j])) j++;
    examined += j - at + 1;
    if (j > at + 2 && text[j] === '}') {
      const name = text.slice(at + 2, j);
      const value = Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
      out += text.slice(i, at);
      if (value) {
        out += value;
      } else {
        onUnset(name);
        out += text.slice(at, j + 1);
      }
      i = j + 1;
    } else {
      out += text.slice(i, at + 2);
      i = at + 2;
    }
  }
  return out + text.slice(i);
}

// ---------------------------------------------------------------------------------------------------------------
// Options: shlex.split + optparse, for pip's requirement-file options

/** Python's shlex.split (POSIX mode, no comments). Throws ShlexError on an open quote or a trailing backslash. */
function shlexSplit(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let i = 0;
  while (i < text.length) {
    examined++;
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
      i++;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      examined += (close < 0 ? text.length : close) - i;
      if (close < 0) throw new ShlexError('no closing quotation');
      current += text.slice(i + 1, close);
      inToken = true;
      i = close + 1;
    } else if (c === '"') {
      inToken = true;
      i++;
      let closed = false;
      while (i < text.length) {
        examined++;
        const d = text[i] as string;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        // Python's shlex escapes only `"` and `\` inside double quotes
        if (d === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          current += text[i + 1];
          i += 2;
        } else {
          current += d;
          i++;
        }
      }
      if (!closed) throw new ShlexError('no closing quotation');
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new ShlexError('no escaped character');
      current += text[i + 1];
      inToken = true;
      i += 2;
    } else {
      current += c;
      inToken = true;
      i++;
    }
  }
  if (inToken) tokens.push(current);
  return tokens;
}

class ShlexError extends Error {}

type OptionDest =
  | 'index_url'
  | 'extra_index_url'
  | 'no_index'
  | 'constraint'
  | 'requirement'
  | 'editable'
  | 'find_links'
  | 'no_binary'
  | 'only_binary'
  | 'prefer_binary'
  | 'require_hashes'
  | 'pre'
  | 'trusted_host'
  | 'use_feature'
  | 'global_option'
  | 'hash'
  | 'config_settings'
  | 'install_option';

interface OptionSpec {
  long: string;
  short?: string;
  dest: OptionDest;
  takesValue: boolean;
  /** Allowed on a requirement line (pip's SUPPORTED_OPTIONS_REQ). */
  perRequirement: boolean;
}

const OPTION_SPECS: readonly OptionSpec[] = [
  { long: '--index-url', short: '-i', dest: 'index_url', takesValue: true, perRequirement: false },
  { long: '--extra-index-url', dest: 'extra_index_url', takesValue: true, perRequirement: false },
  { long: '--no-index', dest: 'no_index', takesValue: false, perRequirement: false },
  { long: '--constraint', short: '-c', dest: 'constraint', takesValue: true, perRequirement: false },
  { long: '--requirement', short: '-r', dest: 'requirement', takesValue: true, perRequirement: false },
  { long: '--editable', short: '-e', dest: 'editable', takesValue: true, perRequirement: false },
  { long: '--find-links', short: '-f', dest: 'find_links', takesValue: true, perRequirement: false },
  { long: '--no-binary', dest: 'no_binary', takesValue: true, perRequirement: false },
  { long: '--only-binary', dest: 'only_binary', takesValue: true, perRequirement: false },
  { long: '--prefer-binary', dest: 'prefer_binary', takesValue: false, perRequirement: false },
  { long: '--require-hashes', dest: 'require_hashes', takesValue: false, perRequirement: false },
  { long: '--pre', dest: 'pre', takesValue: false, perRequirement: false },
  { long: '--trusted-host', dest: 'trusted_host', takesValue: true, perRequirement: false },
  { long: '--use-feature', dest: 'use_feature', takesValue: true, perRequirement: false },
  { long: '--global-option', dest: 'global_option', takesValue: true, perRequirement: true },
  { long: '--hash', dest: 'hash', takesValue: true, perRequirement: true },
  { long: '--config-settings', dest: 'config_settings', takesValue: true, perRequirement: true },
  // Removed in pip 23.1 but still common in older files; accepted with a warning so such files remain scannable.
  { long: '--install-option', dest: 'install_option', takesValue: true, perRequirement: true },
];

interface ParsedOption {
  spec: OptionSpec;
  value: string;
}

/** optparse: exact long names or unambiguous prefixes; `--opt=value` or `--opt value`; `-xVALUE` or `-x value`. */
function parseOptionTokens(tokens: string[]): { options: ParsedOption[]; positional: string[] } {
  const options: ParsedOption[] = [];
  const positional: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as string;
    examined += token.length;
    i++;
    if (token === '--') {
      for (const rest of tokens.slice(i)) positional.push(rest);
      break;
    }
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const name = eq < 0 ? token : token.slice(0, eq);
      const spec = matchLongOption(name);
      if (!spec.takesValue) {
        if (eq >= 0) throw new OptionError(`option ${spec.long} does not take a value`);
        options.push({ spec, value: '' });
      } else if (eq >= 0) {
        options.push({ spec, value: token.slice(eq + 1) });
      } else {
        if (i >= tokens.length) throw new OptionError(`option ${spec.long} requires a value`);
        options.push({ spec, value: tokens[i] as string });
        i++;
      }
    } else if (token.startsWith('-') && token.length > 1) {
      const short = token.slice(0, 2);
      const spec = OPTION_SPECS.find((candidate) => candidate.short === short);
      if (spec === undefined) throw new OptionError(`unknown option ${short}`);
      if (token.length > 2) {
        options.push({ spec, value: token.slice(2) });
      } else {
        if (i >= tokens.length) throw new OptionError(`option ${short} requires a value`);
        options.push({ spec, value: tokens[i] as string });
        i++;
      }
    } else {
      positional.push(token);
    }
  }
  return { options, positional };
}

function matchLongOption(name: string): OptionSpec {
  const exact = OPTION_SPECS.find((spec) => spec.long === name);
  if (exact) return exact;
  const prefixed = OPTION_SPECS.filter((spec) => spec.long.startsWith(name));
  if (prefixed.length === 1) return prefixed[0] as OptionSpec;
  const shown = name.length > 60 ? `${name.slice(0, 60)}…` : name;
  if (prefixed.length > 1) {
    throw new OptionError(`ambiguous option ${shown} (${prefixed.map((spec) => spec.long).join(', ')})`);
  }
  throw new OptionError(`unknown option ${shown}`);
}

class OptionError extends Error {}

/** pip's break_args_options: split on single spaces; options start at the first token beginning with `-`. */
function breakArgsOptions(line: string): { args: string; options: string } {
  // split, then join again: two passes over the line
  examined += 2 * line.length;
  const tokens = line.split(' ');
  const first = tokens.findIndex((token) => token.startsWith('-'));
  if (first < 0) return { args: line, options: '' };
  return { args: tokens.slice(0, first).join(' '), options: tokens.slice(first).join(' ') };
}

// ---------------------------------------------------------------------------------------------------------------
// Requirement forms (pip: install_req_from_line / install_req_from_editable)

// pip's VCS backends' schemes; a bare `git://` is not among them (pip reads it as a path, not a repository)
const VCS_SCHEMES = new Set([
  'git+http', 'git+https', 'git+ssh', 'git+git', 'git+file',
  'hg+http', 'hg+https', 'hg+ssh', 'hg+static-http', 'hg+file',
  'svn+ssh', 'svn+http', 'svn+https', 'svn+svn', 'svn+file',
  'bzr+http', 'bzr+https', 'bzr+ssh', 'bzr+sftp', 'bzr+ftp', 'bzr+lp', 'bzr+file',
]);
const URL_SCHEMES = new Set(['http', 'https', 'file', 'ftp']);

const ARCHIVE_EXTENSIONS = [
  '.zip', '.whl', '.tar.bz2', '.tbz', '.tar.xz', '.txz', '.tlz', '.tar.lz', '.tar.lzma', '.tar.gz', '.tgz', '.tar',
];

function urlScheme(text: string): string | undefined {
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : text.slice(0, colon).toLowerCase();
}

function isUrl(text: string): boolean {
  const scheme = urlScheme(text);
  return scheme !== undefined && (URL_SCHEMES.has(scheme) || VCS_SCHEMES.has(scheme));
}

/** pip's _looks_like_path (POSIX): contains `/` or starts with `.`. */
function looksLikePath(text: string): boolean {
  return text.includes('/') || text.startsWith('.');
}

function isArchive(path: string): boolean {
  const lower = path.toLowerCase();
  return ARCHIVE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** The file name part of a URL or path, without query or fragment. */
function fileNameOf(reference: string): string {
  let end = reference.length;
  for (const stop of ['#', '?']) {
    const at = reference.indexOf(stop);
    if (at >= 0 && at < end) end = at;
  }
  const path = reference.slice(0, end);
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl` -> name and version. */
function wheelNameVersion(fileName: string): { name: string; version: string } | undefined {
  if (!fileName.toLowerCase().endsWith('.whl')) return undefined;
  const parts = fileName.slice(0, -4).split('-');
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  const [name, version] = parts as [string, string];
  if (name === '' || version === '') return undefined;
  // wheel file names escape `-` in the name as `_`; pip reports the name with `_` read as `-`
  return { name: name.replace(/_/g, '-'), version };
}

/** pip's _strip_extras: a trailing `[...]` on a path or URL. */
function stripExtras(text: string): { base: string; extras: string | undefined } {
  if (!text.endsWith(']')) return { base: text, extras: undefined };
  const open = text.lastIndexOf('[');
  if (open <= 0) return { base: text, extras: undefined };
  const inner = text.slice(open + 1, -1);
  if (inner === '' || inner.includes(']')) return { base: text, extras: undefined };
  return { base: text.slice(0, open), extras: text.slice(open) };
}

/** The `egg=` value of a link's fragment (pip: `[#&]egg=([^&]*)`). */
function eggFragment(reference: string): string | undefined {
  const hash = reference.indexOf('#');
  if (hash < 0) return undefined;
  for (const part of reference.slice(hash + 1).split('&')) {
    if (part.startsWith('egg=')) return part.slice(4);
  }
  return undefined;
}

interface LineContext {
  file: string;
  line: number;
}

function syntaxError(ctx: LineContext, detail: string): InputError {
  return new InputError('E_MANIFEST_SYNTAX', ctx.file, ctx.line, detail);
}

/** Runs a PEP 508 parse, turning its syntax error into an InputError for this line. */
function parseOnLine<T>(parse: (text: string) => T, text: string, ctx: LineContext, what: string): T {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof Pep508SyntaxError) {
      throw syntaxError(ctx, `invalid ${what} '${truncate(text)}': ${error.message}`);
    }
    throw error;
  }
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Name, extras and version constraint that a link's `#egg=` fragment states. */
function requirementFromEgg(reference: string, ctx: LineContext): Pep508Requirement | undefined {
  const egg = eggFragment(reference);
  if (egg === undefined || egg === '') return undefined;
  return parseOnLine(parseRequirement, egg, ctx, '#egg= fragment');
}

interface RequirementShape {
  marker?: string;
  extras: string[];
  unvettable?: Unvettable;
  name: string;
  specifier: string;
}

function describeKind(kind: Unvettable['kind']): string {
  switch (kind) {
    case 'vcs':
      return 'installed from a version control repository, not from a registry';
    case 'url':
      return 'installed from a URL, not from a registry';
    case 'path':
      return 'installed from a local path, not from a registry';
    case 'editable':
      return 'installed in editable mode from a local path or repository, not from a registry';
  }
}

function unvettable(kind: Unvettable['kind'], reference: string): Unvettable {
  return { kind, reference, reason: describeKind(kind) };
}

function extrasList(extras: string | undefined): string[] {
  if (extras === undefined) return [];
  return extras
    .slice(1, -1)
    .split(',')
    .map((extra) => extra.trim())
    .filter((extra) => extra !== '');
}

/** A link (URL, VCS reference or path) with optional name from the wheel file name or `#egg=`. */
function linkShape(reference: string, kind: Unvettable['kind'], extras: string[], ctx: LineContext): RequirementShape {
  // file name, wheel name and `#egg=` scans
  examined += 3 * reference.length;
  const wheel = wheelNameVersion(fileNameOf(reference));
  if (wheel !== undefined) {
    return { name: wheel.name, specifier: `==${wheel.version}`, extras, unvettable: unvettable(kind, reference) };
  }
  const egg = requirementFromEgg(reference, ctx);
  return {
    name: egg?.name ?? '',
    specifier: egg?.specifier ?? '',
    extras: extras.length > 0 ? extras : (egg?.extras ?? []),
    unvettable: unvettable(kind, reference),
  };
}

function kindOfUrl(url: string): Unvettable['kind'] {
  const scheme = urlScheme(url);
  if (scheme !== undefined && VCS_SCHEMES.has(scheme)) return 'vcs';
  if (scheme === 'file') return 'path';
  return 'url';
}

/** A requirement line that is not editable (pip: parse_req_from_line). */
function requirementShape(text: string, ctx: LineContext): RequirementShape {
  // the scheme, `;` and trim scans of the line, then the body's `@` split, extras, path and archive tests
  examined += 5 * text.length;
  // after a URL the marker needs "; " because `;` may occur in URLs
  const url = isUrl(text);
  const sep = url ? text.indexOf('; ') : text.indexOf(';');
  const body = (sep < 0 ? text : text.slice(0, sep)).trim();
  const shape = url ? linkShape(body, kindOfUrl(body), [], ctx) : nameOrPathShape(body, ctx);
  if (sep >= 0) {
    const marker = text.slice(sep + (url ? 2 : 1)).trim();
    parseOnLine(parseMarker, marker, ctx, 'environment marker');
    shape.marker = marker;
  }
  return shape;
}

/** `name[extras] specifiers`, `name @ url`, or a local path or archive. */
function nameOrPathShape(body: string, ctx: LineContext): RequirementShape {
  const at = body.split('@');
  const pep508UrlForm = at.length >= 2 && !looksLikePath(at[0] as string);
  const { base, extras } = stripExtras(body);
  if (!pep508UrlForm && (looksLikePath(base) || isArchive(base))) {
    return linkShape(base, 'path', extrasList(extras), ctx);
  }
  let requirement: Pep508Requirement;
  try {
    requirement = parseOnLine(parseRequirement, body, ctx, 'requirement');
  } catch (error) {
    // `user@host:repo/path` is no `name @ url`; pip-requirements-parser reads such lines as local paths
    if (pep508UrlForm && looksLikePath(base)) return linkShape(base, 'path', extrasList(extras), ctx);
    throw error;
  }
  const shape: RequirementShape = {
    name: requirement.name,
    specifier: requirement.specifier,
    extras: requirement.extras,
  };
  if (requirement.url !== undefined) shape.unvettable = unvettable(kindOfUrl(requirement.url), requirement.url);
  return shape;
}

/** `-e` value (pip: parse_editable): a local path with optional `[extras]`, or a VCS URL. */
function editableShape(value: string, ctx: LineContext): RequirementShape {
  examined += 2 * value.length;
  // on a URL, brackets are part of the URL; extras come from its #egg= fragment
  if (isUrl(value)) return linkShape(value, 'editable', [], ctx);
  const { base, extras } = stripExtras(value);
  return linkShape(base, 'editable', extrasList(extras), ctx);
}

const STRONG_HASHES = new Set(['sha256', 'sha384', 'sha512']);

function checkHash(value: string, ctx: LineContext): string {
  const colon = value.indexOf(':');
  if (colon < 0) throw syntaxError(ctx, `--hash '${truncate(value)}' is not of the form algorithm:digest`);
  const algorithm = value.slice(0, colon);
  if (!STRONG_HASHES.has(algorithm)) {
    throw syntaxError(ctx, `--hash algorithm '${truncate(algorithm)}' is not one of sha256, sha384, sha512`);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------------

/** Parses a pip requirements (or constraints) file. Throws InputError('E_MANIFEST_SYNTAX') naming file:line. */
export function parseRequirementsTxt(text: string, file: string, options: RequirementsTxtOptions = {}): ParsedManifest {
  const env = options.env ?? {};
  const manifest: ParsedManifest = {
    kind: options.kind === 'constraints' ? 'constraints.txt' : 'requirements.txt',
    file,
    packages: [],
    includes: [],
    indexes: [],
    diagnostics: [],
  };
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;

  try {
    readLines(source, file, env, manifest);
  } finally {
    countWork('requirements.chars', examined);
    examined = 0;
  }

  // pip applies --index-url to the whole file wherever it appears; the last one wins
  const primary = manifest.indexes.filter((index) => index.role === 'primary').at(-1);
  if (primary !== undefined) {
    for (const pkg of manifest.packages) if (pkg.unvettable === undefined) pkg.index = primary.url;
  }
  return manifest;
}

function readLines(source: string, file: string, env: Record<string, string | undefined>, manifest: ParsedManifest): void {
  for (const logical of joinContinuations(splitPhysicalLines(source))) {
    const ctx: LineContext = { file, line: logical.line };
    const stripped = stripComment(logical.text).trim();
    examined += stripped.length;
    if (stripped === '') continue;
    const unset = new Set<string>();
    const line = expandEnvVars(stripped, env, (name) => unset.add(name));
    for (const name of unset) {
      manifest.diagnostics.push(
        warning('unset-env-var', `\${${name}} is not set (or empty); the line is read with the reference as written`, ctx),
      );
    }
    parseLogicalLine(line, ctx, manifest);
  }
}

function warning(code: string, message: string, location: LineContext): Diagnostic {
  return { severity: 'warning', code, message, location: { file: location.file, line: location.line } };
}

function parseLogicalLine(line: string, ctx: LineContext, manifest: ParsedManifest): void {
  const { args, options: optionText } = breakArgsOptions(line);
  let tokens: string[];
  try {
    tokens = shlexSplit(optionText);
  } catch (error) {
    if (error instanceof ShlexError) throw syntaxError(ctx, `cannot split options: ${error.message}`);
    throw error;
  }
  let parsed: { options: ParsedOption[]; positional: string[] };
  try {
    parsed = parseOptionTokens(tokens);
  } catch (error) {
    if (error instanceof OptionError) throw syntaxError(ctx, error.message);
    throw error;
  }
  if (parsed.positional.length > 0) {
    throw syntaxError(ctx, `unexpected argument(s) after options: ${truncate(parsed.positional.join(' '))}`);
  }

  const requirementText = args.trim();
  const editables = parsed.options.filter((option) => option.spec.dest === 'editable');
  if (requirementText !== '' || editables.length > 0) {
    addRequirement(requirementText, parsed.options, ctx, manifest);
    return;
  }
  for (const option of parsed.options) applyFileOption(option, ctx, manifest);
}

function addRequirement(requirementText: string, options: ParsedOption[], ctx: LineContext, manifest: ParsedManifest): void {
  const editables = options.filter((option) => option.spec.dest === 'editable');
  if (requirementText !== '' && editables.length > 0) {
    throw syntaxError(ctx, 'a line holds either a requirement or -e/--editable, not both');
  }
  if (editables.length > 1) throw syntaxError(ctx, 'only one -e/--editable per line');
  // pip ignores other options on a requirement line; refusing them keeps a misplaced option from going unnoticed
  const allowed = editables.length > 0 ? new Set(['editable', 'config_settings']) : undefined;
  const misplaced = options.filter((option) =>
    allowed ? !allowed.has(option.spec.dest) : !option.spec.perRequirement,
  );
  if (misplaced.length > 0) {
    throw syntaxError(
      ctx,
      `option ${(misplaced[0] as ParsedOption).spec.long} is not allowed on a ${editables.length > 0 ? 'editable ' : ''}requirement line`,
    );
  }

  const shape =
    editables.length > 0 ? editableShape((editables[0] as ParsedOption).value, ctx) : requirementShape(requirementText, ctx);
  const hashes = options.filter((option) => option.spec.dest === 'hash').map((option) => checkHash(option.value, ctx));
  if (options.some((option) => option.spec.dest === 'install_option')) {
    manifest.diagnostics.push(
      warning('legacy-option', '--install-option was removed in pip 23.1; current pip rejects this line', ctx),
    );
  }

  const pkg: PackageRef = {
    ecosystem: 'PyPI',
    name: shape.name,
    normalizedName: shape.name === '' ? '' : normalizePypiName(shape.name),
    extras: shape.extras,
    relation: 'direct',
    location: { file: ctx.file, line: ctx.line },
  };
  const pin = exactPinOf(shape.specifier);
  if (pin !== undefined) pkg.version = pin;
  else if (shape.specifier !== '') pkg.specifier = shape.specifier;
  if (shape.marker !== undefined) pkg.marker = shape.marker;
  if (hashes.length > 0) pkg.hashes = hashes;
  if (shape.unvettable !== undefined) pkg.unvettable = shape.unvettable;
  manifest.packages.push(pkg);
}

function applyFileOption(option: ParsedOption, ctx: LineContext, manifest: ParsedManifest): void {
  const location = { file: ctx.file, line: ctx.line };
  switch (option.spec.dest) {
    case 'requirement':
    case 'constraint': {
      const include: IncludeDirective = {
        kind: option.spec.dest === 'requirement' ? 'requirements' : 'constraints',
        path: option.value,
        location,
      };
      manifest.includes.push(include);
      return;
    }
    case 'index_url':
    case 'extra_index_url': {
      const index: PackageIndex = {
        url: option.value,
        role: option.spec.dest === 'index_url' ? 'primary' : 'extra',
        location,
      };
      manifest.indexes.push(index);
      return;
    }
    case 'find_links':
      manifest.diagnostics.push(
        warning('find-links', `packages may be installed from ${option.value} (--find-links), which no registry vets`, ctx),
      );
      return;
    case 'trusted_host':
      manifest.diagnostics.push(
        warning('trusted-host', `--trusted-host ${option.value} lets pip fetch from this host without valid TLS`, ctx),
      );
      return;
    case 'hash':
    case 'global_option':
    case 'config_settings':
    case 'install_option':
      throw syntaxError(ctx, `option ${option.spec.long} belongs on a requirement line`);
    case 'no_index':
    case 'no_binary':
    case 'only_binary':
    case 'prefer_binary':
    case 'require_hashes':
    case 'pre':
    case 'use_feature':
    case 'editable':
      // install-behaviour options: they do not change which packages are named
      return;
  }
}
