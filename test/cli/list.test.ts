import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { fixturePath } from '../helpers/shared';
import { runCli } from './run-cli';

const TREE = path.relative(process.cwd(), fixturePath('inventory', 'tree'));
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'inventory.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('depvet list', () => {
  it('prints the inventory of a tree as text, grouped by image, with inherited packages marked', async () => {
    const run = await runCli(['list', TREE, '--image', 'crypto']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('crypto  [active; Python 3.11 (base image demisto/python3:3.11.9.101916); base: python3]');
    expect(run.stdout).toContain(`  ${TREE}/crypto/Pipfile.lock\n    cffi 1.16.0  line 9\n`);
    expect(run.stdout).toContain('  inherited from python3\n');
    expect(run.stdout).toMatch(/1 images, \d+ manifests, 4 declared packages/);
  });

  it('prints JSON that follows docs/inventory.schema.json', async () => {
    const run = await runCli(['list', TREE, '--format', 'json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as unknown;
    expect(validate(doc)).toBe(true);
    expect(validate.errors ?? null).toBeNull();
  });

  it('the schema rejects what it should (it is not vacuous)', async () => {
    const run = await runCli(['list', TREE, '--format', 'json']);
    const doc = JSON.parse(run.stdout) as { packages: Record<string, unknown>[] };
    doc.packages[0]!['status'] = 'maybe';
    expect(validate(doc)).toBe(false);
  });

  it('writes to --output instead of standard output', async () => {
    const run = await runCli(['list', TREE, '--format', 'json', '--output', 'inv.json']);
    expect(run.stdout).toBe('');
    expect(JSON.parse(run.files.get(path.resolve('inv.json'))!)).toHaveProperty('schemaVersion', '1.0');
  });

  it('lists the rest of a file with a bad line, names the line with file, line and column, and exits 3', async () => {
    const file = path.relative(process.cwd(), fixturePath('requirements-txt', 'invalid-unknown-option.txt')).split(path.sep).join('/');
    const run = await runCli(['list', file]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^ {4}ok 1\.0 {2}line 1/m);
    expect(run.stdout).toContain(`error: ${file}:3:1: unknown option --unknown-option\n`);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('usage errors exit 2 with one line', async () => {
    for (const args of [['list'], ['list', TREE, '--format', 'xml'], ['list', TREE, '--bogus'], ['frobnicate'], ['list', TREE, '--python', 'three']]) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr.startsWith('depvet: ')).toBe(true);
    }
  });

  it('--help and --version exit 0', async () => {
    expect((await runCli(['--help'])).stdout).toContain('Usage:');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});
