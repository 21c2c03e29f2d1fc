// A fake registry for the whole demisto/dockerfiles corpus: a PyPI project document for every package the corpus
// names (every version that occurs, plus a release for unpinned requirements to resolve to) and every real OSV
// record of ../shared/osv/pypi. The license metadata is GENERATED test data: well-known projects get their real
// license, the rest a deterministic choice among the shapes PyPI metadata takes (SPDX field, classifier only, PEP 639
// expression, free text), so the license check meets every path at corpus scale.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { buildInventory } from '../../src/inventory/inventory';
import type { OsvVulnerability } from '../../src/registries/osv-record';
import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { pypiProjectDoc, type ProjectSpec } from '../fake-registry/pypi-doc';

const KNOWN: Record<string, Pick<ProjectSpec, 'license' | 'licenseExpression' | 'classifiers'>> = {
  requests: { license: 'Apache 2.0', classifiers: ['License :: OSI Approved :: Apache Software License'] },
  urllib3: { license: null, classifiers: ['License :: OSI Approved :: MIT License'] },
  certifi: { license: 'MPL-2.0', classifiers: ['License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)'] },
  idna: { license: null, classifiers: ['License :: OSI Approved :: BSD License'] },
  six: { license: 'MIT', classifiers: ['License :: OSI Approved :: MIT License'] },
  chardet: { license: 'LGPL', classifiers: ['License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)'] },
  cryptography: { license: 'Apache-2.0 OR BSD-3-Clause', classifiers: ['License :: OSI Approved :: Apache Software License', 'License :: OSI Approved :: BSD License'] },
  pyyaml: { license: 'MIT', classifiers: ['License :: OSI Approved :: MIT License'] },
  'python-dateutil': { license: 'Dual License', classifiers: ['License :: OSI Approved :: BSD License', 'License :: OSI Approved :: Apache Software License'] },
  paramiko: { license: 'LGPL', classifiers: ['License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)'] },
};

const SHAPES: Pick<ProjectSpec, 'license' | 'licenseExpression' | 'classifiers'>[] = [
  { license: 'MIT', classifiers: ['License :: OSI Approved :: MIT License'] },
  { license: null, classifiers: ['License :: OSI Approved :: Apache Software License'] },
  { license: 'BSD-3-Clause', classifiers: [] },
  { license: null, licenseExpression: 'Apache-2.0', classifiers: [] },
  { license: 'ISC', classifiers: ['License :: OSI Approved :: ISC License (ISCL)'] },
  { license: 'UNKNOWN', classifiers: [] },
  { license: 'GPLv3', classifiers: ['License :: OSI Approved :: GNU General Public License v3 (GPLv3)'] },
];

function shapeOf(name: string) {
  const byte = createHash('sha256').update(name).digest()[0]!;
  // Mostly permissive, as real trees are; a few unknown and copyleft ones.
  return byte < 200 ? SHAPES[byte % 5]! : SHAPES[5 + (byte % 2)]!;
}

/**
 * A README of 2-18 KB (about 10 KB on average), as PyPI serves in `info.description`, so a run can see what
 * real-size bodies cost. Deterministic per name.
 */
function readmeOf(name: string): string {
  const size = 2048 + createHash('sha256').update(`readme:${name}`).digest().readUInt16BE(0) % (16 * 1024);
  const paragraph = `${name}\n\nInstallation: pip install ${name}. Usage, configuration and the changelog follow. `;
  return paragraph.repeat(Math.ceil(size / paragraph.length)).slice(0, size);
}

export async function startCorpusRegistry(corpus: string, osvDir: string, options: { realSizeReadmes?: boolean } = {}): Promise<FakeRegistry> {
  const inventory = buildInventory([corpus]);
  const versions = new Map<string, { name: string; versions: Set<string>; unpinned: boolean }>();
  for (const entry of inventory.packages) {
    if (entry.ecosystem !== 'PyPI' || entry.unvettable || !entry.normalizedName) continue;
    const item = versions.get(entry.normalizedName) ?? { name: entry.name, versions: new Set<string>(), unpinned: false };
    if (entry.version) item.versions.add(entry.version);
    else item.unpinned = true;
    versions.set(entry.normalizedName, item);
  }
  const fake = await startFakeRegistry({ maxAgeSeconds: 3600 });
  for (const [normalized, item] of versions) {
    const list = [...item.versions];
    // Unpinned requirements resolve to one of these, whichever their specifier allows (`<1.5`, `>=2`).
    if (item.unpinned || list.length === 0) list.push('0.0.1', '99.0.0');
    const meta = KNOWN[normalized] ?? shapeOf(normalized);
    fake.addPypiProject(
      pypiProjectDoc({
        name: item.name,
        releases: list.map((version, i) => ({ version, uploaded: new Date(Date.UTC(2020, 0, 1 + i)).toISOString() })),
        license: meta.license ?? null,
        licenseExpression: meta.licenseExpression ?? null,
        classifiers: meta.classifiers ?? [],
        ...(options.realSizeReadmes ? { description: readmeOf(item.name) } : {}),
      }),
    );
  }
  // npm packages that Dockerfiles install globally (`npm install -g …`).
  for (const entry of inventory.packages) {
    if (entry.ecosystem !== 'npm' || entry.unvettable) continue;
    const version = entry.version ?? '1.0.0';
    fake.addNpm({ name: entry.name, license: 'MIT', versions: { [version]: { name: entry.name, version, license: 'MIT' } }, time: { created: '2019-01-01T00:00:00.000Z', [version]: '2019-01-01T00:00:00.000Z' }, 'dist-tags': { latest: version } });
  }
  for (const file of fs.readdirSync(osvDir)) fake.addOsv(JSON.parse(fs.readFileSync(path.join(osvDir, file), 'utf8')) as OsvVulnerability);
  return fake;
}
