// Which wheels pip would install in the image: a wheel's file name carries its compatibility tags (PEP 427, compressed
// tag sets as in PEP 425: `py2.py3-none-any`, `cp311-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64`), and pip
// takes a wheel only when one of its tags is among the interpreter's (packaging.tags.sys_tags). The image is CPython
// on Linux (the marker environment's machine); whether its C library is glibc or musl is not known from the
// manifests, so manylinux and musllinux wheels both count, and a release pip would skip on either is still a
// candidate. What is never installable there is: a wheel for another OS, another machine, another interpreter, or
// another CPython version's ABI.
// https://packaging.python.org/en/latest/specifications/platform-compatibility-tags/

export interface WheelTags {
  pythons: string[];
  abis: string[];
  platforms: string[];
}

/** The tag sets of a wheel's file name, or undefined when it is not a well-formed wheel name. */
export function wheelTags(filename: string): WheelTags | undefined {
  if (!filename.toLowerCase().endsWith('.whl')) return undefined;
  // name-version(-build)?-python-abi-platform.whl; the name and version have no dashes (PEP 427 escapes them).
  const parts = filename.slice(0, -'.whl'.length).split('-');
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  const [pythons, abis, platforms] = parts.slice(-3).map((set) => set.toLowerCase().split('.'));
  if (!pythons!.every(Boolean) || !abis!.every(Boolean) || !platforms!.every(Boolean)) return undefined;
  return { pythons: pythons!, abis: abis!, platforms: platforms! };
}

export interface TargetInterpreter {
  /** `3.11` or `3.11.7`. */
  pythonVersion: string;
  /** `platform_machine` of the marker environment: `x86_64`, `aarch64`. */
  machine: string;
}

/**
 * Whether pip on CPython `pythonVersion` on Linux `machine` would take this wheel; true for a file that is not a
 * wheel name (an sdist is built, whatever the platform). Follows packaging.tags: `cpXY-{cpXY,abi3,none}-<linux>`,
 * `cpXZ-abi3-<linux>` for older minors, `pyXY`/`pyX`/older `pyXZ` with `none`, and `cpXY-none-any`.
 */
export function wheelInstallable(filename: string, target: TargetInterpreter): boolean {
  const tags = wheelTags(filename);
  if (!tags) return !filename.toLowerCase().endsWith('.whl');
  const [major, minor] = target.pythonVersion.split('.').map(Number) as [number, number];
  const machine = target.machine.toLowerCase();
  const linux = tags.platforms.some((p) => isLinuxPlatform(p, machine));
  const any = tags.platforms.includes('any');
  if (!linux && !any) return false;
  const own = `cp${major}${minor}`;
  for (const python of tags.pythons) {
    for (const abi of tags.abis) {
      if (linux) {
        if (python === own && (abi === own || abi === 'none' || abi === 'abi3' || (minor <= 7 && abi === `${own}m`))) return true;
        const abi3Minor = abi === 'abi3' ? cpythonMinor(python, major) : undefined;
        if (abi3Minor !== undefined && abi3Minor >= 2 && abi3Minor <= minor) return true;
      }
      if (abi === 'none' && (isPyTagFor(python, major, minor) || (any && python === own))) return true;
    }
  }
  return false;
}

/** `manylinux1_x86_64`, `manylinux2014_x86_64`, `manylinux_2_17_x86_64`, `musllinux_1_2_x86_64`, `linux_x86_64`. */
function isLinuxPlatform(platform: string, machine: string): boolean {
  if (!platform.endsWith(`_${machine}`)) return false;
  const head = platform.slice(0, -machine.length - 1);
  return head === 'linux' || head === 'manylinux1' || head === 'manylinux2010' || head === 'manylinux2014' || /^(manylinux|musllinux)_\d+_\d+$/.test(head);
}

/** The minor version of a `cpXY` tag of this major version. */
function cpythonMinor(python: string, major: number): number | undefined {
  const match = /^cp(\d)(\d+)$/.exec(python);
  return match && Number(match[1]) === major ? Number(match[2]) : undefined;
}

/** `py3`, `py311`, and the older `py3Z` pip also accepts (packaging's _py_interpreter_range). */
function isPyTagFor(python: string, major: number, minor: number): boolean {
  if (python === `py${major}`) return true;
  const match = /^py(\d)(\d+)$/.exec(python);
  return match !== null && Number(match[1]) === major && Number(match[2]) <= minor;
}

/** A wheel by the index's word or by its file name. */
export function isWheel(file: { filename: string; packagetype: string | null }): boolean {
  return file.packagetype === 'bdist_wheel' || file.filename.toLowerCase().endsWith('.whl');
}

/** Built distributions pip never installs (eggs, Windows installers, RPMs, dumb archives). */
const NEVER_INSTALLED = new Set(['bdist_egg', 'bdist_wininst', 'bdist_msi', 'bdist_rpm', 'bdist_dumb']);

/**
 * Whether pip would consider this file of a release on the target: an sdist (it is built there), a wheel whose tags
 * fit, not an egg or an installer. A file of a kind the index does not name is taken as installable, so an index
 * that says little never hides a release.
 */
export function fileInstallable(file: { filename: string; packagetype: string | null }, target: TargetInterpreter): boolean {
  if (file.packagetype === 'sdist') return true;
  if (isWheel(file)) return wheelInstallable(file.filename, target);
  return file.packagetype === null || !NEVER_INSTALLED.has(file.packagetype);
}
