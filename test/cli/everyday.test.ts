// Issue 12 §5, everyday CLI behaviour: output closed early, --output mistakes, per-command help, bare commands,
// unknown and contradictory options, --checks "", --ecosystem in any case, a missing --config, binary bytes in
// errors, find on an image folder, the Python of an image that builds its own, and every option documented.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { DEFAULT_OSV_BULK_URL } from '../../src/checks/advisories/database-update';
import { processIo } from '../../src/cli/io';
import { COMMANDS, commandHelp } from '../../src/cli/options';
import { fixturePath, hasShared, sharedPath } from '../helpers/shared';
import { removeTempTrees, tempTree } from '../helpers/temp-tree';
import { runCli } from './run-cli';

const ROOT = path.resolve(__dirname, '..', '..');
const TREE = path.relative(process.cwd(), fixturePath('inventory', 'tree'));
afterAll(removeTempTrees);
const folder = (files: Record<string, string | Buffer>) => tempTree(files);

/** One line on stderr in depvet's words: no stack, no Node parseArgs text. */
function expectOneLineError(stderr: string): void {
  expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(stderr).toMatch(/^depvet: /);
  expect(stderr).not.toMatch(/\n\s+at |ERR_PARSE_ARGS|To specify a positional argument|internal error/);
}

describe('output closed early (depvet list docker | head -2)', () => {
  it('the real process exits quietly with the listing\'s own code: no EPIPE stack trace, not exit 1', async () => {
    const bin = path.join(ROOT, 'bin', 'depvet.js');
    if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: npm test builds it (npm run build)');
    // Far more than a pipe buffer (64 KiB), so the reader goes away while depvet is still writing.
    const dir = folder({ 'requirements.txt': Array.from({ length: 6000 }, (_, i) => `package-number-${i}==1.0.${i}`).join('\n') });
    const child = spawn(process.execPath, [bin, 'list', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let first = '';
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString();
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(first).toContain('package-number-0 1.0.0');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('processIo stops writing after EPIPE instead of throwing', async () => {
    const written: string[] = [];
    const stdout = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written.push(chunk.toString());
        const error: NodeJS.ErrnoException = new Error('write EPIPE');
        error.code = 'EPIPE';
        callback(error);
      },
    });
    const stderr = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const io = processIo({ stdout, stderr });
    io.stdout('first\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(() => io.stdout('second\n')).not.toThrow();
    expect(written).toEqual(['first\n']);
  });
});

describe('--output to a missing folder or to a folder', () => {
  it('is a one-line usage error (exit 2) before any work, in list, scan and report', async () => {
    const dir = folder({ 'requirements.txt': 'six==1.16.0\n' });
    const missing = path.join(dir, 'no-such-folder', 'out.json');
    const cases: [string[], string][] = [
      [['list', dir, '--output', missing], `depvet: --output ${missing}: the folder ${path.dirname(missing)} does not exist (depvet creates no folders; make it first)\n`],
      [['list', dir, '--output', dir], `depvet: --output ${dir}: is a folder; name a file\n`],
      [['scan', dir, '--offline', '--format', 'json', '--output', missing], `depvet: --output ${missing}: the folder ${path.dirname(missing)} does not exist (depvet creates no folders; make it first)\n`],
      [['scan', dir, '--offline', '--output', dir], `depvet: --output ${dir}: is a folder; name a file\n`],
      [['report', TREE, '--format', 'html', '--output', path.join(dir, 'no-such-folder', 'c.html')], `depvet: --output ${path.join(dir, 'no-such-folder', 'c.html')}: the folder ${path.join(dir, 'no-such-folder')} does not exist (depvet creates no folders; make it first)\n`],
      [['report', TREE, '--format', 'html', '--output', dir], `depvet: --output ${dir}: is a folder; name a file\n`],
      [['report', TREE, '--format', 'markdown', '--output', path.join(dir, 'requirements.txt')], `depvet: --output ${path.join(dir, 'requirements.txt')}: is a file; Markdown pages go into a folder\n`],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(message);
      expect(run.stdout).toBe('');
    }
    expect(fs.existsSync(path.join(dir, 'no-such-folder'))).toBe(false);
  });

  it('report --output follows the same rule: a new Markdown folder in an existing one is made, its missing parent is not', async () => {
    const dir = folder({});
    expect((await runCli(['report', TREE, '--format', 'markdown', '--output', path.join(dir, 'pages')])).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'pages', 'index.md'))).toBe(true);
    expect((await runCli(['report', TREE, '--format', 'markdown', '--output', path.join(dir, 'a', 'b')])).code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'a'))).toBe(false);
  });
});

describe('help', () => {
  it('depvet COMMAND --help prints that command\'s usage and every option it takes (exit 0); depvet db --help works', async () => {
    for (const name of Object.keys(COMMANDS)) {
      for (const flag of ['--help', '-h']) {
        const run = await runCli([name, flag]);
        expect(run.code).toBe(0);
        expect(run.stderr).toBe('');
        expect(run.stdout).toBe(commandHelp(name));
        expect(run.stdout).toMatch(new RegExp(`^Usage: depvet ${name} `));
        for (const option of Object.keys(COMMANDS[name]!.options)) expect(run.stdout).toContain(`--${option}`);
      }
    }
    expect((await runCli(['db', '--help'])).stdout).toMatch(/depvet db update .*--osv-bulk-url URL/);
    expect((await runCli(['help', 'find'])).stdout).toBe(commandHelp('find'));
  });

  it('the options the issue found undocumented are in the help: db --osv-bulk-url and --cache-dir, find --all, list --output, typosquat --config', () => {
    expect(commandHelp('db')).toMatch(/--osv-bulk-url URL[\s\S]*--cache-dir DIR|--cache-dir DIR[\s\S]*--osv-bulk-url URL/);
    expect(commandHelp('find')).toContain('--all');
    expect(commandHelp('list')).toContain('--output FILE');
    expect(commandHelp('typosquat')).toContain('--config FILE');
    expect(commandHelp('db')).toContain(DEFAULT_OSV_BULK_URL);
  });

  it('every option of every command is in docs/cli.md, in that command\'s section', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8');
    for (const [name, spec] of Object.entries(COMMANDS)) {
      const start = doc.indexOf(`## depvet ${name}`);
      expect(start).toBeGreaterThanOrEqual(0);
      const next = doc.indexOf('\n## ', start + 1);
      const section = doc.slice(start, next < 0 ? undefined : next);
      const inherits = name === 'snapshot' ? doc.slice(doc.indexOf('## depvet scan'), doc.indexOf('\n## ', doc.indexOf('## depvet scan') + 1)) : '';
      for (const option of Object.keys(spec.options)) {
        if (option === 'help') continue;
        if (!section.includes(`--${option}`) && !inherits.includes(`--${option}`)) throw new Error(`docs/cli.md: depvet ${name} does not document --${option}`);
      }
    }
  });

  it('bare depvet and bare depvet db behave alike: usage on standard error, nothing on standard output, exit 2', async () => {
    for (const args of [[], ['db']]) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/Usage:/);
    }
  });
});

describe('unknown, contradictory and empty options', () => {
  it('an unknown option gets depvet\'s own one-line message with a hint to --help, in every command', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const run = await runCli([name, '--no-such-option']);
      expect(run.code).toBe(2);
      expectOneLineError(run.stderr);
      expect(run.stderr).toContain(`depvet: ${name}: unknown option --no-such-option`);
      expect(run.stderr).toContain(`see depvet ${name} --help`);
    }
    const typo = await runCli(['scan', TREE, '--ouptut', 'x.json']);
    expect(typo.stderr).toBe('depvet: scan: unknown option --ouptut (did you mean --output?); see depvet scan --help\n');
    expect((await runCli(['scan', TREE, '-x'])).stderr).toBe('depvet: scan: unknown option -x; see depvet scan --help\n');
    expect((await runCli(['scan', TREE, '--offline=yes'])).stderr).toBe('depvet: scan: --offline takes no value; see depvet scan --help\n');
    expect((await runCli(['list', TREE, '--format'])).stderr).toBe('depvet: list: --format needs a value (text|json); see depvet list --help\n');
    expect((await runCli(['sacn', TREE])).stderr).toBe('depvet: unknown command "sacn" (did you mean scan?); see depvet --help\n');
  });

  it('contradictory flags are refused: --offline with --snapshot, --quiet with --verbose, --offline with --no-cache', async () => {
    for (const [a, b] of [['--offline', '--snapshot=snap'], ['--quiet', '--verbose'], ['-q', '--verbose'], ['--offline', '--no-cache']]) {
      const run = await runCli(['scan', TREE, a!, b!]);
      expect(run.code).toBe(2);
      expectOneLineError(run.stderr);
      expect(run.stderr).toMatch(/contradict each other/);
    }
    expect((await runCli(['report', TREE, '--output', path.join(os.tmpdir(), 'x.html'), '--scan', '--offline', '--snapshot', 'snap'])).stderr).toMatch(/contradict each other/);
  });

  it('--checks "" is refused in scan and report (not read as every check)', async () => {
    const scanRun = await runCli(['scan', TREE, '--checks', '', '--offline']);
    expect(scanRun.code).toBe(2);
    expect(scanRun.stderr).toBe('depvet: --checks takes a comma-separated list of license, names, advisories, base-image; not ""\n');
    const dir = folder({});
    const reportRun = await runCli(['report', TREE, '--output', path.join(dir, 'c.html'), '--scan', '--checks', '']);
    expect(reportRun.code).toBe(2);
  });

  it('report takes the registry options docs/cli.md lists with --scan, and refuses them without it', async () => {
    const dir = folder({});
    const run = await runCli(['report', TREE, '--output', path.join(dir, 'c.html'), '--scan', '--offline', '--cache-dir', dir, '--npm-registry', 'http://127.0.0.1:9', '--pypi-url', 'http://127.0.0.1:9', '--osv-url', 'http://127.0.0.1:9', '--checks', 'license']);
    expect(run.stderr).toMatch(/wrote 1 file/);
    expect(run.code).toBe(3); // offline with an empty cache: nothing could be checked, so incomplete, never a pass
    const without = await runCli(['report', TREE, '--output', path.join(dir, 'd.html'), '--offline']);
    expect(without.code).toBe(2);
    expect(without.stderr).toBe('depvet: report: --offline applies only with --scan\n');
  });

  it('--ecosystem pypi is accepted in any case (typosquat, db)', async () => {
    expect((await runCli(['typosquat', 'requests', '--ecosystem', 'pypi'])).code).toBe(0);
    const cache = folder({});
    const status = await runCli(['db', 'status', '--ecosystem', 'pypi,NPM', '--cache-dir', cache]);
    expect(status.code).toBe(3);
    expect(status.stdout).toBe('PyPI: not downloaded (run depvet db update --ecosystem PyPI)\nnpm: not downloaded (run depvet db update --ecosystem npm)\n');
    expect((await runCli(['db', 'status', '--ecosystem', 'cargo'])).stderr).toBe('depvet: --ecosystem takes PyPI or npm, not "cargo"\n');
  });
});

describe('errors that name files', () => {
  it('--config /nonexistent.json names the path as given and the reason', async () => {
    const run = await runCli(['scan', TREE, '--config', '/nonexistent.json', '--offline']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('depvet: /nonexistent.json: cannot read the config file: no such file or directory\n');
    const relative = await runCli(['list', TREE]);
    expect(relative.code).toBe(0);
    const dir = folder({});
    const asGiven = await runCli(['scan', TREE, '--config', 'missing/depvet.json', '--offline'], { cwd: dir });
    expect(asGiven.stderr).toBe('depvet: missing/depvet.json: cannot read the config file: no such file or directory\n');
  });

  it('an error never echoes raw bytes of a binary file: control and escape bytes are escaped', async () => {
    const binary = Buffer.concat([Buffer.from('\u001b[2J\u001b[31mevil\u0007'), Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x0d]), Buffer.from(' ==1\n')]);
    const dir = folder({ 'requirements.txt': binary });
    const run = await runCli(['list', path.join(dir, 'requirements.txt')]);
    expect(run.code).not.toBe(0);
    const all = run.stderr + run.stdout;
    // eslint-disable-next-line no-control-regex
    expect(all).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(all).toContain('\\u001b[2J');
    // The same bytes in a diagnostic (a bad pip install spec is reported, not thrown) are escaped in the listing too.
    const docker = folder({ 'img/Dockerfile': Buffer.concat([Buffer.from('FROM python:3.12\nRUN pip install "x\u001b[31m==1==2"\n')]) });
    const listed = await runCli(['list', path.join(docker, 'img')]);
    // eslint-disable-next-line no-control-regex
    expect(listed.stdout + listed.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(listed.stdout).toContain('\\u001b[31m');
  });

  it('find --tree IMAGE_FOLDER says it is an image folder and names the tree to use (exit 2)', async () => {
    const run = await runCli(['find', 'requests', '--tree', `${TREE}/python3`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`depvet: --tree ${TREE}/python3 is an image folder, not a tree: give the folder that holds the image folders (${TREE})\n`);
    expect((await runCli(['find', 'requests', '--tree', TREE])).code).toBe(0);
  });
});

describe('every command follows the one rule', () => {
  it('find, report and typosquat on input with an error diagnostic or a shell-expansion name exit 3, not 0', async () => {
    const dir = folder({
      'docker/app/Dockerfile': 'FROM python:3.12\nRUN pip install six==1.16.0 && pip install -r https://host.example/more.txt\n',
      'docker/tool/Dockerfile': 'FROM python:3.12\nARG PKGS\nRUN pip install $PKGS requests==2.31.0\n',
    });
    const find = await runCli(['find', 'six', '--tree', path.join(dir, 'docker')]);
    expect(find.stdout).toMatch(/Images that provide all 1 requested packages/);
    expect(find.code).toBe(3);
    const report = await runCli(['report', path.join(dir, 'docker'), '--format', 'html', '--output', path.join(dir, 'c.html')]);
    expect(report.code).toBe(3);
    const typosquat = await runCli(['typosquat', '--from', path.join(dir, 'docker', 'tool', 'Dockerfile')]);
    expect(typosquat.stdout).toMatch(/^0 of 1 name flagged against the PyPI top \d+ \([\d-]+\); 1 name in a shell expansion not screened\n$/);
    expect(typosquat.code).toBe(3);
  });
});

describe('the Python an image runs', () => {
  it('an image that builds its own Python 2.7 (ENV PYTHON_VERSION) is judged for 2.7 when requirements.txt is the source of truth', async () => {
    const dir = folder({
      'docker/python/Dockerfile': 'FROM alpine:3.18\nENV PYTHON_VERSION 2.7.18\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      'docker/python/requirements.txt': 'futures==3.4.0 ; python_version < "3"\nsix==1.16.0\n',
      'docker/other/Dockerfile': 'FROM python:3.12\n',
    });
    const run = await runCli(['list', path.join(dir, 'docker'), '--image', 'python', '--format', 'json']);
    expect(run.code).toBe(0);
    const inventory = JSON.parse(run.stdout) as { images: { python: { version: string; source: string } }[]; packages: { name: string; status: string }[] };
    expect(inventory.images[0]!.python).toEqual({ version: '2.7', source: `${dir}/docker/python/Dockerfile (ENV PYTHON_VERSION 2.7.18)` });
    expect(inventory.packages.map((p) => `${p.name} ${p.status}`)).toEqual(['futures included', 'six included']);
  });

  it('without the ENV, the Pipfile that requirements.txt was generated from still gives its python_version', async () => {
    const dir = folder({
      'img/Dockerfile': 'FROM alpine:3.18\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      'img/requirements.txt': 'futures==3.4.0 ; python_version < "3"\n',
      'img/Pipfile': '[packages]\nfutures = "*"\n\n[requires]\npython_version = "2.7"\n',
    });
    const run = await runCli(['list', path.join(dir, 'img'), '--format', 'json']);
    expect((JSON.parse(run.stdout) as { packages: { status: string }[] }).packages[0]!.status).toBe('included');
  });

  (hasShared ? it : it.skip)(`the corpus python image is Python 2.7${hasShared ? '' : ' [skipped: ../shared is absent]'}`, async () => {
    const run = await runCli(['list', sharedPath('corpus', 'dockerfiles'), '--image', 'python', '--format', 'json']);
    expect(run.code).toBe(0);
    const inventory = JSON.parse(run.stdout) as { images: { name: string; python: { version: string } }[] };
    expect(inventory.images.find((i) => i.name === 'python')!.python.version).toBe('2.7');
  });
});
