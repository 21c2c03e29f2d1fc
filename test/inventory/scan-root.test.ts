import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildInventory } from '../../src/inventory/inventory';
import { inputErrorOf } from '../helpers/errors';
import { removeTempTrees, tempTree } from '../helpers/temp-tree';

afterAll(removeTempTrees);

/** The error diagnostics of an inventory, as `file:line:col code: message`. */
function errorsOf(inventory: ReturnType<typeof buildInventory>): string[] {
  return inventory.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.location.file}:${d.location.line}:${d.location.column} ${d.code}: ${d.message}`);
}

// An include that cannot be read is an error diagnostic at the including line (its path's column); the including file
// and its other includes are still read. Only a path named on the command line that cannot be read throws.
describe('scan root and includes', () => {
  it('refuses an include that leaves the scan root, naming file, line and column, and reads the rest', () => {
    const dir = tempTree({ 'outside.txt': 'six==1.0\n', 'project/requirements.txt': 'idna==3.6\n-r ../outside.txt\nflask==3.0.0\n' });
    const inventory = buildInventory(['project'], { cwd: dir });
    expect(errorsOf(inventory)).toEqual([
      'project/requirements.txt:2:4 include-unreadable: cannot read ../outside.txt (project/../outside.txt): refusing to read ../outside.txt: it is outside the scan root project; its packages are unknown',
    ]);
    expect(inventory.packages.map((p) => p.name)).toEqual(['idna', 'flask']);
  });

  it('refuses a symlink that points outside the root', () => {
    const dir = tempTree({ 'secret/requirements.txt': 'six==1.0\n', 'project/requirements.txt': '-r linked.txt\n' });
    fs.symlinkSync(path.join(dir, 'secret', 'requirements.txt'), path.join(dir, 'project', 'linked.txt'));
    const inventory = buildInventory(['project'], { cwd: dir });
    expect(errorsOf(inventory)).toEqual([expect.stringMatching(/^project\/requirements\.txt:1:4 include-unreadable: .*outside the scan root/)]);
    expect(inventory.packages).toEqual([]);
  });

  it('reads a file inside the root whose name starts with two dots, and a symlink to it (the ..data of a ConfigMap)', () => {
    const dir = tempTree({ 'project/..data/base.txt': 'six==1.16.0\n', 'project/requirements.txt': '-r ..data/base.txt\n-r linked.txt\n' });
    fs.symlinkSync(path.join(dir, 'project', '..data', 'base.txt'), path.join(dir, 'project', 'linked.txt'));
    const inv = buildInventory(['project'], { cwd: dir });
    expect(inv.packages.map((p) => `${p.name} ${p.location.file}`)).toEqual(['six project/..data/base.txt', 'six project/linked.txt']);
  });

  it('still refuses .. itself and a symlink to the folder above', () => {
    const dir = tempTree({ 'requirements.txt': 'six==1.0\n', 'project/requirements.txt': '-r ../requirements.txt\n' });
    expect(errorsOf(buildInventory(['project'], { cwd: dir }))).toEqual([expect.stringContaining('outside the scan root')]);
    const linked = tempTree({ 'above.txt': 'six==1.0\n', 'project/requirements.txt': '-r up/above.txt\n' });
    fs.symlinkSync(linked, path.join(linked, 'project', 'up'));
    const inventory = buildInventory(['project'], { cwd: linked });
    expect(errorsOf(inventory)).toEqual([expect.stringContaining('outside the scan root')]);
    expect(inventory.packages).toEqual([]);
  });

  it('stops an include cycle, names it, and keeps what each file holds', () => {
    const dir = tempTree({ 'p/a.txt': '-r b.txt\nidna==3.6\n', 'p/b.txt': 'six==1.0\n-r a.txt\n' });
    const inventory = buildInventory(['p/a.txt'], { cwd: dir });
    expect(errorsOf(inventory)).toEqual(['p/b.txt:2:4 include-cycle: include cycle: p/a.txt -> p/b.txt -> p/a.txt; a.txt is not read again']);
    expect(inventory.packages.map((p) => `${p.name} ${p.location.file}`)).toEqual(['idna p/a.txt', 'six p/b.txt']);
  });

  it('reports a missing -r or -c include at the including line and column, and reads the rest of the file', () => {
    const dir = tempTree({ 'p/requirements.txt': 'six==1.0\n\n-r missing.txt\n-c  gone.txt\nidna==3.6\n-r present.txt\n', 'p/present.txt': 'flask==3.0.0\n' });
    const inventory = buildInventory(['p/requirements.txt'], { cwd: dir });
    expect(errorsOf(inventory)).toEqual([
      'p/requirements.txt:3:4 include-unreadable: cannot read missing.txt (p/missing.txt): no such file; its packages are unknown',
      'p/requirements.txt:4:5 include-unreadable: cannot read gone.txt (p/gone.txt): no such file; its packages are unknown',
    ]);
    expect(inventory.packages.map((p) => p.name)).toEqual(['six', 'idna', 'flask']);
  });

  it('a path named on the command line that does not exist is still an input error', () => {
    const dir = tempTree({ 'p/requirements.txt': 'six==1.0\n' });
    expect(inputErrorOf(() => buildInventory(['p/other.txt'], { cwd: dir })).code).toBe('E_INPUT_PATH');
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
