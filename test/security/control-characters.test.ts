// Issue 15, "Control characters everywhere": raw ESC sequences, newlines, BEL, NUL and bidi controls from manifests,
// package metadata or advisory text never reach a terminal, a CI log or a rendered comment as themselves. Each case
// was reproduced on main before the fix (list text output and stderr errors echoed raw ESC; the github format passed
// ESC/BEL/NUL; U+202E passed through text, markdown and github output).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderGithub } from '../../src/report/github';
import { escapeMarkdown, renderMarkdown } from '../../src/report/markdown';
import { renderText } from '../../src/report/text';
import { code as catalogueCode, text as catalogueText } from '../../src/catalogue/markdown';
import { terminalSafe } from '../../src/terminal-text';
import { runCli } from '../cli/run-cli';
import { loadResult } from '../report/load-result';

const ESC = '\u001b';
const RLO = '\u202e';
/** Every character class the escaping covers, one representative each. */
const HOSTILE = `a${ESC}[2J b\u0007c\u0000d\re\nf\u009bg${RLO}h\u2066i\u200bj\ufeffk\u2028l\ud800m\ufffdn`;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-ctl-'));
}

/** True when `text` holds a character no terminal line may hold raw. */
function hasRawControl(text: string): boolean {
  return /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/.test(text);
}

describe('terminalSafe (the one escaping function for terminal output)', () => {
  it('shows every control, bidi, invisible and non-text character as an escape', () => {
    expect(terminalSafe(HOSTILE)).toBe(
      'a\\u001b[2J b\\u0007c\\u0000d\\re\\nf\\u009bg\\u202eh\\u2066i\\u200bj\\ufeffk\\u2028l\\ud800m\\ufffdn',
    );
  });

  it('leaves ordinary text alone, non-ASCII letters and emoji included', () => {
    const text = 'Größe 中文 café 🐍 naïve — “quotes” ‘ok’ 10%';
    expect(terminalSafe(text)).toBe(text);
  });
});

describe('depvet list text output (was: raw ESC and a forged ::error:: line from a package.json key)', () => {
  it('escapes control and bidi characters in names read from a manifest', async () => {
    const dir = tempDir();
    const key = `x${ESC}[2J${RLO}cba\n::error::forged`;
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: { [key]: '1.0.0' } }));
    const run = await runCli(['list', dir]);
    expect(hasRawControl(run.stdout)).toBe(false);
    expect(run.stdout).toContain('x\\u001b[2J\\u202ecba\\n::error::forged 1.0.0');
    for (const line of run.stdout.split('\n')) expect(line.startsWith('::')).toBe(false);
    expect(hasRawControl(run.stderr)).toBe(false);
  });
});

describe('stderr error messages (was: "invalid requirement \'foo==1.0 ^[[2J…\'" echoed raw ESC)', () => {
  it('escapes what an error quotes from the command line', async () => {
    const run = await runCli(['scan', `no-such-dir-${ESC}[2J${RLO}`, '--offline']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-such-dir-\\u001b[2J\\u202e');
    expect(hasRawControl(run.stderr.replace(/\n$/, ''))).toBe(false);
  });

  it('escapes what an error or diagnostic quotes from a manifest line, bytes that are not UTF-8 included', async () => {
    const dir = tempDir();
    // Bytes 0xff 0xfe are not UTF-8: they read as U+FFFD, which is shown as an escape too.
    fs.writeFileSync(path.join(dir, 'requirements.txt'), Buffer.concat([Buffer.from(`foo==1.0 ${ESC}[2J${RLO}bar\u0007`), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    const run = await runCli(['list', path.join(dir, 'requirements.txt')]);
    const all = run.stdout + run.stderr;
    expect(all).toContain('\\u001b[2J\\u202ebar\\u0007\\ufffd\\ufffd');
    expect(all).not.toContain('\ufffd');
    expect(hasRawControl(run.stdout.replace(/\n/g, ''))).toBe(false);
    expect(hasRawControl(run.stderr.replace(/\n/g, ''))).toBe(false);
  });
});

describe('report formats', () => {
  function hostileResult() {
    const result = loadResult('fail-license-and-advisory');
    const finding = result.findings[0]!;
    finding.package = { ...finding.package, name: `evil${RLO}txt.exe` };
    finding.message = `summary with ${ESC}[31mcolour${ESC}[0m, a bell\u0007, a NUL\u0000 and ${RLO}reversed`;
    return result;
  }

  it('github: ESC, BEL, NUL and bidi controls are shown as code points, CR/LF keep the toolkit escapes', () => {
    const out = renderGithub(hostileResult());
    expect(hasRawControl(out.replace(/\n/g, ''))).toBe(false);
    expect(out).toContain('\\u001b[31mcolour\\u001b[0m, a bell\\u0007, a NUL\\u0000 and \\u202ereversed');
    expect(out).toContain('evil\\u202etxt.exe');
    // One command per line: nothing injected a line of its own.
    for (const line of out.trimEnd().split('\n')) expect(line).toMatch(/^::(error|warning|notice) /);
  });

  it('text: bidi controls in names and messages are shown as code points', () => {
    const out = renderText(hostileResult(), { color: false });
    expect(hasRawControl(out.replace(/\n/g, ''))).toBe(false);
    expect(out).toContain('evil\\u202etxt.exe');
  });

  it('markdown: bidi controls are shown as code points, in cells and in <summary> blocks', () => {
    const result = hostileResult();
    result.findings[0]!.images = [`img${RLO}1`];
    const out = renderMarkdown(result);
    expect(hasRawControl(out.replace(/\n/g, ''))).toBe(false);
    expect(out).toContain('evil\\u202etxt.exe');
    expect(out).toContain('img\\u202e1');
    expect(escapeMarkdown(`a${RLO}b${ESC}c`)).toBe('a\\u202eb\\u001bc');
  });
});

describe('catalogue Markdown pages', () => {
  it('show control and bidi characters as code points, in text and in code spans', () => {
    expect(catalogueText(`evil${RLO}txt ${ESC}[2J`)).toBe('evil\\\\u202etxt \\\\u001b\\[2J');
    expect(catalogueCode(`evil${RLO}txt`)).toBe('`evil\\u202etxt`');
  });
});
