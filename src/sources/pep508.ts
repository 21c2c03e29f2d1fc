// PEP 508 dependency specifiers and environment markers: a hand-written scanner (no backtracking regexes, so
// hostile input costs linear time) following the grammar as packaging (pypa/packaging >= 22) implements it.
// https://peps.python.org/pep-0508/ , https://packaging.python.org/en/latest/specifications/dependency-specifiers/
import { satisfies as pep440Satisfies, valid as pep440Valid, validRange as pep440ValidRange } from '@renovatebot/pep440';
import { UsageError } from '../errors';
import { normalizePypiName } from '../normalize';
import { countWork } from '../work-meter';

// Characters the scanner examines, summed per scanning step and handed to the work meter once per public call
// (`pep508.chars`): a test of linear growth reads it instead of the clock.
let examined = 0;

function flushExamined(): void {
  countWork('pep508.chars', examined);
  examined = 0;
}

/** One parsed PEP 508 requirement. */
export interface Pep508Requirement {
  /** The name as written. */
  name: string;
  extras: string[];
  /** Version specifiers as written, whitespace removed, comma-joined in source order; '' when none. */
  specifier: string;
  /** The URL of a `name @ url` requirement. */
  url?: string;
  /** The marker text after `;`, as written, trimmed. */
  marker?: string;
}

/** Invalid PEP 508 input. `column` is 1-based within the text handed to the parser. */
export class Pep508SyntaxError extends Error {
  readonly column: number;
  readonly detail: string;
  constructor(detail: string, column: number) {
    super(`${detail} (column ${column})`);
    this.name = 'Pep508SyntaxError';
    this.column = column;
    this.detail = detail;
  }
}

/** A marker comparison that PEP 508 leaves undefined (`~=`/`===` on values that are not versions). */
export class MarkerEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MarkerEvaluationError';
  }
}

export type MarkerVariable =
  | 'python_version'
  | 'python_full_version'
  | 'os_name'
  | 'sys_platform'
  | 'platform_release'
  | 'platform_system'
  | 'platform_version'
  | 'platform_machine'
  | 'platform_python_implementation'
  | 'implementation_name'
  | 'implementation_version'
  | 'extra'
  // PEP 751 (pylock.toml): sets of names, compared only with `in` / `not in` (`"dev" in dependency_groups`).
  | 'extras'
  | 'dependency_groups';

export type MarkerOp = '<' | '<=' | '!=' | '==' | '>=' | '>' | '~=' | '===' | 'in' | 'not in';

export type MarkerOperand = { kind: 'variable'; name: MarkerVariable } | { kind: 'string'; value: string };

/** Marker AST. `and` binds tighter than `or`; `parenthesized` records source parentheses (for formatting). */
export type MarkerNode =
  | { type: 'compare'; left: MarkerOperand; op: MarkerOp; right: MarkerOperand; parenthesized?: true }
  | { type: 'and' | 'or'; items: MarkerNode[]; parenthesized?: true };

export type MarkerEnvironment = Record<MarkerVariable, string>;

// ---------------------------------------------------------------------------------------------------------------
// Character classes

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
function isAlnum(c: string | undefined): boolean {
  return c !== undefined && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}
/** Python's regex `\w` for the ASCII input that matters here: keywords end at a non-word character. */
function isWordChar(c: string | undefined): boolean {
  return isAlnum(c) || c === '_';
}
function isNameChar(c: string | undefined): boolean {
  return isAlnum(c) || c === '-' || c === '_' || c === '.';
}
function isWs(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}
function isSep(c: string | undefined): boolean {
  return c === '-' || c === '_' || c === '.';
}

// ---------------------------------------------------------------------------------------------------------------
// PEP 440 version scanning, as packaging's Specifier regex accepts it per operator

type VersionMode = 'eq' | 'compatible' | 'ordered';

/** Case-insensitive literal match at `pos`; returns the end or -1. */
function matchWord(s: string, pos: number, word: string): number {
  if (s.length - pos < word.length) return -1;
  examined += word.length;
  for (let i = 0; i < word.length; i++) {
    if ((s[pos + i] as string).toLowerCase() !== word[i]) return -1;
  }
  return pos + word.length;
}

function skipDigits(s: string, pos: number): number {
  const start = pos;
  while (isDigit(s[pos])) pos++;
  examined += pos - start + 1;
  return pos;
}

const PRE_LABELS = ['alpha', 'beta', 'preview', 'pre', 'a', 'b', 'c', 'rc'];
const POST_LABELS = ['post', 'rev', 'r'];

/** `[-_.]?(label)[-_.]?[0-9]*`, trying labels in regex order; -1 when absent. */
function scanLabelled(s: string, pos: number, labels: string[]): number {
  let p = pos;
  if (isSep(s[p])) p++;
  for (const label of labels) {
    const end = matchWord(s, p, label);
    if (end < 0) continue;
    let q = end;
    // `[-_.]?[0-9]*`: the separator may stand alone
    if (isSep(s[q])) q++;
    return skipDigits(s, q);
  }
  return -1;
}

function scanPre(s: string, pos: number): number {
  const end = scanLabelled(s, pos, PRE_LABELS);
  return end < 0 ? pos : end;
}

function scanPost(s: string, pos: number): number {
  if (s[pos] === '-' && isDigit(s[pos + 1])) return skipDigits(s, pos + 1);
  const end = scanLabelled(s, pos, POST_LABELS);
  return end < 0 ? pos : end;
}

function scanDev(s: string, pos: number): number {
  const end = scanLabelled(s, pos, ['dev']);
  return end < 0 ? pos : end;
}

/** `\+[a-z0-9]+(?:[-_.][a-z0-9]+)*`; returns pos when absent. */
function scanLocal(s: string, pos: number): number {
  if (s[pos] !== '+' || !isAlnum(s[pos + 1])) return pos;
  let p = pos + 1;
  for (;;) {
    const start = p;
    while (isAlnum(s[p])) p++;
    examined += p - start + 1;
    if (isSep(s[p]) && isAlnum(s[p + 1])) p++;
    else return p;
  }
}

/**
 * Scans a version for the given operator class. Returns the end position, or -1 when no version starts here.
 * Each optional part is tried greedily and dropped when it does not match, as the regex would.
 */
function scanVersion(s: string, start: number, mode: VersionMode): number {
  let p = start;
  if (s[p] === 'v' || s[p] === 'V') p++;
  if (!isDigit(s[p])) return -1;
  // epoch: digits followed by `!`
  const epochEnd = skipDigits(s, p);
  if (s[epochEnd] === '!') {
    if (!isDigit(s[epochEnd + 1])) return -1;
    p = epochEnd + 1;
  }
  p = skipDigits(s, p);
  let segments = 1;
  while (s[p] === '.' && isDigit(s[p + 1])) {
    p = skipDigits(s, p + 1);
    segments++;
  }
  if (mode === 'compatible' && segments < 2) return -1;
  if (mode === 'eq' && s[p] === '.' && s[p + 1] === '*') return p + 2;
  p = scanPre(s, p);
  p = scanPost(s, p);
  p = scanDev(s, p);
  if (mode === 'eq') p = scanLocal(s, p);
  return p;
}

const OPERATORS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>'] as const;
type SpecOp = (typeof OPERATORS)[number];

function scanOperator(s: string, pos: number): SpecOp | undefined {
  for (const op of OPERATORS) {
    if (s.startsWith(op, pos)) return op;
  }
  return undefined;
}

interface ScannedSpecifier {
  text: string;
  end: number;
}

/** One `op version` at pos (whitespace allowed between them), or undefined when none starts here. */
function scanSpecifier(s: string, pos: number): ScannedSpecifier | undefined {
  const op = scanOperator(s, pos);
  if (op === undefined) return undefined;
  let vStart = pos + op.length;
  while (isWs(s[vStart])) vStart++;
  if (op === '===') {
    // arbitrary equality: anything up to whitespace, `;` or `)`; an empty version is no specifier
    let p = vStart;
    while (p < s.length && !isWs(s[p]) && s[p] !== ';' && s[p] !== ')' && s[p] !== '\n' && s[p] !== '\r') p++;
    examined += p - vStart + 1;
    return p === vStart ? undefined : { text: `===${s.slice(vStart, p)}`, end: p };
  }
  const mode: VersionMode = op === '==' || op === '!=' ? 'eq' : op === '~=' ? 'compatible' : 'ordered';
  const end = scanVersion(s, vStart, mode);
  if (end < 0) return undefined;
  return { text: `${op}${s.slice(vStart, end)}`, end };
}

// ---------------------------------------------------------------------------------------------------------------
// Requirement scanner

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }
  atEnd(): boolean {
    return this.pos >= this.text.length;
  }
  skipWs(): boolean {
    const start = this.pos;
    while (isWs(this.text[this.pos])) this.pos++;
    examined += this.pos - start + 1;
    return this.pos > start;
  }
  fail(detail: string, at: number = this.pos): never {
    throw new Pep508SyntaxError(detail, at + 1);
  }
  describeHere(): string {
    if (this.atEnd()) return 'end of input';
    const c = this.text[this.pos] as string;
    return `'${oneLine(c)}'`;
  }
}

/** Input quoted in a message: control characters (a newline inside a quoted shell word) shown escaped, so the message stays one line. */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

function scanIdentifier(sc: Scanner, what: string): string {
  const start = sc.pos;
  if (!isAlnum(sc.peek())) sc.fail(`expected ${what}, found ${sc.describeHere()}`);
  while (isNameChar(sc.peek())) sc.pos++;
  const end = sc.pos;
  // PEP 508: a name ends with a letter or digit
  while (sc.pos > start && !isAlnum(sc.text[sc.pos - 1])) sc.pos--;
  examined += 2 * end - start - sc.pos + 1;
  return sc.text.slice(start, sc.pos);
}

function scanExtras(sc: Scanner): string[] {
  const extras: string[] = [];
  if (sc.peek() !== '[') return extras;
  const open = sc.pos;
  sc.pos++;
  sc.skipWs();
  if (sc.peek() === ']') {
    sc.pos++;
    return extras;
  }
  for (;;) {
    extras.push(scanIdentifier(sc, 'extra name'));
    sc.skipWs();
    if (sc.peek() === ',') {
      sc.pos++;
      sc.skipWs();
      if (!isAlnum(sc.peek())) sc.fail(`expected extra name after comma, found ${sc.describeHere()}`);
      continue;
    }
    if (sc.peek() === ']') {
      sc.pos++;
      return extras;
    }
    if (sc.atEnd()) sc.fail(`'[' at column ${open + 1} is never closed`);
    sc.fail(`expected ',' or ']' in extras, found ${sc.describeHere()}`);
  }
}

function scanVersionMany(sc: Scanner): string[] {
  const specs: string[] = [];
  for (;;) {
    const spec = scanSpecifier(sc.text, sc.pos);
    if (spec === undefined) break;
    sc.pos = spec.end;
    if (sc.peek() === '.' && sc.peek(1) === '*') {
      sc.fail('a .* suffix can only be used with == or != operators');
    }
    if (sc.peek() === '+' && isAlnum(sc.peek(1))) {
      sc.fail('a local version label can only be used with == or != operators');
    }
    specs.push(spec.text);
    sc.skipWs();
    if (sc.peek() !== ',') break;
    sc.pos++;
    sc.skipWs();
  }
  return specs;
}

/** Parses one PEP 508 requirement (`name[extras] (specifiers) ; marker` or `name[extras] @ url ; marker`). */
export function parseRequirement(text: string): Pep508Requirement {
  try {
    return readRequirement(text);
  } finally {
    flushExamined();
  }
}

function readRequirement(text: string): Pep508Requirement {
  const sc = new Scanner(text);
  sc.skipWs();
  const name = scanIdentifier(sc, 'package name');
  sc.skipWs();
  const extras = scanExtras(sc);
  sc.skipWs();
  const result: Pep508Requirement = { name, extras, specifier: '' };

  if (sc.peek() === '@') {
    sc.pos++;
    sc.skipWs();
    const urlStart = sc.pos;
    while (!sc.atEnd() && !isWs(sc.peek())) sc.pos++;
    examined += sc.pos - urlStart + 1;
    const url = text.slice(urlStart, sc.pos);
    if (url === '') sc.fail('expected URL after @');
    if (!hasUrlScheme(url)) sc.fail(`expected a URL (scheme://host/… or file:…) after @, found '${oneLine(url.length > 60 ? `${url.slice(0, 60)}…` : url)}'`, urlStart);
    result.url = url;
    if (sc.atEnd()) return result;
    sc.skipWs();
    if (sc.atEnd()) return result;
    if (sc.peek() !== ';') sc.fail(`expected end or ';' after URL, found ${sc.describeHere()}`);
  } else {
    let specs: string[];
    if (sc.peek() === '(') {
      const open = sc.pos;
      sc.pos++;
      sc.skipWs();
      specs = scanVersionMany(sc);
      sc.skipWs();
      if (sc.peek() !== ')') {
        sc.fail(
          specs.length === 0
            ? `expected a version specifier or ')', found ${sc.describeHere()}`
            : `expected ')' to close '(' at column ${open + 1}, found ${sc.describeHere()}`,
        );
      }
      sc.pos++;
    } else {
      specs = scanVersionMany(sc);
    }
    result.specifier = specs.join(',');
    sc.skipWs();
    if (sc.atEnd()) return result;
    if (sc.peek() !== ';') {
      sc.fail(
        specs.length > 0
          ? `expected end or ';' after version specifier, found ${sc.describeHere()}`
          : `expected a version specifier, '[', '@', ';' or end after name, found ${sc.describeHere()}`,
      );
    }
  }
  // at ';'
  sc.pos++;
  const markerStart = sc.pos;
  parseMarkerExpression(sc, 0);
  sc.skipWs();
  if (!sc.atEnd()) sc.fail(`expected 'and', 'or' or end of marker, found ${sc.describeHere()}`);
  result.marker = text.slice(markerStart).trim();
  return result;
}

/**
 * `scheme://authority…`, or `file:…` (RFC 3986 scheme: a letter, then letters, digits, `+`, `-`, `.`). As packaging
 * did before 23, a URL without an authority is refused, so `git@host:repo` is not read as `name @ url`.
 */
function hasUrlScheme(url: string): boolean {
  if (!/^[A-Za-z]/.test(url)) return false;
  let i = 1;
  while (i < url.length && (isAlnum(url[i]) || url[i] === '+' || url[i] === '-' || url[i] === '.')) i++;
  examined += i + 1;
  if (url[i] !== ':') return false;
  if (url.slice(0, i).toLowerCase() === 'file') return i + 1 < url.length;
  return url.startsWith('//', i + 1) && i + 3 < url.length && url[i + 3] !== '/';
}

/** The version of a single exact pin (`==X` without wildcard, or `===X`); undefined otherwise. */
export function exactPinOf(specifier: string): string | undefined {
  const spec = specifier.trim();
  if (spec === '' || spec.includes(',')) return undefined;
  if (spec.startsWith('===')) {
    const version = spec.slice(3).trim();
    return version === '' ? undefined : version;
  }
  if (spec.startsWith('==')) {
    const version = spec.slice(2).trim();
    if (version === '' || version.endsWith('.*')) return undefined;
    return version;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Markers

/** Accepted spellings (PEP 508 plus the legacy dotted forms packaging still reads) mapped to the canonical variable. */
const MARKER_VARIABLES: ReadonlyMap<string, MarkerVariable> = new Map<string, MarkerVariable>([
  ['python_version', 'python_version'],
  ['python_full_version', 'python_full_version'],
  ['os_name', 'os_name'],
  ['os.name', 'os_name'],
  ['sys_platform', 'sys_platform'],
  ['sys.platform', 'sys_platform'],
  ['platform_release', 'platform_release'],
  ['platform_system', 'platform_system'],
  ['platform_version', 'platform_version'],
  ['platform.version', 'platform_version'],
  ['platform_machine', 'platform_machine'],
  ['platform.machine', 'platform_machine'],
  ['platform_python_implementation', 'platform_python_implementation'],
  ['platform.python_implementation', 'platform_python_implementation'],
  ['python_implementation', 'platform_python_implementation'],
  ['implementation_name', 'implementation_name'],
  ['implementation_version', 'implementation_version'],
  ['extra', 'extra'],
  ['extras', 'extras'],
  ['dependency_groups', 'dependency_groups'],
]);

/** A keyword at the scanner position that is not followed by a word character (regex `\bword\b`). */
function atKeyword(sc: Scanner, word: string): boolean {
  return sc.text.startsWith(word, sc.pos) && !isWordChar(sc.text[sc.pos + word.length]);
}

function parseMarkerExpression(sc: Scanner, depth: number): MarkerNode {
  // or-list of and-lists
  const orItems: MarkerNode[] = [];
  let andItems: MarkerNode[] = [parseMarkerAtom(sc, depth)];
  for (;;) {
    sc.skipWs();
    if (atKeyword(sc, 'and')) {
      sc.pos += 3;
      andItems.push(parseMarkerAtom(sc, depth));
    } else if (atKeyword(sc, 'or')) {
      sc.pos += 2;
      orItems.push(andItems.length === 1 ? (andItems[0] as MarkerNode) : { type: 'and', items: andItems });
      andItems = [parseMarkerAtom(sc, depth)];
    } else {
      break;
    }
  }
  const last: MarkerNode = andItems.length === 1 ? (andItems[0] as MarkerNode) : { type: 'and', items: andItems };
  if (orItems.length === 0) return last;
  orItems.push(last);
  return { type: 'or', items: orItems };
}

function parseMarkerAtom(sc: Scanner, depth: number): MarkerNode {
  sc.skipWs();
  if (sc.peek() === '(') {
    const open = sc.pos;
    sc.pos++;
    // Each '(' costs a stack frame: cap nesting so hostile input fails as a syntax error, not a stack overflow.
    if (depth >= MAX_MARKER_DEPTH) sc.fail(`marker nests parentheses deeper than ${MAX_MARKER_DEPTH}`);
    const inner = parseMarkerExpression(sc, depth + 1);
    sc.skipWs();
    if (sc.peek() !== ')') sc.fail(`expected ')' to close '(' at column ${open + 1}, found ${sc.describeHere()}`);
    sc.pos++;
    return { ...inner, parenthesized: true };
  }
  const left = parseMarkerOperand(sc);
  sc.skipWs();
  const op = parseMarkerOp(sc);
  sc.skipWs();
  const right = parseMarkerOperand(sc);
  return { type: 'compare', left, op, right };
}

const MAX_MARKER_DEPTH = 100;

function parseMarkerOperand(sc: Scanner): MarkerOperand {
  const c = sc.peek();
  if (c === '"' || c === "'") {
    const close = sc.text.indexOf(c, sc.pos + 1);
    examined += (close < 0 ? sc.text.length : close) - sc.pos;
    if (close < 0) sc.fail(`unterminated string starting with ${c}`);
    const value = sc.text.slice(sc.pos + 1, close);
    sc.pos = close + 1;
    return { kind: 'string', value };
  }
  // variable names are [a-z_.]; take the run and look it up
  const start = sc.pos;
  let p = start;
  while (isWordChar(sc.text[p]) || sc.text[p] === '.') p++;
  examined += p - start + 1;
  const word = sc.text.slice(start, p);
  const variable = MARKER_VARIABLES.get(word);
  if (variable === undefined) {
    sc.fail(
      word === ''
        ? `expected a marker variable or quoted string, found ${sc.describeHere()}`
        : `unknown marker variable '${word.length > 40 ? `${word.slice(0, 40)}…` : word}'`,
    );
  }
  sc.pos = p;
  return { kind: 'variable', name: variable };
}

function parseMarkerOp(sc: Scanner): MarkerOp {
  if (atKeyword(sc, 'in')) {
    sc.pos += 2;
    return 'in';
  }
  if (atKeyword(sc, 'not')) {
    sc.pos += 3;
    if (!sc.skipWs()) sc.fail("expected whitespace after 'not'");
    if (!atKeyword(sc, 'in')) sc.fail(`expected 'in' after 'not', found ${sc.describeHere()}`);
    sc.pos += 2;
    return 'not in';
  }
  for (const op of ['===', '==', '~=', '!=', '<=', '>=', '<', '>'] as const) {
    if (sc.text.startsWith(op, sc.pos)) {
      sc.pos += op.length;
      return op;
    }
  }
  return sc.fail(
    `expected a marker operator (<=, <, !=, ==, >=, >, ~=, ===, in, not in), found ${sc.describeHere()}`,
  );
}

/** Parses a marker expression (the text after `;` in a requirement). */
export function parseMarker(text: string): MarkerNode {
  try {
    const sc = new Scanner(text);
    const node = parseMarkerExpression(sc, 0);
    sc.skipWs();
    if (!sc.atEnd()) sc.fail(`expected 'and', 'or' or end of marker, found ${sc.describeHere()}`);
    return node;
  } finally {
    flushExamined();
  }
}

/** The marker in packaging's normalized spelling (`os_name == "a" and (…)`), for comparing markers. */
export function formatMarker(node: MarkerNode): string {
  let body: string;
  if (node.type === 'compare') {
    body = `${formatOperand(node.left)} ${node.op} ${formatOperand(node.right)}`;
  } else {
    body = node.items.map(formatMarker).join(` ${node.type} `);
  }
  return node.parenthesized ? `(${body})` : body;
}

function formatOperand(operand: MarkerOperand): string {
  return operand.kind === 'variable' ? operand.name : `"${operand.value}"`;
}

/**
 * Evaluates a marker against an environment, as packaging does: when `op rhs` is a valid PEP 440 specifier and the
 * left side a valid version, version semantics (pre-releases included); otherwise string comparison. `extra` values
 * are compared PEP 503-normalized. Throws Pep508SyntaxError for invalid marker text, and MarkerEvaluationError for
 * `~=`/`===` on values that are not versions (PEP 508 leaves those undefined; we do not guess).
 */
export function evaluateMarker(marker: string | MarkerNode, env: MarkerEnvironment): boolean {
  const node = typeof marker === 'string' ? parseMarker(marker) : marker;
  return evaluateNode(node, env);
}

function evaluateNode(node: MarkerNode, env: MarkerEnvironment): boolean {
  switch (node.type) {
    case 'and':
      return node.items.every((item) => evaluateNode(item, env));
    case 'or':
      return node.items.some((item) => evaluateNode(item, env));
    case 'compare': {
      const set = setOperand(node);
      if (set !== undefined) {
        // PEP 751: a set-valued variable; `"name" in extras` is membership of the normalized name.
        const members = (env[set.variable] ?? '').split(',').filter(Boolean).map(normalizePypiName);
        const found = members.includes(normalizePypiName(set.name));
        return node.op === 'in' ? found : !found;
      }
      const isExtra =
        (node.left.kind === 'variable' && node.left.name === 'extra') ||
        (node.right.kind === 'variable' && node.right.name === 'extra');
      let lhs = operandValue(node.left, env);
      let rhs = operandValue(node.right, env);
      if (isExtra) {
        lhs = normalizePypiName(lhs);
        rhs = normalizePypiName(rhs);
      }
      return compareValues(lhs, node.op, rhs);
    }
  }
}

/** `"name" in extras` / `"name" not in dependency_groups`: the name and the set variable, else undefined. */
export function setOperand(node: Extract<MarkerNode, { type: 'compare' }>): { name: string; variable: 'extras' | 'dependency_groups' } | undefined {
  const isSet = (o: MarkerOperand) => o.kind === 'variable' && (o.name === 'extras' || o.name === 'dependency_groups');
  if (!isSet(node.left) && !isSet(node.right)) return undefined;
  if (node.right.kind !== 'variable' || node.left.kind !== 'string' || (node.op !== 'in' && node.op !== 'not in')) {
    throw new MarkerEvaluationError(`${formatMarker(node)}: extras and dependency_groups are sets, compared only as "name" in ${node.right.kind === 'variable' ? node.right.name : 'extras'}`);
  }
  return { name: node.left.value, variable: node.right.name as 'extras' | 'dependency_groups' };
}

function operandValue(operand: MarkerOperand, env: MarkerEnvironment): string {
  return operand.kind === 'string' ? operand.value : (env[operand.name] ?? '');
}

// A tree repeats the same few version comparisons (`python_version >= "3.8"`) thousands of times, and each one
// costs a PEP 440 parse of both sides; their answers never change.
const versionComparisons = new Map<string, boolean>();
const MAX_VERSION_COMPARISONS = 10_000;

function compareVersions(lhs: string, op: MarkerOp, rhs: string): boolean | undefined {
  const key = `${lhs}\u0000${op}\u0000${rhs}`;
  const known = versionComparisons.get(key);
  if (known !== undefined) return known;
  if (pep440Valid(lhs) === null || !pep440ValidRange(`${op}${rhs}`)) return undefined;
  const result = pep440Satisfies(lhs, `${op}${rhs}`, { prereleases: true });
  if (versionComparisons.size < MAX_VERSION_COMPARISONS) versionComparisons.set(key, result);
  return result;
}

function compareValues(lhs: string, op: MarkerOp, rhs: string): boolean {
  if (op === 'in') return rhs.includes(lhs);
  if (op === 'not in') return !rhs.includes(lhs);
  const asVersions = op === '===' ? undefined : compareVersions(lhs, op, rhs);
  if (asVersions !== undefined) return asVersions;
  switch (op) {
    case '==':
      return lhs === rhs;
    case '!=':
      return lhs !== rhs;
    case '<':
      return lhs < rhs;
    case '<=':
      return lhs <= rhs;
    case '>':
      return lhs > rhs;
    case '>=':
      return lhs >= rhs;
    case '===':
      // arbitrary equality is a case-insensitive string match (packaging's Specifier._compare_arbitrary)
      return lhs.toLowerCase() === rhs.toLowerCase();
    case '~=':
      throw new MarkerEvaluationError(`undefined comparison '${lhs}' ~= '${rhs}': both sides must be versions`);
  }
}

/**
 * The marker environment of a Linux x86_64 CPython image. `pythonVersion` is `3.12` or `3.12.1`; when only
 * major.minor is known the full version is taken as `.0`.
 */
export function markerEnvironment(pythonVersion: string, overrides: Partial<MarkerEnvironment> = {}): MarkerEnvironment {
  const parts = pythonVersion.trim().split('.');
  if (parts.length < 2 || parts.length > 3 || !parts.every((part) => part !== '' && isAllDigits(part))) {
    throw new UsageError(`python version '${pythonVersion}' is not of the form 3.12 or 3.12.1`);
  }
  const short = `${parts[0]}.${parts[1]}`;
  const full = parts.length === 3 ? parts.join('.') : `${short}.0`;
  return {
    python_version: short,
    python_full_version: full,
    os_name: 'posix',
    sys_platform: 'linux',
    platform_release: '',
    platform_system: 'Linux',
    platform_version: '',
    platform_machine: 'x86_64',
    platform_python_implementation: 'CPython',
    implementation_name: 'cpython',
    implementation_version: full,
    extra: '',
    // Comma-separated names (PEP 751 sets): no extras and no dependency groups unless a lock selects them.
    extras: '',
    dependency_groups: '',
    ...definedOnly(overrides),
  };
}

function isAllDigits(s: string): boolean {
  for (const c of s) if (!isDigit(c)) return false;
  return true;
}

function definedOnly(overrides: Partial<MarkerEnvironment>): Partial<MarkerEnvironment> {
  const out: Partial<MarkerEnvironment> = {};
  for (const [key, value] of Object.entries(overrides) as [MarkerVariable, string | undefined][]) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}
