import fs from 'node:fs';
import { errorsIn } from '../helpers/errors';
import { parsePackageJson } from '../../src/sources/package-json';
import { fixturePath } from '../helpers/shared';

const read = (name: string): string => fs.readFileSync(fixturePath('package-json', name), 'utf8');

describe('parsePackageJson', () => {
  const m = parsePackageJson(read('all-groups-and-spec-kinds.package.json'), 'app/package.json');
  const byName = (name: string) => m.packages.find((p) => p.name === name);

  test('one record per dependency, with its group and the line of its key', () => {
    expect(m.kind).toBe('package.json');
    expect(m.packages.map((p) => [p.name, p.group, p.location.line])).toEqual([
      ['express', 'default', 5], ['lodash', 'default', 6], ['react', 'default', 7], ['any', 'default', 8],
      ['star', 'default', 9], ['tagged', 'default', 10], ['real-pkg', 'default', 11], ['gitdep', 'default', 12],
      ['ghshort', 'default', 13], ['shorthand', 'default', 14], ['localfile', 'default', 15], ['linked', 'default', 16],
      ['ws', 'default', 17], ['tarball', 'default', 18], ['@scope/name', 'default', 19],
      ['jest', 'dev', 21], ['fsevents', 'optional', 22], ['react-dom', 'peer', 23],
    ]);
    expect(m.packages.every((p) => p.ecosystem === 'npm' && p.relation === 'direct' && p.location.file === 'app/package.json')).toBe(true);
  });

  test('exact versions go to version, ranges and tags to specifier', () => {
    expect(byName('express')).toMatchObject({ version: '4.18.2', normalizedName: 'express' });
    expect(byName('lodash')).toMatchObject({ version: '4.17.21' });
    expect(byName('lodash')?.specifier).toBeUndefined();
    expect(byName('react')).toMatchObject({ specifier: '^18.2.0' });
    expect(byName('react')?.version).toBeUndefined();
    expect(byName('any')).toMatchObject({ specifier: '*' });
    expect(byName('star')).toMatchObject({ specifier: '*' });
    expect(byName('tagged')).toMatchObject({ specifier: 'latest' });
    expect(byName('@scope/name')).toMatchObject({ specifier: '~1.2.3', normalizedName: '@scope/name' });
    expect(byName('react-dom')).toMatchObject({ specifier: '>=18 <19' });
  });

  test('an npm: alias is vetted as the real package', () => {
    expect(byName('real-pkg')).toMatchObject({ normalizedName: 'real-pkg', specifier: '^2.0.0' });
    expect(byName('my-alias')).toBeUndefined();
  });

  test.each([
    ['gitdep', 'vcs', 'git+https://github.com/u/r.git#v1'],
    ['ghshort', 'vcs', 'github:user/repo'],
    ['shorthand', 'vcs', 'user/repo#main'],
    ['localfile', 'path', 'file:../local'],
    ['linked', 'path', 'link:../linked'],
    ['ws', 'path', 'workspace:*'],
    ['tarball', 'url', 'https://example.com/pkg-1.0.0.tgz'],
  ])('%s is unvettable (%s) and keeps its reference', (name, kind, reference) => {
    const ref = byName(name);
    expect(ref?.unvettable).toMatchObject({ kind, reference });
    expect(ref?.unvettable?.reason).toMatch(/not from the npm registry/);
    expect(ref?.version).toBeUndefined();
  });

  test('no diagnostics for a well-formed file', () => {
    expect(m.diagnostics).toEqual([]);
  });

  test('a spec npm rejects is kept as written with a warning', () => {
    const bad = parsePackageJson('{"dependencies": {\n"x": "not a valid tag!"}}', 'p.json');
    expect(bad.packages).toEqual([expect.objectContaining({ name: 'x', specifier: 'not a valid tag!' })]);
    expect(bad.diagnostics).toEqual([expect.objectContaining({ code: 'npm-spec-invalid', location: { file: 'p.json', line: 2 } })]);
  });

  test.each([
    ['not-an-object.package.json', '1:1 manifest-syntax: package.json must hold a JSON object'],
    ['dependency-not-a-string.package.json', '3:5 entry-invalid: "dependencies"."a" must be a string version spec'],
    ['truncated.package.json', '4:1 manifest-syntax: invalid JSON: expected a string key'],
  ])('%s is an error diagnostic at its line and column, not a throw', (name, expected) => {
    const manifest = parsePackageJson(read(name), `x/${name}`);
    expect(errorsIn(manifest)).toEqual([expected]);
    expect(manifest.diagnostics.every((d) => d.location.file === `x/${name}`)).toBe(true);
  });

  test('a bad dependency or dependency map never hides the others', () => {
    const manifest = parsePackageJson('{"dependencies": {"a": "1.0.0", "b": 2, "c": "^3"},\n"devDependencies": [],\n"optionalDependencies": {"d": "4.0.0"}}', 'p.json');
    expect(manifest.packages.map((p) => p.name)).toEqual(['a', 'c', 'd']);
    expect(errorsIn(manifest)).toEqual(['1:33 entry-invalid: "dependencies"."b" must be a string version spec', '2:1 entry-invalid: "devDependencies" must be an object of name: version-spec']);
  });
});
