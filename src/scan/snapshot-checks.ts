// Snapshots at the edges of a scan: a folder to replay is checked before anything asks it (and a registry URL the
// replay cannot honour is said plainly), a folder to record into is opened afresh.
import { DEFAULT_NPM_REGISTRY, DEFAULT_OSV_URL, DEFAULT_PYPI_URL, type RegistryOptions } from '../registries/defaults';
import { redactCredentials } from '../redact';
import { openSnapshotForRecording, readSnapshotForReplay, REGISTRY_LABELS, type RegistryKind } from '../registries/snapshot';
import type { ScanDiagnostic } from './result';

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
