import fs from 'node:fs';
import { errorsIn } from '../helpers/errors';
import { parsePackageLock } from '../../src/sources/package-lock';
import { fixturePath } from '../helpers/shared';

const read = (name: string): string => fs.readFileSync(fixturePath('package-lock', name), 'utf8');

describe('parsePackageLock v2/v3 (packages map)', () => {
  const m = parsePackageLock(read('v3-nested-alias-link-git.package-lock.json'), 'package-lock.json');

  test('names come from the last node_modules/ segment or the alias name field; root and workspace folders skipped', () => {
    expect(m.packages.map((p) => [p.name, p.version, p.relation, p.group, p.location.line])).toEqual([
      ['a', '1.0.1', 'direct', 'default', 13],
      ['@s/b', '2.0.0', 'transitive', 'dev', 18],
      ['real', '2.1.0', 'direct', 'default', 23],
      ['local', undefined, 'direct', 'default', 28],
      ['gitdep', undefined, 'direct', 'optional', 32],
      ['@s/dev', '3.0.0', 'direct', 'devOptional', 37],
      ['tarball', undefined, 'transitive', 'peer', 42],
    ]);
  });

  test('link and non-registry resolved are unvettable; registry tarballs are not', () => {
    const kinds = Object.fromEntries(m.packages.map((p) => [p.name, p.unvettable?.kind]));
    expect(kinds).toEqual({ a: undefined, '@s/b': undefined, real: undefined, local: 'path', gitdep: 'vcs', '@s/dev': undefined, tarball: 'url' });
    expect(m.packages.find((p) => p.name === 'local')?.unvettable?.reference).toBe('../local');
  });

  test('integrity becomes algo:hex', () => {
    expect(m.packages[0]?.hashes).toEqual(['sha512:0001020304']);
  });

  test('v2 with both sections reads packages, not the v1 dependencies', () => {
    const both = parsePackageLock(read('v2-both-sections-uses-packages.package-lock.json'), 'l.json');
    expect(both.packages.map((p) => [p.name, p.relation])).toEqual([['x', 'direct']]);
  });
});

describe('parsePackageLock v1 (dependencies tree)', () => {
  const m = parsePackageLock(read('v1-dependency-tree.package-lock.json'), 'package-lock.json');

  test('walks nested dependencies; direct only for top-level entries nothing requires', () => {
    expect(m.packages.map((p) => [p.name, p.version, p.relation, p.group, p.location.line])).toEqual([
      ['a', '1.0.1', 'direct', 'default', 7],
      ['c', '3.0.0', 'transitive', 'dev', 12],
      ['b', '2.0.0', 'transitive', 'default', 18],
      ['real', '4.0.0', 'direct', 'default', 22],
      ['fromgit', undefined, 'direct', 'default', 25],
    ]);
    expect(m.packages[4]?.unvettable).toMatchObject({ kind: 'vcs', reference: 'git+https://github.com/u/r.git#abc' });
  });
});

describe('parsePackageLock bad input', () => {
  test.each([
    ['[]', '1:1 manifest-syntax: a package lock must hold a JSON object'],
    ['{\n"lockfileVersion": "3"\n}', '2:1 entry-invalid: "lockfileVersion" must be a number'],
    ['{\n"lockfileVersion": 3,\n"packages": {\n"node_modules/a": 5\n}\n}', '4:1 entry-invalid: "packages"."node_modules/a" must be an object'],
    ['{\n"lockfileVersion": 3,\n"packages": {\n', '4:1 manifest-syntax: invalid JSON: expected a string key'],
  ])('%j is an error diagnostic at its line and column, not a throw', (text, expected) => {
    expect(errorsIn(parsePackageLock(text, 'package-lock.json'))).toEqual([expected]);
  });

  test('a bad entry never hides the others (v3 packages and the v1 tree)', () => {
    const v3 = parsePackageLock('{"lockfileVersion": 3, "packages": {\n"node_modules/a": {"version": "1.0.0"},\n"node_modules/b": [],\n"node_modules/c": {"version": "3.0.0"}}}', 'l.json');
    expect(v3.packages.map((p) => p.name)).toEqual(['a', 'c']);
    expect(errorsIn(v3)).toEqual(['3:1 entry-invalid: "packages"."node_modules/b" must be an object']);
    const v1 = parsePackageLock('{"lockfileVersion": 1, "dependencies": {\n"a": {"version": "1.0.0", "dependencies": 7},\n"b": "x",\n"c": {"version": "3.0.0"}}}', 'l.json');
    expect(v1.packages.map((p) => p.name)).toEqual(['a', 'c']);
    expect(errorsIn(v1).map((line) => line.slice(0, 4))).toEqual(['2:27', '3:1 ']);
  });

  test('an unknown future lockfileVersion is read as v3 with a warning', () => {
    const m = parsePackageLock('{"lockfileVersion": 4, "packages": {"node_modules/x": {"version": "1.0.0"}}}', 'l.json');
    expect(m.packages.map((p) => p.name)).toEqual(['x']);
    expect(m.diagnostics.map((d) => d.code)).toEqual(['lockfile-version-unknown']);
  });
});
