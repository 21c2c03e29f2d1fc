// Wheel tags against the image's interpreter (src/resolve/wheel-tags.ts): what pip's packaging.tags accepts on
// CPython 3.11 on Linux x86_64, and what the resolver does with releases that have no file for it.
import { fileInstallable, wheelInstallable, wheelTags } from '../../src/resolve/wheel-tags';

const cp311 = { pythonVersion: '3.11.7', machine: 'x86_64' };

describe('wheel file names', () => {
  test('compressed tag sets are split', () => {
    expect(wheelTags('numpy-2.1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')).toEqual({
      pythons: ['cp311'],
      abis: ['cp311'],
      platforms: ['manylinux_2_17_x86_64', 'manylinux2014_x86_64'],
    });
    expect(wheelTags('six-1.16.0-py2.py3-none-any.whl')).toEqual({ pythons: ['py2', 'py3'], abis: ['none'], platforms: ['any'] });
    expect(wheelTags('pkg-1.0-1build-py3-none-any.whl')?.pythons).toEqual(['py3']);
  });

  test('a name that is not a wheel name has no tags', () => {
    expect(wheelTags('pkg-1.0.tar.gz')).toBeUndefined();
    expect(wheelTags('pkg-py3-none-any.whl')).toBeUndefined();
    expect(wheelTags('pkg-1.0-py3--any.whl')).toBeUndefined();
  });
});

describe('what pip installs on CPython 3.11, Linux x86_64', () => {
  const yes = [
    'a-1-py3-none-any.whl',
    'a-1-py2.py3-none-any.whl',
    'a-1-py311-none-any.whl',
    'a-1-py38-none-any.whl',
    'a-1-cp311-none-any.whl',
    'a-1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
    'a-1-cp311-cp311-manylinux1_x86_64.whl',
    'a-1-cp311-cp311-linux_x86_64.whl',
    'a-1-cp37-abi3-manylinux2014_x86_64.whl',
    'a-1-cp311-abi3-manylinux_2_28_x86_64.whl',
    'a-1-py3-none-manylinux1_x86_64.whl',
    'a-1-cp311-cp311-win_amd64.manylinux2014_x86_64.whl',
    // The C library is not known: a musl wheel counts as it would on Alpine.
    'a-1-cp311-cp311-musllinux_1_2_x86_64.whl',
  ];
  const no = [
    'a-1-cp311-cp311-win_amd64.whl',
    'a-1-cp311-cp311-macosx_11_0_arm64.whl',
    'a-1-cp311-cp311-manylinux2014_aarch64.whl',
    'a-1-cp310-cp310-manylinux2014_x86_64.whl',
    'a-1-cp312-abi3-manylinux2014_x86_64.whl',
    'a-1-cp311-abi3-any.whl',
    'a-1-py2-none-any.whl',
    'a-1-py312-none-any.whl',
    'a-1-pp310-pypy310_pp73-manylinux2014_x86_64.whl',
    'a-1-cp311-cp311d-manylinux2014_x86_64.whl',
  ];
  test.each(yes)('%s is installable', (name) => expect(wheelInstallable(name, cp311)).toBe(true));
  test.each(no)('%s is not', (name) => expect(wheelInstallable(name, cp311)).toBe(false));

  test('cp37m is the ABI of CPython 3.7 only', () => {
    expect(wheelInstallable('a-1-cp37-cp37m-manylinux1_x86_64.whl', { pythonVersion: '3.7', machine: 'x86_64' })).toBe(true);
    expect(wheelInstallable('a-1-cp311-cp311m-manylinux1_x86_64.whl', cp311)).toBe(false);
  });

  test('the machine comes from the marker environment', () => {
    expect(wheelInstallable('a-1-cp311-cp311-manylinux2014_aarch64.whl', { pythonVersion: '3.11', machine: 'aarch64' })).toBe(true);
    expect(wheelInstallable('a-1-cp311-cp311-manylinux2014_x86_64.whl', { pythonVersion: '3.11', machine: 'aarch64' })).toBe(false);
  });
});

describe('files of a release', () => {
  test('an sdist is built anywhere; eggs and installers are never installed; an unnamed kind is kept', () => {
    expect(fileInstallable({ filename: 'a-1.tar.gz', packagetype: 'sdist' }, cp311)).toBe(true);
    expect(fileInstallable({ filename: 'a-1-py2.7.egg', packagetype: 'bdist_egg' }, cp311)).toBe(false);
    expect(fileInstallable({ filename: 'a-1.win32.exe', packagetype: 'bdist_wininst' }, cp311)).toBe(false);
    expect(fileInstallable({ filename: 'a-1-cp311-cp311-win_amd64.whl', packagetype: 'bdist_wheel' }, cp311)).toBe(false);
    expect(fileInstallable({ filename: 'a-1.zip', packagetype: null }, cp311)).toBe(true);
  });
});
