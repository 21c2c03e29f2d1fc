// Diff mode (`--diff BASE_REF`): scan only what a change touches and fail only on what it introduced. In a
// dockerfiles-style tree that is the image folders changed since the merge base (as the real build decides with
// `git diff origin/master...HEAD -- docker/<image>`) plus every image built on a changed base; elsewhere the whole
// path. The same scan of the tree as it was at the base marks findings that were already there as existing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { affectedImages, changedImages } from '../diff/diff';
import { changedFiles, fileChangeSince, materializeAtRef, openRepo } from '../diff/git';
import { isDepvetError, UsageError } from '../errors';
import { buildInventory } from '../inventory/inventory';
import { ScanRoot } from '../inventory/scan-root';
import { isImageTree } from '../inventory/tree';
import { scan, type ScanOptions } from './scan';
import { changedSnapshotEntries } from './snapshot-checks';
import type { ScanResult } from './result';

export interface DiffScanOptions extends ScanOptions {
  /** The git ref to compare with (`origin/master`); absent: an ordinary scan. */
  diffBase?: string;
}

export async function scanWithDiff(paths: string[], options: DiffScanOptions = {}): Promise<ScanResult> {
  const { diffBase, snapshotChanges: _ignored, ...scanOptions } = options;
  if (diffBase === undefined) return scan(paths, scanOptions);
  if (paths.length !== 1) throw new UsageError('--diff compares one path (a tree or a project folder) with the base ref');
  if (paths[0] === '-') throw new UsageError('--diff compares a folder with the base ref; standard input has no history');
  const cwd = options.cwd ?? process.cwd();
  const given = paths[0]!;
  const absolute = path.resolve(cwd, given);
  const repo = openRepo(absolute);
  const changes = changedFiles(absolute, diffBase, '.');
  const root = new ScanRoot(given, cwd);
  const tree = isImageTree(root, '.');

  let images: string[] | undefined;
  let changed: string[] = [];
  let affected: string[] = [];
  if (tree) {
    const touched = changedImages(repo.prefix || '.', changes.files);
    const current = buildInventory([given], { ...scanOptions, cwd });
    const impact = affectedImages(current.images, touched);
    changed = [...touched].filter((name) => current.images.some((i) => i.name === name)).sort();
    affected = impact.map((a) => a.name).sort();
    images = options.images ? affected.filter((name) => options.images!.includes(name)) : affected;
  } else if (changes.files.length === 0) {
    images = undefined;
  }

  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-diff-'));
  try {
    let existingFingerprints = new Set<string>();
    const materialized = materializeAtRef(repo.root, changes.mergeBase, repo.prefix || '.', base);
    const scanImages = images ?? [];
    if (materialized.existed && (!tree || scanImages.length > 0)) {
      const baseImages = tree ? scanImages.filter((name) => fs.existsSync(path.join(materialized.dir, name, 'Dockerfile'))) : undefined;
      if (!tree || (baseImages && baseImages.length > 0)) {
        try {
          const before = await scan([materialized.dir], { ...scanOptions, cwd, displayPaths: [given], ...(baseImages ? { images: baseImages } : {}) });
          existingFingerprints = new Set(before.findings.map((f) => f.fingerprint));
        } catch (error) {
          // The change adds the first manifest: at the base there was nothing, so nothing was already there.
          if (!(isDepvetError(error) && error.code === 'E_NO_MANIFESTS')) throw error;
        }
      }
    }
    // A snapshot replayed in review is part of what is reviewed: each entry the change adds or modifies is a finding.
    const replayed = scanOptions.registry?.snapshotMode === 'replay' ? scanOptions.registry.snapshotDir : undefined;
    const snapshotChanges = replayed ? changedSnapshotEntries(path.resolve(cwd, replayed), diffBase, cwd) : [];
    const result =
      tree && scanImages.length === 0
        ? await scan([given], { ...scanOptions, cwd, images: [], existingFingerprints, snapshotChanges })
        : await scan([given], { ...scanOptions, cwd, ...(tree ? { images: scanImages } : {}), existingFingerprints, snapshotChanges });
    // A VEX file the change adds or edits suppresses findings on the reviewer's behalf: the report lists it.
    const vexFiles = (options.vexFiles ?? []).flatMap((file) => {
      const change = fileChangeSince(path.resolve(cwd, file), diffBase);
      return change ? [{ file: path.relative(cwd, path.resolve(cwd, file)) || file, change }] : [];
    });
    return { ...result, diff: { base: diffBase, changedImages: changed, affectedImages: affected, ...(vexFiles.length > 0 ? { vexFiles } : {}) } };
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}
