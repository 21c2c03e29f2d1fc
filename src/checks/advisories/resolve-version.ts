// The version an installer would pick for an unpinned requirement, so that version's advisories are checked.
// pip (https://pip.pypa.io/en/stable/cli/pip_install/#pre-release-versions, PEP 592 for yanked releases): the newest
// release that satisfies the specifier and the target Python; pre-releases only when the specifier names one or
// nothing else matches; yanked releases only when pinned with == / ===; releases without files cannot be installed.
import * as pep440 from '@renovatebot/pep440';
import semver from 'semver';
import type { PypiProject } from '../../registries/pypi';

export interface PipRelease {
  version: string;
  /** PyPI yanks whole releases (every file is flagged). */
  yanked: boolean;
  /** `requires_python` of the release's files (pip checks each file; one accepting file is enough). */
  requiresPython?: (string | null)[];
  /** Number of distribution files; 0 means nothing to install. Absent when unknown. */
  fileCount?: number;
}

export type VersionResolution =
  | { status: 'resolved'; version: string; description: string }
  | { status: 'unresolved'; reason: string };

/** Release list of a PyPI project document, in the shape resolvePipVersion reads. */
export function pipReleasesFromPypiProject(project: PypiProject): PipRelease[] {
  return Object.entries(project.releases).map(([version, files]) => ({
    version,
    yanked: files.length > 0 && files.every((file) => file.yanked),
    requiresPython: files.map((file) => file.requires_python),
    fileCount: files.length,
  }));
}

function acceptsPython(release: PipRelease, pythonVersion: string): boolean {
  const specs = release.requiresPython ?? [];
  if (specs.length === 0) return true;
  return specs.some((spec) => {
    const text = spec?.trim();
    // pip ignores a requires_python it cannot parse, so such a file stays installable.
    if (!text || !pep440.validRange(text)) return true;
    return pep440.satisfies(pythonVersion, text, { prereleases: true });
  });
}

/** `==1.2` / `===1.2` naming one version: the only case PEP 592 lets pip install a yanked release. */
function exactPin(specifier: string): string | undefined {
  const match = /^\s*===?\s*([^\s,;*]+)\s*$/.exec(specifier);
  return match?.[1];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function resolvePipVersion(releases: PipRelease[], specifier: string, pythonVersion?: string): VersionResolution {
  const spec = specifier.trim();
  if (spec !== '' && !pep440.validRange(spec)) {
    return { status: 'unresolved', reason: `specifier ${JSON.stringify(specifier)} is not a valid PEP 440 specifier` };
  }
  const pin = exactPin(spec);
  let invalid = 0;
  let noFiles = 0;
  let yanked = 0;
  let wrongPython = 0;
  const installable: string[] = [];
  for (const release of releases) {
    if (pep440.valid(release.version) === null) invalid += 1;
    else if (release.fileCount === 0) noFiles += 1;
    else if (release.yanked && !(pin !== undefined && pep440.eq(release.version, pin))) yanked += 1;
    else if (pythonVersion !== undefined && !acceptsPython(release, pythonVersion)) wrongPython += 1;
    else installable.push(release.version);
  }
  // filter() is packaging's SpecifierSet.filter: pre-releases only if named by the specifier or nothing else matches.
  const matching = spec === '' ? pep440.filter(installable, '') : pep440.filter(installable, spec);
  const chosen = [...matching].sort((a, b) => pep440.compare(b, a))[0];
  const skipped = [
    yanked ? plural(yanked, 'yanked release') : '',
    wrongPython ? `${plural(wrongPython, 'release')} not for Python ${pythonVersion}` : '',
    noFiles ? `${plural(noFiles, 'release')} without files` : '',
    invalid ? `${plural(invalid, 'non-PEP 440 version')}` : '',
  ].filter(Boolean);
  const context = `${plural(releases.length, 'release')} on the index${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}`;
  if (chosen === undefined) {
    return {
      status: 'unresolved',
      reason: `no installable release satisfies ${JSON.stringify(spec || '(any)')}${pythonVersion ? ` for Python ${pythonVersion}` : ''} (${context})`,
    };
  }
  const pre = pep440.explain(chosen)?.is_prerelease ? ', a pre-release (no final release matches)' : '';
  return {
    status: 'resolved',
    version: chosen,
    description: `resolved ${JSON.stringify(spec || '(any)')} to ${chosen}${pre}: the newest matching release${
      pythonVersion ? ` for Python ${pythonVersion}` : ''
    } (${context})`,
  };
}

/**
 * npm's pick for a range: the `latest` dist-tag when it satisfies the range, else the highest satisfying version
 * (npm-pick-manifest's rule, ignoring deprecation and engines).
 */
export function resolveNpmVersion(versions: string[], range: string, latest?: string): VersionResolution {
  const text = range.trim() === '' ? '*' : range.trim();
  if (semver.validRange(text) === null) {
    return { status: 'unresolved', reason: `range ${JSON.stringify(range)} is not a valid semver range` };
  }
  // As npm picks it (npm-pick-manifest): `*` or no range takes the latest dist-tag even when it is a prerelease,
  // such as the `0.0.1-security` release npm puts in place of a package it took down.
  if (latest !== undefined && semver.valid(latest) && (text === '*' || semver.satisfies(latest, text))) {
    return { status: 'resolved', version: latest, description: `resolved ${JSON.stringify(text)} to ${latest}: the latest dist-tag satisfies it` };
  }
  const chosen = semver.maxSatisfying(versions.filter((version) => semver.valid(version) !== null), text);
  if (chosen === null) return { status: 'unresolved', reason: `no published version satisfies ${JSON.stringify(text)} (${plural(versions.length, 'version')})` };
  return { status: 'resolved', version: chosen, description: `resolved ${JSON.stringify(text)} to ${chosen}: the highest satisfying version of ${versions.length}` };
}
