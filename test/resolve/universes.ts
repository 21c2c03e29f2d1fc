// Small package universes for resolver tests: each one a shape the resolver must get right (a diamond, a conflict
// that needs backtracking, extras, markers that differ by Python version, a cycle, a missing project, a release
// without metadata, yanked and pre-releases, Requires-Python). Shared by the resolver tests and the pip agreement.
import type { UniverseProject } from '../fake-registry/pypi-doc';

export interface ResolverCase {
  name: string;
  requirements: string[];
  /** Constraint lines (`-c`). */
  constraints?: string[];
  pre?: boolean;
  python?: string;
  /** name==version of the closure pip installs; undefined when pip finds no solution. */
  expected?: string[];
}

export const UNIVERSE: UniverseProject[] = [
  // Diamond: app needs left and right, both need base, in overlapping ranges.
  { name: 'app', releases: [{ version: '1.0', requiresDist: ['left>=1', 'right>=1'] }] },
  { name: 'left', releases: [{ version: '1.0', requiresDist: ['base>=1,<3'] }] },
  { name: 'right', releases: [{ version: '1.0', requiresDist: ['base>=2'] }] },
  { name: 'base', releases: [{ version: '1.0' }, { version: '2.0' }, { version: '3.0' }] },
  // Backtracking: the newest top needs a newer mid, whose newest needs a newer leaf than the user pins.
  { name: 'top', releases: [{ version: '1.0', requiresDist: ['mid>=1'] }, { version: '2.0', requiresDist: ['mid>=2'] }] },
  { name: 'mid', releases: [{ version: '1.0', requiresDist: ['leaf>=1'] }, { version: '2.0', requiresDist: ['leaf>=2'] }] },
  { name: 'leaf', releases: [{ version: '1.0' }, { version: '2.0' }] },
  // Extras: web[socks] brings socksy; web alone does not.
  {
    name: 'web',
    releases: [{ version: '2.31.0', requiresDist: ['certi>=2017.4.17', 'socksy!=1.5.7,>=1.5.6; extra == "socks"', 'chardetx<6,>=3; extra == "use-chardet"'] }],
  },
  { name: 'certi', releases: [{ version: '2024.8.30' }] },
  { name: 'socksy', releases: [{ version: '1.5.7' }, { version: '1.7.1' }] },
  { name: 'chardetx', releases: [{ version: '5.2.0' }] },
  // Markers by Python version: a backport only below 3.10.
  { name: 'modern', releases: [{ version: '1.0', requiresDist: ['backport>=1; python_version < "3.10"', 'typingx; python_version >= "3.12"'] }] },
  { name: 'backport', releases: [{ version: '1.0' }] },
  { name: 'typingx', releases: [{ version: '4.12.2' }] },
  // A cycle.
  { name: 'ping', releases: [{ version: '1.0', requiresDist: ['pong'] }] },
  { name: 'pong', releases: [{ version: '1.0', requiresDist: ['ping'] }] },
  // A dependency on a project the index does not have.
  { name: 'broken', releases: [{ version: '1.0', requiresDist: ['ghost>=1'] }] },
  // Yanked: 2.0 is yanked.
  { name: 'yanky', releases: [{ version: '1.0' }, { version: '2.0', yanked: true }] },
  // Pre-releases.
  { name: 'prerel', releases: [{ version: '1.0' }, { version: '2.0b1' }] },
  { name: 'onlypre', releases: [{ version: '1.0a1' }, { version: '1.0a2' }] },
  // Requires-Python: the newest needs 3.12.
  { name: 'pyreq', releases: [{ version: '1.0', requiresPython: '>=3.8' }, { version: '2.0', requiresPython: '>=3.12' }] },
  // Unsolvable: two pinned requirements for different versions of one project.
  { name: 'pinsa', releases: [{ version: '1.0', requiresDist: ['shared==1.0'] }] },
  { name: 'pinsb', releases: [{ version: '1.0', requiresDist: ['shared==2.0'] }] },
  { name: 'shared', releases: [{ version: '1.0' }, { version: '2.0' }] },
];

/** Cases pip itself resolves the same way (checked by the pip agreement test where pip is available). */
export const CASES: ResolverCase[] = [
  { name: 'diamond', requirements: ['app'], expected: ['app==1.0', 'base==2.0', 'left==1.0', 'right==1.0'] },
  { name: 'backtracking', requirements: ['top', 'leaf==1.0'], expected: ['leaf==1.0', 'mid==1.0', 'top==1.0'] },
  { name: 'no backtracking needed', requirements: ['top'], expected: ['leaf==2.0', 'mid==2.0', 'top==2.0'] },
  { name: 'extras', requirements: ['web[socks]'], expected: ['certi==2024.8.30', 'socksy==1.7.1', 'web==2.31.0'] },
  { name: 'two extras', requirements: ['web[socks,use-chardet]'], expected: ['certi==2024.8.30', 'chardetx==5.2.0', 'socksy==1.7.1', 'web==2.31.0'] },
  { name: 'no extras', requirements: ['web'], expected: ['certi==2024.8.30', 'web==2.31.0'] },
  { name: 'extra conflicts with a user range', requirements: ['web[socks]', 'socksy<1.6'] },
  { name: 'markers, Python 3.9', requirements: ['modern'], python: '3.9', expected: ['backport==1.0', 'modern==1.0'] },
  { name: 'markers, Python 3.12', requirements: ['modern'], python: '3.12', expected: ['modern==1.0', 'typingx==4.12.2'] },
  { name: 'cycle', requirements: ['ping'], expected: ['ping==1.0', 'pong==1.0'] },
  { name: 'dependency on a missing project', requirements: ['broken'] },
  { name: 'yanked is skipped', requirements: ['yanky'], expected: ['yanky==1.0'] },
  { name: 'yanked when pinned', requirements: ['yanky==2.0'], expected: ['yanky==2.0'] },
  { name: 'yanked not for a range', requirements: ['yanky>1.0'] },
  { name: 'pre-release not chosen', requirements: ['prerel'], expected: ['prerel==1.0'] },
  { name: 'pre-release named', requirements: ['prerel>=2.0b1'], expected: ['prerel==2.0b1'] },
  { name: 'pre-release with --pre', requirements: ['prerel'], pre: true, expected: ['prerel==2.0b1'] },
  { name: 'only pre-releases', requirements: ['onlypre'], expected: ['onlypre==1.0a2'] },
  { name: 'Requires-Python', requirements: ['pyreq'], python: '3.11', expected: ['pyreq==1.0'] },
  { name: 'Requires-Python met', requirements: ['pyreq'], python: '3.12', expected: ['pyreq==2.0'] },
  { name: 'constraint narrows a dependency', requirements: ['app'], constraints: ['base<3'], expected: ['app==1.0', 'base==2.0', 'left==1.0', 'right==1.0'] },
  { name: 'constraint makes it unsolvable', requirements: ['app'], constraints: ['base<2'] },
  { name: 'constraint names something not required', requirements: ['leaf'], constraints: ['base<2'], expected: ['leaf==2.0'] },
  { name: 'pins in the same file', requirements: ['top', 'mid==1.0'], expected: ['leaf==2.0', 'mid==1.0', 'top==1.0'] },
  { name: 'unsolvable pins', requirements: ['pinsa', 'pinsb'] },
];

/**
 * Releases built for some targets only (wheels, no sdist), for a given CPython version: pip skips a release none of
 * whose wheels fit the interpreter (another OS or machine, another CPython's ABI, Python 2 only) and keeps one with
 * a manylinux, abi3 or pure wheel. The tags are written for `python` (`3.11.7` gives cp311), so the pip agreement
 * can use the interpreter it runs on.
 */
export function platformUniverse(python: string): { universe: UniverseProject[]; cases: ResolverCase[] } {
  const [major, minor] = python.split('.').map(Number) as [number, number];
  const own = `cp${major}${minor}`;
  const newer = `cp${major}${minor + 1}`;
  const older = `cp${major}${minor - 1}`;
  const pure = { version: '1.0', wheels: ['py3-none-any'] };
  const universe: UniverseProject[] = [
    { name: 'winmac', releases: [pure, { version: '2.0', wheels: [`${own}-${own}-win_amd64`, `${own}-${own}-macosx_11_0_arm64`] }] },
    { name: 'native', releases: [pure, { version: '2.0', wheels: [`${own}-${own}-manylinux_2_17_x86_64.manylinux2014_x86_64`] }] },
    { name: 'stableabi', releases: [pure, { version: '2.0', wheels: ['cp37-abi3-manylinux2014_x86_64'] }, { version: '3.0', wheels: [`${newer}-abi3-manylinux2014_x86_64`] }] },
    { name: 'olderabi', releases: [pure, { version: '2.0', wheels: [`${older}-${older}-manylinux2014_x86_64`] }] },
    { name: 'pytwo', releases: [{ version: '1.0', wheels: ['py2.py3-none-any'] }, { version: '2.0', wheels: ['py2-none-any'] }] },
    { name: 'armonly', releases: [pure, { version: '2.0', wheels: [`${own}-${own}-manylinux2014_aarch64`] }] },
    { name: 'interpnone', releases: [pure, { version: '2.0', wheels: [`${own}-none-any`] }] },
    { name: 'pyplatform', releases: [pure, { version: '2.0', wheels: ['py3-none-manylinux1_x86_64'] }] },
    { name: 'windowsonly', releases: [{ version: '1.0', wheels: [`${own}-${own}-win_amd64`] }, { version: '2.0', wheels: [`${own}-${own}-win32`] }] },
    { name: 'needswindows', releases: [{ version: '1.0', requiresDist: ['windowsonly>=1'] }] },
  ];
  const cases: ResolverCase[] = [
    { name: 'wheels for Windows and macOS only are skipped', requirements: ['winmac'], expected: ['winmac==1.0'] },
    { name: 'a manylinux wheel of this CPython', requirements: ['native'], expected: ['native==2.0'] },
    { name: 'abi3 from an older CPython, not a newer one', requirements: ['stableabi'], expected: ['stableabi==2.0'] },
    { name: "another CPython's ABI is skipped", requirements: ['olderabi'], expected: ['olderabi==1.0'] },
    { name: 'Python 2 only is skipped', requirements: ['pytwo'], expected: ['pytwo==1.0'] },
    { name: 'another machine is skipped', requirements: ['armonly'], expected: ['armonly==1.0'] },
    { name: 'this interpreter with no ABI, any platform', requirements: ['interpnone'], expected: ['interpnone==2.0'] },
    { name: 'pure Python for one platform', requirements: ['pyplatform'], expected: ['pyplatform==2.0'] },
    { name: 'a dependency with Windows wheels only has no solution', requirements: ['needswindows'] },
  ];
  return { universe, cases };
}
