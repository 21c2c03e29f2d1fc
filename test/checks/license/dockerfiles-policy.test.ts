// demisto/dockerfiles' policy files as depvet policy: on a test set of packages, depvet's pass/fail equals what
// their gate (docker/verify_licenses.py) decides from the same metadata and the same files. Their decision rule is
// re-implemented below as the oracle; the few packages where the two gates differ by design are listed with why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PackageKey } from '../../../src/findings';
import { normalizeName } from '../../../src/normalize';
import {
  checkLicenses,
  dockerfilesLicensePolicy,
  findDockerfilesPolicyFiles,
  licenseMetadataKey,
  loadDockerfilesLicensePolicy,
  type DockerfilesPolicyFiles,
  type LicenseMetadata,
} from '../../../src/checks/license';
import { pythonRegex } from '../../../src/checks/license/dockerfiles-policy';
import { InputError } from '../../../src/errors';
import { fixturePath } from '../../helpers/shared';

const DIR = fixturePath('license', 'dockerfiles-policy');
const read = (name: string) => ({ text: fs.readFileSync(path.join(DIR, name), 'utf8'), file: `docker/${name}` });
const FILES: DockerfilesPolicyFiles = { approved: read('approved_licenses.json'), known: read('known_licenses.json'), exclude: read('packages_license_check_exclude.json') };

interface PypiInfo {
  name: string;
  version: string;
  license: string | null;
  license_expression: string | null;
  classifiers: string[];
}

/**
 * Their gate, from check_python_license: an excluded package passes; otherwise the license strings are the
 * known_licenses entry or the `License ::` classifiers (minus the bare `License :: OSI Approved`) plus
 * `license_expression`; when there are none, the `License:` line of `pip show`. Every string must match an approved
 * regex (re.search). Returns undefined where their gate would ask the GitHub API (License: UNKNOWN).
 */
function theirGate(info: PypiInfo, image: string): boolean | undefined {
  const approved = (JSON.parse(FILES.approved.text) as { licenses: { regex: string }[] }).licenses;
  const exclude = (JSON.parse(FILES.exclude!.text) as { packages: Record<string, { docker_images?: string[] }> }).packages;
  const known = (JSON.parse(FILES.known!.text) as { packages: Record<string, { license: string }> }).packages;
  const ignored = exclude[info.name];
  if (ignored && (!ignored.docker_images || ignored.docker_images.length === 0 || ignored.docker_images.some((x) => image.includes(x)))) return true;
  const classifiers = known[info.name] ? [known[info.name]!.license] : info.classifiers;
  const licenseExpression = known[info.name] ? null : info.license_expression;
  const found = classifiers.filter((c) => c.startsWith('License ::') && c !== 'License :: OSI Approved');
  if (licenseExpression) found.push(licenseExpression);
  if (found.length === 0) {
    const line = `License: ${(info.license ?? '').split('\n')[0]}`;
    if (line.includes('UNKNOWN')) return undefined;
    found.push(line);
  }
  return found.every((text) => approved.some((entry) => pythonRegex(entry.regex)!.test(text)));
}

function ourGate(info: PypiInfo, image: string): boolean {
  const input = loadDockerfilesLicensePolicy(FILES);
  const meta: LicenseMetadata = { ecosystem: 'PyPI', name: info.name, version: info.version, license: info.license, licenseExpression: info.license_expression, classifiers: info.classifiers };
  const pkg: PackageKey = { ecosystem: 'PyPI', name: info.name, normalizedName: normalizeName('PyPI', info.name), version: info.version };
  const result = checkLicenses([pkg], new Map([[licenseMetadataKey(pkg), meta]]), dockerfilesLicensePolicy(input), {
    approvals: input.approvals,
    overrides: input.overrides,
    image,
    now: new Date('2026-01-01'),
  });
  return result.findings.every((finding) => finding.severity !== 'high');
}

const shapeInfos: PypiInfo[] = fs
  .readdirSync(fixturePath('license', 'shapes'))
  .map((file) => JSON.parse(fs.readFileSync(fixturePath('license', 'shapes', file), 'utf8')) as { info?: PypiInfo })
  .filter((shape) => shape.info)
  .map((shape) => shape.info!);

const C = 'License :: OSI Approved :: ';
/** Packages their policy files name, with metadata of the shape PyPI gives them. */
const policyPackages: PypiInfo[] = [
  { name: 'tld', version: '0.13', license: 'MPL-1.1 OR GPL-2.0-only OR LGPL-2.1-or-later', license_expression: null, classifiers: [] },
  { name: 'Pillow', version: '9.5.0', license: 'HPND', license_expression: null, classifiers: [`${C}Historical Permission Notice and Disclaimer (HPND)`] },
  { name: 'text-unidecode', version: '1.3', license: 'Artistic License', license_expression: null, classifiers: [`${C}Artistic License`, `${C}GNU General Public License (GPL)`] },
  { name: 'portalocker', version: '2.0.0', license: 'PSF', license_expression: null, classifiers: [] },
  { name: 'dnspython', version: '2.6.1', license: 'ISC', license_expression: null, classifiers: [`${C}ISC License (ISCL)`] },
  { name: 'uuid', version: '1.30', license: 'UNKNOWN', license_expression: null, classifiers: [] },
  { name: 'edgegrid-python', version: '1.3.1', license: 'Apache 2.0', license_expression: null, classifiers: [] },
  { name: 'docutils', version: '0.20.1', license: 'public domain, Python, 2-Clause BSD, GPL 3 (see COPYING.txt)', license_expression: null, classifiers: ['License :: Public Domain', `${C}GNU General Public License (GPL)`] },
  { name: 'pylint', version: '3.0.3', license: 'GPL-2.0-or-later', license_expression: null, classifiers: [`${C}GNU General Public License v2 (GPLv2)`] },
  { name: 'extract-msg', version: '0.41.1', license: 'GPL', license_expression: null, classifiers: [`${C}GNU General Public License v3 (GPLv3)`] },
];

/**
 * Where depvet deliberately decides differently, and why. Each entry must really differ (checked below), so the
 * list cannot go stale silently.
 */
const KNOWN_DIFFERENCES: Record<string, { theirs: boolean; why: string }> = {
  // Their re.search runs on the whole license_expression: "GPL-3.0-or-later AND MIT" contains "MIT".
  'both@1.0': { theirs: true, why: 'AND with a denied license passes their substring test; depvet requires both sides' },
  'mitstyle@1.0': { theirs: true, why: '"MIT-style" contains "MIT"; depvet does not read a resemblance as the license' },
  'textdual@1.0': { theirs: true, why: 'first line "Dual licensed under the GPL and the MIT license" contains "MIT"; depvet fails closed' },
  // Their regexes test spellings, so the same approved license written another way fails theirs.
  'eplpkg@1.0': { theirs: false, why: '"EPL-2.0" does not contain "Eclipse"; depvet approves the license whatever its spelling' },
  'lowercase@1.0': { theirs: false, why: 'their regex is case-sensitive; SPDX ids are not' },
  'typing-extensions@4.13.2': { theirs: false, why: 'license_expression "PSF-2.0" matches neither "Python Software Foundation" nor "PSF license"' },
  // They read only the first line of a license text (pip show); depvet recognises the whole text.
  'textbsd2@1.0': { theirs: false, why: 'BSD-2-Clause text whose first line is a copyright line' },
  'textpsf@1.0': { theirs: false, why: 'PSF-2.0 text whose first line is upper case' },
};

const cases: [string, PypiInfo, string][] = [
  ...shapeInfos.map((info) => [`${info.name}@${info.version}`, info, 'demisto/python3:3.11.5.1'] as [string, PypiInfo, string]),
  ...policyPackages.map((info) => [`${info.name}@${info.version}`, info, 'demisto/pymisp:1.0.0.1'] as [string, PypiInfo, string]),
  ...policyPackages.map((info) => [`${info.name}@${info.version} in tidy`, info, 'demisto/tidy:1.0.0.2'] as [string, PypiInfo, string]),
  ...policyPackages.map((info) => [`${info.name}@${info.version} in xsoar-tools`, info, 'demisto/xsoar-tools:1.0.0.3'] as [string, PypiInfo, string]),
];

describe('depvet with the dockerfiles policy files decides as their gate does', () => {
  const compared = cases.filter(([, info, image]) => theirGate(info, image) !== undefined);

  test('the test set is large and has both outcomes', () => {
    expect(compared.length).toBeGreaterThanOrEqual(80);
    const outcomes = compared.map(([, info, image]) => theirGate(info, image));
    expect(outcomes.filter(Boolean).length).toBeGreaterThanOrEqual(20);
    expect(outcomes.filter((pass) => !pass).length).toBeGreaterThanOrEqual(10);
  });

  test.each(compared.filter(([key]) => !KNOWN_DIFFERENCES[key.split(' ')[0]!]))('%s', (_key, info, image) => {
    const image_ = image.replace(/^demisto\//, '').replace(/:.*$/, '');
    expect(ourGate(info, image_)).toBe(theirGate(info, image));
  });

  test.each(Object.entries(KNOWN_DIFFERENCES))('known difference %s', (key, difference) => {
    const [, info, image] = compared.find(([caseKey]) => caseKey === key)!;
    const image_ = image.replace(/^demisto\//, '').replace(/:.*$/, '');
    expect(theirGate(info, image)).toBe(difference.theirs);
    expect(ourGate(info, image_)).toBe(!difference.theirs);
  });
});

describe('loadDockerfilesLicensePolicy mapping', () => {
  const input = loadDockerfilesLicensePolicy(FILES);
  const allowed = new Set(input.policy.allowed);

  test('each approved regex maps to the SPDX ids and classifiers it matches', () => {
    expect([...allowed]).toEqual(expect.arrayContaining(['MIT', 'MIT-0', 'BSD-3-Clause', '0BSD', 'Apache-2.0', 'ISC', 'PSF-2.0', 'LGPL-2.1-only', 'MPL-2.0', 'LicenseRef-Public-Domain', 'CC0-1.0', 'Zlib', 'Unlicense', 'EPL-1.0', 'EPL-2.0', 'WTFPL', 'UPL-1.0']));
    expect(allowed.has('LicenseRef-depvet-ambiguous-BSD-License')).toBe(true);
    expect(allowed.has('LicenseRef-depvet-ambiguous-Artistic-License')).toBe(true);
    // Not approved by any regex: GPL, AGPL, MPL-1.1, proprietary.
    for (const id of ['GPL-2.0-only', 'GPL-3.0-or-later', 'AGPL-3.0-only', 'MPL-1.1', 'LicenseRef-Proprietary', 'LicenseRef-depvet-ambiguous-GNU-General-Public-License']) {
      expect(allowed.has(id)).toBe(false);
    }
    expect(input.mapping.find((entry) => entry.name === 'Mozilla Public License 2.0 (MPL 2.0)')!.allows).toEqual(['MPL-2.0']);
    expect(input.policy.needsApproval).toEqual([]);
    expect(input.policy.categoryFallback?.Permissive).toBe('denied');
  });

  test('known_licenses.json becomes license overrides read as SPDX', () => {
    const byName = Object.fromEntries(input.overrides.map((override) => [override.package, override.license]));
    expect(byName.dnspython).toBe('ISC');
    expect(byName.uuid).toBe('PSF-2.0');
    expect(byName['edgegrid-python']).toBe('Apache-2.0');
    expect(byName.orderedmultidict).toBe('Unlicense');
    expect(byName.portalocker).toBe('PSF-2.0');
    expect(byName.tld).toBe('LicenseRef-depvet-ambiguous-GNU-Lesser-General-Public-License-v2-or-later');
    expect(byName['text-unidecode']).toBe('LicenseRef-depvet-ambiguous-Artistic-License');
    // "BSD 3-Clause License Modified (PIL Software License)" is not SPDX; their BSD regex accepts it: an approval.
    expect(byName.Pillow).toBeUndefined();
    expect(input.approvals.find((approval) => approval.package === 'Pillow')).toMatchObject({ license: '*', approvedBy: 'demisto/dockerfiles known_licenses.json' });
    expect(input.notes.join('\n')).toContain('Pillow');
  });

  test('packages_license_check_exclude.json becomes image-scoped approvals of any license', () => {
    const docutils = input.approvals.find((approval) => approval.package === 'docutils')!;
    expect(docutils).toMatchObject({ license: '*', images: ['snowflake', 'boto3py3', 'ansible-runner', 'tidy'], ecosystem: 'PyPI' });
    expect(docutils.reason).toContain('botocore');
    expect(docutils.source).toEqual({ file: 'docker/packages_license_check_exclude.json', pointer: '/packages/docutils' });
    expect(input.approvals.filter((approval) => approval.approvedBy.endsWith('packages_license_check_exclude.json'))).toHaveLength(7);
  });

  test('bad files are input errors naming the file', () => {
    expect(() => loadDockerfilesLicensePolicy({ approved: { text: '{"licenses": [', file: 'docker/approved_licenses.json' } })).toThrow(InputError);
    expect(() => loadDockerfilesLicensePolicy({ approved: { text: '{"licenses": [', file: 'docker/approved_licenses.json' } })).toThrow(/^docker\/approved_licenses\.json/);
    expect(() => loadDockerfilesLicensePolicy({ approved: { text: '{"licenses": [{"name": "x", "regex": "("}]}', file: 'a.json' } })).toThrow(/a\.json:1: regex/);
    expect(() => loadDockerfilesLicensePolicy({ approved: { text: '{}', file: 'a.json' } })).toThrow(/"licenses" array/);
  });

  test('python regex forms are translated', () => {
    expect(pythonRegex('(?i)mit')!.test('The MIT License')).toBe(true);
    expect(pythonRegex('\\AMIT\\Z')!.test('MIT')).toBe(true);
    expect(pythonRegex('(')).toBeNull();
  });
});

describe('findDockerfilesPolicyFiles', () => {
  test('finds the files in a docker/ folder beside the image folders, or not at all', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-dockerfiles-'));
    try {
      expect(findDockerfilesPolicyFiles(root)).toBeUndefined();
      fs.mkdirSync(path.join(root, 'docker', 'python3'), { recursive: true });
      fs.copyFileSync(path.join(DIR, 'approved_licenses.json'), path.join(root, 'docker', 'approved_licenses.json'));
      fs.copyFileSync(path.join(DIR, 'packages_license_check_exclude.json'), path.join(root, 'docker', 'packages_license_check_exclude.json'));
      const found = findDockerfilesPolicyFiles(root)!;
      expect(found.approved.file).toBe(path.join(root, 'docker', 'approved_licenses.json'));
      expect(found.known).toBeUndefined();
      expect(found.exclude?.text).toContain('docutils');
      expect(findDockerfilesPolicyFiles(path.join(root, 'docker'))?.approved.file).toBe(found.approved.file);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
