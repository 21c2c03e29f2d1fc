// pip requirements / constraints files, parsed the way pip's req_file.py reads them: physical lines, backslash
// continuations, comments, `${VAR}` expansion, then per line a requirement part and an options part (split at the first
// space-separated token that starts with `-`), the options tokenized like shlex and matched like optparse.
// https://pip.pypa.io/en/stable/reference/requirements-file-format/
// Pure: `-r`/`-c` are returned as IncludeDirective for the loader; nothing here touches the file system.
// One bad line never hides the rest: pip refuses a whole file for it, but a scanner reports it (an error diagnostic at
// its line and column, with the reason) and reads every other line.
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
  /** Where each physical line's part starts in `text`, and the line and column it starts at there. */
  pieces: { offset: number; line: number; column: number }[];
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
  let pendingLength = 0;
  let pieces: LogicalLine['pieces'] = [];
  let pendingLine = 0;
  physical.forEach((raw, index) => {
    const lineNumber = index + 1;
    // each physical line is copied once, into its logical line
    examined += raw.length;
    const comment = isCommentLine(raw);
    if (!raw.endsWith('\\') || comment) {
      // a comment line ends a continuation; the leading space keeps it a comment after joining
      const line = comment ? ` ${raw}` : raw;
      const column = comment ? 0 : 1;
      if (pending.length > 0) {
        pending.push(line);
        pieces.push({ offset: pendingLength, line: lineNumber, column });
        logical.push({ line: pendingLine, text: pending.join(''), pieces });
        pending = [];
        pendingLength = 0;
        pieces = [];
      } else {
        logical.push({ line: lineNumber, text: line, pieces: [{ offset: 0, line: lineNumber, column }] });
      }
    } else {
      if (pending.length === 0) pendingLine = lineNumber;
      const part = stripBackslashes(raw);
      // stripBackslashes also drops leading backslashes: the part starts after them
      let lead = 0;
      while (raw[lead] === '\\' && lead < raw.length - part.length) lead++;
      pieces.push({ offset: pendingLength, line: lineNumber, column: lead + 1 });
      pending.push(part);
      pendingLength += part.length;
    }
  });
  if (pending.length > 0) logical.push({ line: pendingLine, text: pending.join(''), pieces });
  return logical;
}

function isEnvNameChar(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_');
}

/** A line after `${VAR}` expansion, and the offset in the text before expansion of each offset after it. */
interface ExpandedLine {
  text: string;
  /** Within an expanded value: the offset of its `${`. */
  sourceOffset: (offset: number) => number;
}

/** pip expands only `${NAME}` with NAME in [A-Z0-9_]; unset (or empty) variables stay as written. */
function expandEnvVars(
  text: string,
  env: Record<string, string | undefined>,
  onUnset: (name: string) => void,
): ExpandedLine {
  let out = '';
  let i = 0;
  // Expanded values, in order: where each starts and ends in the output, and where its `${` was in the input.
  const values: { start: number; end: number; source: number; sourceEnd: number }[] = [];
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
        values.push({ start: out.length, end: out.length + value.length, source: at, sourceEnd: j + 1 });
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
  const sourceOffset = (offset: number): number => {
    // the last value starting at or before `offset` (values are few: a linear walk)
    let shift = 0;
    for (const value of values) {
      if (value.start > offset) break;
      if (offset < value.end) return value.source;
      shift = value.sourceEnd - value.end;
    }
    return offset + shift;
  };
  return { text: out + text.slice(i), sourceOffset };
}

// ---------------------------------------------------------------------------------------------------------------
// Options: shlex.split + optparse, for pip's requirement-file options

/** One shell-like token and the offset of its first character in the text it was split from. */
interface Token {
  text: string;
  start: number;
}

/** Python's shlex.split (POSIX mode, no comments). Throws LineError on an open quote or a trailing backslash. */
function shlexSplit(text: string): Token[] {
  const tokens: Token[] = [];
  let current = '';
  let inToken = false;
  let start = 0;
  let i = 0;
  const begin = (): void => {
    if (!inToken) start = i;
    inToken = true;
  };
  while (i < text.length) {
    examined++;
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inToken) tokens.push({ text: current, start });
      current = '';
      inToken = false;
      i++;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      examined += (close < 0 ? text.length : close) - i;
      if (close < 0) throw new LineError('option-invalid', 'cannot split options: no closing quotation', i);
      begin();
      current += text.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      const open = i;
      begin();
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
      if (!closed) throw new LineError('option-invalid', 'cannot split options: no closing quotation', open);
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new LineError('option-invalid', 'cannot split options: no escaped character', i);
      begin();
      current += text[i + 1];
      i += 2;
    } else {
      begin();
      current += c;
      i++;
    }
  }
  if (inToken) tokens.push({ text: current, start });
  return tokens;
}

/**
 * What is wrong with one logical line, and where: `offset` is in the line as parsed (after `${VAR}` expansion);
 * the file reader maps it to the physical line and column.
 */
class LineError extends Error {
  constructor(
    readonly code: 'requirement-invalid' | 'option-invalid',
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

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
  /** Offsets in the line of the option and of its value. */
  offset: number;
  valueOffset: number;
}

/**
 * optparse: exact long names or unambiguous prefixes; `--opt=value` or `--opt value`; `-xVALUE` or `-x value`.
 * `base` is the offset of the tokens' text in the line, so offsets in the result and in errors are the line's.
 */
function parseOptionTokens(tokens: Token[], base: number): { options: ParsedOption[]; positional: Token[] } {
  const options: ParsedOption[] = [];
  const positional: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const { text: token, start } = tokens[i] as Token;
    const offset = base + start;
    examined += token.length;
    i++;
    if (token === '--') {
      for (const rest of tokens.slice(i)) positional.push(rest);
      break;
    }
    const next = (option: string): { value: string; valueOffset: number } => {
      const value = tokens[i];
      if (value === undefined) throw new LineError('option-invalid', `option ${option} requires a value`, offset);
      i++;
      return { value: value.text, valueOffset: base + value.start };
    };
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const name = eq < 0 ? token : token.slice(0, eq);
      const spec = matchLongOption(name, offset);
      if (!spec.takesValue) {
        if (eq >= 0) throw new LineError('option-invalid', `option ${spec.long} does not take a value`, offset);
        options.push({ spec, value: '', offset, valueOffset: offset });
      } else if (eq >= 0) {
        options.push({ spec, value: token.slice(eq + 1), offset, valueOffset: offset + eq + 1 });
      } else {
        options.push({ spec, offset, ...next(spec.long) });
      }
    } else if (token.startsWith('-') && token.length > 1) {
      const short = token.slice(0, 2);
      const spec = OPTION_SPECS.find((candidate) => candidate.short === short);
      if (spec === undefined) throw new LineError('option-invalid', `unknown option ${short}`, offset);
      if (token.length > 2) {
        options.push({ spec, value: token.slice(2), offset, valueOffset: offset + 2 });
      } else {
        options.push({ spec, offset, ...next(short) });
      }
    } else {
      positional.push({ text: token, start: offset });
    }
  }
  return { options, positional };
}

function matchLongOption(name: string, offset: number): OptionSpec {
  const exact = OPTION_SPECS.find((spec) => spec.long === name);
  if (exact) return exact;
  const prefixed = OPTION_SPECS.filter((spec) => spec.long.startsWith(name));
  if (prefixed.length === 1) return prefixed[0] as OptionSpec;
  const shown = name.length > 60 ? `${name.slice(0, 60)}…` : name;
  if (prefixed.length > 1) {
    throw new LineError('option-invalid', `ambiguous option ${shown} (${prefixed.map((spec) => spec.long).join(', ')})`, offset);
  }
  throw new LineError('option-invalid', `unknown option ${shown}`, offset);
}

/** pip's break_args_options: split on single spaces; options start at the first token beginning with `-`. */
function breakArgsOptions(line: string): { args: string; options: string; optionsStart: number } {
  // split, then join again: two passes over the line
  examined += 2 * line.length;
  const tokens = line.split(' ');
  const first = tokens.findIndex((token) => token.startsWith('-'));
  if (first < 0) return { args: line, options: '', optionsStart: line.length };
  const args = tokens.slice(0, first).join(' ');
  // splitting on single spaces and joining with them keeps every offset: the options start after args and one space
  return { args, options: tokens.slice(first).join(' '), optionsStart: first === 0 ? 0 : args.length + 1 };
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

/** The `egg=` value of a link's fragment (pip: `[#&]egg=([^&]*)`), and its offset in the reference. */
function eggFragment(reference: string): { value: string; at: number } | undefined {
  const hash = reference.indexOf('#');
  if (hash < 0) return undefined;
  let at = hash + 1;
  for (const part of reference.slice(hash + 1).split('&')) {
    if (part.startsWith('egg=')) return { value: part.slice(4), at: at + 4 };
    at += part.length + 1;
  }
  return undefined;
}

/** Runs a PEP 508 parse of `text` (at `offset` in the line), turning its syntax error into a LineError there. */
function parseOnLine<T>(parse: (text: string) => T, text: string, offset: number, what: string): T {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof Pep508SyntaxError) {
      throw new LineError('requirement-invalid', `invalid ${what} '${truncate(text)}': ${error.detail}`, offset + error.column - 1);
    }
    throw error;
  }
}

/** The number of whitespace characters `text` starts with (what trim() drops at the front). */
function leadingSpace(text: string): number {
  return text.length - text.trimStart().length;
}

/** Text quoted in a message: at most 80 characters, on one line (a `${VAR}` value may hold a newline). */
function truncate(text: string): string {
  const cut = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return cut.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/** Name, extras and version constraint that a link's `#egg=` fragment states. */
function requirementFromEgg(reference: string, offset: number): Pep508Requirement | undefined {
  const egg = eggFragment(reference);
  if (egg === undefined || egg.value === '') return undefined;
  return parseOnLine(parseRequirement, egg.value, offset + egg.at, '#egg= fragment');
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
    case 'shell-expansion':
      return 'named by a shell expansion that only the build can evaluate';
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
function linkShape(reference: string, kind: Unvettable['kind'], extras: string[], offset: number): RequirementShape {
  // file name, wheel name and `#egg=` scans
  examined += 3 * reference.length;
  const wheel = wheelNameVersion(fileNameOf(reference));
  if (wheel !== undefined) {
    return { name: wheel.name, specifier: `==${wheel.version}`, extras, unvettable: unvettable(kind, reference) };
  }
  const egg = requirementFromEgg(reference, offset);
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

/** A requirement line that is not editable (pip: parse_req_from_line); `offset` is where `text` starts in the line. */
function requirementShape(text: string, offset: number): RequirementShape {
  // the scheme, `;` and trim scans of the line, then the body's `@` split, extras, path and archive tests
  examined += 5 * text.length;
  // after a URL the marker needs "; " because `;` may occur in URLs
  const url = isUrl(text);
  const sep = url ? text.indexOf('; ') : text.indexOf(';');
  const rawBody = sep < 0 ? text : text.slice(0, sep);
  const body = rawBody.trim();
  const bodyOffset = offset + leadingSpace(rawBody);
  const shape = url ? linkShape(body, kindOfUrl(body), [], bodyOffset) : nameOrPathShape(body, bodyOffset);
  if (sep >= 0) {
    const rawMarker = text.slice(sep + (url ? 2 : 1));
    const marker = rawMarker.trim();
    parseOnLine(parseMarker, marker, offset + sep + (url ? 2 : 1) + leadingSpace(rawMarker), 'environment marker');
    shape.marker = marker;
  }
  return shape;
}

/** `name[extras] specifiers`, `name @ url`, or a local path or archive. */
function nameOrPathShape(body: string, offset: number): RequirementShape {
  const at = body.split('@');
  const pep508UrlForm = at.length >= 2 && !looksLikePath(at[0] as string);
  const { base, extras } = stripExtras(body);
  if (!pep508UrlForm && (looksLikePath(base) || isArchive(base))) {
    return linkShape(base, 'path', extrasList(extras), offset);
  }
  let requirement: Pep508Requirement;
  try {
    requirement = parseOnLine(parseRequirement, body, offset, 'requirement');
  } catch (error) {
    // `user@host:repo/path` is no `name @ url`; pip-requirements-parser reads such lines as local paths
    if (pep508UrlForm && looksLikePath(base)) return linkShape(base, 'path', extrasList(extras), offset);
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
function editableShape(value: string, offset: number): RequirementShape {
  examined += 2 * value.length;
  // on a URL, brackets are part of the URL; extras come from its #egg= fragment
  if (isUrl(value)) return linkShape(value, 'editable', [], offset);
  const { base, extras } = stripExtras(value);
  return linkShape(base, 'editable', extrasList(extras), offset);
}

const STRONG_HASHES = new Set(['sha256', 'sha384', 'sha512']);

function checkHash(value: string, offset: number): string {
  const colon = value.indexOf(':');
  if (colon < 0) throw new LineError('requirement-invalid', `--hash '${truncate(value)}' is not of the form algorithm:digest`, offset);
  const algorithm = value.slice(0, colon);
  if (!STRONG_HASHES.has(algorithm)) {
    throw new LineError('requirement-invalid', `--hash algorithm '${truncate(algorithm)}' is not one of sha256, sha384, sha512`, offset);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------------------

/** Files that say `--pre` (applied to every package once the whole file is read). */
const preReleases = new WeakSet<ParsedManifest>();

/**
 * Parses a pip requirements (or constraints) file. Never throws for bad input: each line pip would refuse is an error
 * diagnostic (`requirement-invalid` or `option-invalid`) at its line and column, and the other lines are still read.
 */
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
  // --pre, too, holds for the whole install wherever it appears.
  if (preReleases.has(manifest)) {
    for (const pkg of manifest.packages) pkg.installOptions = { ...pkg.installOptions, pre: true };
  }
  return manifest;
}

/** One logical line being read: its file, its first physical line, and where an offset in it is in the file. */
interface LineContext {
  file: string;
  line: number;
  place: (offset: number) => { line: number; column: number };
}

function readLines(source: string, file: string, env: Record<string, string | undefined>, manifest: ParsedManifest): void {
  for (const logical of joinContinuations(splitPhysicalLines(source))) {
    const withoutComment = stripComment(logical.text);
    const stripped = withoutComment.trim();
    examined += stripped.length;
    if (stripped === '') continue;
    const lead = leadingSpace(withoutComment);
    const unset = new Set<string>();
    const expanded = expandEnvVars(stripped, env, (name) => unset.add(name));
    const ctx: LineContext = {
      file,
      line: logical.line,
      place: (offset) => {
        const inText = lead + expanded.sourceOffset(offset);
        let piece = logical.pieces[0] as LogicalLine['pieces'][number];
        for (const candidate of logical.pieces) {
          if (candidate.offset > inText) break;
          piece = candidate;
        }
        return { line: piece.line, column: Math.max(1, piece.column + inText - piece.offset) };
      },
    };
    for (const name of unset) {
      manifest.diagnostics.push(
        warning('unset-env-var', `\${${name}} is not set (or empty); the line is read with the reference as written`, ctx),
      );
    }
    try {
      parseLogicalLine(expanded.text, ctx, manifest);
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      manifest.diagnostics.push({ severity: 'error', code: error.code, message: error.message, location: { file, ...ctx.place(error.offset) } });
    }
  }
}

function warning(code: string, message: string, location: LineContext): Diagnostic {
  return { severity: 'warning', code, message, location: { file: location.file, line: location.line } };
}

/** Reads one logical line into the manifest, all or nothing: a LineError leaves the manifest as it was. */
function parseLogicalLine(line: string, ctx: LineContext, manifest: ParsedManifest): void {
  const { args, options: optionText, optionsStart } = breakArgsOptions(line);
  let tokens: Token[];
  try {
    tokens = shlexSplit(optionText);
  } catch (error) {
    // shlex knows offsets in the options text only
    if (error instanceof LineError) throw new LineError(error.code, error.message, optionsStart + error.offset);
    throw error;
  }
  const parsed = parseOptionTokens(tokens, optionsStart);
  const stray = parsed.positional[0];
  if (stray !== undefined) {
    throw new LineError('option-invalid', `unexpected argument(s) after options: ${truncate(parsed.positional.map((token) => token.text).join(' '))}`, stray.start);
  }

  const requirementText = args.trim();
  const editables = parsed.options.filter((option) => option.spec.dest === 'editable');
  if (requirementText !== '' || editables.length > 0) {
    addRequirement(requirementText, leadingSpace(args), parsed.options, ctx, manifest);
    return;
  }
  for (const option of parsed.options) {
    if (option.spec.perRequirement) throw new LineError('option-invalid', `option ${option.spec.long} belongs on a requirement line`, option.offset);
  }
  for (const option of parsed.options) applyFileOption(option, ctx, manifest);
}

function addRequirement(requirementText: string, offset: number, options: ParsedOption[], ctx: LineContext, manifest: ParsedManifest): void {
  const editables = options.filter((option) => option.spec.dest === 'editable');
  if (requirementText !== '' && editables.length > 0) {
    throw new LineError('option-invalid', 'a line holds either a requirement or -e/--editable, not both', (editables[0] as ParsedOption).offset);
  }
  if (editables.length > 1) throw new LineError('option-invalid', 'only one -e/--editable per line', (editables[1] as ParsedOption).offset);
  // pip ignores other options on a requirement line; refusing them keeps a misplaced option from going unnoticed
  const allowed = editables.length > 0 ? new Set(['editable', 'config_settings']) : undefined;
  const misplaced = options.find((option) => (allowed ? !allowed.has(option.spec.dest) : !option.spec.perRequirement));
  if (misplaced !== undefined) {
    throw new LineError(
      'option-invalid',
      `option ${misplaced.spec.long} is not allowed on a ${editables.length > 0 ? 'editable ' : ''}requirement line`,
      misplaced.offset,
    );
  }

  const editable = editables[0];
  const shape = editable !== undefined ? editableShape(editable.value, editable.valueOffset) : requirementShape(requirementText, offset);
  const hashes = options.filter((option) => option.spec.dest === 'hash').map((option) => checkHash(option.value, option.valueOffset));
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

/** An option on a line of its own (`-r`, `-i`, …); options that belong on a requirement line were refused before. */
function applyFileOption(option: ParsedOption, ctx: LineContext, manifest: ParsedManifest): void {
  const location = { file: ctx.file, line: ctx.line };
  switch (option.spec.dest) {
    case 'requirement':
    case 'constraint': {
      const include: IncludeDirective = {
        kind: option.spec.dest === 'requirement' ? 'requirements' : 'constraints',
        path: option.value,
        // the path's own place, so a loader's error about it points there
        location: { file: ctx.file, ...ctx.place(option.valueOffset) },
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
      // per-requirement options on a line of their own are refused before this switch (option-invalid)
      return;
    case 'pre':
      preReleases.add(manifest);
      return;
    case 'no_index':
    case 'no_binary':
    case 'only_binary':
    case 'prefer_binary':
    case 'require_hashes':
    case 'use_feature':
    case 'editable':
      // install-behaviour options: they do not change which packages are named
      return;
  }
}
