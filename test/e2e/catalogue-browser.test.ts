// Acceptance test of the HTML catalogue in a real browser: Debian's chromium driven by playwright-core. Opens the
// page from a file:// URL, searches for a package, sorts a column, opens one image's detail and takes a screenshot.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildCatalogue, type Catalogue } from '../../src/catalogue/catalogue';
import { writeCatalogue } from '../../src/catalogue/report';
import { buildInventory } from '../../src/inventory/inventory';
import type { ScanResult } from '../../src/scan/result';
import { fixturePath, hasShared, sharedPath } from '../helpers/shared';

const CHROMIUM = process.env.DEPVET_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const hasChromium = fs.existsSync(CHROMIUM);
const MISSING = `${CHROMIUM} is absent: install it with scripts/install-browser.sh (apt-get install chromium)`;

jest.setTimeout(180_000);

if (!hasChromium && process.env.CI) {
  // On CI the browser is part of the setup (.ci/run calls scripts/install-browser.sh): its absence is a failure.
  it('has a browser for the catalogue acceptance test', () => {
    throw new Error(MISSING);
  });
}

if (!hasChromium && !process.env.CI) process.stderr.write(`note: ${MISSING}; the browser acceptance test is skipped\n`);

const describeWithBrowser: jest.Describe = hasChromium
  ? describe
  : (((name: string, fn: () => void) => describe.skip(`${name} [skipped: ${MISSING}]`, fn)) as unknown as jest.Describe);

interface Opened {
  context: BrowserContext;
  page: Page;
  /** Every request the page made that is not the file itself or inline data. */
  external: string[];
  dir: string;
}

async function open(catalogue: Catalogue): Promise<Opened> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-catalogue-e2e-'));
  const [file] = writeCatalogue(catalogue, 'html', path.join(dir, 'catalogue.html'));
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 1000 } });
  const page = context.pages()[0] ?? (await context.newPage());
  const external: string[] = [];
  page.on('request', (request) => {
    if (!/^(file|data|about):/.test(request.url())) external.push(request.url());
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(file!).href);
  await page.waitForSelector('#images tbody tr');
  if (errors.length > 0) throw new Error(`script errors: ${errors.join('; ')}`);
  return { context, page, external, dir };
}

/** Closes the browser and removes the temp folder (profile, page, screenshots unless DEPVET_E2E_ARTIFACTS is set). */
async function close(opened: Opened | undefined): Promise<void> {
  if (!opened) return;
  await opened.context.close();
  fs.rmSync(opened.dir, { recursive: true, force: true });
}

async function visibleTexts(page: Page, selector: string): Promise<string[]> {
  // Hidden rows (the `hidden` attribute) are not visible; text is trimmed like a reader would see it.
  const texts = await page.locator(`${selector}:visible`).allTextContents();
  return texts.map((text) => text.trim());
}

async function search(page: Page, query: string): Promise<void> {
  await page.fill('#search', '');
  await page.type('#search', query);
}

async function sortBy(page: Page, table: string, column: string): Promise<void> {
  await page.click(`#${table} thead button.sort:text-is("${column}")`);
}

async function screenshot(opened: Opened, name: string): Promise<string> {
  const target = path.join(process.env.DEPVET_E2E_ARTIFACTS ?? opened.dir, name);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await opened.page.screenshot({ path: target, fullPage: false });
  return target;
}

function expectPng(file: string): void {
  const bytes = fs.readFileSync(file);
  expect(bytes.length).toBeGreaterThan(5_000);
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
}

function imagesInstalling(catalogue: Catalogue, query: string): string[] {
  return catalogue.images
    .filter((image) => image.name.includes(query) || image.packages.some((row) => row.status === 'included' && row.name.toLowerCase().includes(query)))
    .map((image) => image.name);
}

describeWithBrowser('catalogue HTML in headless Chromium (small fixture tree)', () => {
  const scan = JSON.parse(fs.readFileSync(fixturePath('catalogue', 'scan-of-inherited-chain-tree.json'), 'utf8')) as ScanResult;
  const catalogue = buildCatalogue(buildInventory(['inherited-chain-tree'], { cwd: fixturePath('catalogue') }), scan);
  let opened: Opened;
  beforeAll(async () => {
    opened = await open(catalogue);
  });
  afterAll(async () => {
    await close(opened);
  });

  it('filters both tables by a package name', async () => {
    await search(opened.page, 'ldap3');
    expect(await visibleTexts(opened.page, '#packages tbody td.pkg')).toEqual(['ldap3']);
    expect(await visibleTexts(opened.page, '#images tbody td:first-child')).toEqual(['old-ldap']);
    expect(await opened.page.textContent('#search-count')).toBe('1 images, 1 packages match');
    await search(opened.page, 'cryptography');
    expect(await visibleTexts(opened.page, '#images tbody td:first-child')).toEqual(['auth-utils', 'crypto']);
    await search(opened.page, '');
    expect(await visibleTexts(opened.page, '#images tbody td:first-child')).toHaveLength(4);
  });

  it('sorts a column on click, and reverses it on a second click', async () => {
    await sortBy(opened.page, 'images', 'Inherited');
    expect(await visibleTexts(opened.page, '#images tbody td:nth-child(6)')).toEqual(['0', '4', '5', '8']);
    expect(await opened.page.getAttribute('#images thead th:nth-child(6)', 'aria-sort')).toBe('ascending');
    await sortBy(opened.page, 'images', 'Inherited');
    expect(await visibleTexts(opened.page, '#images tbody td:first-child')).toEqual(['auth-utils', 'old-ldap', 'crypto', 'python3']);
  });

  it("opens one image's detail with its own and inherited packages", async () => {
    await opened.page.click('#images a.image-link[data-image="auth-utils"]');
    await opened.page.waitForSelector('#detail:not([hidden])');
    expect(await opened.page.textContent('#detail-title')).toBe('demisto/auth-utils');
    const rows: string[][] = [];
    for (const tr of await opened.page.locator('#detail-packages tbody tr').all()) rows.push((await tr.locator('td').allTextContents()).map((t) => t.trim()));
    expect(rows).toHaveLength(10);
    expect(rows[0]?.slice(0, 4)).toEqual(['msal', '1.28.0', 'unknown', 'unknown']);
    expect(rows.find((r) => r[0] === 'cryptography')?.[5]).toBe('inherited from crypto');
    expect(rows.find((r) => r[0] === 'pyjwt')?.[4]).toContain('license-denied');
    expect(await opened.page.textContent('#detail dl')).toContain('auth-utils → crypto → python3');
    expectPng(await screenshot(opened, 'fixture-detail.png'));
    expect(await opened.page.locator('#detail-unchecked').count()).toBe(0);
    expect(opened.external).toEqual([]);
  });

  it("lists what could not be checked in an image's detail, with the reason", async () => {
    await opened.page.click('#images a.image-link[data-image="old-ldap"]');
    await opened.page.waitForSelector('#detail:not([hidden])');
    expect(await opened.page.textContent('#detail-title')).toBe('demisto/old-ldap');
    expect(await opened.page.textContent('#detail-unchecked-title')).toBe('Could not check (1): not vetted until fixed');
    expect((await opened.page.locator('#detail-unchecked li').allTextContents()).map((t) => t.trim())).toEqual(['pyasn1 0.5.1: license: PyPI answered 503 three times']);
  });
});

describeWithBrowser('catalogue HTML in headless Chromium (whole corpus)', () => {
  const describeCorpus = hasShared ? describe : describe.skip;
  describeCorpus(hasShared ? 'demisto/dockerfiles corpus' : 'demisto/dockerfiles corpus [skipped: ../shared is absent]', () => {
    let catalogue: Catalogue;
    let opened: Opened;
    beforeAll(async () => {
      catalogue = buildCatalogue(buildInventory([sharedPath('corpus', 'dockerfiles')]));
      opened = await open(catalogue);
    });
    afterAll(async () => {
      await close(opened);
    });

    it('shows all 261 images and every package', async () => {
      expect(await visibleTexts(opened.page, '#images tbody td:first-child')).toHaveLength(261);
      expect(await visibleTexts(opened.page, '#packages tbody td.pkg')).toHaveLength(catalogue.packages.length);
    });

    it('searches for a package: only that package, and exactly the images that install it', async () => {
      await search(opened.page, 'pyjwt');
      const packages = await visibleTexts(opened.page, '#packages tbody td.pkg');
      expect(packages.length).toBeGreaterThan(0);
      for (const name of packages) expect(name.toLowerCase()).toContain('pyjwt');
      const images = await visibleTexts(opened.page, '#images tbody td:first-child');
      expect(images).toEqual(imagesInstalling(catalogue, 'pyjwt'));
      expect(images.length).toBeGreaterThan(5);
      expect(images.length).toBeLessThan(261);
    });

    it('sorts images by their number of own packages', async () => {
      await search(opened.page, '');
      await sortBy(opened.page, 'images', 'Own');
      const ascending = (await visibleTexts(opened.page, '#images tbody td:nth-child(5)')).map(Number);
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
      await sortBy(opened.page, 'images', 'Own');
      const descending = (await visibleTexts(opened.page, '#images tbody td:nth-child(5)')).map(Number);
      expect(descending).toEqual([...ascending].sort((a, b) => b - a));
      const top = [...catalogue.images].sort((a, b) => b.counts.own - a.counts.own)[0]!;
      expect(descending[0]).toBe(top.counts.own);
    });

    it("opens the crypto image's detail and screenshots it", async () => {
      await search(opened.page, 'crypto');
      await opened.page.click('#images a.image-link[data-image="crypto"]');
      await opened.page.waitForSelector('#detail:not([hidden])');
      expect(await opened.page.textContent('#detail-title')).toBe('demisto/crypto');
      const crypto = catalogue.images.find((i) => i.name === 'crypto')!;
      expect(await opened.page.locator('#detail-packages tbody tr').count()).toBe(crypto.packages.length);
      expect(await opened.page.locator('#detail-packages tbody tr.inherited').count()).toBe(crypto.packages.filter((p) => p.inheritedFrom).length);
      expect(await opened.page.textContent('#detail-packages')).toContain('inherited from python3');
      expectPng(await screenshot(opened, 'corpus-crypto-detail.png'));
      await opened.page.evaluate('window.scrollTo(0, 0)');
      expectPng(await screenshot(opened, 'corpus-top.png'));
      expect(opened.external).toEqual([]);
    });
  });
});
