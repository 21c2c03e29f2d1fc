// What the manifest parser tests share: a source's fixture folder (its file names, each file's text, the file
// parsed as if it sat in an image folder `img/`) and a package looked up by name.
import fs from 'node:fs';
import type { PackageRef, ParsedManifest } from '../../src/model';
import { fixturePath } from './shared';

export interface ManifestFixtures<M> {
  /** The folder's fixtures whose names end in the given suffix (all of them without one). */
  names: string[];
  read: (name: string) => string;
  parse: (name: string) => M;
}

export function manifestFixtures<M>(folder: string, parse: (text: string, file: string) => M, suffix = ''): ManifestFixtures<M> {
  const read = (name: string): string => fs.readFileSync(fixturePath(folder, name), 'utf8');
  return {
    names: fs.readdirSync(fixturePath(folder)).filter((f) => f.endsWith(suffix)),
    read,
    parse: (name) => parse(read(name), `img/${name}`),
  };
}

/** The manifest's package of that name; a missing one fails the test with the manifest's file. */
export function byName(manifest: ParsedManifest, name: string): PackageRef {
  const ref = manifest.packages.find((p) => p.name === name);
  if (ref === undefined) throw new Error(`${name} not in ${manifest.file}`);
  return ref;
}
