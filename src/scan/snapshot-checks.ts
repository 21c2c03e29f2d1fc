// Snapshots at the edges of a scan: a folder to replay is checked before anything asks it (and a registry URL the
// replay cannot honour is said plainly), a folder to record into is opened afresh, and in diff mode every snapshot
// entry the change under review adds or modifies is a finding of its own ("registry answers changed in this
// change"), failing by default: a snapshot is as trusted as the branch it comes from, and a forged answer must not
// pass as an unrelated refresh.
import fs from 'node:fs';
import path from 'node:path';
import { fileChanges, openRepo } from '../diff/git';
import { isDepvetError } from '../errors';
import type { CheckName, Finding, PackageKey } from '../findings';
import type { Ecosystem } from '../model';
import { normalizeName } from '../normalize';
import { DEFAULT_NPM_REGISTRY, DEFAULT_OSV_URL, DEFAULT_PYPI_URL, type RegistryOptions } from '../registries/defaults';
import { redactCredentials } from '../redact';
import { describeSnapshotRequest, openSnapshotForRecording, readSnapshotForReplay, REGISTRY_LABELS, SNAPSHOT_INDEX, type RegistryKind, type SnapshotEntry } from '../registries/snapshot';
import type { ScanDiagnostic } from './result';
import type { StageOutput } from './scan';

const URL_OPTIONS: Record<RegistryKind, { option: keyof RegistryOptions; flag: string; fallback: string }> = {
  pypi: { option: 'pypiUrl', flag: '--pypi-url', fallback: DEFAULT_PYPI_URL },
  osv: { option: 'osvUrl', flag: '--osv-url', fallback: DEFAULT_OSV_URL },
  npm: { option: 'npmRegistry', flag: '--npm-registry', fallback: DEFAULT_NPM_REGISTRY },
};

/**
 * Opens the snapshot the registry options name. Replay: a folder that does not exist, is not a snapshot, holds the
 * old format or no answer is an InputError (exit 2). Answers are keyed by registry kind, not host, so a snapshot
 * recorded from a mirror replays with the default URLs; a URL this scan names explicitly (not the default) that
 * differs from the one the answers came from is a warning, since a replay never asks it.
 */
export function prepareSnapshot(registry: RegistryOptions): ScanDiagnostic[] {
  if (!registry.snapshotDir || !registry.snapshotMode) return [];
  if (registry.snapshotMode === 'record') {
    openSnapshotForRecording(registry.snapshotDir);
    return [];
  }
  const index = readSnapshotForReplay(registry.snapshotDir);
  const diagnostics: ScanDiagnostic[] = [];
  for (const [kind, recordedFrom] of Object.entries(index.registries) as [RegistryKind, string][]) {
    const { option, flag, fallback } = URL_OPTIONS[kind];
    const named = redactCredentials(String(registry[option]));
    if (named === recordedFrom || named === fallback) continue;
    diagnostics.push({
      severity: 'warning',
      code: 'snapshot-registry-url',
      message: `the snapshot's ${REGISTRY_LABELS[kind]} answers were recorded from ${recordedFrom}; this scan names ${named} (${flag}), which a replay does not ask: its ${REGISTRY_LABELS[kind]} answers come from the snapshot alone`,
    });
  }
  return diagnostics;
}

/** A snapshot entry file the change under review adds or modifies. */
export interface SnapshotChange {
  /** As shown (relative to the working folder). */
  file: string;
  absolute: string;
  change: 'added' | 'modified';
}

/**
 * The snapshot entries (not index.json) that the change since `baseRef` adds or modifies, when the snapshot folder is
 * in a git work tree; a folder outside any repository is no part of the change.
 */
export function changedSnapshotEntries(snapshotDir: string, baseRef: string, cwd: string): SnapshotChange[] {
  let top: string;
  try {
    top = openRepo(snapshotDir).root;
  } catch (error) {
    if (isDepvetError(error)) return [];
    throw error;
  }
  return fileChanges(snapshotDir, baseRef, '.')
    .filter((c) => c.status !== 'deleted' && c.file.endsWith('.json') && path.posix.basename(c.file) !== SNAPSHOT_INDEX)
    .map((c) => {
      const absolute = path.join(top, ...c.file.split('/'));
      return { file: path.relative(cwd, absolute) || absolute, absolute, change: c.status as 'added' | 'modified' };
    });
}

/** The check that reads a registry's answers, among those selected (PyPI and npm answers feed license first). */
function checkFor(registry: RegistryKind | undefined, checks: readonly CheckName[]): CheckName | undefined {
  const order: CheckName[] = registry === 'osv' ? ['advisories'] : ['license', 'names', 'advisories'];
  return order.find((check) => checks.includes(check)) ?? (registry === undefined ? checks.find((c) => c !== 'base-image') : undefined);
}

/** What package an answer is about, as far as its request (or an advisory's body) says. */
function packageOf(entry: Partial<SnapshotEntry> | undefined, file: string): PackageKey {
  const key = (ecosystem: Ecosystem, name: string, version?: string): PackageKey => ({ ecosystem, name, normalizedName: normalizeName(ecosystem, name), ...(version ? { version } : {}) });
  const segments = (entry?.path ?? '').split('?')[0]!.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  if (entry?.registry === 'pypi' && segments[0] === 'pypi' && segments[1]) return key('PyPI', segments[1], segments.length === 4 ? segments[2] : undefined);
  if (entry?.registry === 'npm' && segments.length > 0) return key('npm', segments.join('/'));
  if (entry?.registry === 'osv') {
    const query = (entry.requestBody as { queries?: { package?: { ecosystem?: string; name?: string }; version?: string }[]; package?: { ecosystem?: string; name?: string }; version?: string } | undefined);
    const asked = query?.queries?.[0] ?? query;
    const affected = (entry.body as { affected?: { package?: { ecosystem?: string; name?: string } }[] } | undefined)?.affected?.[0]?.package;
    const pkg = asked?.package ?? affected;
    if (pkg?.name) return key(pkg.ecosystem === 'npm' ? 'npm' : 'PyPI', pkg.name, asked?.version);
    if (segments[1] === 'vulns' && segments[2]) return key('PyPI', segments[2]);
  }
  return key('PyPI', path.basename(file));
}

/** One failing finding per snapshot entry the change adds or modifies (kind `registry-answers-changed`). */
export function snapshotChangeOutput(changes: readonly SnapshotChange[], checks: readonly CheckName[]): StageOutput {
  const output: StageOutput = { targetFindings: [], placedFindings: [], couldNotCheck: [], policyNotes: [] };
  for (const change of changes) {
    let entry: Partial<SnapshotEntry> | undefined;
    try {
      entry = JSON.parse(fs.readFileSync(change.absolute, 'utf8')) as Partial<SnapshotEntry>;
    } catch {
      entry = undefined;
    }
    const registry = entry?.registry === 'pypi' || entry?.registry === 'osv' || entry?.registry === 'npm' ? entry.registry : undefined;
    const check = checkFor(registry, checks);
    if (!check) continue;
    const request = registry && typeof entry?.method === 'string' && typeof entry.path === 'string' ? describeSnapshotRequest({ registry, method: entry.method, path: entry.path }) : undefined;
    const finding: Finding = {
      check,
      kind: 'registry-answers-changed',
      severity: 'high',
      package: packageOf(entry, change.file),
      message:
        `registry answers changed in this change: ${change.file} (${change.change}) ${request ? `holds the answer to ${request}` : 'is not a readable snapshot entry'}; ` +
        `a snapshot is as trusted as the branch it comes from, so review this answer (or re-record the snapshot on a trusted branch)`,
      evidence: { file: change.file, change: change.change, ...(registry ? { registry } : {}), ...(request ? { request } : {}) },
      location: { file: change.file, line: 1 },
    };
    output.placedFindings.push({ finding, images: [] });
  }
  return output;
}
