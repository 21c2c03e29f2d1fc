// The inventory's part of "no PASS on nothing" (issue 12 §1), at the library level: what a Dockerfile's COPY puts
// where, refused symlinks in a folder listing, shell-expansion names, images with nothing to check, the Python an
// image builds, and the outcome of an inventory.
import fs from 'node:fs';
import path from 'node:path';
import { isDepvetError } from '../../src/errors';
import { buildInventory, closestNames } from '../../src/inventory/inventory';
import { outsideFolder, ScanRoot } from '../../src/inventory/scan-root';
import { copyProviding, parseDockerfile } from '../../src/sources/dockerfile';
import { removeTempTrees, tempTree } from '../helpers/temp-tree';

afterAll(removeTempTrees);
const folder = (files: Record<string, string>) => tempTree(files);

describe('which COPY provides a pip install -r /abs/path', () => {
  const kinds: Record<string, 'file' | 'directory'> = { 'requirements.txt': 'file', reqs: 'directory', '.': 'directory' };
  const kindOf = (p: string) => kinds[p];
  const provided = (dockerfile: string, include = 0) => {
    const manifest = parseDockerfile(dockerfile, 'Dockerfile');
    const found = copyProviding(manifest, include, kindOf);
    return found === undefined ? undefined : { line: found.copy.line, from: found.copy.from, contextPath: found.contextPath };
  };

  it('a file copied to that path, or into that folder, or a folder copied above it (through WORKDIR too)', () => {
    expect(provided('FROM python:3.12\nCOPY requirements.txt /tmp/requirements.txt\nRUN pip install -r /tmp/requirements.txt\n')).toEqual({ line: 2, from: undefined, contextPath: 'requirements.txt' });
    expect(provided('FROM python:3.12\nCOPY requirements.txt /tmp/\nRUN pip install -r /tmp/requirements.txt\n')).toEqual({ line: 2, from: undefined, contextPath: 'requirements.txt' });
    expect(provided('FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r /app/requirements.txt\n')).toEqual({ line: 3, from: undefined, contextPath: 'requirements.txt' });
    expect(provided('FROM python:3.12\nCOPY reqs /opt/reqs\nRUN pip install -r /opt/reqs/base/prod.txt\n')).toEqual({ line: 2, from: undefined, contextPath: 'reqs/base/prod.txt' });
    expect(provided('FROM python:3.12\nWORKDIR /srv\nCOPY . .\nRUN pip install -r /srv/requirements.txt\n')).toEqual({ line: 3, from: undefined, contextPath: 'requirements.txt' });
  });

  it('nothing for a path no COPY reaches, a COPY after the RUN, or a file copied elsewhere', () => {
    expect(provided('FROM python:3.12\nRUN curl -o /tmp/requirements.txt https://x && pip install -r /tmp/requirements.txt\n')).toBeUndefined();
    expect(provided('FROM python:3.12\nRUN pip install -r /tmp/requirements.txt\nCOPY requirements.txt /tmp/requirements.txt\n')).toBeUndefined();
    expect(provided('FROM python:3.12\nCOPY requirements.txt /\nRUN pip install -r /opt/x.txt\n')).toBeUndefined();
    expect(provided('FROM python:3.12\nCOPY requirements.txt /tmp/\nRUN pip install -r requirements.txt\n')).toBeUndefined();
  });

  it('a COPY --from another stage, or in the stage this one is built FROM, is found with no build-context file', () => {
    expect(provided('FROM python:3.12 AS gen\nRUN pip freeze > /r.txt\nFROM python:3.12\nCOPY --from=gen /r.txt /opt/r.txt\nRUN pip install -r /opt/r.txt\n')).toEqual({ line: 4, from: 'gen', contextPath: undefined });
    expect(provided('FROM python:3.12 AS base\nCOPY requirements.txt /tmp/requirements.txt\nFROM base\nRUN pip install -r /tmp/requirements.txt\n')).toEqual({ line: 2, from: undefined, contextPath: 'requirements.txt' });
  });

  it('the last COPY before the RUN wins', () => {
    expect(provided('FROM python:3.12\nCOPY reqs /tmp/r\nCOPY requirements.txt /tmp/r/requirements.txt\nRUN pip install -r /tmp/r/requirements.txt\n')).toEqual({ line: 3, from: undefined, contextPath: 'requirements.txt' });
  });
});

describe('the inventory', () => {
  it('a folder listing marks a manifest symlinked out of the root, or to nothing, as refused', () => {
    const dir = folder({ 'outside/requirements.txt': 'six==1.16.0\n', 'root/a.txt': 'x\n' });
    fs.symlinkSync('../outside/requirements.txt', path.join(dir, 'root', 'requirements.txt'));
    fs.symlinkSync('a.txt', path.join(dir, 'root', 'inside.txt'));
    fs.symlinkSync('gone.txt', path.join(dir, 'root', 'dangling.txt'));
    const entries = new ScanRoot(path.join(dir, 'root')).list('.');
    expect(entries.map((e) => [e.name, e.isFile, e.refused !== undefined])).toEqual([
      ['a.txt', true, false],
      ['dangling.txt', false, true],
      ['inside.txt', true, false],
      ['requirements.txt', false, true],
    ]);
    expect(outsideFolder(path.join(dir, 'root'), path.join(dir, 'root', 'requirements.txt'))).toMatch(/symlink to a file outside/);
    expect(outsideFolder(path.join(dir, 'root'), path.join(dir, 'root', 'inside.txt'))).toBeUndefined();
    expect(outsideFolder(path.join(dir, 'root'), path.join(dir, 'root', 'absent.json'))).toBeUndefined();
  });

  it('a folder with no manifest throws E_NO_MANIFESTS naming the folder', () => {
    const dir = folder({ 'README.md': 'x\n' });
    let caught: unknown;
    try {
      buildInventory([dir]);
    } catch (error) {
      caught = error;
    }
    expect(isDepvetError(caught) && caught.code).toBe('E_NO_MANIFESTS');
    expect((caught as Error).message).toMatch(new RegExp(`^no manifests found under ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; depvet reads: `));
  });

  it('names hidden in shell expansions are kept as unvettable shell-expansion entries and make the inventory incomplete', () => {
    const dir = folder({ 'img/Dockerfile': 'FROM python:3.12\nARG PKGS\nRUN pip install $PKGS six==1.16.0\n' });
    const inventory = buildInventory([path.join(dir, 'img')]);
    expect(inventory.packages.map((p) => [p.name, p.unvettable?.kind])).toEqual([
      ['$PKGS', 'shell-expansion'],
      ['six', undefined],
    ]);
    expect(inventory.summary).toMatchObject({ inputErrors: 0, outcome: 'incomplete', unvettablePackages: 1 });
  });

  it('images that install nothing say why; the others do not', () => {
    const dir = folder({
      'tree/empty/Dockerfile': 'FROM alpine:3.20\n',
      'tree/skipped/Dockerfile': 'FROM python:3.12\nRUN pip install "futures==3.4.0 ; python_version < \'3\'"\n',
      'tree/used/Dockerfile': 'FROM python:3.12\nRUN pip install six==1.16.0\n',
    });
    const inventory = buildInventory([path.join(dir, 'tree')]);
    expect(Object.fromEntries(inventory.images.map((i) => [i.name, i.nothingToCheck]))).toEqual({
      empty: 'no Python or npm manifest, and its Dockerfile installs nothing with pip or npm',
      skipped: 'every package it names is skipped (markers, dev groups, constraints, overrides)',
      used: undefined,
    });
    expect(inventory.summary.outcome).toBe('complete');
  });

  it('a Dockerfile that builds its own Python says which (ENV PYTHON_VERSION), also for an image folder scanned alone', () => {
    expect(parseDockerfile('FROM alpine:3.18\nENV PYTHON_VERSION 2.7.18\n', 'Dockerfile').pythonVersion).toBe('2.7.18');
    expect(parseDockerfile('FROM alpine:3.18 AS build\nENV PYTHON_VERSION=3.11.9\nFROM build\n', 'Dockerfile').pythonVersion).toBe('3.11.9');
    expect(parseDockerfile('FROM alpine:3.18\nENV PYTHON_VERSION latest\n', 'Dockerfile').pythonVersion).toBeUndefined();
    const dir = folder({ 'img/Dockerfile': 'FROM alpine:3.18\nENV PYTHON_VERSION 2.7.18\nRUN pip install "futures==3.4.0 ; python_version < \'3\'"\n' });
    expect(buildInventory([path.join(dir, 'img')]).packages.map((p) => p.status)).toEqual(['included']);
  });

  it('closest names: containing names first, then by edit distance', () => {
    expect(closestNames('pyhton3', ['python', 'python3', 'crypto', 'teams'], 2)).toEqual(['python3', 'python']);
    expect(closestNames('crypt', ['teams', 'crypto', 'python3'], 1)).toEqual(['crypto']);
  });
});
