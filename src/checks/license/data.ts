// Reads the license data shipped in data/ (package.json "files" includes it). Read at run time rather than imported,
// because the build's rootDir is src/; the relative path is the same from src/checks/license and dist/checks/license.
import fs from 'node:fs';
import path from 'node:path';

export const DATA_DIR = path.resolve(__dirname, '..', '..', '..', 'data');

const cache = new Map<string, unknown>();

export function readDataJson<T>(name: string): T {
  if (!cache.has(name)) cache.set(name, JSON.parse(fs.readFileSync(path.join(DATA_DIR, name), 'utf8')));
  return cache.get(name) as T;
}

export function readDataText(...parts: string[]): string {
  return fs.readFileSync(path.join(DATA_DIR, ...parts), 'utf8');
}
