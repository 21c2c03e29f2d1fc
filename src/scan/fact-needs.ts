// Which registry facts each check needs: the one place a scan decides what to fetch, so a check never pays for
// another's requests (an advisories-only scan of pinned or locked packages asks PyPI nothing).
import type { CheckName } from '../findings';
import type { DepvetConfig } from '../policy/config';

/**
 * A kind of registry fact:
 * - `version`: the version to check. A pin or a lock entry is its own answer; a specifier needs the release list.
 * - `license`: the checked version's license metadata.
 * - `existence`: whether the name (and the version) exists on its registry.
 * - `age`: when the project was first released.
 * A stage that needs another kind of fact adds it here and in CHECK_FACT_NEEDS or factNeeds (transitive resolution
 * of unlocked manifests is such a need of its own, which `--no-deps` or a lock file removes).
 */
export type FactNeed = 'version' | 'license' | 'existence' | 'age';

/** What each check reads from the registry facts (scan/facts.ts). */
export const CHECK_FACT_NEEDS: Readonly<Record<CheckName, readonly FactNeed[]>> = {
  license: ['version', 'license'],
  // The look-alike screen is offline (data/); the registry says whether the name exists and how new it is.
  names: ['existence', 'age'],
  // Versions are matched against OSV, which is asked by the advisory stage itself.
  advisories: ['version'],
  'base-image': [],
};

/** The facts the selected checks need, with the config's switches applied. */
export function factNeeds(checks: readonly CheckName[], config: DepvetConfig): Set<FactNeed> {
  const needs = new Set<FactNeed>();
  for (const check of checks) {
    // With existence checks off, the names check is the offline look-alike screen alone.
    if (check === 'names' && config.names?.checkExistence === false) continue;
    for (const need of CHECK_FACT_NEEDS[check]) needs.add(need);
  }
  return needs;
}
