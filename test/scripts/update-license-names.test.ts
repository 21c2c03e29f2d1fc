// scripts/update-license-names.js builds the names table; from a scancode-licensedb checkout it adds LicenseDB's
// names and short names (the fixture is a three-licence excerpt of one).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeWithShared, fixturePath, sharedPath } from '../helpers/shared';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'update-license-names.js');

interface NamesFile {
  spdxLicenseList: string;
  scancodeLicensedb: { commit: string | null; from: string };
  licenses: Record<string, { name: string; url?: string; deprecated?: boolean; scancode?: string[]; aliases?: string[] }>;
}

test('from a LicenseDB checkout: keys, names and short names of the SPDX ids; LicenseRef-only entries skipped', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-names-'));
  try {
    execFileSync(process.execPath, [SCRIPT, fixturePath('license', 'scancode-licensedb'), '--out', out], { stdio: 'pipe' });
    const names = JSON.parse(fs.readFileSync(path.join(out, 'license-names.json'), 'utf8')) as NamesFile;
    expect(names.scancodeLicensedb.from).toMatch(/checkout/);
    expect(names.licenses['AFL-2.1']).toMatchObject({ name: 'Academic Free License v2.1', scancode: ['afl-2.1'], aliases: ['Academic Free License 2.1', 'AFL 2.1'] });
    expect(names.licenses['BSD-3-Clause']).toMatchObject({ scancode: ['bsd-new'], aliases: ['BSD-3-Clause'] });
    expect(Object.values(names.licenses).some((entry) => entry.scancode?.includes('amazon-sl'))).toBe(false);
    expect(names.licenses['GPL-2.0']).toMatchObject({ deprecated: true });
    const templates = JSON.parse(fs.readFileSync(path.join(out, 'license-templates.json'), 'utf8')) as { templates: Record<string, string> };
    expect(templates.templates['Apache-2.0']).toMatch(/^Apache License\nVersion 2\.0, January 2004/);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

describeWithShared('with ../shared', () => test('the shipped table is what the script builds from the shared ScanCode keys (refresh is reproducible)', () => {
  const shared = sharedPath('licenses', 'scancode-categories.json');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-names-'));
  try {
    execFileSync(process.execPath, [SCRIPT, shared, '--out', out], { stdio: 'pipe' });
    for (const file of ['license-names.json', 'license-templates.json']) {
      expect(fs.readFileSync(path.join(out, file), 'utf8')).toBe(fs.readFileSync(path.join(__dirname, '..', '..', 'data', file), 'utf8'));
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}));
