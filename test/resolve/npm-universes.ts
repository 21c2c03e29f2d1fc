// npm universes for the npm resolver: hoisting, a conflict that nests, the project's own range winning the top
// level, dist-tags, deprecated releases, peer and optional dependencies, a replacement, a cycle, shadowing.
import type { NpmUniversePackage } from '../fake-registry/npm-doc';

export const NPM_UNIVERSE: NpmUniversePackage[] = [
  { name: 'alpha', versions: [{ version: '1.0.0', dependencies: { beta: '^2.0.0' } }, { version: '1.2.0', dependencies: { beta: '^2.1.0' } }] },
  { name: 'beta', versions: [{ version: '1.0.0' }, { version: '2.0.0' }, { version: '2.1.3' }] },
  { name: 'left', versions: [{ version: '1.0.0', dependencies: { shared: '^1.0.0' } }] },
  { name: 'right', versions: [{ version: '1.0.0', dependencies: { shared: '^2.0.0' } }] },
  { name: 'shared', versions: [{ version: '1.0.0' }, { version: '1.4.0' }, { version: '2.0.0' }, { version: '2.2.0' }] },
  { name: 'tagged', versions: [{ version: '1.0.0' }, { version: '1.5.0' }, { version: '2.0.0' }], distTags: { latest: '1.5.0', next: '2.0.0' } },
  { name: 'deprec', versions: [{ version: '1.0.0' }, { version: '1.1.0', deprecated: 'broken' }] },
  { name: 'plugin', versions: [{ version: '1.0.0', peerDependencies: { host: '^2.0.0' } }] },
  { name: 'host', versions: [{ version: '1.0.0' }, { version: '2.0.0' }, { version: '2.3.0' }] },
  { name: 'withopt', versions: [{ version: '1.0.0', optionalDependencies: { optdep: '^1.0.0' } }] },
  { name: 'optdep', versions: [{ version: '1.0.0' }] },
  { name: 'ping', versions: [{ version: '1.0.0', dependencies: { pong: '^1.0.0' } }] },
  { name: 'pong', versions: [{ version: '1.0.0', dependencies: { ping: '^1.0.0' } }] },
  { name: 'latestuser', versions: [{ version: '1.0.0', dependencies: { xlib: 'latest' } }] },
  { name: 'newuser', versions: [{ version: '1.0.0', dependencies: { xlib: '^2.0.0' } }] },
  { name: 'xlib', versions: [{ version: '1.0.0' }, { version: '2.0.0' }], distTags: { latest: '1.0.0' } },
  { name: 'outer', versions: [{ version: '1.0.0', dependencies: { inner: '^1.0.0' } }] },
  { name: 'bridge', versions: [{ version: '1.0.0', dependencies: { deep: '^1.0.0' } }] },
  { name: 'deep', versions: [{ version: '1.0.0', dependencies: { inner: '^2.0.0' } }] },
  { name: 'inner', versions: [{ version: '1.0.0' }, { version: '2.0.0' }] },
];

export interface NpmCase {
  name: string;
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export const NPM_CASES: NpmCase[] = [
  { name: 'hoisting', dependencies: { alpha: '^1.0.0' } },
  { name: 'a conflict nests the second version', dependencies: { left: '^1.0.0', right: '^1.0.0' } },
  { name: "the project's own range holds the top level", dependencies: { shared: '^1.0.0', right: '^1.0.0' } },
  { name: 'the latest dist-tag wins when it satisfies', dependencies: { tagged: '*' } },
  { name: 'a range above the latest tag', dependencies: { tagged: '^2.0.0' } },
  { name: 'a dist-tag', dependencies: { tagged: 'next' } },
  { name: 'a deprecated release is passed over', dependencies: { deprec: '^1.0.0' } },
  { name: 'a peer dependency is installed beside its dependent', dependencies: { plugin: '^1.0.0' } },
  { name: 'a peer dependency the project also names', dependencies: { plugin: '^1.0.0', host: '^2.0.0' } },
  { name: 'optional dependencies', dependencies: { withopt: '^1.0.0' } },
  { name: 'a cycle', dependencies: { ping: '^1.0.0' } },
  { name: 'a newer version replaces one every dependent accepts', dependencies: { latestuser: '^1.0.0', newuser: '^1.0.0' } },
  { name: 'shadowing keeps a deeper version nested', dependencies: { outer: '^1.0.0', bridge: '^1.0.0' } },
  { name: 'dev dependencies', dependencies: { left: '^1.0.0' }, devDependencies: { right: '^1.0.0' } },
];
