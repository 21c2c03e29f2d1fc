import fs from 'node:fs';
import { parsePipFreeze, parsePipListJson } from '../../src/sources/pip-inventory';
import { errorsIn } from '../helpers/errors';
import { fixturePath } from '../helpers/shared';

const read = (name: string): string => fs.readFileSync(fixturePath('pip-inventory', name), 'utf8');

describe('parsePipListJson', () => {
  test('name, version and editable location, on the line of "name"', () => {
    const m = parsePipListJson(read('pip-list-with-editable.json'), 'img/pip-list.json');
    expect(m.kind).toBe('pip-list.json');
    expect(m.packages.map((p) => [p.name, p.normalizedName, p.version, p.relation, p.unvettable?.kind, p.location.line])).toEqual([
      ['certifi', 'certifi', '2024.2.2', 'installed', undefined, 2],
      ['Jinja2', 'jinja2', '3.1.3', 'installed', undefined, 3],
      ['myproj', 'myproj', '0.1.0', 'installed', 'editable', 5],
    ]);
    expect(m.packages[2]?.unvettable?.reference).toBe('/src/myproj');
  });

  test('an entry without a version and a non-array are error diagnostics, and the other entries are read', () => {
    expect(errorsIn(parsePipListJson(read('pip-list-entry-without-version.json'), 'l.json'))).toEqual(['2:4 entry-invalid: each entry needs string "name" and "version"']);
    expect(errorsIn(parsePipListJson('{"name": "x"}', 'l.json'))).toEqual(['1:1 manifest-syntax: pip list --format=json output must be a JSON array']);
    const mixed = parsePipListJson('[{"name": "a", "version": "1"}, {"name": "b"}, 3, {"name": "c", "version": "3"}]', 'l.json');
    expect(mixed.packages.map((p) => p.name)).toEqual(['a', 'c']);
    expect(errorsIn(mixed)).toHaveLength(2);
  });
});

describe('parsePipFreeze', () => {
  const m = parsePipFreeze(read('pip-freeze-mixed.txt'), 'img/freeze.txt');

  test('pins, editables (VCS and local), direct URLs; comments skipped', () => {
    expect(m.kind).toBe('pip-freeze.txt');
    expect(m.packages.map((p) => [p.name, p.version, p.unvettable?.kind, p.location.line])).toEqual([
      ['certifi', '2024.2.2', undefined, 2],
      ['Jinja2', '3.1.3', undefined, 3],
      ['proj', undefined, 'editable', 4],
      ['unknownrepo', '1.0', undefined, 6],
      ['localpkg', '0.2.0', 'editable', 8],
      ['wheelpkg', undefined, 'path', 9],
      ['urlpkg', undefined, 'url', 10],
      ['vcspkg', undefined, 'vcs', 11],
    ]);
    expect(m.packages.every((p) => p.relation === 'installed' && p.ecosystem === 'PyPI')).toBe(true);
    expect(m.packages[2]?.unvettable?.reference).toBe('git+https://github.com/org/proj.git@0123abcd#egg=proj');
    expect(m.packages[4]?.normalizedName).toBe('localpkg');
  });

  test('index options become indexes', () => {
    expect(m.indexes).toEqual([{ url: 'https://mirror.example/simple', role: 'primary', location: { file: 'img/freeze.txt', line: 12 } }]);
  });

  test('a line that is not freeze output is an error diagnostic at its line and column, and the other lines are read', () => {
    const freeze = parsePipFreeze(read('pip-freeze-garbage-line.txt'), 'f.txt');
    expect(errorsIn(freeze)).toEqual(['2:1 line-invalid: not a pip freeze line: this is not freeze output']);
    expect(freeze.packages.map((p) => p.name)).toEqual(['requests']);
  });

  test('an editable with no name anywhere keeps the path as name and an empty normalized name', () => {
    const bare = parsePipFreeze('-e /src/thing\n', 'f.txt');
    expect(bare.packages).toEqual([expect.objectContaining({ name: '/src/thing', normalizedName: '', unvettable: expect.objectContaining({ kind: 'editable' }) })]);
  });
});
