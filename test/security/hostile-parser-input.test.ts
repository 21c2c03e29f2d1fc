// Issue 15, "work that never ends or explodes", items 2-4: hostile manifests whose cost used to grow quadratically,
// exponentially or past the call stack. Each case runs at two sizes and counts work with src/work-meter.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildInventory } from '../../src/inventory/inventory';
import { parseDockerfile } from '../../src/sources/dockerfile';
import { parsePipfile } from '../../src/sources/pipfile';
import { parsePoetryLock } from '../../src/sources/poetry-lock';
import { parsePyproject } from '../../src/sources/pyproject';
import { parseRequirementsTxt } from '../../src/sources/requirements-txt';
import { MAX_EXPANDED_VALUE, MAX_SCRIPT_EXPANSION } from '../../src/sources/shell-words';
import { measureWork } from '../../src/work-meter';
import { LINEAR_GROWTH_BOUND, workGrowth, workOf } from '../helpers/work';

describe('quadratic TOML line index: a dotted key of 50,000 parts', () => {
  // `a.a.a.… = 1` recorded every prefix from the root (n²/2 steps): 12 s at 100 KB, 51 s at 200 KB.
  const dotted = (header: string, parts: number): string => `${header}\n${'a.'.repeat(parts - 1)}a = 1\n`;

  it.each([
    ['pyproject.toml', '[tool]', (text: string) => parsePyproject(text, 'pyproject.toml')],
    ['Pipfile', '[pipenv]', (text: string) => parsePipfile(text, 'Pipfile')],
    ['poetry.lock', '[metadata]', (text: string) => parsePoetryLock(text, 'poetry.lock')],
  ])('in a %s walks each key part once', (_file, header, parse) => {
    const growth = workGrowth(parse, dotted(header, 5_000), dotted(header, 50_000), ['toml.keyParts']);
    expect(growth.large).toBeGreaterThanOrEqual(50_000);
    expect(growth.large).toBeLessThan(50_100);
    expect(growth.ratio).toBeLessThan(LINEAR_GROWTH_BOUND);
  });

  it('in a table header and in an array of tables under a long key, too', () => {
    const header = (parts: number): string => `[${'a.'.repeat(parts - 1)}a]\nx = 1\n[[${'b.'.repeat(parts - 1)}b]]\ny = [1, 2, 3]\n[[${'b.'.repeat(parts - 1)}b]]\ny = 2\n`;
    const growth = workGrowth((text: string) => parsePyproject(text, 'pyproject.toml'), header(2_000), header(20_000), ['toml.keyParts']);
    expect(growth.large).toBeLessThan(5 * 20_000);
    expect(growth.ratio).toBeLessThan(LINEAR_GROWTH_BOUND);
  });
});

describe('exponential ARG/ENV expansion', () => {
  /** `ARG A0=x*16`, `ARG A1=${A0}${A0}` … `A(levels-1)`, then three packages pinned to the last one. */
  function doublingDockerfile(levels: number, instruction: 'ARG' | 'ENV' = 'ARG'): string {
    const lines = ['FROM python:3.12', `${instruction} A0=${'x'.repeat(16)}`];
    for (let i = 1; i < levels; i++) lines.push(`${instruction} A${i}=\${A${i - 1}}\${A${i - 1}}`);
    const last = `$A${levels - 1}`;
    lines.push(`RUN pip install foo==${last} bar==${last} baz==${last}`);
    return `${lines.join('\n')}\n`;
  }

  it('the 541-byte Dockerfile (24 levels) and the 40-level one stop expanding at the cap', () => {
    const at24 = doublingDockerfile(24);
    expect(Buffer.byteLength(at24)).toBe(541);
    // Before: 10 s, 2.3 GB and a 402 MB JSON report at 24 levels; `Invalid string length` at 40.
    const small = workOf(() => parseDockerfile(at24, 'Dockerfile'), ['shell.expandedChars']);
    const large = workOf(() => parseDockerfile(doublingDockerfile(40), 'Dockerfile'), ['shell.expandedChars']);
    // A1 … A12 take in 32 + 64 + … + 65,536 characters (under twice the cap), A13 one A12 before it is refused.
    expect(small).toBeLessThanOrEqual(3 * MAX_EXPANDED_VALUE);
    expect(large).toBe(small);
  });

  it.each(['ARG', 'ENV'] as const)('a %s beyond the cap is unknown, with a warning, and the packages using it are kept, version unknown', (instruction) => {
    const manifest = parseDockerfile(doublingDockerfile(40, instruction), 'Dockerfile');
    expect(manifest.packages.map((p) => [p.name, p.version, p.specifier])).toEqual([
      ['foo', undefined, '==$A39'],
      ['bar', undefined, '==$A39'],
      ['baz', undefined, '==$A39'],
    ]);
    const tooLong = manifest.diagnostics.filter((d) => d.code === 'expansion-too-long');
    // 16 * 2^12 characters fit; A13 would take in twice that. Later levels use an unknown variable: no second warning.
    expect(tooLong).toEqual([
      expect.objectContaining({ severity: 'warning', location: { file: 'Dockerfile', line: 15 }, message: expect.stringMatching(new RegExp(`^${instruction} A13: expanding \\$\\{A12\\} would insert more than 65,536 characters`)) }),
    ]);
    expect(manifest.diagnostics.filter((d) => d.code === 'shell-variable')).toHaveLength(3);
  });

  it('a RUN instruction expands at most its budget, then keeps the rest as written', () => {
    // A valid version of 60,000 characters (1.0.0.…), so every package it pins is read.
    const big = `1${'.0'.repeat(29_999)}${'0'}`;
    const run = (references: number): string => `FROM python:3.12\nARG BIG=${big}\nRUN pip install ${Array.from({ length: references }, (_, i) => `p${i}==$BIG`).join(' ')}\n`;
    const growth = workGrowth((text: string) => parseDockerfile(text, 'Dockerfile'), run(100), run(1_000), ['shell.expandedChars']);
    expect(growth.small).toBeLessThanOrEqual(MAX_SCRIPT_EXPANSION);
    expect(growth.large).toBe(growth.small);
    const manifest = parseDockerfile(run(100), 'Dockerfile');
    const expanded = Math.floor(MAX_SCRIPT_EXPANSION / big.length);
    expect(manifest.packages).toHaveLength(100);
    expect(manifest.packages.filter((p) => p.version === big)).toHaveLength(expanded);
    expect(manifest.packages[expanded]).toMatchObject({ name: `p${expanded}`, specifier: '==$BIG' });
    expect(manifest.diagnostics.filter((d) => d.code === 'expansion-too-long')).toEqual([
      expect.objectContaining({ location: { file: 'Dockerfile', line: 3 }, message: expect.stringMatching(/^RUN: expanding \$BIG would insert more than 1,048,576 characters/) }),
    ]);
  });

  it('a FROM reference beyond the cap is read as written', () => {
    const text = `ARG A=${'z'.repeat(40_000)}\nFROM \${A}\${A}\nRUN pip install x==1\n`;
    const manifest = parseDockerfile(text, 'Dockerfile');
    expect(manifest.stages[0]).toMatchObject({ image: '${A}${A}', unresolvedArgs: ['A'] });
    expect(manifest.diagnostics.map((d) => d.code)).toContain('expansion-too-long');
  });
});

describe('stack overflow on a long RUN line: no unbounded array is spread into a call', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-long-run-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a 1 MB `RUN pip install a==1 a==1 …` is inventoried whole, with work linear in the line', () => {
    // Before: `internal error: Maximum call stack size exceeded` (packages.push(...entries) in the inventory).
    const inventoryOf = (count: number) => {
      const folder = path.join(dir, String(count));
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'Dockerfile'), `FROM python:3.12\nRUN pip install ${'a==1 '.repeat(count)}\n`);
      return buildInventory([folder]);
    };
    expect(inventoryOf(200_000).packages).toHaveLength(200_000);
    const growth = workGrowth(inventoryOf, 20_000, 200_000, ['dockerfile.', 'shell.', 'pep508.']);
    expect(growth.ratio).toBeLessThan(LINEAR_GROWTH_BOUND);
  });

  it('a variable that splits into 195,000 words, and 500,000 tokens after `--` on a requirements line, do not overflow', () => {
    const manifest = parseDockerfile(`FROM python:3.12\nENV PKGS="${'b==1 '.repeat(13_000)}"\nRUN pip install $PKGS $PKGS $PKGS $PKGS $PKGS $PKGS $PKGS $PKGS $PKGS $PKGS $PKGS $PKGS $PKGS $PKGS $PKGS\n`, 'Dockerfile');
    expect(manifest.packages).toHaveLength(195_000);
    const counted = measureWork(() => {
      try {
        parseRequirementsTxt(`a --hash=sha256:0 -- ${'x '.repeat(500_000)}`, 'requirements.txt');
      } catch (error) {
        expect(error).not.toBeInstanceOf(RangeError);
      }
    });
    expect(counted['requirements.chars']).toBeGreaterThan(1_000_000);
  });

  it('src/ never spreads an array into push, unshift, Math.max/min or String.fromCharCode/fromCodePoint', () => {
    const src = path.resolve(__dirname, '..', '..', 'src');
    // A call whose arguments (before any object or array literal) include `...`: `push(...x)`, `Math.max(1, ...x)`.
    const spreadCall = /\b(?:push|unshift|max|min|fromCharCode|fromCodePoint)\((?:\s*[^(){}[\],]+\s*,)*\s*\.\.\./;
    const offenders: string[] = [];
    const walk = (folder: string): void => {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts')) {
          fs.readFileSync(full, 'utf8').split('\n').forEach((line, index) => {
            if (spreadCall.test(line)) offenders.push(`${path.relative(src, full)}:${index + 1}: ${line.trim()}`);
          });
        }
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
  });
});
