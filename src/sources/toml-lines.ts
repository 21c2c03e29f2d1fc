// TOML manifests (Pipfile, pyproject.toml, poetry.lock) parsed with smol-toml, plus a line index: smol-toml
// returns plain values without positions, so a second linear pass over the (already validated) text records
// the 1-based line where every key, table header and array element starts. Parsers ask the index for the line
// of a value path such as ['package', 3, 'name'].
import { parse as parseToml, TomlError } from 'smol-toml';
import type { TomlTable, TomlValue } from 'smol-toml';
import { InputError } from '../errors';
import { countWork } from '../work-meter';

export type { TomlTable, TomlValue };

/** A path into a TOML document: table keys and array indexes (arrays of tables count as arrays). */
export type TomlPath = ReadonlyArray<string | number>;

/** Nesting limit handed to smol-toml; deeper input is refused as a syntax error, never a stack overflow. */
export const TOML_MAX_DEPTH = 200;

export interface TomlDocument {
  data: TomlTable;
  lines: TomlLineIndex;
}

/** Parses TOML; malformed input throws InputError('E_MANIFEST_SYNTAX') naming the line smol-toml reports. */
export function parseTomlWithLines(text: string, file: string): TomlDocument {
  let data: TomlTable;
  try {
    // 'asNeeded': integers too large for a double are valid TOML; no manifest field we read is an integer.
    data = parseToml(text, { integersAsBigInt: 'asNeeded', maxDepth: TOML_MAX_DEPTH });
  } catch (error) {
    if (error instanceof TomlError) {
      const detail = (error.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
      throw new InputError('E_MANIFEST_SYNTAX', file, error.line, `invalid TOML: ${detail}`, error.column);
    }
    // smol-toml should only throw TomlError; anything else is still this file's fault, reported as such.
    throw new InputError('E_MANIFEST_SYNTAX', file, undefined, `invalid TOML: ${String(error).split('\n')[0]}`);
  }
  return { data, lines: indexTomlLines(text) };
}

/** Line numbers of the keys, headers and array elements of one TOML document. */
export class TomlLineIndex {
  // A tree of path parts (keys and array indexes, which a Map keeps apart: 0 is not "0"). A poetry.lock has tens
  // of thousands of paths (every file hash), and walking a few map levels is cheaper than encoding each path into
  // a string key, which was a quarter of reading a lock.
  // The scanner extends it one part at a time from the node it stands on (a table, a key, an array), never from the
  // root: a dotted key of n parts is n steps, not n prefixes of up to n parts each.
  /** @internal */
  readonly root: LineNode = {};

  /** @internal the node of `part` under `node`, created when new. */
  child(node: LineNode, part: string | number): LineNode {
    countWork('toml.keyParts');
    const known = childOf(node, part);
    if (known !== undefined) return known;
    const child: LineNode = {};
    if (node.firstChild === undefined) {
      node.firstPart = part;
      node.firstChild = child;
    } else {
      node.children ??= new Map();
      node.children.set(part, child);
    }
    return child;
  }

  /** @internal records the first place a node is defined (later dotted keys may only extend it). */
  mark(node: LineNode, line: number, column: number): void {
    if (node.line !== undefined) return;
    node.line = line;
    node.column = column;
  }

  /** The line where `path` is defined, or undefined when the text never names it. */
  exact(path: TomlPath): number | undefined {
    countWork('toml.keyParts', path.length);
    let node: LineNode | undefined = this.root;
    for (const part of path) {
      node = childOf(node, part);
      if (node === undefined) return undefined;
    }
    return node.line;
  }

  /** The line of `path`, else of its nearest named ancestor, else 1. */
  lineOf(path: TomlPath): number {
    return this.placeOf(path).line;
  }

  /** The line and column where `path` (else its nearest named ancestor) starts; line 1 and no column when none is. */
  placeOf(path: TomlPath): { line: number; column?: number } {
    countWork('toml.keyParts', path.length);
    let node: LineNode | undefined = this.root;
    let place: { line: number; column?: number } = { line: 1 };
    for (const part of path) {
      node = childOf(node, part);
      if (node === undefined) break;
      if (node.line !== undefined) place = { line: node.line, ...(node.column !== undefined ? { column: node.column } : {}) };
    }
    return place;
  }
}

/** @internal */
export interface LineNode {
  line?: number;
  column?: number;
  // Most nodes have one child (a dotted key, a table with one key): it is kept in two fields, and a Map is made
  // only for the second, which spares the garbage collector a Map per node on long dotted keys.
  firstPart?: string | number;
  firstChild?: LineNode;
  children?: Map<string | number, LineNode>;
}

function childOf(node: LineNode, part: string | number): LineNode | undefined {
  // Map keys compare with SameValueZero, so 0 is not "0"; === keeps that distinction too.
  if (node.firstChild !== undefined && node.firstPart === part) return node.firstChild;
  return node.children?.get(part);
}

/**
 * Builds the line index. The text must already have been accepted by smol-toml: this scanner follows the
 * grammar only as far as needed to know where each key and value starts, and it always advances, so it is
 * linear even on input it does not expect.
 */
export function indexTomlLines(text: string): TomlLineIndex {
  const scanner = new LineScanner(text);
  try {
    return scanner.run();
  } finally {
    countWork('toml.chars', scanner.examined);
  }
}

const BARE_KEY = /[A-Za-z0-9_-]/;

class LineScanner {
  private pos = 0;
  private line = 1;
  /** Offset where the current line starts, for columns. */
  private lineStart = 0;
  private readonly index = new TomlLineIndex();
  /** Arrays of tables (`[[x]]`) by their node, and how many tables each has so far. */
  private readonly tableArrays = new Map<LineNode, number>();
  /** Characters examined, per step (`toml.chars` on the work meter). */
  examined = 0;

  constructor(private readonly text: string) {}

  run(): TomlLineIndex {
    let table = this.index.root;
    const text = this.text;
    while (this.pos < text.length) {
      this.skipBlank(true);
      if (this.pos >= text.length) break;
      const c = text[this.pos];
      if (c === '[') {
        const isArray = text[this.pos + 1] === '[';
        const line = this.line;
        const column = this.column();
        this.pos += isArray ? 2 : 1;
        const keys = this.readKey();
        table = this.resolveHeader(keys, isArray);
        this.index.mark(table, line, column);
        this.skipRestOfLine();
      } else {
        const start = this.pos;
        this.keyValue(table);
        if (this.pos === start) this.pos++;
        this.skipRestOfLine();
      }
    }
    return this.index;
  }

  /** Walks header keys from the root, stepping into the latest table of every array of tables on the way. */
  private resolveHeader(keys: string[], isArray: boolean): LineNode {
    let node = this.index.root;
    keys.forEach((key, i) => {
      node = this.index.child(node, key);
      const count = this.tableArrays.get(node);
      if (isArray && i === keys.length - 1) {
        this.tableArrays.set(node, (count ?? 0) + 1);
        node = this.index.child(node, count ?? 0);
      } else if (count !== undefined) {
        node = this.index.child(node, count - 1);
      }
    });
    return node;
  }

  /** `key = value` at the scanner position, inside table `base`. */
  private keyValue(base: LineNode): void {
    this.skipSpaces();
    const line = this.line;
    const column = this.column();
    const keys = this.readKey();
    if (keys.length === 0) return;
    let node = base;
    for (const key of keys) {
      node = this.index.child(node, key);
      this.index.mark(node, line, column);
    }
    this.skipSpaces();
    if (this.text[this.pos] !== '=') return;
    this.pos++;
    this.skipSpaces();
    this.value(node);
  }

  private value(node: LineNode): void {
    const text = this.text;
    const c = text[this.pos];
    if (c === '"' || c === "'") {
      this.skipString();
    } else if (c === '[') {
      this.pos++;
      let i = 0;
      for (;;) {
        this.skipBlank(true);
        const next = text[this.pos];
        if (next === undefined) return;
        if (next === ']') {
          this.pos++;
          return;
        }
        if (next === ',') {
          this.pos++;
          continue;
        }
        const element = this.index.child(node, i);
        this.index.mark(element, this.line, this.column());
        const start = this.pos;
        this.value(element);
        if (this.pos === start) this.pos++;
        i++;
      }
    } else if (c === '{') {
      this.pos++;
      for (;;) {
        this.skipBlank(true);
        const next = text[this.pos];
        if (next === undefined) return;
        if (next === '}') {
          this.pos++;
          return;
        }
        if (next === ',') {
          this.pos++;
          continue;
        }
        const start = this.pos;
        this.keyValue(node);
        if (this.pos === start) this.pos++;
      }
    } else {
      // Numbers, booleans, dates (which may hold a space): up to the next delimiter.
      const start = this.pos;
      while (this.pos < text.length && !',]}\n\r#'.includes(text[this.pos] as string)) this.pos++;
      this.examined += this.pos - start + 1;
    }
  }

  /** A dotted key (bare, "basic" or 'literal' parts); stops before `=` or `]`. */
  private readKey(): string[] {
    const text = this.text;
    const keys: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = text[this.pos];
      if (c === '"') {
        const start = this.pos;
        this.skipString();
        this.examined += this.pos - start;
        keys.push(decodeBasicString(text.slice(start + 1, this.pos - 1)));
      } else if (c === "'") {
        const start = this.pos;
        this.skipString();
        keys.push(text.slice(start + 1, this.pos - 1));
      } else if (c !== undefined && BARE_KEY.test(c)) {
        const start = this.pos;
        while (this.pos < text.length && BARE_KEY.test(text[this.pos] as string)) this.pos++;
        this.examined += this.pos - start + 1;
        keys.push(text.slice(start, this.pos));
      } else {
        return keys;
      }
      this.skipSpaces();
      if (text[this.pos] !== '.') return keys;
      this.pos++;
    }
  }

  /** Skips one string of any of the four kinds, counting the newlines inside multi-line strings. */
  private skipString(): void {
    const text = this.text;
    const quote = text[this.pos] as string;
    const triple = quote + quote + quote;
    const start = this.pos;
    if (text.startsWith(triple, this.pos)) {
      let end = text.indexOf(triple, this.pos + 3);
      while (quote === '"' && end >= 0 && isEscaped(text, end)) end = text.indexOf(triple, end + 1);
      if (end < 0) {
        this.countNewlines(this.pos, text.length);
        this.pos = text.length;
        this.examined += this.pos - start;
        return;
      }
      // The closing run may hold up to two more quotes (`"""a"""""` is `a""`).
      let run = 0;
      while (run < 5 && text[end + run] === quote) run++;
      end += run;
      this.countNewlines(this.pos, end);
      this.pos = end;
      this.examined += this.pos - start;
      return;
    }
    let p = this.pos + 1;
    while (p < text.length && text[p] !== quote && text[p] !== '\n') {
      if (quote === '"' && text[p] === '\\') p++;
      p++;
    }
    this.pos = Math.min(p + 1, text.length);
    this.examined += this.pos - start;
  }

  private countNewlines(from: number, to: number): void {
    this.examined += to - from;
    for (let p = this.text.indexOf('\n', from); p >= 0 && p < to; p = this.text.indexOf('\n', p + 1)) {
      this.line++;
      this.lineStart = p + 1;
    }
  }

  private column(): number {
    return this.pos - this.lineStart + 1;
  }

  private skipSpaces(): void {
    const start = this.pos;
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
    this.examined += this.pos - start + 1;
  }

  /** Whitespace, comments and (when allowed) newlines. */
  private skipBlank(newlines: boolean): void {
    const text = this.text;
    for (;;) {
      this.examined++;
      const c = text[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') this.pos++;
      else if (c === '\n' && newlines) {
        this.line++;
        this.pos++;
        this.lineStart = this.pos;
      } else if (c === '#') {
        const end = text.indexOf('\n', this.pos);
        this.examined += (end < 0 ? text.length : end) - this.pos;
        this.pos = end < 0 ? text.length : end;
      } else return;
    }
  }

  /** After a statement only a comment may follow on the line. */
  private skipRestOfLine(): void {
    const end = this.text.indexOf('\n', this.pos);
    this.examined += (end < 0 ? this.text.length : end) - this.pos;
    this.pos = end < 0 ? this.text.length : end;
  }
}

/** True when the character at `pos` is preceded by an odd number of backslashes. */
function isEscaped(text: string, pos: number): boolean {
  let count = 0;
  for (let p = pos - 1; p >= 0 && text[p] === '\\'; p--) count++;
  return count % 2 === 1;
}

const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };

/** The value of a one-line basic string's body (between the quotes). */
function decodeBasicString(body: string): string {
  return body.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)/g, (whole, escape: string) => {
    if (escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    return SIMPLE_ESCAPES[escape] ?? whole;
  });
}
