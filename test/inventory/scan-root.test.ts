import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildInventory } from '../../src/inventory/inventory';
import { inputErrorOf } from '../helpers/errors';
import { removeTempTrees, tempTree } from '../helpers/temp-tree';

afterAll(removeTempTrees);

describe('scan root and includes', () => {
  it('refuses an include that leaves the scan root, naming file and line', () => {
    const dir = tempTree({ 'outside.txt': 'six==1.0\n', 'project/requirements.txt': 'idna==3.6\n-r ../outside.txt\n' });
    const error = inputErrorOf(() => buildInventory(['project'], { cwd: dir }));
    expect(error.code).toBe('E_INPUT_PATH');
    expect(error.message).toBe('project/requirements.txt:2: refusing to read ../outside.txt: it is outside the scan root project');
  });

  it('refuses a symlink that points outside the root', () => {
    const dir = tempTree({ 'secret/requirements.txt': 'six==1.0\n', 'project/requirements.txt': '-r linked.txt\n' });
    fs.symlinkSync(path.join(dir, 'secret', 'requirements.txt'), path.join(dir, 'project', 'linked.txt'));
    const error = inputErrorOf(() => buildInventory(['project'], { cwd: dir }));
    expect(error.code).toBe('E_INPUT_PATH');
    expect(error.message).toContain('outside the scan root');
  });

  it('reads a file inside the root whose name starts with two dots, and a symlink to it (the ..data of a ConfigMap)', () => {
    const dir = tempTree({ 'project/..data/base.txt': 'six==1.16.0\n', 'project/requirements.txt': '-r ..data/base.txt\n-r linked.txt\n' });
    fs.symlinkSync(path.join(dir, 'project', '..data', 'base.txt'), path.join(dir, 'project', 'linked.txt'));
    const inv = buildInventory(['project'], { cwd: dir });
    expect(inv.packages.map((p) => `${p.name} ${p.location.file}`)).toEqual(['six project/..data/base.txt', 'six project/linked.txt']);
  });

  it('still refuses .. itself and a symlink to the folder above', () => {
    const dir = tempTree({ 'requirements.txt': 'six==1.0\n', 'project/requirements.txt': '-r ../requirements.txt\n' });
    expect(inputErrorOf(() => buildInventory(['project'], { cwd: dir })).message).toContain('outside the scan root');
    const linked = tempTree({ 'above.txt': 'six==1.0\n', 'project/requirements.txt': '-r up/above.txt\n' });
    fs.symlinkSync(linked, path.join(linked, 'project', 'up'));
    expect(inputErrorOf(() => buildInventory(['project'], { cwd: linked })).message).toContain('outside the scan root');
  });

  it('stops an include cycle and names it', () => {
    const dir = tempTree({ 'p/a.txt': '-r b.txt\n', 'p/b.txt': 'six==1.0\n-r a.txt\n' });
    const error = inputErrorOf(() => buildInventory(['p/a.txt'], { cwd: dir }));
    expect(error.code).toBe('E_INCLUDE_CYCLE');
    expect(error.message).toBe('p/b.txt:2: include cycle: p/a.txt -> p/b.txt -> p/a.txt');
  });

  it('reports a missing include with the including file and line', () => {
    const dir = tempTree({ 'p/requirements.txt': 'six==1.0\n\n-r missing.txt\n' });
    const error = inputErrorOf(() => buildInventory(['p/requirements.txt'], { cwd: dir }));
    expect(error.message).toBe('p/requirements.txt:3: p/missing.txt: no such file');
  });

  it('a path that does not exist is an input error', () => {
    const error = inputErrorOf(() => buildInventory(['nope'], { cwd: os.tmpdir() }));
    expect(error.message).toBe('nope: no such file or directory');
  });

  it('walks a plain folder for manifests, skipping node_modules', () => {
    const dir = tempTree({
      'app/requirements.txt': 'flask==3.0.0\n',
      'app/dev-requirements.txt': 'pytest==8.0.0\n',
      'web/package.json': '{"name":"web","dependencies":{"left-pad":"1.3.0"}}\n',
      'web/node_modules/x/package.json': '{"name":"x","dependencies":{"evil":"1.0.0"}}\n',
    });
    const inv = buildInventory(['.'], { cwd: dir });
    expect(inv.packages.map((p) => `${p.ecosystem}:${p.name}`).sort()).toEqual(['PyPI:flask', 'PyPI:pytest', 'npm:left-pad']);
  });
});
