// Corpus scale: every Pipfile, Pipfile.lock, pyproject.toml and poetry.lock of demisto/dockerfiles parses, and
// the lock counts match the corpus's SOURCE.md.
import fs from 'node:fs';
import path from 'node:path';
import type { ParsedManifest } from '../../src/model';
import { parsePipfile } from '../../src/sources/pipfile';
import { parsePipfileLock } from '../../src/sources/pipfile-lock';
import { parsePoetryLock } from '../../src/sources/poetry-lock';
import { parsePyproject } from '../../src/sources/pyproject';
import { describeWithShared, hasShared, sharedPath } from '../helpers/shared';

const CORPUS = sharedPath('corpus', 'dockerfiles');

function parseAll(fileName: string, parse: (text: string, file: string) => ParsedManifest): ParsedManifest[] {
  const images = hasShared ? fs.readdirSync(CORPUS).filter((image) => fs.existsSync(path.join(CORPUS, image, fileName))) : [];
  return images.sort().map((image) => parse(fs.readFileSync(path.join(CORPUS, image, fileName), 'utf8'), `${image}/${fileName}`));
}

describeWithShared('demisto/dockerfiles corpus: pipenv and poetry manifests', () => {
  const pipfiles = parseAll('Pipfile', parsePipfile);
  const pipfileLocks = parseAll('Pipfile.lock', parsePipfileLock);
  const pyprojects = parseAll('pyproject.toml', parsePyproject);
  const poetryLocks = parseAll('poetry.lock', parsePoetryLock);

  it('parses every file of each kind', () => {
    expect([pipfiles.length, pipfileLocks.length, pyprojects.length, poetryLocks.length]).toEqual([219, 219, 19, 19]);
  });

  it('counts 2,898 Pipfile.lock default entries over 219 locks, 8 of them empty', () => {
    const defaults = pipfileLocks.flatMap((m) => m.packages.filter((p) => p.group === 'default'));
    expect(defaults).toHaveLength(2898);
    expect(pipfileLocks.filter((m) => m.packages.length === 0)).toHaveLength(8);
  });

  it('counts 1,425 poetry.lock packages over 19 locks', () => {
    expect(poetryLocks.reduce((n, m) => n + m.packages.length, 0)).toBe(1425);
  });

  it('counts 835 distinct normalized names across all lock entries (Pipfile.lock default+develop and poetry.lock)', () => {
    const all = new Set([...pipfileLocks, ...poetryLocks].flatMap((m) => m.packages.map((p) => p.normalizedName)));
    expect(all.size).toBe(835);
    // develop adds no name that default or poetry.lock lack, so "default only" gives the same figure.
    const withoutDevelop = new Set(
      [...pipfileLocks.flatMap((m) => m.packages.filter((p) => p.group === 'default')), ...poetryLocks.flatMap((m) => m.packages)].map(
        (p) => p.normalizedName,
      ),
    );
    expect(withoutDevelop.size).toBe(835);
  });

  it('gives every lock entry an exact version or an unvettable reason, and a line that names it', () => {
    for (const manifest of [...pipfileLocks, ...poetryLocks]) {
      const lines = fs.readFileSync(path.join(CORPUS, manifest.file), 'utf8').split('\n');
      for (const ref of manifest.packages) {
        expect(ref.version !== undefined || ref.unvettable !== undefined).toBe(true);
        expect(lines[ref.location.line - 1]).toContain(ref.name);
      }
    }
  });

  it('points every Pipfile and pyproject entry at the line that names it', () => {
    for (const manifest of [...pipfiles, ...pyprojects]) {
      const lines = fs.readFileSync(path.join(CORPUS, manifest.file), 'utf8').split('\n');
      for (const ref of manifest.packages) expect(lines[ref.location.line - 1]).toContain(ref.name);
    }
  });

  it('reports no diagnostics on the corpus', () => {
    expect([...pipfiles, ...pipfileLocks, ...pyprojects, ...poetryLocks].flatMap((m) => m.diagnostics)).toEqual([]);
  });
});
