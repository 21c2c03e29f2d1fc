// uv.lock and pylock.toml in project and image folders: the lock is the source of truth over pyproject.toml, an
// image leaves out what its build does not install, and markers are evaluated for the image's Python.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildInventory } from '../../src/inventory/inventory';
import { fixturePath } from '../helpers/shared';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-uv-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

const uvExample = (file: string) => fs.readFileSync(fixturePath('uv-lock', 'uv-docker-example', file), 'utf8');

describe('uv.lock as a source of truth', () => {
  test("uv's Docker example as an image folder: the lock wins, dev is left out, Windows-only packages skipped", () => {
    const dir = folder('uv-image', { Dockerfile: uvExample('Dockerfile'), 'pyproject.toml': uvExample('pyproject.toml'), 'uv.lock': uvExample('uv.lock') });
    const inventory = buildInventory([dir], { cwd: tmp });
    expect(inventory.manifests.map((m) => [path.basename(m.file), m.role])).toEqual([
      ['uv.lock', 'source-of-truth'],
      ['pyproject.toml', 'manifest'],
      ['Dockerfile', 'dockerfile'],
    ]);
    const entry = (name: string) => inventory.packages.find((p) => p.name === name)!;
    expect(entry('fastapi')).toMatchObject({ relation: 'direct', status: 'included', version: '0.118.0' });
    expect(entry('ruff')).toMatchObject({ status: 'skipped', skip: { code: 'dev-only' } });
    expect(entry('colorama')).toMatchObject({ status: 'skipped', skip: { code: 'marker-false' } });
    expect(entry('uvloop').status).toBe('included');
    expect(inventory.packages.filter((p) => p.status === 'included')).toHaveLength(39);
    expect(inventory.diagnostics).toEqual([]);
  });

  test('a project folder without a Dockerfile checks its dev group too', () => {
    const dir = folder('uv-project', { 'pyproject.toml': uvExample('pyproject.toml'), 'uv.lock': uvExample('uv.lock') });
    const inventory = buildInventory([dir], { cwd: tmp });
    expect(inventory.packages.find((p) => p.name === 'ruff')!.status).toBe('included');
    expect(inventory.summary.entriesByKind['uv.lock']).toEqual({ main: 40, dev: 1 });
  });

  test("markers follow the project's Python: a python_version marker flips between 3.10 and 3.12", () => {
    const lock = `version = 1
revision = 3
requires-python = ">=3.10"

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "tomli", marker = "python_full_version < '3.11'" }]

[[package]]
name = "tomli"
version = "2.3.0"
source = { registry = "https://pypi.org/simple" }
`;
    const dir = folder('uv-markers', { 'uv.lock': lock });
    expect(buildInventory([dir], { cwd: tmp }).packages[0]!.status).toBe('included');
    expect(buildInventory([dir], { cwd: tmp, python: '3.12' }).packages[0]).toMatchObject({ status: 'skipped', skip: { code: 'marker-false' } });
  });
});

describe('pylock.toml as a source of truth', () => {
  test('a pylock.toml beside pyproject.toml is what the folder installs; the default selection decides the groups', () => {
    const dir = folder('pylock-image', {
      Dockerfile: 'FROM python:3.10-slim\nCOPY pylock.toml .\n',
      'pyproject.toml': '[project]\nname = "h11"\nversion = "0.16.0"\nrequires-python = ">=3.10"\n',
      'pylock.toml': fs.readFileSync(fixturePath('pylock', 'h11-pylock.toml'), 'utf8'),
    });
    const inventory = buildInventory([dir], { cwd: tmp });
    expect(inventory.manifests.map((m) => [path.basename(m.file), m.role])).toEqual([
      ['pylock.toml', 'source-of-truth'],
      ['pyproject.toml', 'manifest'],
      ['Dockerfile', 'dockerfile'],
    ]);
    const included = inventory.packages.filter((p) => p.status === 'included').map((p) => p.name);
    // The only default-group package; its python_version < "3.12" marker holds for the image's Python 3.10.
    expect(included).toEqual(['typing-extensions']);
    expect(inventory.packages.find((p) => p.name === 'pytest')!.skip).toMatchObject({ code: 'dev-only' });
  });
});
