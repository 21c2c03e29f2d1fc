// A JSON reader that keeps the line of every value and object key, so JSON manifests (package.json,
// package-lock.json, pip list output) can point findings at the line a package is named on. JSON.parse
// gives no positions. One pass, no recursion limit beyond MAX_DEPTH (deeper input is refused, never a
// stack overflow).
import { InputError } from '../errors';
import { countWork } from '../work-meter';

/** Every node knows the line and column (1-based) where it starts. */
export type JsonNode =
  | { type: 'object'; line: number; column: number; members: JsonMember[] }
  | { type: 'array'; line: number; column: number; items: JsonNode[] }
  | { type: 'string'; line: number; column: number; value: string }
  | { type: 'number'; line: number; column: number; value: number }
  | { type: 'boolean'; line: number; column: number; value: boolean }
  | { type: 'null'; line: number; column: number };

export interface JsonMember {
  key: string;
  /** Line and column of the key (where a reader looks for the entry). */
  line: number;
  column: number;
  value: JsonNode;
}

export type JsonObject = Extract<JsonNode, { type: 'object' }>;

/** Nesting deeper than this is not a real manifest (npm v1 lock trees nest a few dozen levels at most). */
export const MAX_DEPTH = 512;

const STRING_RE = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses JSON text; throws InputError (E_MANIFEST_SYNTAX, `file:line`) on malformed input. */
export function parseJsonWithLines(text: string, file: string): JsonNode {
  const reader = new Reader(text, file);
  try {
    reader.skipSpace();
    const root = reader.value(0);
    reader.skipSpace();
    if (reader.pos < text.length) reader.fail('unexpected text after the JSON value');
    return root;
  } finally {
    countWork('json.chars', reader.examined);
  }
}

class Reader {
  pos = 0;
  line = 1;
  /** Offset where the current line starts (JSON strings hold no raw newline, so only blanks move it). */
  lineStart = 0;
  /** Characters examined, per token (`json.chars` on the work meter). */
  examined = 0;
  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  get column(): number {
    return this.pos - this.lineStart + 1;
  }

  fail(detail: string): never {
    throw new InputError('E_MANIFEST_SYNTAX', this.file, this.line, `invalid JSON: ${detail}`, this.column);
  }

  skipSpace(): void {
    const text = this.text;
    for (;;) {
      this.examined++;
      const c = text.charCodeAt(this.pos);
      if (c === 0x0a) {
        this.line++;
        this.lineStart = this.pos + 1;
      } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return;
      this.pos++;
    }
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const line = this.line;
    const column = this.column;
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return { type: 'string', line, column, value: this.string() };
      case 't':
        return { type: 'boolean', line, column, value: this.literal('true', true) };
      case 'f':
        return { type: 'boolean', line, column, value: this.literal('false', false) };
      case 'n':
        this.literal('null', null);
        return { type: 'null', line, column };
      case undefined:
        return this.fail('unexpected end of input');
      default: {
        NUMBER_RE.lastIndex = this.pos;
        const match = NUMBER_RE.exec(this.text);
        if (!match) this.fail(`unexpected character ${JSON.stringify(c)}`);
        this.examined += match[0].length;
        this.pos += match[0].length;
        return { type: 'number', line, column, value: Number(match[0]) };
      }
    }
  }

  private literal<T>(word: string, result: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`unexpected character ${JSON.stringify(this.text[this.pos])}`);
    this.examined += word.length;
    this.pos += word.length;
    return result;
  }

  private string(): string {
    STRING_RE.lastIndex = this.pos;
    const match = STRING_RE.exec(this.text);
    if (!match) this.fail('unterminated or malformed string');
    // matched, then decoded: two passes over the token
    this.examined += 2 * match[0].length;
    this.pos += match[0].length;
    // The regex admits only valid escapes, so JSON.parse of the token cannot fail.
    return JSON.parse(match[0]) as string;
  }

  private object(depth: number): JsonNode {
    this.examined++;
    const line = this.line;
    const column = this.column;
    const members: JsonMember[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { type: 'object', line, column, members };
    }
    for (;;) {
      this.examined += 2;
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const keyLine = this.line;
      const keyColumn = this.column;
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after key ${JSON.stringify(key)}`);
      this.pos++;
      this.skipSpace();
      members.push({ key, line: keyLine, column: keyColumn, value: this.value(depth + 1) });
      this.skipSpace();
      const next = this.text[this.pos];
      if (next !== ',' && next !== '}') this.fail("expected ',' or '}' in object");
      this.pos++;
      if (next === '}') return { type: 'object', line, column, members };
      this.skipSpace();
    }
  }

  private array(depth: number): JsonNode {
    this.examined++;
    const line = this.line;
    const column = this.column;
    const items: JsonNode[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { type: 'array', line, column, items };
    }
    for (;;) {
      this.examined++;
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.pos];
      if (next !== ',' && next !== ']') this.fail("expected ',' or ']' in array");
      this.pos++;
      if (next === ']') return { type: 'array', line, column, items };
      this.skipSpace();
    }
  }
}

/** The member named `key` (the last one, as JSON.parse keeps the last duplicate). */
export function jsonMember(node: JsonNode | undefined, key: string): JsonMember | undefined {
  if (node?.type !== 'object') return undefined;
  for (let i = node.members.length - 1; i >= 0; i--) {
    const member = node.members[i];
    if (member !== undefined && member.key === key) return member;
  }
  return undefined;
}

export function jsonString(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' ? node.value : undefined;
}

export function jsonBoolean(node: JsonNode | undefined): boolean | undefined {
  return node?.type === 'boolean' ? node.value : undefined;
}

/** An object's members with duplicate keys collapsed to the last one (JSON.parse keeps the last value too). */
export function uniqueMembers(node: JsonNode | undefined): JsonMember[] {
  if (node?.type !== 'object') return [];
  countWork('json.members', node.members.length);
  const byKey = new Map<string, JsonMember>();
  for (const member of node.members) {
    byKey.delete(member.key);
    byKey.set(member.key, member);
  }
  return [...byKey.values()];
}
