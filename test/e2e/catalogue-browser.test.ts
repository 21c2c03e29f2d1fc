// Acceptance test of the HTML catalogue in a real browser: Debian's chromium driven by playwright-core. Opens the
// page from a file:// URL, searches for a package, sorts a column, follows an image's fragment link (#image/NAME) and
// the back button, reads the page with JavaScript disabled, checks that the CSP lets the page's own script run and
// nothing injected, and takes screenshots into test/output/catalogue-browser/ (not committed).
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
  /** Script errors and CSP violations the page reported. */
  problems: string[];
  dir: string;
  url: string;
}

/** Where screenshots go: test/output/ (ignored by git), or DEPVET_E2E_ARTIFACTS. */
const OUTPUT = process.env.DEPVET_E2E_ARTIFACTS ?? path.join(__dirname, '..', 'output', 'catalogue-browser');

async function open(catalogue: Catalogue, options: { javaScript?: boolean; fragment?: string; html?: (page: string) => string } = {}): Promise<Opened> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-catalogue-e2e-'));
  const [file] = writeCatalogue(catalogue, 'html', path.join(dir, 'catalogue.html'));
  if (options.html) fs.writeFileSync(file!, options.html(fs.readFileSync(file!, 'utf8')));
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 1000 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const external: string[] = [];
  page.on('request', (request) => {
    if (!/^(file|data|about):/.test(request.url())) external.push(request.url());
  });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  const url = pathToFileURL(file!).href;
  await page.goto(options.fragment ? `${url}#${options.fragment}` : url);
  await page.waitForSelector('#images tbody tr');
  return { context, page, external, problems, dir, url };
}

/** Closes the browser and removes the temp folder (profile and page). */
async function close(opened: Opened | undefined): Promise<void> {
  if (!opened) return;
  await opened.context.close();
  fs.rmSync(opened.dir, { recursive: true, force: true });
}

/** The static detail section of an image (its id holds a slash, so an attribute selector). */
function detail(image: string): string {
  return `section.image-detail[id="image/${image}"]`;
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
  const target = path.join(OUTPUT, name);
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

  it("follows an image's link to its own URL fragment and shows its detail, own and inherited packages", async () => {
    const page = opened.page;
    expect(await page.isVisible(detail('auth-utils'))).toBe(false);
    await page.click('#images a.image-link[data-image="auth-utils"]');
    expect(new URL(page.url()).hash).toBe('#image/auth-utils');
    await page.waitForSelector(`${detail('auth-utils')}:visible`);
    expect(await page.textContent(`${detail('auth-utils')} .detail-title`)).toBe('demisto/auth-utils');
    const rows: string[][] = [];
    for (const tr of await page.locator(`${detail('auth-utils')} table.detail-packages tbody tr`).all()) rows.push((await tr.locator('td').allTextContents()).map((t) => t.trim()));
    expect(rows).toHaveLength(10);
    expect(rows[0]?.slice(0, 4)).toEqual(['msal', '1.28.0', 'unknown', 'unknown']);
    expect(rows.find((r) => r[0] === 'cryptography')?.[5]).toBe('inherited from crypto');
    expect(rows.find((r) => r[0] === 'pyjwt')?.[4]).toContain('license-denied');
    expect(await page.textContent(`${detail('auth-utils')} dl`)).toContain('auth-utils → crypto → python3');
    expectPng(await screenshot(opened, 'fixture-detail.png'));
    expect(await page.locator(`${detail('auth-utils')} details.unchecked`).count()).toBe(0);
    // Only one detail is shown at a time.
    expect(await page.locator('section.image-detail:visible').count()).toBe(1);
    expect(opened.external).toEqual([]);
    expect(opened.problems).toEqual([]);
  });

  it('goes back with the back button: to the previous image, then to no detail', async () => {
    const page = opened.page;
    await page.goto(opened.url);
    await page.click('#images a.image-link[data-image="crypto"]');
    await page.click('#images a.image-link[data-image="old-ldap"]');
    await page.waitForSelector(`${detail('old-ldap')}:visible`);
    await page.goBack();
    expect(new URL(page.url()).hash).toBe('#image/crypto');
    await page.waitForSelector(`${detail('crypto')}:visible`);
    expect(await page.isVisible(detail('old-ldap'))).toBe(false);
    await page.goBack();
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.locator('section.image-detail:visible').count()).toBe(0);
  });

  it('opens a link to one image directly, with what could not be checked collapsed to a count', async () => {
    const page = opened.page;
    await page.goto(`${opened.url}#image/old-ldap`);
    await page.waitForSelector(`${detail('old-ldap')}:visible`);
    expect(await page.textContent(`${detail('old-ldap')} .detail-title`)).toBe('demisto/old-ldap');
    const unchecked = `${detail('old-ldap')} details.unchecked`;
    expect((await page.textContent(`${unchecked} summary`))?.trim()).toBe('Could not check: 1 package, not vetted until fixed');
    expect(await page.isVisible(`${unchecked} li`)).toBe(false);
    await page.click(`${unchecked} summary`);
    expect((await page.locator(`${unchecked} li`).allTextContents()).map((t) => t.trim())).toEqual(['pyasn1 0.5.1: license: PyPI answered 503 three times']);
    expectPng(await screenshot(opened, 'fixture-could-not-check.png'));
  });
});

describeWithBrowser('catalogue HTML in headless Chromium with JavaScript disabled', () => {
  const scan = JSON.parse(fs.readFileSync(fixturePath('catalogue', 'scan-of-inherited-chain-tree.json'), 'utf8')) as ScanResult;
  const catalogue = buildCatalogue(buildInventory(['inherited-chain-tree'], { cwd: fixturePath('catalogue') }), scan);
  let opened: Opened;
  beforeAll(async () => {
    opened = await open(catalogue, { javaScript: false, fragment: 'image/auth-utils' });
  });
  afterAll(async () => {
    await close(opened);
  });

  it('is readable: the tables, and the linked image detail from static HTML', async () => {
    const page = opened.page;
    // The script really is off: typing a search filters nothing.
    await page.type('#search', 'ldap3');
    expect(await page.textContent('#search-count')).toBe('');
    expect(await visibleTexts(page, '#images tbody td:first-child')).toHaveLength(4);
    await page.fill('#search', '');
    expect(await visibleTexts(page, '#images tbody td:first-child')).toEqual(['auth-utils', 'crypto', 'old-ldap', 'python3']);
    expect((await visibleTexts(page, '#packages tbody td.pkg')).length).toBeGreaterThan(5);
    expect(await page.isVisible('noscript p')).toBe(true);
    await page.waitForSelector(`${detail('auth-utils')}:visible`);
    expect(await page.locator(`${detail('auth-utils')} table.detail-packages tbody tr`).count()).toBe(10);
    expectPng(await screenshot(opened, 'no-javascript-detail.png'));
  });

  it('follows links between images and goes back, without a script', async () => {
    const page = opened.page;
    await page.click('#images a.image-link[data-image="old-ldap"]');
    await page.waitForSelector(`${detail('old-ldap')}:visible`);
    expect(await page.isVisible(detail('auth-utils'))).toBe(false);
    await page.goBack();
    await page.waitForSelector(`${detail('auth-utils')}:visible`);
    expect(await page.isVisible(detail('old-ldap'))).toBe(false);
    // Sorting buttons do nothing without the script, but nothing breaks either.
    await sortBy(page, 'images', 'Inherited');
    expect(await visibleTexts(page, '#images tbody td:first-child')).toEqual(['auth-utils', 'crypto', 'old-ldap', 'python3']);
    expect(opened.external).toEqual([]);
  });
});

describeWithBrowser('catalogue HTML in headless Chromium: the CSP', () => {
  const catalogue = buildCatalogue(buildInventory(['inherited-chain-tree'], { cwd: fixturePath('catalogue') }));
  let opened: Opened;
  beforeAll(async () => {
    // What a bug in escaping would let through: an inline script and handler in the page's markup.
    const injected = '<script>window.__injected = true;</script><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onerror="window.__handler = true">';
    opened = await open(catalogue, { html: (page) => page.replace('</body>', `${injected}</body>`) });
  });
  afterAll(async () => {
    await close(opened);
  });

  it("runs the page's own script (allowed by its hash) and refuses an injected one", async () => {
    const page = opened.page;
    await search(page, 'ldap3');
    expect(await page.textContent('#search-count')).toBe('1 images, 1 packages match');
    expect(await page.evaluate('window.__injected')).toBeUndefined();
    expect(await page.evaluate('window.__handler')).toBeUndefined();
    expect(opened.problems.some((p) => /Content Security Policy/.test(p))).toBe(true);
    // The page's own style sheet applied (allowed by its hash): detail sections are hidden until targeted.
    expect(await page.locator('section.image-detail:visible').count()).toBe(0);
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
      const page = opened.page;
      await search(page, 'crypto');
      await page.click('#images a.image-link[data-image="crypto"]');
      await page.waitForSelector(`${detail('crypto')}:visible`);
      expect(await page.textContent(`${detail('crypto')} .detail-title`)).toBe('demisto/crypto');
      const crypto = catalogue.images.find((i) => i.name === 'crypto')!;
      const rows = `${detail('crypto')} table.detail-packages tbody tr`;
      expect(await page.locator(rows).count()).toBe(crypto.packages.length);
      expect(await page.locator(`${rows}.inherited`).count()).toBe(crypto.packages.filter((p) => p.inheritedFrom).length);
      expect(await page.textContent(`${detail('crypto')} table.detail-packages`)).toContain('inherited from python3');
      expectPng(await screenshot(opened, 'corpus-crypto-detail.png'));
      await page.evaluate('window.scrollTo(0, 0)');
      expectPng(await screenshot(opened, 'corpus-top.png'));
      expect(opened.external).toEqual([]);
      expect(opened.problems).toEqual([]);
    });
  });
});
