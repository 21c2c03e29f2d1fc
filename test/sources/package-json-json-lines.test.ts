import fc from 'fast-check';
import { isInputError } from '../../src/errors';
import { jsonMember, MAX_DEPTH, parseJsonWithLines } from '../../src/sources/json-lines';
import type { JsonNode } from '../../src/sources/json-lines';

/** The plain value a located tree stands for, to compare with JSON.parse. */
function plain(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(node.members.map((m) => [m.key, plain(m.value)]));
    case 'array':
      return node.items.map(plain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

describe('parseJsonWithLines (the JSON reader behind package.json / package-lock.json / pip list)', () => {
  test('agrees with JSON.parse on any JSON value, pretty-printed or not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        expect(plain(parseJsonWithLines(text, 'f'))).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  test('throws only InputError on malformed input, and rejects what JSON.parse rejects', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        let ours: unknown;
        let theirs: unknown;
        try { parseJsonWithLines(text, 'f'); } catch (error) { ours = error; }
        try { JSON.parse(text); } catch (error) { theirs = error; }
        if (ours !== undefined) expect(isInputError(ours)).toBe(true);
        expect(ours === undefined).toBe(theirs === undefined);
      }),
      { numRuns: 2000 },
    );
  });

  test('records the line of each key', () => {
    const root = parseJsonWithLines('{\n  "a": 1,\n\n  "b": {\n    "c": "x"\n  }\n}', 'f');
    expect(jsonMember(root, 'a')?.line).toBe(2);
    expect(jsonMember(root, 'b')?.line).toBe(4);
    expect(jsonMember(jsonMember(root, 'b')?.value, 'c')?.line).toBe(5);
  });

  test('deep nesting is an InputError, not a stack overflow', () => {
    const deep = '['.repeat(MAX_DEPTH + 10) + ']'.repeat(MAX_DEPTH + 10);
    expect(() => parseJsonWithLines(deep, 'f')).toThrow(/nesting deeper/);
  });
});
