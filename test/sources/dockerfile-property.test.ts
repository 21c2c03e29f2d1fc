import fs from 'node:fs';
import fc from 'fast-check';
import { parseDockerfile } from '../../src/sources/dockerfile';
import { fixturePath } from '../helpers/shared';
import { LINEAR_GROWTH_BOUND, workGrowth } from '../helpers/work';

/**
 * Runs the parser, which never throws: a bad instruction, heredoc or spec is an error diagnostic with a one-line
 * message and a place (line >= 1, column >= 1 when given). Anything else fails the property.
 */
function parsesOrInputError(text: string): boolean {
  const manifest = parseDockerfile(text, 'Dockerfile');
  for (const diagnostic of manifest.diagnostics) {
    if (diagnostic.message.includes('\n') || diagnostic.location.line < 1 || (diagnostic.location.column ?? 1) < 1) {
      throw new Error(`a diagnostic without a one-line message and a place: ${JSON.stringify(diagnostic)}`);
    }
  }
  return true;
}

const REAL = fs
  .readdirSync(fixturePath('dockerfile'))
  .map((name) => fs.readFileSync(fixturePath('dockerfile', name), 'utf8'));

/** Fragments of Dockerfile and shell syntax, so random input reaches the deep code paths. */
const TOKENS = [
  'FROM ', 'RUN ', 'ARG ', ' AS ', '--platform=x ', 'pip install ', 'pip3 ', 'python -m pip install ', 'uv pip install ',
  'npm i ', '-g ', '-r ', '-e ', '--index-url ', '-c', '==1.0', '>=2', '@^1', 'npm:x@1', 'git+https://h/r.git',
  '"', "'", '`', '\\', '\n', '\r\n', '\t', ' ', '$', '${', '}', '$(', ')', '(', '&&', '||', ';', '|', '&', '>', '<',
  '<<EOF', '<<-EOF', 'EOF', '# escape=`', '# escape=\\', '#', '[', ']', '","', 'sudo ', 'env A=1 ', 'a', 'é', '\u0000',
  '@', ':', '/', '.', 'requests', '[socks]', '; python_version<"3"', '=',
];

describe('parseDockerfile never throws; bad input is a diagnostic with a place', () => {
  test('random token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }), (tokens) => parsesOrInputError(tokens.join(''))),
      { numRuns: 3000 },
    );
  });

  test('random unicode text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), parsesOrInputError), { numRuns: 2000 });
  });

  test('real Dockerfiles with random edits (insert a token, delete a span)', () => {
    const edit = fc.record({
      file: fc.integer({ min: 0, max: REAL.length - 1 }),
      edits: fc.array(
        fc.record({ at: fc.nat(), length: fc.nat({ max: 20 }), insert: fc.constantFrom(...TOKENS) }),
        { minLength: 1, maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(edit, ({ file, edits }) => {
        let text = REAL[file] ?? '';
        for (const { at, length, insert } of edits) {
          const position = text.length === 0 ? 0 : at % text.length;
          text = text.slice(0, position) + insert + text.slice(position + length);
        }
        return parsesOrInputError(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseDockerfile work grows linearly with hostile input', () => {
  // Characters the line, instruction, shell and PEP 508 passes examine and shell words the RUN readers visit:
  // 10x the input is ~10x the work when linear, ~100x when quadratic.
  const AREAS = ['dockerfile.', 'shell.', 'pep508.'];
  const expectLinear = (small: string, large: string): void => {
    const growth = workGrowth(parsesOrInputError, small, large, AREAS);
    expect(growth.small).toBeGreaterThan(0);
    expect(growth.ratio).toBeLessThan(LINEAR_GROWTH_BOUND);
  };

  const HOSTILE_UNITS: Array<[string, string]> = [
    ['pip arguments', ' "a>=1" -r f --index-url=u x==1'],
    ['nested command substitutions', '$($(${(`'],
    ['unbalanced quotes and escapes', `'"\\'\\"`],
    ['redirect operators', '>><<<&>2>&1<'],
    ['continuations on one line', '\\ \\\t'],
    ['heredoc markers without bodies', ' <<A <<-B'],
    ['dollar signs', '$$$$${x:-$'],
    ['version constraints the shell reads as redirects', ' a>=1 b~=2'],
    ['commands', 'pip install a>=1; '],
  ];

  test.each(HOSTILE_UNITS)('a 1 MB line of %s costs under 20x the work of a 100 KB one', (_name, unit) => {
    const line = (bytes: number): string => `FROM alpine\nRUN pip install ${unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes)}\n`;
    expectLinear(line(100_000), line(1_000_000));
  });

  test.each([
    ['known variables, split into words', '$A$B${A:-$B} '],
    ['known and unknown variables in quotes', '"$A${NOPE}$B"'],
    ['a value that is nothing but spaces', '$S$S '],
  ])('a 1 MB RUN line of %s costs under 20x the work of a 100 KB one', (_name, unit) => {
    const run = (bytes: number): string => `FROM alpine\nARG A=1\nENV B="y z" S="   "\nRUN pip install ${unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes)}\n`;
    expectLinear(run(100_000), run(1_000_000));
  });

  test('a 1 MB FROM line with variables costs under 20x the work of a 100 KB one', () => {
    const from = (bytes: number): string => `ARG A=x\nFROM ${'${A:-$A}'.repeat(Math.ceil(bytes / 8))}\n`;
    expectLinear(from(100_000), from(1_000_000));
  });

  test('100,000 continuation lines cost under 20x the work of 10,000', () => {
    const lines = (count: number): string => `FROM alpine\nRUN pip install \\\n${'  a==1 \\\n'.repeat(count)}  b==2\n`;
    expectLinear(lines(10_000), lines(100_000));
  });
});
