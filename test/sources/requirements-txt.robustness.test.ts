// Hostile and random input: the requirements parser never throws (each bad line is a diagnostic at a place inside the
// file), PEP 508 throws only its own syntax error, and their work grows linearly.
import fs from 'node:fs';
import fc from 'fast-check';
import { parseRequirement, Pep508SyntaxError } from '../../src/sources/pep508';
import { parseRequirementsTxt } from '../../src/sources/requirements-txt';
import { fixturePath } from '../helpers/shared';
import { LINEAR_GROWTH_BOUND, workGrowth } from '../helpers/work';

const FIXTURE_DIR = fixturePath('requirements-txt');
const FIXTURE_TEXTS = fs
  .readdirSync(FIXTURE_DIR)
  .sort()
  .map((name) => fs.readFileSync(`${FIXTURE_DIR}/${name}`, 'utf8'));

/** Characters that mean something to one of the grammars, plus a few that mean nothing. */
const SYNTAX_CHARS = [
  'a', 'Z', '0', '9', '.', '-', '_', ' ', '\t', '\n', '\r', '\\', '#', '[', ']', '(', ')', ',', ';', '@', '=', '!',
  '<', '>', '~', '*', '+', '"', "'", '$', '{', '}', ':', '/', '&', '-e ', '-r ', '--hash=', 'sha256:', '==1.0',
  ' and ', ' or ', ' in ', ' not ', 'python_version', 'extra', 'git+https://', '#egg=', '${A}', '\u00e9', '\u2028',
];

const syntaxString = fc.string({ unit: fc.constantFrom(...SYNTAX_CHARS), maxLength: 80 });

/** Python's str.splitlines() boundaries, as the parser numbers lines. */
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

function parsesAndPointsInside(text: string): void {
  const manifest = parseRequirementsTxt(text, 'fuzz.txt', { env: { A: 'x' } });
  const lines = text.split(LINE_BREAK);
  for (const diagnostic of manifest.diagnostics) {
    expect(diagnostic.location.file).toBe('fuzz.txt');
    expect(diagnostic.location.line).toBeGreaterThanOrEqual(1);
    expect(diagnostic.location.line).toBeLessThanOrEqual(lines.length);
    if (diagnostic.severity === 'error') {
      expect(['requirement-invalid', 'option-invalid']).toContain(diagnostic.code);
      // at most one past the end of its line (an error at the end of input)
      expect(diagnostic.location.column).toBeGreaterThanOrEqual(1);
      expect(diagnostic.location.column).toBeLessThanOrEqual((lines[diagnostic.location.line - 1] ?? '').length + 1);
    }
  }
}

/** A random edit of a real fixture file: insert, delete or duplicate a span. */
const mutatedFixture = fc
  .tuple(
    fc.constantFrom(...FIXTURE_TEXTS),
    fc.array(
      fc.tuple(fc.constantFrom('insert', 'delete', 'duplicate'), fc.nat(), fc.nat({ max: 40 }), syntaxString),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [op, at, length, insert] of edits) {
      const pos = out.length === 0 ? 0 : at % (out.length + 1);
      if (op === 'insert') out = out.slice(0, pos) + insert + out.slice(pos);
      else if (op === 'delete') out = out.slice(0, pos) + out.slice(pos + length);
      else out = out.slice(0, pos) + out.slice(pos, pos + length).repeat(2) + out.slice(pos + length);
    }
    return out;
  });

describe('robustness', () => {
  it('parseRequirementsTxt never throws, and points each diagnostic inside the file, on random syntax soup', () => {
    fc.assert(fc.property(syntaxString, (text) => parsesAndPointsInside(text)), { numRuns: 3000 });
  });

  it('parseRequirementsTxt never throws, and points each diagnostic inside the file, on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => parsesAndPointsInside(text)), {
      numRuns: 2000,
    });
  });

  it('parseRequirementsTxt never throws, and points each diagnostic inside the file, on mutated fixture files', () => {
    fc.assert(fc.property(mutatedFixture, (text) => parsesAndPointsInside(text)), { numRuns: 2000 });
  });

  it('parseRequirement never throws anything but Pep508SyntaxError', () => {
    fc.assert(
      fc.property(fc.oneof(syntaxString, fc.string({ unit: 'binary', maxLength: 120 })), (text) => {
        try {
          const req = parseRequirement(text);
          expect(req.name).toMatch(/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/);
        } catch (error) {
          if (!(error instanceof Pep508SyntaxError)) throw error;
          expect(error.column).toBeGreaterThanOrEqual(1);
          expect(error.column).toBeLessThanOrEqual(text.length + 1);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('a successfully parsed requirement re-parses to the same result from its parts', () => {
    fc.assert(
      fc.property(syntaxString, (text) => {
        let req;
        try {
          req = parseRequirement(text);
        } catch {
          return;
        }
        const rebuilt =
          `${req.name}${req.extras.length > 0 ? `[${req.extras.join(',')}]` : ''}` +
          (req.url !== undefined ? ` @ ${req.url}${req.marker !== undefined ? ' ' : ''}` : req.specifier) +
          (req.marker !== undefined ? `; ${req.marker}` : '');
        expect(parseRequirement(rebuilt)).toEqual(req);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('scaling on hostile single lines', () => {
  function runQuietly(text: string): void {
    parseRequirementsTxt(text, 'big.txt');
  }

  const KB = 1024;
  const hostile: [string, (size: number) => string][] = [
    ['name + [ run', (n) => `a${'['.repeat(n)}`],
    ['name + = run', (n) => `a${'='.repeat(n)}`],
    ['marker ( run', (n) => `a; ${'('.repeat(n)}`],
    ['requirement ( run', (n) => `a${'('.repeat(n)}`],
    ['unterminated marker quote', (n) => `a; os_name == "${'x'.repeat(n)}`],
    ['quote run in options', (n) => `a --hash=${'"'.repeat(n)}`],
    ['backslash run', (n) => '\\'.repeat(n)],
    ['backslash lines', (n) => 'a\\\n'.repeat(Math.floor(n / 3))],
    ['long version', (n) => `a==1${'.0'.repeat(Math.floor(n / 2))}`],
    ['many specifiers', (n) => `a${'>=1,'.repeat(Math.floor(n / 4))}`],
    ['long name', (n) => `a${'-b'.repeat(Math.floor(n / 2))}-`],
    ['many and-clauses', (n) => `a; ${'os_name=="a" and '.repeat(Math.floor(n / 18))}os_name=="a"`],
    ['env-var openers', (n) => '${A'.repeat(Math.floor(n / 3))],
    ['spaces then hash', (n) => `a${' '.repeat(n)}#`],
    ['dash tokens', (n) => ' -'.repeat(Math.floor(n / 2))],
    ['url of colons', (n) => `a @ ${':'.repeat(n)}`],
    ['extras commas', (n) => `a[${'b,'.repeat(Math.floor(n / 2))}`],
    ['path of brackets', (n) => `./${'['.repeat(n)}]`],
  ];

  // Characters the line passes and the PEP 508 scanner examine: 10x the input is ~10x the work when linear.
  it.each(hostile)('%s: 1 MB costs under 20x the work of 100 KB', (_name, make) => {
    const growth = workGrowth(runQuietly, make(100 * KB), make(1000 * KB), ['requirements.', 'pep508.']);
    expect(growth.small).toBeGreaterThan(0);
    expect(growth.ratio).toBeLessThan(LINEAR_GROWTH_BOUND);
  });
});
