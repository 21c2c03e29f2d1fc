// Issue 12 §2, "one bad line never hides the rest", through the library's inventory: each case the issue names is an
// error diagnostic with file, line, column and the reason, and every valid line or entry beside it is inventoried.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildInventory } from '../../src/inventory/inventory';
import type { Inventory } from '../../src/inventory/types';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A folder with these files; returns its path. */
function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-bad-line-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** `file:line:col code` of each error diagnostic, the file relative to the scanned folder. */
function errors(inventory: Inventory): string[] {
  return inventory.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.location.file.split('/').pop()}:${d.location.line}:${d.location.column} ${d.code}`);
}

const names = (inventory: Inventory): string[] => inventory.packages.map((p) => p.name);

/** Inventories `files` (a folder) and returns the result. */
function inventoryOf(files: Record<string, string>): Inventory {
  return buildInventory(['.'], { cwd: folder(files) });
}

describe('one bad line never hides the rest (issue 12 §2)', () => {
  it('#egg=Lasagne==0.2.git: the editable line is reported at the fragment, the other lines are read', () => {
    const inventory = inventoryOf({ 'requirements.txt': 'numpy==1.26.4\n-e git+https://github.com/Lasagne/Lasagne.git@8f4f9b2#egg=Lasagne==0.2.git\nscipy==1.12.0\n' });
    expect(errors(inventory)).toEqual(['requirements.txt:2:71 requirement-invalid']);
    expect(inventory.diagnostics.find((d) => d.severity === 'error')?.message).toBe(
      "invalid #egg= fragment 'Lasagne==0.2.git': expected end or ';' after version specifier, found '.'",
    );
    expect(names(inventory)).toEqual(['numpy', 'scipy']);
  });

  it('fabric==dev', () => {
    const inventory = inventoryOf({ 'requirements.txt': 'fabric==dev\nparamiko==3.4.0\n' });
    expect(errors(inventory)).toEqual(['requirements.txt:1:7 requirement-invalid']);
    expect(names(inventory)).toEqual(['paramiko']);
  });

  it('test>>1.2.0', () => {
    const inventory = inventoryOf({ 'requirements.txt': 'six==1.16.0\ntest>>1.2.0\n' });
    expect(errors(inventory)).toEqual(['requirements.txt:2:5 requirement-invalid']);
    expect(names(inventory)).toEqual(['six']);
  });

  it('--no-use-wheel (an option pip no longer knows)', () => {
    const inventory = inventoryOf({ 'requirements.txt': '--no-use-wheel\nsix==1.16.0\n' });
    expect(errors(inventory)).toEqual(['requirements.txt:1:1 option-invalid']);
    expect(names(inventory)).toEqual(['six']);
  });

  it('a lone --no-binary on a requirement line', () => {
    const inventory = inventoryOf({ 'requirements.txt': 'psycopg2==2.9.9 --no-binary psycopg2\nsix==1.16.0\n' });
    expect(errors(inventory)).toEqual(['requirements.txt:1:17 option-invalid']);
    expect(names(inventory)).toEqual(['six']);
  });

  it('an unclosed quote', () => {
    const inventory = inventoryOf({ 'requirements.txt': 'six==1.16.0\nFooProject==1.2 --hash=sha256:2cf24dba",\nidna==3.6\n' });
    expect(errors(inventory)).toEqual(['requirements.txt:2:39 option-invalid']);
    expect(names(inventory)).toEqual(['six', 'idna']);
  });

  it('a missing -r include is reported at the including line, and the rest of the file and its other includes are read', () => {
    const inventory = inventoryOf({ 'requirements.txt': '-r base.txt\nsix==1.16.0\n-r missing.txt\n-c constraints.txt\n', 'base.txt': 'idna==3.6\n' });
    expect(errors(inventory)).toEqual(['requirements.txt:3:4 include-unreadable', 'requirements.txt:4:4 include-unreadable']);
    expect(names(inventory)).toEqual(['six', 'idna']);
  });

  it('a bad Pipfile.lock entry', () => {
    const lock = { _meta: { sources: [] }, default: { idna: { version: '==3.6' }, broken: 3, six: { version: '==1.16.0' } }, develop: {} };
    const inventory = inventoryOf({ 'Pipfile.lock': JSON.stringify(lock, null, 4) });
    expect(errors(inventory)).toEqual(['Pipfile.lock:9:9 entry-invalid']);
    expect(names(inventory)).toEqual(['idna', 'six']);
  });

  it('a bad poetry.lock entry', () => {
    const inventory = inventoryOf({ 'poetry.lock': '[[package]]\nname = "idna"\nversion = "3.6"\n\n[[package]]\nname = "no version"\n\n[[package]]\nname = "six"\nversion = "1.16.0"\n' });
    expect(errors(inventory)).toEqual(['poetry.lock:6:1 entry-invalid']);
    expect(names(inventory)).toEqual(['idna', 'six']);
  });

  it('a bad RUN pip install spec', () => {
    const inventory = inventoryOf({ Dockerfile: 'FROM python:3.12\nRUN pip install idna==3.6 "six=1" requests==2.31.0\nRUN pip install flask==3.0.0\n' });
    expect(errors(inventory)).toEqual(['Dockerfile:2:31 pip-spec-invalid']);
    expect(names(inventory)).toEqual(['idna', 'requests', 'flask']);
  });

  it('a file that is not TOML at all is one error diagnostic with line and column, not a thrown error', () => {
    const inventory = inventoryOf({ 'pyproject.toml': '[project]\ndependencies = ["six==1.16.0"\n', 'package.json': '{"dependencies": {"left-pad": "1.3.0"}}' });
    expect(errors(inventory)).toEqual(['pyproject.toml:3:1 manifest-syntax']);
    expect(names(inventory)).toEqual(['left-pad']);
  });

  it('a manifest named on the command line with bad lines is read the same way', () => {
    const dir = folder({ 'reqs.txt': 'a==1\nb==\nc==3\n' });
    const inventory = buildInventory(['reqs.txt'], { cwd: dir });
    expect(errors(inventory)).toEqual(['reqs.txt:2:2 requirement-invalid']);
    expect(names(inventory)).toEqual(['a', 'c']);
  });
});
