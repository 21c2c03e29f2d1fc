// `depvet report DIR --format html|markdown --output PATH`: renders the catalogue and writes it. HTML is one file at
// PATH; Markdown is a folder at PATH (index.md, images/<image>.md, used_packages.json).
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors';
import type { Catalogue } from './catalogue';
import { renderCatalogueHtml } from './html';
import { renderCatalogueMarkdown } from './markdown';

export type CatalogueFormat = 'html' | 'markdown';

export const CATALOGUE_FORMATS: readonly CatalogueFormat[] = ['html', 'markdown'];

export interface CatalogueWriter {
  writeFile: (file: string, text: string) => void;
  /** Creates a folder and its parents; a no-op when it exists. */
  makeDir: (dir: string) => void;
}

const fsWriter: CatalogueWriter = {
  writeFile: (file, text) => fs.writeFileSync(file, text),
  makeDir: (dir) => fs.mkdirSync(dir, { recursive: true }),
};

/**
 * Writes the catalogue in the given format and returns the files written, in order. `outputPath` is the HTML file,
 * or the folder the Markdown pages go into. Throws UsageError for an unknown format.
 */
export function writeCatalogue(catalogue: Catalogue, format: CatalogueFormat, outputPath: string, writer: Partial<CatalogueWriter> = {}): string[] {
  const io: CatalogueWriter = { ...fsWriter, ...writer };
  if (format === 'html') {
    io.makeDir(path.dirname(outputPath));
    io.writeFile(outputPath, renderCatalogueHtml(catalogue));
    return [outputPath];
  }
  if (format !== 'markdown') throw new UsageError(`unknown report format "${String(format)}" (expected one of: ${CATALOGUE_FORMATS.join(', ')})`);
  const written: string[] = [];
  const root = path.resolve(outputPath);
  for (const [relative, text] of renderCatalogueMarkdown(catalogue)) {
    const file = path.join(outputPath, ...relative.split('/'));
    // Page names come from folder names of the scanned tree: never let one leave the output folder.
    if (!path.resolve(file).startsWith(root + path.sep)) throw new UsageError(`refusing to write ${relative}: outside ${outputPath}`);
    io.makeDir(path.dirname(file));
    io.writeFile(file, text);
    written.push(file);
  }
  return written;
}
