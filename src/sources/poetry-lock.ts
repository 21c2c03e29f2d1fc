// poetry.lock (TOML): one [[package]] table per locked package. Lock format 1.x puts the group in `category`
// and the hashes in [metadata.files]; 2.x has `groups`, per-package `files`, and `markers` as a string or a
// per-group table. [package.extras] lists the extras a package *offers*, not extras anyone asked for, so it
// is not read. Every entry is 'transitive'; the loader marks those the paired pyproject.toml names as direct.
// https://python-poetry.org/docs/basic-usage/#installing-with-poetrylock
import { InputError } from '../errors';
import type { Diagnostic, PackageRef, ParsedManifest, SourceLocation, Unvettable } from '../model';
import { normalizePypiName } from '../normalize';
import { entryError, locationOf, parseOrDiagnose, readEntry } from './parse-result';
import { checkMarker, downloadUnvettable, gitUnvettable, isPep508Name, isPlainObject, isPypiUrl, localUnvettable } from './pipfile';
import { parseTomlWithLines } from './toml-lines';

/** Lock formats this parser knows; newer ones are read as the latest with a warning. */
const KNOWN_LOCK_VERSIONS = ['1.0', '1.1', '2.0', '2.1'];

/** A lock that is not TOML is one error diagnostic; a bad [[package]] is one too, and the others are still read. */
export function parsePoetryLock(text: string, file: string): ParsedManifest {
  return parseOrDiagnose('poetry.lock', file, () => readPoetryLock(text, file));
}

function readPoetryLock(text: string, file: string): ParsedManifest {
  const { data, lines } = parseTomlWithLines(text, file);
  const manifest: ParsedManifest = { kind: 'poetry.lock', file, packages: [], includes: [], indexes: [], diagnostics: [] };

  const metadata = data['metadata'];
  const meta = isPlainObject(metadata) ? metadata : undefined;
  const lockVersion = meta?.['lock-version'];
  if (typeof lockVersion === 'string' && !KNOWN_LOCK_VERSIONS.includes(lockVersion)) {
    manifest.diagnostics.push({
      severity: 'warning',
      code: 'lock-version-unknown',
      message: `lock-version ${lockVersion} is newer than the versions depvet knows (${KNOWN_LOCK_VERSIONS.join(', ')}); read as 2.1`,
      location: { file, line: lines.lineOf(['metadata', 'lock-version']) },
    });
  }
  const pythonVersions = meta?.['python-versions'];
  if (typeof pythonVersions === 'string') manifest.pythonVersion = pythonVersions;
  const legacyFiles = isPlainObject(meta?.['files']) ? (meta?.['files'] as Record<string, unknown>) : undefined;
  const legacyHashes = new Map<string, string[]>();
  if (legacyFiles !== undefined) {
    for (const [name, entries] of Object.entries(legacyFiles)) legacyHashes.set(normalizePypiName(name), hashesOf(entries));
  }

  const packages = data['package'];
  if (packages === undefined) return manifest;
  if (!Array.isArray(packages)) {
    const place = lines.placeOf(['package']);
    entryError(manifest.diagnostics, locationOf(file, place.line, place.column), '"package" must be an array of tables ([[package]])');
    return manifest;
  }
  packages.forEach((pkg, i) => {
    const place = lines.exact(['package', i, 'name']) !== undefined ? lines.placeOf(['package', i, 'name']) : lines.placeOf(['package', i]);
    const location: SourceLocation = { file, line: place.line };
    const read = readEntry(manifest.diagnostics, () => lockedPackageRef(pkg, location, place.column, legacyHashes));
    if (read === undefined) return;
    manifest.packages.push(read.ref);
    for (const diagnostic of read.diagnostics) manifest.diagnostics.push(diagnostic);
  });
  return manifest;
}

/** One [[package]]; a bad one throws InputError at its place (`column` when known). */
function lockedPackageRef(
  pkg: unknown,
  location: SourceLocation,
  column: number | undefined,
  legacyHashes: Map<string, string[]>,
): { ref: PackageRef; diagnostics: Diagnostic[] } {
  const fail = (detail: string): never => {
    throw new InputError('E_MANIFEST_SYNTAX', location.file, location.line, detail, column);
  };
  if (!isPlainObject(pkg)) return fail('each [[package]] must be a table');
  const name = pkg['name'];
  const version = pkg['version'];
  if (typeof name !== 'string') return fail('[[package]] needs a string "name"');
  if (!isPep508Name(name)) fail(`invalid package name ${JSON.stringify(name)}`);
  if (typeof version !== 'string') return fail(`[[package]] ${JSON.stringify(name)} needs a string "version"`);
  const diagnostics: Diagnostic[] = [];
  const normalizedName = normalizePypiName(name);
  const ref: PackageRef = { ecosystem: 'PyPI', name, normalizedName, version, extras: [], relation: 'transitive', location };

  // 2.x `groups = ["main", "dev"]`; 1.x `category = "main"`. One group is recorded: 'main' when the package
  // is installed for main at all, so a package shared with dev is never treated as dev-only.
  const groups = pkg['groups'];
  const category = pkg['category'];
  if (Array.isArray(groups) && groups.length > 0) {
    if (!groups.every((g) => typeof g === 'string')) fail(`"groups" of ${JSON.stringify(name)} must be an array of strings`);
    ref.group = (groups as string[]).includes('main') ? 'main' : (groups[0] as string);
  } else if (typeof category === 'string') {
    ref.group = category;
  }

  const markers = pkg['markers'];
  if (typeof markers === 'string') {
    ref.marker = markers;
  } else if (isPlainObject(markers)) {
    // Per-group markers: the marker of the recorded group.
    const groupMarker = ref.group !== undefined ? markers[ref.group] : undefined;
    if (typeof groupMarker === 'string') ref.marker = groupMarker;
  } else if (markers !== undefined) {
    fail(`"markers" of ${JSON.stringify(name)} must be a string or a table`);
  }
  if (ref.marker !== undefined) checkMarker(ref.marker, name, location, diagnostics);

  const files = pkg['files'];
  const hashes = files !== undefined ? hashesOf(files) : legacyHashes.get(normalizedName);
  if (hashes !== undefined && hashes.length > 0) ref.hashes = hashes;

  const source = pkg['source'];
  if (source !== undefined) {
    if (!isPlainObject(source)) fail(`[package.source] of ${JSON.stringify(name)} must be a table`);
    const s = source as Record<string, unknown>;
    const type = s['type'];
    const url = typeof s['url'] === 'string' ? s['url'] : '';
    const reference = typeof s['resolved_reference'] === 'string' ? s['resolved_reference'] : typeof s['reference'] === 'string' ? s['reference'] : undefined;
    if (type === 'legacy') {
      // A package index other than PyPI: still a registry release, but from that index.
      if (!isPypiUrl(url)) ref.index = url;
    } else {
      const unvettable = sourceUnvettable(type, url, reference, pkg['develop'] === true);
      if (unvettable === undefined) fail(`[package.source] of ${JSON.stringify(name)} has unknown type ${JSON.stringify(type)}`);
      else ref.unvettable = unvettable;
    }
  }
  return { ref, diagnostics };
}

function sourceUnvettable(type: unknown, url: string, reference: string | undefined, develop: boolean): Unvettable | undefined {
  switch (type) {
    case 'git':
      return gitUnvettable(url, reference);
    case 'url':
      return downloadUnvettable(url);
    case 'directory':
      return localUnvettable(url, develop);
    case 'file':
      return localUnvettable(url, false);
    default:
      return undefined;
  }
}

/** `[{file = "x.whl", hash = "sha256:..."}]` to hash strings; other shapes give no hashes. */
function hashesOf(files: unknown): string[] {
  if (!Array.isArray(files)) return [];
  const hashes: string[] = [];
  for (const entry of files) {
    if (isPlainObject(entry) && typeof entry['hash'] === 'string') hashes.push(entry['hash']);
  }
  return hashes;
}
