// demisto/dockerfiles' license gate (docker/verify_licenses.py) as depvet policy input, so switching gates does not
// re-decide past decisions. Their files and how each maps:
// - approved_licenses.json `licenses[]: {name, url, regex}`: their gate passes a package when every license string it
//   finds (each `License ::` classifier except `License :: OSI Approved`, and `license_expression`) matches one
//   regex (Python re.search, case-sensitive). We evaluate each regex against every SPDX id and against every
//   `License ::` classifier: an SPDX id is allowed when a regex matches the id or a classifier that maps exactly to
//   it; an ambiguous/generic classifier's LicenseRef is allowed when a regex matches that classifier. Everything
//   else is denied (their gate fails anything not approved); there is no needs-approval tier in their model.
// - known_licenses.json `packages: {name: {license: "License :: ...", url}}`: a license established by hand; it
//   becomes a LicenseOverride (the recorded string read as SPDX) that replaces the package's metadata.
// - packages_license_check_exclude.json `packages: {name: {docker_images?, notes}}`: packages not checked (in the
//   named images, matched as substrings of the image name like their is_pkg_ignored; all images when none are
//   named) become approvals of license `*` with the notes as reason.
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../errors';
import { outsideFolder } from '../../inventory/scan-root';
import type { LicenseApproval } from './approvals';
import { ANY_LICENSE } from './approvals';
import { readDataJson } from './data';
import { readLicenseName } from './license-names';
import type { LicenseCategory, LicensePolicy } from './policy';
import type { LicenseOverride } from './resolve';
import { isLicenseClassifier, readClassifier, type ClassifierEntry } from './classifiers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const LICENSE_IDS = require('spdx-license-ids') as string[];

export const DOCKERFILES_POLICY_FILES = {
  approved: 'approved_licenses.json',
  known: 'known_licenses.json',
  exclude: 'packages_license_check_exclude.json',
} as const;

export interface DockerfilesPolicyFiles {
  /** Text of approved_licenses.json, and the path to name in errors. */
  approved: { text: string; file: string };
  known?: { text: string; file: string };
  exclude?: { text: string; file: string };
}

export interface LicensePolicyInput {
  policy: Partial<LicensePolicy>;
  approvals: LicenseApproval[];
  overrides: LicenseOverride[];
  /** Which approved_licenses.json entry allowed which ids, for the docs and the report. */
  mapping: { name: string; regex: string; allows: string[] }[];
  notes: string[];
}

const ALL_CATEGORIES: LicenseCategory[] = [
  'Permissive', 'Public Domain', 'Copyleft', 'Copyleft Limited', 'Proprietary Free', 'Free Restricted',
  'Source-available', 'Commercial', 'CLA', 'Patent License', 'Unstated License',
];

function parseJson(source: { text: string; file: string }): unknown {
  try {
    return JSON.parse(source.text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const line = position ? source.text.slice(0, Number(position[1])).split('\n').length : undefined;
    throw new InputError('E_CONFIG', source.file, line, 'not valid JSON');
  }
}

function lineOf(text: string, needle: string): number | undefined {
  const index = text.indexOf(needle);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}

/** Python `re` patterns as JS RegExps; the few Python-only forms their files could use are translated or refused. */
export function pythonRegex(pattern: string): RegExp | null {
  let flags = '';
  let body = pattern;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(body);
  if (inline) {
    if (inline[1]!.includes('i')) flags += 'i';
    body = body.slice(inline[0].length);
  }
  body = body.replace(/\\A/g, '^').replace(/\\Z/g, '$').replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  try {
    return new RegExp(body, flags);
  } catch {
    return null;
  }
}

/** Maps the dockerfiles files to depvet policy input. Pure: texts in, policy out. */
export function loadDockerfilesLicensePolicy(files: DockerfilesPolicyFiles): LicensePolicyInput {
  const origin = 'demisto/dockerfiles';
  const approvedJson = parseJson(files.approved) as { licenses?: unknown };
  if (!approvedJson || !Array.isArray(approvedJson.licenses)) {
    throw new InputError('E_CONFIG', files.approved.file, 1, 'expected an object with a "licenses" array');
  }
  const approvedRegexes: { name: string; regex: RegExp }[] = [];
  const classifiers = readDataJson<{ classifiers: Record<string, ClassifierEntry> }>('license-classifiers.json').classifiers;
  const allowed = new Set<string>();
  const mapping: LicensePolicyInput['mapping'] = [];
  for (const entry of approvedJson.licenses as { name?: unknown; regex?: unknown }[]) {
    if (typeof entry?.regex !== 'string' || typeof entry.name !== 'string') {
      throw new InputError('E_CONFIG', files.approved.file, lineOf(files.approved.text, JSON.stringify(entry?.name ?? '')), 'each license needs a string "name" and "regex"');
    }
    const regex = pythonRegex(entry.regex);
    if (!regex) throw new InputError('E_CONFIG', files.approved.file, lineOf(files.approved.text, entry.regex), `regex ${JSON.stringify(entry.regex)} is not supported`);
    approvedRegexes.push({ name: entry.name, regex });
    const allows = new Set<string>();
    for (const id of LICENSE_IDS) if (regex.test(id)) allows.add(id);
    for (const [classifier, info] of Object.entries(classifiers)) {
      if (!regex.test(classifier)) continue;
      if (info.spdx) allows.add(info.spdx);
      else if (info.ref) allows.add(info.ref);
      // Approving a family's classifier ("Zope Public License") approves the family: its candidates too.
      for (const candidate of info.candidates ?? []) allows.add(candidate);
    }
    for (const id of allows) allowed.add(id);
    mapping.push({ name: entry.name, regex: entry.regex, allows: [...allows].sort() });
  }

  const overrides: LicenseOverride[] = [];
  const approvals: LicenseApproval[] = [];
  const notes: string[] = [];
  if (files.known) {
    const known = parseJson(files.known) as { packages?: Record<string, { license?: unknown; url?: unknown }> };
    for (const [name, entry] of Object.entries(known?.packages ?? {})) {
      if (typeof entry?.license !== 'string') throw new InputError('E_CONFIG', files.known.file, lineOf(files.known.text, JSON.stringify(name)), `package ${name}: "license" must be a string`);
      const license = readKnownLicense(entry.license);
      const url = typeof entry.url === 'string' ? entry.url : undefined;
      if (license) {
        overrides.push({ package: name, ecosystem: 'PyPI', license, recorded: entry.license, ...(url ? { url } : {}), origin: `${origin} ${files.known.file}` });
        continue;
      }
      // Not an SPDX license ("BSD 3-Clause License Modified (PIL Software License)"): their gate passes it when an
      // approved regex matches the recorded string, so that past decision becomes an approval; otherwise unknown.
      const approvedBy = approvedRegexes.find((entryRegex) => entryRegex.regex.test(entry.license as string));
      if (approvedBy) {
        approvals.push({
          package: name,
          ecosystem: 'PyPI',
          license: ANY_LICENSE,
          reason: `known_licenses.json records ${JSON.stringify(entry.license)}${url ? ` (${url})` : ''}, approved as "${approvedBy.name}"`,
          approvedBy: `${origin} ${path.basename(files.known.file)}`,
          source: { file: files.known.file, pointer: `/packages/${pointerToken(name)}` },
        });
        notes.push(`known_licenses.json: ${name}: ${JSON.stringify(entry.license)} is not SPDX; kept as an approval (their regex "${approvedBy.name}" accepts it)`);
      } else {
        overrides.push({ package: name, ecosystem: 'PyPI', license: null, recorded: entry.license, ...(url ? { url } : {}), origin: `${origin} ${files.known.file}` });
        notes.push(`known_licenses.json: ${name}: ${JSON.stringify(entry.license)} could not be read as SPDX and no approved regex accepts it; the package stays unknown`);
      }
    }
  }

  if (files.exclude) {
    const exclude = parseJson(files.exclude) as { packages?: Record<string, { docker_images?: unknown; notes?: unknown }> };
    for (const [name, entry] of Object.entries(exclude?.packages ?? {})) {
      const images = Array.isArray(entry?.docker_images) ? entry.docker_images.filter((image): image is string => typeof image === 'string') : [];
      approvals.push({
        package: name,
        ecosystem: 'PyPI',
        ...(images.length > 0 ? { images } : {}),
        license: ANY_LICENSE,
        reason: typeof entry?.notes === 'string' && entry.notes.trim() ? entry.notes : 'excluded from license verification',
        approvedBy: `${origin} ${path.basename(files.exclude.file)}`,
        source: { file: files.exclude.file, pointer: `/packages/${pointerToken(name)}` },
      });
    }
  }

  return {
    policy: {
      allowed: [...allowed].sort(),
      needsApproval: [],
      denied: [],
      // Their gate fails whatever no regex approves.
      categoryFallback: Object.fromEntries(ALL_CATEGORIES.map((category) => [category, 'denied'])),
      origin: [`${origin} ${files.approved.file}`],
    },
    approvals,
    overrides,
    mapping,
    notes,
  };
}

function pointerToken(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** known_licenses.json records "License :: <name>": a real classifier, or a free name after the prefix. */
function readKnownLicense(recorded: string): string | null {
  if (isLicenseClassifier(recorded)) {
    const reading = readClassifier(recorded);
    if (reading.kind === 'license') return reading.expression;
  }
  return readLicenseName(recorded.replace(/^\s*License\s*::\s*/i, ''))?.expression ?? null;
}

/** A complete depvet policy from the dockerfiles files: their approved set replaces the default lists. */
export function dockerfilesLicensePolicy(input: LicensePolicyInput): LicensePolicy {
  return {
    allowed: input.policy.allowed ?? [],
    needsApproval: input.policy.needsApproval ?? [],
    denied: input.policy.denied ?? [],
    categoryFallback: input.policy.categoryFallback ?? {},
    origin: input.policy.origin ?? [],
  };
}

/**
 * Finds the dockerfiles policy files for a scanned tree: in `dir` itself (their `docker/` folder, beside the image
 * folders) or in `dir/docker`. Undefined when approved_licenses.json is not there.
 */
export function findDockerfilesPolicyFiles(dir: string): DockerfilesPolicyFiles | undefined {
  for (const candidate of [dir, path.join(dir, 'docker')]) {
    const approved = path.join(candidate, DOCKERFILES_POLICY_FILES.approved);
    // A policy file (or its folder) that is a symlink out of `dir` is refused before it is read: an error about it
    // must never quote another file's content.
    const refuse = (file: string) => {
      const why = outsideFolder(dir, file);
      if (why !== undefined) throw new InputError('E_CONFIG', file, undefined, `refusing to read it: ${why}`);
    };
    refuse(approved);
    if (!fs.existsSync(approved)) continue;
    const read = (name: string) => {
      const file = path.join(candidate, name);
      refuse(file);
      return fs.existsSync(file) ? { text: fs.readFileSync(file, 'utf8'), file } : undefined;
    };
    const known = read(DOCKERFILES_POLICY_FILES.known);
    const exclude = read(DOCKERFILES_POLICY_FILES.exclude);
    return { approved: read(DOCKERFILES_POLICY_FILES.approved)!, ...(known ? { known } : {}), ...(exclude ? { exclude } : {}) };
  }
  return undefined;
}
