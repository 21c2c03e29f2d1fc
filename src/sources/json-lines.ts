// A JSON reader that keeps the line of every value and object key, so JSON manifests (package.json,
// package-lock.json, pip list output) can point findings at the line a package is named on. JSON.parse
// gives no positions. One pass, no recursion limit beyond MAX_DEPTH (deeper input is refused, never a
// stack overflow).
import { InputError } from '../errors';
import { countWork } from '../work-meter';

export type JsonNode =
  | { type: 'object'; line: number; members: JsonMember[] }
  | { type: 'array'; line: number; items: JsonNode[] }
  | { type: 'string'; line: number; value: string }
  | { type: 'number'; line: number; value: number }
  | { type: 'boolean'; line: number; value: boolean }
  | { type: 'null'; line: number };

export interface JsonMember {
  key: string;
  /** Line of the key (where a reader looks for the entry). */
  line: number;
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
  /** Characters examined, per token (`json.chars` on the work meter). */
  examined = 0;
  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  fail(detail: string): never {
    throw new InputError('E_MANIFEST_SYNTAX', this.file, this.line, `invalid JSON: ${detail}`);
  }

  skipSpace(): void {
    const text = this.text;
    for (;;) {
      this.examined++;
      const c = text.charCodeAt(this.pos);
      if (c === 0x0a) this.line++;
      else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return;
      this.pos++;
    }
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const line = this.line;
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object(depth);
      case '[':
        return this.array(depth);
      case '"':
        return { type: 'string', line, value: this.string() };
      case 't':
        return { type: 'boolean', line, value: this.literal('true', true) };
      case 'f':
        return { type: 'boolean', line, value: this.literal('false', false) };
      case 'n':
        this.literal('null', null);
        return { type: 'null', line };
      case undefined:
        return this.fail('unexpected end of input');
      default: {
        NUMBER_RE.lastIndex = this.pos;
        const match = NUMBER_RE.exec(this.text);
        if (!match) this.fail(`unexpected character ${JSON.stringify(c)}`);
        this.examined += match[0].length;
        this.pos += match[0].length;
        return { type: 'number', line, value: Number(match[0]) };
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
    const members: JsonMember[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { type: 'object', line, members };
    }
    for (;;) {
      this.examined += 2;
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const keyLine = this.line;
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after key ${JSON.stringify(key)}`);
      this.pos++;
      this.skipSpace();
      members.push({ key, line: keyLine, value: this.value(depth + 1) });
      this.skipSpace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === '}') return { type: 'object', line, members };
      if (next !== ',') this.fail("expected ',' or '}' in object");
      this.skipSpace();
    }
  }

  private array(depth: number): JsonNode {
    this.examined++;
    const line = this.line;
    const items: JsonNode[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { type: 'array', line, items };
    }
    for (;;) {
      this.examined++;
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.pos];
      this.pos++;
      if (next === ']') return { type: 'array', line, items };
      if (next !== ',') this.fail("expected ',' or ']' in array");
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
