// `depvet report`: the catalogue of a tree, with licenses and findings when --scan asks the registries.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FakeRegistry } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';
import { startTreeRegistry } from '../scan/tree-registry';
import { runCli } from './run-cli';

const TREE = path.relative(process.cwd(), fixturePath('inventory', 'tree'));
let fake: FakeRegistry;
let out: string;

beforeAll(async () => {
  fake = await startTreeRegistry();
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-report-'));
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(out, { recursive: true, force: true });
});

it('writes Markdown pages without a scan, saying licenses were not checked', async () => {
  const run = await runCli(['report', TREE, '--format', 'markdown', '--output', path.join(out, 'md')]);
  expect(run.code).toBe(0);
  const page = fs.readFileSync(path.join(out, 'md', 'images', 'crypto.md'), 'utf8');
  expect(page).toMatch(/cryptography/);
  expect(page).toMatch(/not checked/i);
  expect(JSON.parse(fs.readFileSync(path.join(out, 'md', 'used_packages.json'), 'utf8'))).toHaveProperty('cryptography');
});

it('with --scan, the HTML page carries each package license and verdict; the exit code is the scan outcome (1: the tree has failing findings)', async () => {
  const file = path.join(out, 'catalogue.html');
  const run = await runCli(['report', TREE, '--format', 'html', '--output', file, '--scan', '--pypi-url', fake.pypiUrl, '--osv-url', fake.osvUrl, '--cache-dir', path.join(out, 'cache')]);
  expect(run.stderr).toMatch(/wrote 1 file/);
  expect(run.code).toBe(1);
  const html = fs.readFileSync(file, 'utf8');
  expect(html).toContain('MPL-2.0');
  expect(html).toContain('Apache-2.0');
  expect(html).not.toMatch(/(src|href)=["']https?:/);
});

it('refuses an unknown format and a missing --output', async () => {
  expect((await runCli(['report', TREE, '--format', 'pdf', '--output', 'x'])).code).toBe(2);
  expect((await runCli(['report', TREE, '--format', 'html'])).code).toBe(2);
});
