// The registry facts of the inventory test tree (test/fixtures/inventory/tree), served by the fake registry:
// real license metadata of these releases, and real OSV records (copied from pypa/advisory-database).
import fs from 'node:fs';
import path from 'node:path';
import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { pypiProjectDoc, type ProjectSpec } from '../fake-registry/pypi-doc';
import type { OsvVulnerability } from '../../src/registries/osv-record';
import { fixturePath } from '../helpers/shared';

const OLD = '2023-01-01T00:00:00.000000Z';

export const TREE_PROJECTS: ProjectSpec[] = [
  { name: 'certifi', releases: [{ version: '2024.2.2', uploaded: '2024-02-02T00:00:00.000000Z' }], license: 'MPL-2.0', classifiers: ['License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)'] },
  {
    name: 'requests',
    releases: [
      { version: '2.31.0', uploaded: '2023-05-22T15:12:44.000000Z' },
      { version: '2.32.3', uploaded: '2024-05-29T15:37:47.000000Z' },
    ],
    license: 'Apache 2.0',
    classifiers: ['License :: OSI Approved :: Apache Software License'],
  },
  { name: 'six', releases: [{ version: '1.16.0', uploaded: '2021-05-05T14:18:17.000000Z' }], license: 'MIT', classifiers: ['License :: OSI Approved :: MIT License'] },
  { name: 'urllib3', releases: [{ version: '2.2.1', uploaded: '2024-02-18T19:29:48.000000Z' }], license: null, classifiers: ['License :: OSI Approved :: MIT License'] },
  { name: 'cffi', releases: [{ version: '1.16.0', uploaded: '2023-09-28T18:01:00.000000Z' }], license: 'MIT', classifiers: ['License :: OSI Approved :: MIT License'] },
  {
    name: 'cryptography',
    releases: [{ version: '42.0.5', uploaded: '2024-02-24T01:16:00.000000Z' }],
    license: 'Apache-2.0 OR BSD-3-Clause',
    classifiers: ['License :: OSI Approved :: Apache Software License', 'License :: OSI Approved :: BSD License'],
  },
  { name: 'pycparser', releases: [{ version: '2.21', uploaded: '2021-11-06T12:50:13.000000Z' }], license: 'BSD', classifiers: ['License :: OSI Approved :: BSD License'] },
  { name: 'pymsteams', releases: [{ version: '0.2.2', uploaded: '2022-07-20T12:00:00.000000Z' }], license: 'Apache', classifiers: ['License :: OSI Approved :: Apache Software License'] },
  { name: 'idna', releases: [{ version: '3.6', uploaded: '2023-11-25T15:40:54.000000Z' }], license: null, classifiers: ['License :: OSI Approved :: BSD License'] },
  { name: 'chardet', releases: [{ version: '5.2.0', uploaded: '2023-08-01T19:23:02.000000Z' }], license: 'LGPL', classifiers: ['License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)'] },
  {
    name: 'lxml',
    releases: [
      { version: '5.1.0', uploaded: OLD },
      { version: '5.2.1', uploaded: '2024-04-02T00:00:00.000000Z' },
      { version: '5.3.0rc1', uploaded: '2024-07-01T00:00:00.000000Z' },
    ],
    license: 'BSD-3-Clause',
    classifiers: ['License :: OSI Approved :: BSD License'],
  },
  {
    name: 'setuptools',
    releases: [
      { version: '69.0.0', uploaded: OLD },
      { version: '70.0.0', uploaded: '2024-05-21T00:00:00.000000Z' },
    ],
    license: null,
    classifiers: ['License :: OSI Approved :: MIT License'],
  },
];

export async function startTreeRegistry(options: { maxAgeSeconds?: number } = {}): Promise<FakeRegistry> {
  const fake = await startFakeRegistry(options);
  for (const spec of TREE_PROJECTS) fake.addPypiProject(pypiProjectDoc(spec));
  const dir = fixturePath('scan', 'osv');
  for (const file of fs.readdirSync(dir)) fake.addOsv(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as OsvVulnerability);
  return fake;
}

/**
 * Writes the depvet.config.json the CLI tests of the tree scan with: few, quick retries, and certifi (MPL-2.0)
 * approved, so the python3 image of the fixture tree passes when nothing else fails. Returns its path.
 */
export function writeTreeConfig(dir: string, timeoutMs: number): string {
  const file = path.join(dir, 'depvet.config.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      registries: { retries: 1, timeoutMs },
      license: { approvals: [{ package: 'certifi', license: 'MPL-2.0', reason: 'CA bundle, unmodified', approvedBy: 'legal' }] },
    }),
  );
  return file;
}
