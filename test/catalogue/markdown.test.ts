import fs from 'node:fs';
import { buildCatalogue } from '../../src/catalogue/catalogue';
import { code, renderCatalogueMarkdown, text, usedPackages } from '../../src/catalogue/markdown';
import { buildInventory } from '../../src/inventory/inventory';
import type { ScanResult } from '../../src/scan/result';
import { fixturePath } from '../helpers/shared';

const inventory = () => buildInventory(['inherited-chain-tree'], { cwd: fixturePath('catalogue') });
const scan = (): ScanResult => JSON.parse(fs.readFileSync(fixturePath('catalogue', 'scan-of-inherited-chain-tree.json'), 'utf8')) as ScanResult;

function file(files: Map<string, string>, name: string): string {
  const content = files.get(name);
  if (content === undefined) throw new Error(`no ${name} among ${[...files.keys()].join(', ')}`);
  return content;
}

describe('renderCatalogueMarkdown', () => {
  const checked = renderCatalogueMarkdown(buildCatalogue(inventory(), scan()));
  const unchecked = renderCatalogueMarkdown(buildCatalogue(inventory()));

  it('writes index.md, one page per image and used_packages.json', () => {
    expect([...checked.keys()]).toEqual(['index.md', 'images/auth-utils.md', 'images/crypto.md', 'images/old-ldap.md', 'images/python3.md', 'used_packages.json']);
  });

  it('renders an inherited chain: base chain links, inherited rows marked with their base image', () => {
    const page = file(checked, 'images/auth-utils.md');
    expect(page).toMatch(/^# `demisto\/auth-utils`\n/);
    expect(page).toContain('- Base image: `demisto/crypto:1.0.0.1234`');
    expect(page).toContain('- Base chain: auth-utils → [crypto](crypto.md) → [python3](python3.md)');
    expect(page).toContain('- Python: 3.11 (inherited from crypto');
    expect(page).toContain('- Packages: 2 own, 8 inherited, 0 skipped');
    expect(page).toContain('## Python Packages');
    expect(page).toMatch(/\| `msal` \| 1\.28\.0 \| unknown \| unknown \| — \| own \(direct\) \| `auth-utils\/Pipfile\.lock:\d+` \|/);
    expect(page).toMatch(/\| `cryptography` \| 42\.0\.5 \| Apache-2\.0 OR BSD-3-Clause \| allowed \| — \| inherited from \[crypto\]\(crypto\.md\) \|/);
    expect(page).toMatch(/\| `certifi` \| 2024\.2\.2 \| MPL-2\.0 \| allowed \| — \| inherited from \[python3\]\(python3\.md\) \|/);
    // The suppressed denied license shows as a finding with its suppression.
    expect(page).toContain('## Findings');
    expect(page).toMatch(/- \*\*high\*\* license `license-denied` \(suppressed, approval: legal approved 2026-07\): `pyjwt` 2\.8\.0/);
  });

  it('lists skipped packages, could-not-check packages and failing findings on their image page', () => {
    const crypto = file(checked, 'images/crypto.md');
    expect(crypto).toContain('## Skipped Packages');
    expect(crypto).toMatch(/\| `requests` \| 2\.31\.0 \| inherited from \[python3\]\(python3\.md\) \| crypto installs its own requests/);
    const old = file(checked, 'images/old-ldap.md');
    expect(old).toContain('- Status: deprecated (Use the demisto/auth-utils docker image instead.)');
    expect(old).toContain('## Could Not Check');
    expect(old).toContain('- `pyasn1` 0.5.1: license: PyPI answered 503 three times');
    expect(old).toMatch(/- \*\*medium\*\* advisories `GHSA-9wx4-h78v-vm56` \(failing\): `requests` 2\.31\.0 \(inherited from python3\)/);
    expect(old).toMatch(/\| `six` \| 1\.16\.0 \| not checked: the scan result has no record of this package \| not-checked \|/);
  });

  it('says "not checked" in every license cell when built without a scan', () => {
    const page = file(unchecked, 'images/crypto.md');
    expect(page).toContain('- Licenses and findings: **not checked**');
    const rows = page.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows.length).toBeGreaterThan(5);
    for (const line of rows.filter((l) => !l.includes('crypto installs its own'))) expect(line).toMatch(/^\| `[^`]+` \| [^|]+ \| not checked \| not-checked \| not checked \|/);
  });

  it('indexes every image with its counts and links, and summarises licenses and findings', () => {
    const index = file(checked, 'index.md');
    expect(index).toContain('- Images: 4 (3 active, 1 deprecated, 0 dev-only)');
    expect(index).toContain('[used_packages.json](used_packages.json)');
    expect(index).toContain('| [auth-utils](images/auth-utils.md) | active | 3.11 | crypto → python3 | 2 | 8 | 0 | 1 | 1 | 5 |');
    expect(index).toContain('| [old-ldap](images/old-ldap.md) | deprecated | 3.11 | python3 | 2 | 5 | 0 | 1 (1 failing) | 1 | 4 |');
    expect(index).toContain('| needs-approval | 1 |');
    expect(index).toContain('| medium | 1 |');
    expect(file(unchecked, 'index.md')).toContain('| [crypto](images/crypto.md) | active | 3.11 | python3 | 4 | 4 | 1 | not checked | not checked | 8 |');
  });

  it('writes used_packages.json in the dockerfiles-info shape: name → docker_images (qualified), licenses', () => {
    const used = JSON.parse(file(checked, 'used_packages.json')) as Record<string, { docker_images: string[]; licenses: string[]; pypi_url?: string; versions: string[] }>;
    expect(used['requests']).toEqual({
      docker_images: ['demisto/auth-utils', 'demisto/crypto', 'demisto/old-ldap', 'demisto/python3'],
      ecosystem: 'PyPI',
      licenses: ['Apache-2.0'],
      pypi_url: 'https://pypi.org/project/requests/',
      versions: ['2.31.0', '2.32.3'],
    });
    expect(used['pyasn1']?.licenses).toEqual(['could not check']);
    expect(used['pytest']).toBeUndefined();
    expect(usedPackages(buildCatalogue(inventory()))['cffi']?.licenses).toEqual(['not checked']);
  });
});

describe('Markdown escaping', () => {
  it('neutralises HTML, links and table pipes in text', () => {
    expect(text('<img src=x onerror=alert(1)>|[a](javascript:x)')).toBe('&lt;img src=x onerror=alert\\(1\\)&gt;\\|\\[a\\]\\(javascript:x\\)');
    expect(text('a\nb')).toBe('a b');
  });
  it('fences code spans longer than any backtick run in the value', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x')).toBe('`` `x ``');
    expect(code('a|b')).toBe('`a\\|b`');
  });
});
