// Advisory stage: every checked version against OSV, online (querybatch + one GET per id) or offline (a local
// OSV database), through the one AdvisorySource interface.
import { LocalAdvisorySource, OnlineAdvisorySource, type AdvisorySource } from '../../checks/advisories/advisory-source';
import { checkAdvisories } from '../../checks/advisories/check';
import { isDepvetError } from '../../errors';
import type { AdvisoryIgnore } from '../../checks/advisories/ignores';
import { normalizeName } from '../../normalize';
import type { PackageRef } from '../../model';
import { OsvClient } from '../../registries/osv';
import type { Finding } from '../../findings';
import { vexMatch, vexReason, vexSuppresses, type VexStatement } from '../../policy/vex';
import type { PolicyNote } from '../result';
import { redactCredentials } from '../../redact';
import type { StageContext, StageOutput, SuppressionHint } from '../scan';

/**
 * The database the user named (`--osv-db`, config `advisories.osvDb`) as the advisory source. The scan loads it before
 * any registry is asked: one that does not exist, holds no records or is beyond its bounds is an InputError (exit 2).
 */
export async function namedDatabaseSource(dbPath: string): Promise<AdvisorySource> {
  // The local database modules (zip reading, indexing) load only for the scans that match offline.
  return new LocalAdvisorySource(await (await import('../../checks/advisories/osv-database')).LocalOsvDatabase.load(dbPath));
}

/** Picks the advisory source: `--osv-db`/config database, the downloaded database when offline, else the OSV API. */
export async function advisorySourceFor(context: StageContext): Promise<AdvisorySource> {
  if (context.advisorySource) return context.advisorySource;
  const dbPath = context.options.osvDb ?? context.config.advisories?.osvDb;
  if (dbPath) return namedDatabaseSource(dbPath);
  // Recording a snapshot offline goes through the OSV client (cache only), so the answers the cache holds are recorded
  // and the missing ones named; the downloaded database answers other offline scans.
  if (context.registry.offline && context.registry.snapshotMode !== 'record') {
    const ecosystems = [...new Set([...context.targets.values()].map((t) => t.request.ecosystem))];
    const { openCachedOsvDatabase } = await import('../../checks/advisories/database-update');
    return new LocalAdvisorySource(await openCachedOsvDatabase(context.registry.cacheDir, ecosystems.length ? ecosystems : ['PyPI']));
  }
  return new OnlineAdvisorySource(new OsvClient(context.registry, context.httpHooks), `OSV API ${redactCredentials(context.registry.osvUrl)}`);
}

/**
 * The VEX statements of the scan (`--vex`) as suppressions of advisory findings. Each finding takes the statements
 * that match it; those that suppress (not_affected with a justification) become its suppression, scoped to the
 * images they name. Notes: statements that matched nothing, and statements that matched but do not suppress.
 */
function vexJudge(context: StageContext): { suppression: (finding: Finding) => SuppressionHint | undefined; notes: () => PolicyNote[] } {
  const statements = (context.vex ?? []).flatMap((doc) => doc.statements);
  const imageNames = context.inventory.images.map((i) => i.name);
  const matched = new Set<VexStatement>();
  const notApplied = new Map<VexStatement, Set<string>>();
  return {
    suppression: (finding) => {
      if (statements.length === 0) return undefined;
      const ids = Array.isArray(finding.evidence['ids']) ? (finding.evidence['ids'] as string[]) : [String(finding.evidence['id'] ?? '')];
      const hits = statements.map((statement) => ({ statement, scope: vexMatch(statement, ids, finding.package, imageNames) })).filter((h) => h.scope !== undefined);
      for (const hit of hits) {
        matched.add(hit.statement);
        if (!vexSuppresses(hit.statement)) {
          const pkgs = notApplied.get(hit.statement) ?? new Set<string>();
          pkgs.add(`${finding.package.name} ${finding.package.version ?? ''}`.trim());
          notApplied.set(hit.statement, pkgs);
        }
      }
      const suppressing = hits.filter((h) => vexSuppresses(h.statement));
      const first = suppressing[0];
      if (!first) return undefined;
      const images = suppressing.some((h) => h.scope === 'all') ? undefined : [...new Set(suppressing.flatMap((h) => h.scope as string[]))].sort();
      return {
        by: 'vex',
        reason: vexReason(first.statement),
        vex: { ...first.statement.ref, justification: first.statement.ref.justification! },
        ...(images ? { images } : {}),
      };
    },
    notes: () => {
      const notes: PolicyNote[] = [];
      for (const statement of statements) {
        const entry = { file: statement.ref.file, pointer: statement.ref.pointer, vulnerability: statement.vulnerability, status: statement.ref.status, ...(statement.ref.justification ? { justification: statement.ref.justification } : {}) };
        if (!matched.has(statement)) {
          notes.push({ kind: 'vex-unused', message: `VEX statement ${statement.ref.file}${statement.ref.pointer} (${statement.vulnerability} ${statement.ref.status}) matched no advisory finding in this scan`, entry });
          continue;
        }
        const pkgs = notApplied.get(statement);
        if (pkgs) {
          const why = statement.status === 'not_affected' ? 'it gives no justification depvet knows' : `its status is ${statement.ref.status}`;
          notes.push({ kind: 'vex-not-applied', message: `VEX statement ${statement.ref.file}${statement.ref.pointer} matches ${statement.vulnerability} in ${[...pkgs].join(', ')} but does not suppress it: ${why} (only not_affected with a justification does)`, entry });
        }
      }
      return notes;
    },
  };
}

export async function runAdvisoryStage(context: StageContext): Promise<StageOutput> {
  const output: StageOutput = { targetFindings: [], placedFindings: [], couldNotCheck: [], policyNotes: [] };
  const refs: PackageRef[] = [];
  const targetsByVersionKey = new Map<string, string[]>();
  for (const [key, target] of context.targets) {
    const facts = context.facts.get(key);
    const version = facts?.version ?? target.request.version;
    const entry = target.entries[0]!;
    if (version === undefined) {
      const reason = facts?.problems.find((p) => p.needs === 'version')?.reason ?? 'the version to check is unknown';
      const specifier = target.request.specifier ? ` (${target.request.specifier})` : '';
      output.couldNotCheck.push({ targetKey: key, entry: { check: 'advisories', package: { ecosystem: entry.ecosystem, name: entry.name, normalizedName: entry.normalizedName }, reason: `not pinned${specifier}, and ${reason}` } });
      continue;
    }
    const versionKey = `${entry.ecosystem}:${entry.normalizedName}@${version}`;
    const list = targetsByVersionKey.get(versionKey);
    if (list) {
      list.push(key);
      continue;
    }
    targetsByVersionKey.set(versionKey, [key]);
    refs.push({ ...entry, version });
  }
  let source: AdvisorySource;
  try {
    source = await advisorySourceFor(context);
  } catch (error) {
    // A database the user named that cannot be opened is their mistake to fix (exit 2), not a gap per package.
    if ((context.options.osvDb ?? context.config.advisories?.osvDb) !== undefined && isDepvetError(error)) throw error;
    for (const [key, target] of context.targets) {
      const entry = target.entries[0]!;
      // The version is named whenever it is known (pinned, or resolved), so the entry says which release was not checked.
      const version = context.facts.get(key)?.version ?? target.request.version;
      const pkg = { ecosystem: entry.ecosystem, name: entry.name, normalizedName: entry.normalizedName, ...(version !== undefined ? { version } : {}) };
      output.couldNotCheck.push({ targetKey: key, entry: { check: 'advisories', package: pkg, reason: `no advisory source: ${(error as Error).message}` } });
    }
    return output;
  }
  const ignores: AdvisoryIgnore[] = (context.config.advisories?.ignores ?? []).map((ignore, index) => ({
    ...ignore,
    source: { file: context.options.configFile ?? 'depvet.config.json', pointer: `/advisories/ignores/${index}` },
  }));
  const result = await checkAdvisories(refs, source, {
    ignores,
    now: context.now,
    ...(context.config.advisories?.preferredIds ? { preferredIdOrder: context.config.advisories.preferredIds } : {}),
  });
  const keysOf = (pkg: { ecosystem: 'PyPI' | 'npm'; name: string; normalizedName: string; version?: string }) =>
    targetsByVersionKey.get(`${pkg.ecosystem}:${pkg.normalizedName || normalizeName(pkg.ecosystem, pkg.name)}@${pkg.version ?? ''}`) ?? [];
  const vex = vexJudge(context);
  for (const finding of result.findings) {
    const suppressible = vex.suppression(finding);
    for (const targetKey of keysOf(finding.package)) output.targetFindings.push({ targetKey, finding, ...(suppressible ? { suppressible } : {}) });
  }
  for (const { finding, ignore } of result.ignored) {
    vex.suppression(finding);
    for (const targetKey of keysOf(finding.package)) {
      output.targetFindings.push({
        targetKey,
        finding,
        suppressible: { by: 'ignore', reason: ignore.reason, ...(ignore.expires ? { expires: ignore.expires } : {}), ...(ignore.justification ? { justification: ignore.justification } : {}) },
      });
    }
  }
  for (const note of vex.notes()) output.policyNotes.push(note);
  for (const entry of result.couldNotCheck) {
    const keys = keysOf(entry.package);
    if (keys.length === 0) output.couldNotCheck.push({ entry });
    for (const targetKey of keys) output.couldNotCheck.push({ targetKey, entry });
  }
  for (const ignore of result.ignoresExpired) {
    output.policyNotes.push({ kind: 'ignore-expired', message: `advisory ignore ${ignore.id} expired on ${ignore.expires}: it no longer applies`, entry: { id: ignore.id, reason: ignore.reason, expires: ignore.expires } });
  }
  for (const ignore of result.ignoresUnused) {
    output.policyNotes.push({ kind: 'ignore-unused', message: `advisory ignore ${ignore.id} matched nothing in this scan: remove it if it is stale`, entry: { id: ignore.id, reason: ignore.reason } });
  }
  return output;
}
