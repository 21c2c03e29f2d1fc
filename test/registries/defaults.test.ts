import path from 'node:path';
import { defaultCacheDir, defaultUserAgent, resolveRegistryOptions } from '../../src/registries/defaults';

describe('registry defaults', () => {
  test('defaults name the public registries', () => {
    const options = resolveRegistryOptions({}, { XDG_CACHE_HOME: '/xdg' });
    expect(options).toMatchObject({
      pypiUrl: 'https://pypi.org',
      osvUrl: 'https://api.osv.dev',
      npmRegistry: 'https://registry.npmjs.org',
      offline: false,
      noCache: false,
    });
    expect(options.userAgent).toMatch(/^depvet\/\d+\.\d+\.\d+/);
    expect(options.userAgent).toBe(defaultUserAgent());
  });

  test('explicit options beat env, env beats defaults; trailing slashes are dropped', () => {
    const env = { DEPVET_PYPI_URL: 'http://mirror/', DEPVET_OSV_URL: 'http://osv', DEPVET_NPM_REGISTRY: 'http://npm/', DEPVET_CACHE_DIR: '/c' };
    expect(resolveRegistryOptions({}, env)).toMatchObject({ pypiUrl: 'http://mirror', osvUrl: 'http://osv', npmRegistry: 'http://npm', cacheDir: '/c' });
    expect(resolveRegistryOptions({ pypiUrl: 'http://flag', cacheDir: undefined }, env)).toMatchObject({ pypiUrl: 'http://flag', cacheDir: '/c' });
  });

  test('cache folder follows platform conventions', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u')).toBe(path.join('/xdg', 'depvet'));
    expect(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u')).toBe(path.join('/home/u', '.cache', 'depvet'));
    expect(defaultCacheDir({}, 'linux', '/home/u')).toBe(path.join('/home/u', '.cache', 'depvet'));
    expect(defaultCacheDir({}, 'darwin', '/Users/u')).toBe(path.join('/Users/u', 'Library', 'Caches', 'depvet'));
    expect(defaultCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u')).toBe(
      'C:\\Users\\u\\AppData\\Local\\depvet\\Cache',
    );
  });
});
