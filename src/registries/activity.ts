// What the registry clients of a scan did, per registry: answers by source, failures, snapshot entries recorded or
// refused. The clients write to it (through HttpHooks.activity); the scan turns it into run diagnostics (one line per
// registry it could not reach at all, one per refused snapshot entry) and `depvet snapshot` into what it recorded and
// what is missing.
import type { RegistryError, ResultSource } from './result';
import { REGISTRY_LABELS, type RegistryKind } from './snapshot';

/** A diagnostic about the run (registries), in the shape of the scan's diagnostics. */
export interface RegistryDiagnostic {
  severity: 'warning' | 'error';
  code: 'registry-unreachable' | 'snapshot-entry-invalid';
  message: string;
  location?: { file: string; line: number };
}

export interface UnreachableRegistry {
  registry: RegistryKind;
  /** Credentials redacted. */
  baseUrl: string;
  /** The first failure that shows it: `ENOTFOUND: getaddrinfo ENOTFOUND pypi.org`. */
  reason: string;
  failedRequests: number;
}

interface KindActivity {
  baseUrl: string;
  answers: Record<ResultSource, number>;
  /** Requests that failed below HTTP (unreachable, connection, timeout). */
  networkFailures: number;
  firstNetworkFailure?: string;
}

/** The flag that points a registry elsewhere, for the hint of an unreachable registry. */
const URL_FLAGS: Record<RegistryKind, string> = {
  pypi: '--pypi-url URL',
  osv: '--osv-url URL (or --osv-db PATH for a downloaded OSV database)',
  npm: '--npm-registry URL',
};

export class RegistryActivity {
  private readonly kinds = new Map<RegistryKind, KindActivity>();
  private readonly refused = new Map<string, string>();
  private readonly recordedFiles = new Set<string>();
  private readonly missing: string[] = [];

  private of(registry: RegistryKind, baseUrl: string): KindActivity {
    let activity = this.kinds.get(registry);
    if (!activity) {
      activity = { baseUrl, answers: { network: 0, cache: 0, snapshot: 0 }, networkFailures: 0 };
      this.kinds.set(registry, activity);
    }
    return activity;
  }

  answered(registry: RegistryKind, baseUrl: string, source: ResultSource): void {
    this.of(registry, baseUrl).answers[source] += 1;
  }

  /** `request` reads as in messages (`PyPI GET /pypi/x/1.0/json`); `recording` when a snapshot is being recorded. */
  failed(registry: RegistryKind, baseUrl: string, request: string, error: RegistryError, recording: boolean): void {
    const activity = this.of(registry, baseUrl);
    if (error.kind === 'unreachable' || error.kind === 'connection' || error.kind === 'timeout') {
      activity.networkFailures += 1;
      activity.firstNetworkFailure ??= error.detail;
    }
    if (recording) this.missing.push(`${request}: ${error.kind === 'offline-miss' ? error.detail : `${error.kind}: ${error.detail}`}`);
  }

  snapshotRecorded(file: string): void {
    this.recordedFiles.add(file);
  }

  /** `file` is the entry's path as it should be shown (the snapshot folder as given, then the file name). */
  snapshotRefused(file: string, reason: string): void {
    if (!this.refused.has(file)) this.refused.set(file, reason);
  }

  /** Snapshot files written by this run. */
  get recorded(): number {
    return this.recordedFiles.size;
  }

  /** Requests a recording could not answer (each becomes a could-not-check when the snapshot is replayed). */
  get missingAnswers(): readonly string[] {
    return this.missing;
  }

  /** Registries that failed below HTTP on every request and answered none over the network. */
  unreachable(): UnreachableRegistry[] {
    const out: UnreachableRegistry[] = [];
    for (const [registry, activity] of this.kinds) {
      if (activity.networkFailures === 0 || activity.answers.network > 0) continue;
      out.push({ registry, baseUrl: activity.baseUrl, reason: activity.firstNetworkFailure ?? 'unknown', failedRequests: activity.networkFailures });
    }
    return out;
  }

  diagnostics(): RegistryDiagnostic[] {
    const out: RegistryDiagnostic[] = this.unreachable().map((u) => ({
      severity: 'error',
      code: 'registry-unreachable',
      message:
        `cannot reach ${REGISTRY_LABELS[u.registry]} at ${u.baseUrl} (${u.reason}): ${u.failedRequests} request${u.failedRequests === 1 ? '' : 's'} failed ` +
        `and none reached it, so what needed it could not be checked. Without a network, scan with --offline (answers from the cache) ` +
        `or --snapshot DIR (answers recorded by depvet snapshot); or point ${URL_FLAGS[u.registry]} at a registry you can reach`,
    }));
    for (const [file, reason] of this.refused) {
      out.push({
        severity: 'error',
        code: 'snapshot-entry-invalid',
        message: `snapshot entry ${file} refused: ${reason}; its answer was not used (re-record the snapshot, and review who changed the file)`,
        location: { file, line: 1 },
      });
    }
    return out;
  }
}
