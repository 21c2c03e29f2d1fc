import fs from 'node:fs';
import { parseBuildConf } from '../../src/sources/build-conf';
import { fixturePath } from '../helpers/shared';

const parse = (name: string) => parseBuildConf(fs.readFileSync(fixturePath('build-conf', name), 'utf8'), `img/${name}`);

describe('parseBuildConf (real demisto/dockerfiles build.conf files)', () => {
  test('version only, no trailing newline', () => {
    expect(parse('version-no-trailing-newline.build.conf')).toEqual({
      version: '1.1.0',
      devonly: false,
      deprecated: false,
      values: { version: '1.1.0' },
      diagnostics: [],
    });
  });

  test('deprecated with its reason', () => {
    const conf = parse('deprecated-with-reason.build.conf');
    expect(conf).toMatchObject({ version: '1.0.0', deprecated: true, devonly: false, deprecatedReason: 'Use the demisto/py3-tools docker image instead.' });
  });

  test('devonly', () => {
    expect(parse('devonly.build.conf')).toMatchObject({ devonly: true, deprecated: false });
  });

  test('devonly and deprecated together', () => {
    expect(parse('devonly-and-deprecated.build.conf')).toMatchObject({
      version: '1.0.0',
      devonly: true,
      deprecated: true,
      deprecatedReason: 'No available replacement.',
    });
  });

  test('other keys are kept in values', () => {
    expect(parse('dont-generate-requirements.build.conf').values).toEqual({ version: '1.0.0', dont_generate_requirements: 'true' });
  });

  test('comments skipped; a repeated key keeps the last value with a warning; junk lines warned; `=` inside a value kept', () => {
    const conf = parse('duplicate-key-and-junk-line.build.conf');
    expect(conf.version).toBe('2.1.0');
    expect(conf.deprecatedReason).toBe('Use a=b instead');
    expect(conf.diagnostics.map((d) => [d.code, d.location.line])).toEqual([
      ['build-conf-line-ignored', 4],
      ['build-conf-duplicate-key', 5],
    ]);
  });

  test('an empty file is an active image without a version', () => {
    expect(parseBuildConf('', 'b')).toEqual({ devonly: false, deprecated: false, values: {}, diagnostics: [] });
  });
});
