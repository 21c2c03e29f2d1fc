// Issue 12 §1 and the exit-code rule of §2: no PASS on nothing. Each case below was a PASS (exit 0) over input
// depvet had not looked at; each is now a usage error (2), incomplete (3) or, with a failing finding, 1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildInventory } from '../../src/inventory/inventory';
import { scan } from '../../src/scan/scan';
import type { FakeRegistry } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';
import { startTreeRegistry, writeTreeConfig } from '../scan/tree-registry';
import { tempTree } from '../helpers/temp-tree';
import { runCli } from './run-cli';

const TREE = path.relative(process.cwd(), fixturePath('inventory', 'tree'));

let fake: FakeRegistry;
let work: string;
let config: string;

beforeAll(async () => {
  fake = await startTreeRegistry();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-fail-closed-'));
  config = writeTreeConfig(work, 5000);
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** A fresh folder under the test's temp folder with these files. */
const folder = (files: Record<string, string>) => tempTree(files, work);

function registryArgs(): string[] {
  const cache = fs.mkdtempSync(path.join(work, 'cache-'));
  return ['--pypi-url', fake.pypiUrl, '--osv-url', fake.osvUrl, '--npm-registry', fake.npmUrl, '--cache-dir', cache, '--config', config];
}

async function scanCli(...args: string[]) {
  return runCli(['scan', ...registryArgs(), ...args]);
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop()!;
}

describe('unknown --image', () => {
  it('is a usage error (exit 2) naming the closest images, in list, scan and snapshot', async () => {
    for (const command of [['list'], ['scan', ...registryArgs()], ['snapshot', '--out', path.join(work, 'snap-unknown'), ...registryArgs()]]) {
      const run = await runCli([...command, TREE, '--image', 'pyhton3']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`depvet: unknown image pyhton3: no image folder of that name in ${TREE} (closest: python3, crypto, orphan)\n`);
    }
    expect(fs.existsSync(path.join(work, 'snap-unknown'))).toBe(false);
  });

  it('is refused even beside a known image, and the library throws the same UsageError', async () => {
    expect((await runCli(['list', TREE, '--image', 'python3', '--image', 'nosuchimage'])).code).toBe(2);
    expect(() => buildInventory([TREE], { images: ['nosuchimage'] })).toThrow(/unknown image nosuchimage/);
  });

  it('--image on a path that is not a dockerfiles-style tree is a usage error', async () => {
    const dir = folder({ 'requirements.txt': 'six==1.16.0\n' });
    const run = await runCli(['list', path.join(dir, 'requirements.txt'), '--image', 'python3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^depvet: --image selects image folders of a dockerfiles-style tree; .* is not one\n$/);
  });
});

describe('nothing to check', () => {
  it('a folder with no manifest (empty, or only a README) is exit 2: "no manifests found under PATH; depvet reads: ..."', async () => {
    const empty = folder({});
    const readme = folder({ 'README.md': '# notes\n', 'docs/index.md': 'x\n' });
    for (const dir of [empty, readme]) {
      for (const run of [await runCli(['list', dir]), await scanCli(dir)]) {
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(new RegExp(`^depvet: no manifests found under ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; depvet reads: \\*requirement\\*\\.txt, .*Pipfile\\.lock, .*Dockerfile.*package\\.json`));
      }
    }
  });

  it('a tree where an image has nothing to check still passes, and the report and the JSON say which image', async () => {
    const run = await scanCli(TREE, '--image', 'python3', '--image', 'powershell', '--checks', 'license,names,advisories', '--format', 'text', '--format', 'json', '--output', path.join(work, 'nothing.json'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Nothing to check in 1 image (no Python or npm manifest, and its Dockerfile installs nothing with pip or npm): powershell');
    expect(lastLine(run.stdout)).toMatch(/^PASS: /);
    const json = JSON.parse(run.files.get(path.join(work, 'nothing.json'))!) as { images: { name: string; nothingToCheck?: string }[] };
    expect(json.images.map((i) => [i.name, i.nothingToCheck !== undefined])).toEqual([
      ['python3', false],
      ['powershell', true],
    ]);
    const list = await runCli(['list', TREE, '--image', 'powershell']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('powershell  [active]\n  (nothing to check: no Python or npm manifest');
  });
});

describe('an error diagnostic never leaves the outcome at pass', () => {
  it('control: a requirements file whose every line is read and clean passes (exit 0)', async () => {
    const dir = folder({ 'requirements.txt': 'six==1.16.0\n' });
    const run = await scanCli(dir);
    expect(run.code).toBe(0);
    expect(lastLine(run.stdout)).toBe('PASS: no failing findings, 1 package');
  });

  it('-r https://host/reqs.txt in requirements.txt: exit 3 in scan and list, and the library outcome is incomplete', async () => {
    const dir = folder({ 'requirements.txt': 'six==1.16.0\n-r https://host.example/reqs.txt\n' });
    const run = await scanCli(dir);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(`error: ${dir}/requirements.txt:2:4: cannot read https://host.example/reqs.txt: remote includes are not fetched; its packages are unknown`);
    expect(lastLine(run.stdout)).toBe('INCOMPLETE: no failing findings, 1 input error (see Diagnostics), 1 package');
    expect((await runCli(['list', dir])).code).toBe(3);
    const result = await scan([dir], { registry: { pypiUrl: fake.pypiUrl, osvUrl: fake.osvUrl, cacheDir: fs.mkdtempSync(path.join(work, 'cache-')), retries: 1 } });
    expect(result.summary).toMatchObject({ failing: 0, couldNotCheck: 0, inputErrors: 1, outcome: 'incomplete' });
    expect(buildInventory([dir]).summary).toMatchObject({ inputErrors: 1, outcome: 'incomplete' });
  });

  it('-r ${REQS} in requirements.txt (a variable that is not set): exit 3', async () => {
    const dir = folder({ 'requirements.txt': 'six==1.16.0\n-r ${REQS}\n' });
    const run = await scanCli(dir);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/requirements\.txt:2:4: cannot read \$\{REQS\}/);
  });

  it('a Dockerfile RUN pip install -r https://host/req.txt is exit 3, even with a req.txt of that name in the folder', async () => {
    const dir = folder({ 'img/Dockerfile': 'FROM python:3.12\nRUN pip install -r https://host.example/req.txt\n', 'img/req.txt': 'six==1.16.0\n' });
    const run = await scanCli(path.join(dir, 'img'));
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('Dockerfile:2:20: cannot read https://host.example/req.txt: remote includes are not fetched; its packages are unknown');
    expect(run.stdout).not.toContain('six');
  });

  it('a Dockerfile RUN pip install -r /opt/x.txt is not matched to x.txt of the folder: exit 3 with the reason', async () => {
    const dir = folder({ 'img/Dockerfile': 'FROM python:3.12\nRUN pip install -r /opt/x.txt\n', 'img/x.txt': 'six==1.16.0\n' });
    const run = await scanCli(path.join(dir, 'img'));
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('Dockerfile:2:20: cannot read /opt/x.txt: no COPY or ADD of the build context before this line puts a file there');
    expect(lastLine(run.stdout)).toBe('INCOMPLETE: no failing findings, 1 input error (see Diagnostics), 0 packages');
  });

  it('curl -o /tmp/requirements.txt && pip install -r /tmp/requirements.txt does not vet the local requirements.txt in its place', async () => {
    const dir = folder({
      'img/Dockerfile': 'FROM python:3.12\nRUN curl -sSL https://host.example/r.txt -o /tmp/requirements.txt && pip install -r /tmp/requirements.txt\n',
      'img/requirements.txt': 'six==1.16.0\n',
    });
    const list = await runCli(['list', path.join(dir, 'img')]);
    expect(list.code).toBe(3);
    expect(list.stdout).toContain('cannot read /tmp/requirements.txt: no COPY or ADD of the build context');
  });

  it('an absolute -r path that a COPY of the build context provides is read from the folder (exit 0)', async () => {
    const dir = folder({
      'img/Dockerfile': 'FROM python:3.12\nWORKDIR /app\nCOPY reqs/base.txt ./reqs.txt\nCOPY extra/ /opt/extra/\nRUN pip install -r /app/reqs.txt -r /opt/extra/more.txt\n',
      'img/reqs/base.txt': 'six==1.16.0\n',
      'img/extra/more.txt': 'idna==3.6\n',
    });
    const list = await runCli(['list', path.join(dir, 'img'), '--format', 'json']);
    expect(list.code).toBe(0);
    const inventory = JSON.parse(list.stdout) as { packages: { name: string; location: { file: string } }[]; diagnostics: unknown[] };
    expect(inventory.diagnostics).toEqual([]);
    expect(inventory.packages.map((p) => `${p.name} ${path.basename(p.location.file)}`)).toEqual(['six base.txt', 'idna more.txt']);
  });

  it('a file COPY --from a build stage is could-not-check with the stage named', async () => {
    const dir = folder({ 'img/Dockerfile': 'FROM python:3.12 AS gen\nRUN echo six > /r.txt\nFROM python:3.12\nCOPY --from=gen /r.txt /opt/r.txt\nRUN pip install -r /opt/r.txt\n' });
    const run = await runCli(['list', path.join(dir, 'img')]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('cannot read /opt/r.txt: COPY at line 4 copies it from stage or image gen, not from the build context');
  });

  it('a Dockerfile RUN pip install -r other.txt that is not in the folder (a missing include) is exit 3 in scan, not PASS', async () => {
    const dir = folder({ 'img/Dockerfile': 'FROM python:3.12\nRUN pip install six==1.16.0 && pip install -r other.txt\n' });
    const run = await scanCli(path.join(dir, 'img'), '--checks', 'license,names,advisories');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('Dockerfile:2:47: other.txt is installed here but is not in the folder; its packages are unknown');
    expect(lastLine(run.stdout)).toBe('INCOMPLETE: no failing findings, 1 input error (see Diagnostics), 1 package');
  });

  it('a Dockerfile RUN pip install -r $REQS is exit 3', async () => {
    const dir = folder({ 'img/Dockerfile': 'FROM python:3.12\nARG REQS\nRUN pip install -r $REQS\n' });
    const run = await runCli(['list', path.join(dir, 'img')]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('cannot read $REQS: the path is a shell expansion that depvet does not evaluate');
  });

  it('a run with failing findings and unchecked packages exits 1, and its report says both', async () => {
    // chardet 5.2.0 is LGPL (needs approval: failing), the VCS requirement is could-not-check, the include unread.
    const dir = folder({ 'requirements.txt': 'chardet==5.2.0\ngit+https://git.example/org/tool.git#egg=tool\n-r https://host.example/more.txt\n' });
    const run = await scanCli(dir, '--format', 'text', '--format', 'json', '--output', path.join(dir, 'r.json'));
    expect(run.code).toBe(1);
    expect(lastLine(run.stdout)).toMatch(/^FAIL: 1 failing finding \(1 in license\), .*1 package could not be checked, 1 input error \(see Diagnostics\), 1 package$/);
    const json = JSON.parse(run.files.get(path.join(dir, 'r.json'))!) as { summary: Record<string, unknown>; couldNotCheck: { package: { name: string } }[] };
    expect(json.summary).toMatchObject({ failing: 1, inputErrors: 1, outcome: 'fail' });
    expect(json.couldNotCheck.map((c) => c.package.name)).toContain('tool');
  });
});

describe('a package whose name is a shell expansion is could-not-check, never dropped', () => {
  it('ARG PKGS + RUN pip install $PKGS, "${PKG}==1.0", $(echo x) and npm install $PKGS: one could-not-check each, exit 3', async () => {
    const dir = folder({
      'img/Dockerfile': 'FROM python:3.12\nARG PKGS\nARG PKG\nRUN pip install $PKGS "${PKG}==1.0" $(echo x)\nRUN npm install $PKGS\n',
    });
    const run = await scanCli(path.join(dir, 'img'), '--format', 'json');
    expect(run.code).toBe(3);
    const result = JSON.parse(run.stdout) as { couldNotCheck: { package: { ecosystem: string; name: string }; reason: string; location: { line: number } }[]; summary: { outcome: string } };
    expect(result.summary.outcome).toBe('incomplete');
    const records = result.couldNotCheck.map((c) => `${c.package.ecosystem} ${c.package.name} line ${c.location.line}`);
    expect(records).toEqual(['PyPI $PKGS line 4', 'PyPI ${PKG}==1.0 line 4', 'PyPI $(echo x) line 4', 'npm $PKGS line 5']);
    for (const c of result.couldNotCheck) expect(c.reason).toMatch(/shell expansion that depvet does not evaluate; give the variable a value in the Dockerfile/);
    const list = await runCli(['list', path.join(dir, 'img'), '--format', 'json']);
    expect(list.code).toBe(3);
    expect((JSON.parse(list.stdout) as { summary: { outcome: string; unvettablePackages: number } }).summary).toMatchObject({ outcome: 'incomplete', unvettablePackages: 4 });
  });

  it('control: an ARG with a default is expanded and checked (exit 0)', async () => {
    const dir = folder({ 'img/Dockerfile': 'FROM python:3.12\nARG PKGS="six==1.16.0"\nRUN pip install $PKGS\n' });
    const run = await scanCli(path.join(dir, 'img'), '--checks', 'license,names,advisories');
    expect(run.code).toBe(0);
    expect(lastLine(run.stdout)).toBe('PASS: no failing findings, 1 package');
  });
});

describe('symlinks out of the root are refused reads', () => {
  const SECRET = 'root:x:0:0:secret-hash-value';

  it('tree/img/requirements.txt -> ../../outside/requirements.txt (no Dockerfile) is an error diagnostic, not "0 manifests, PASS"', async () => {
    const dir = folder({ 'outside/requirements.txt': `six==1.16.0\n${SECRET}\n`, 'tree/img/README.md': 'x\n' });
    fs.symlinkSync('../../outside/requirements.txt', path.join(dir, 'tree', 'img', 'requirements.txt'));
    const list = await runCli(['list', path.join(dir, 'tree')]);
    expect(list.code).toBe(3);
    expect(list.stdout).toContain(`error: ${dir}/tree/img/requirements.txt: refusing to read ${dir}/tree/img/requirements.txt: it is a symlink to a path outside the scan root ${dir}/tree; its packages are unknown`);
    const run = await scanCli(path.join(dir, 'tree'));
    expect(run.code).toBe(3);
    expect(lastLine(run.stdout)).toBe('INCOMPLETE: no failing findings, 1 input error (see Diagnostics), 0 packages');
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it('a dangling manifest symlink and an image Dockerfile linked out of a tree are refused reads too', async () => {
    const dir = folder({ 'outside/Dockerfile': 'FROM python:3.12\n', 'tree/good/Dockerfile': 'FROM python:3.12\nRUN pip install six==1.16.0\n', 'tree/bad/build.conf': 'version=1\n' });
    fs.symlinkSync('../../outside/Dockerfile', path.join(dir, 'tree', 'bad', 'Dockerfile'));
    fs.symlinkSync('missing.txt', path.join(dir, 'tree', 'good', 'requirements.txt'));
    const run = await runCli(['list', path.join(dir, 'tree'), '--format', 'json']);
    expect(run.code).toBe(3);
    const codes = (JSON.parse(run.stdout) as { diagnostics: { code: string; message: string }[] }).diagnostics.map((d) => `${d.code}: ${d.message.replaceAll(dir, 'DIR')}`);
    expect(codes).toEqual([
      'read-refused: refusing to read DIR/tree/bad/Dockerfile: it is a symlink to a path outside the scan root DIR/tree; image bad is not scanned',
      'read-refused: refusing to read DIR/tree/good/requirements.txt: it is a symlink to nothing (its target does not exist); its packages are unknown',
    ]);
  });

  it('a depvet.config.json symlinked out of its folder is refused (exit 2), never quoting the file', async () => {
    const dir = folder({ 'outside/secret.json': `{"x": ${SECRET}}\n`, 'project/requirements.txt': 'six==1.16.0\n' });
    fs.symlinkSync('../outside/secret.json', path.join(dir, 'project', 'depvet.config.json'));
    const run = await runCli(['scan', path.join(dir, 'project'), '--offline']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`depvet: ${dir}/project/depvet.config.json: refusing to read it: it is a symlink to a file outside ${dir}/project\n`);
  });

  it('a config error never quotes the file (JSON.parse would) and stays one line', async () => {
    const dir = folder({ 'project/requirements.txt': 'six==1.16.0\n', 'project/depvet.config.json': `{\n  "checks": ["license"],\n  ${SECRET}\n}\n` });
    const run = await runCli(['scan', path.join(dir, 'project'), '--offline']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^depvet: .*depvet\.config\.json at line 3: not valid JSON\n$/);
    expect(run.stderr).not.toContain('secret');
  });

  it('dockerfiles policy files symlinked out of the tree are refused (exit 2), never quoting the file', async () => {
    const dir = folder({ 'outside/licenses.json': `${SECRET}\n`, 'tree/img/Dockerfile': 'FROM python:3.12\nRUN pip install six==1.16.0\n' });
    fs.symlinkSync('../outside/licenses.json', path.join(dir, 'tree', 'approved_licenses.json'));
    const run = await scanCli(path.join(dir, 'tree'), '--checks', 'license');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`depvet: ${dir}/tree/approved_licenses.json: refusing to read it: it is a symlink to a file outside ${dir}/tree\n`);
  });
});

describe('a --snapshot or --osv-db that is not there is a usage error (exit 2), not one could-not-check per package', () => {
  it('--snapshot /nonexistent, a folder that is not a snapshot, --osv-db /nonexistent and --osv-db not-a-database', async () => {
    const dir = folder({ 'requirements.txt': 'six==1.16.0\n', 'not-a-db.json': '{"id": "x"}\n', 'empty/.keep': '' });
    const cases: [string[], RegExp][] = [
      [['--snapshot', path.join(dir, 'nonexistent')], /^depvet: .*nonexistent: snapshot folder not found \(record one with `depvet snapshot PATH --out DIR`\)\n$/],
      [['--snapshot', path.join(dir, 'requirements.txt')], /^depvet: .*requirements\.txt: a snapshot is a folder recorded with `depvet snapshot`, not a file\n$/],
      [['--snapshot', path.join(dir, 'empty')], /^depvet: .*empty: not a snapshot: no index\.json/],
      [['--osv-db', path.join(dir, 'nonexistent')], /^depvet: .*nonexistent: OSV database not found \(expected a zip or a folder of OSV JSON files\)\n$/],
      [['--osv-db', path.join(dir, 'not-a-db.json')], /^depvet: .*not-a-db\.json: not an OSV database \(expected a zip or a folder of OSV JSON files\)\n$/],
    ];
    for (const [flags, message] of cases) {
      const run = await runCli(['scan', dir, '--cache-dir', path.join(dir, 'cache'), ...flags]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      const report = await runCli(['report', TREE, '--format', 'html', '--output', path.join(dir, 'c.html'), '--scan', '--cache-dir', path.join(dir, 'cache'), ...flags]);
      expect(report.code).toBe(2);
      expect(report.stderr).toMatch(message);
    }
  });
});
