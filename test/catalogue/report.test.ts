import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCatalogue } from '../../src/catalogue/catalogue';
import { writeCatalogue, type CatalogueFormat } from '../../src/catalogue/report';
import { UsageError } from '../../src/errors';
import { buildInventory } from '../../src/inventory/inventory';
import { describeWithShared, fixturePath, sharedPath } from '../helpers/shared';
import { workOf } from '../helpers/work';

const catalogue = () => buildCatalogue(buildInventory(['inherited-chain-tree'], { cwd: fixturePath('catalogue') }));

describe('writeCatalogue', () => {
  it('writes one HTML file at the output path', () => {
    const written = new Map<string, string>();
    const dirs: string[] = [];
    const files = writeCatalogue(catalogue(), 'html', path.join('out', 'catalogue.html'), { writeFile: (f, t) => written.set(f, t), makeDir: (d) => dirs.push(d) });
    expect(files).toEqual([path.join('out', 'catalogue.html')]);
    expect(dirs).toEqual(['out']);
    expect(written.get(path.join('out', 'catalogue.html'))).toMatch(/^<!DOCTYPE html>/);
  });

  it('writes the Markdown pages into a folder, creating images/', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-catalogue-md-'));
    const files = writeCatalogue(catalogue(), 'markdown', dir);
    expect(files.map((f) => path.relative(dir, f).split(path.sep).join('/'))).toEqual(['index.md', 'images/auth-utils.md', 'images/crypto.md', 'images/old-ldap.md', 'images/python3.md', 'used_packages.json']);
    expect(fs.readFileSync(path.join(dir, 'images', 'crypto.md'), 'utf8')).toMatch(/^# `demisto\/crypto`/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps page names of odd image folders inside the output folder', () => {
    const c = catalogue();
    c.images[0]!.name = '../../escape';
    const written: string[] = [];
    writeCatalogue(c, 'markdown', 'out', { writeFile: (f) => written.push(f), makeDir: () => undefined });
    for (const file of written) expect(path.resolve(file).startsWith(path.resolve('out') + path.sep)).toBe(true);
    expect(written).toContain(path.join('out', 'images', '__.._escape.md'));
  });

  it('refuses an unknown format', () => {
    expect(() => writeCatalogue(catalogue(), 'pdf' as CatalogueFormat, 'out', { writeFile: () => undefined, makeDir: () => undefined })).toThrow(UsageError);
  });
});

describeWithShared('catalogue of the whole corpus', () => {
  const corpus = buildCatalogue(buildInventory([sharedPath('corpus', 'dockerfiles')]));

  it('covers all 261 images and about 10k package rows, every license cell saying why it is not checked', () => {
    expect(corpus.images).toHaveLength(261);
    expect(corpus.summary.packageRows).toBeGreaterThan(10_000);
    for (const image of corpus.images) for (const row of image.packages) expect(row.license.state).toBe('not-checked');
  });

  it('renders to a compact HTML page and one Markdown page per image', () => {
    const html: string[] = [];
    writeCatalogue(corpus, 'html', 'catalogue.html', { writeFile: (_f, t) => html.push(t), makeDir: () => undefined });
    const bytes = Buffer.byteLength(html[0] ?? '');
    // Measured 4.4 MB (2.4 MB when the per-image detail was JSON for a script to render): every image's detail is
    // static HTML now, so the page reads without JavaScript.
    expect(bytes).toBeGreaterThan(1_000_000);
    expect(bytes).toBeLessThan(10_000_000);
    const pages: string[] = [];
    writeCatalogue(corpus, 'markdown', 'md', { writeFile: (f) => pages.push(f), makeDir: () => undefined });
    expect(pages).toHaveLength(261 + 2);
  });

  it('renders with work linear in the tree size', () => {
    // Rows visited (image rows, package rows and their lists, per-image detail rows), never wall time: the whole
    // corpus against a tenth of its images, per row of input.
    const tenth = { ...corpus, images: corpus.images.slice(0, 26) };
    const noop = { writeFile: () => undefined, makeDir: () => undefined };
    const inputRows = (c: typeof corpus): number =>
      c.packages.reduce((n, pkg) => n + 1 + pkg.images.length, 0) + c.images.reduce((n, image) => n + 1 + image.packages.length, 0);
    const perRow = (c: typeof corpus): number => workOf(() => writeCatalogue(c, 'html', 'c.html', noop), ['render.']) / inputRows(c);
    expect(inputRows(corpus) / inputRows(tenth)).toBeGreaterThan(1.5);
    expect(perRow(tenth)).toBeGreaterThan(1);
    // Linear work costs the same per row at both sizes; quadratic work would cost more per row on the larger tree.
    expect(perRow(corpus) / perRow(tenth)).toBeLessThan(1.5);
  });
});
