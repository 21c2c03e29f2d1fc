// Advisories that are aliases of each other (PYSEC-… = GHSA-… = CVE-…) describe one problem and become one finding.
// Aliases are treated as symmetric and transitive (OSV schema, `aliases` field), joined in both directions.
import type { OsvVulnerability } from '../../registries/osv-record';

/**
 * Id prefixes in order of preference for naming a merged finding: malicious-package reports first (they decide the
 * gate), then GitHub's GHSA (cross-ecosystem, with summaries), the PyPA's PYSEC, then CVE; other prefixes after, in
 * alphabetical order. Configurable with the check's `preferredIdOrder`.
 */
export const DEFAULT_PREFERRED_ID_ORDER: readonly string[] = ['MAL', 'GHSA', 'PYSEC', 'CVE'];

export interface AdvisoryGroup {
  /** The name the finding is reported under. */
  id: string;
  /** Every id of the group (record ids and aliases), sorted. */
  ids: string[];
  /** The records in the group (at least one). */
  records: OsvVulnerability[];
}

function prefixOf(id: string): string {
  const dash = id.indexOf('-');
  return (dash > 0 ? id.slice(0, dash) : id).toUpperCase();
}

export function preferredId(ids: string[], recordIds: Set<string>, order: readonly string[]): string {
  const rank = (id: string): number => {
    const index = order.findIndex((prefix) => prefix.toUpperCase() === prefixOf(id));
    return index === -1 ? order.length : index;
  };
  return [...ids].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      // Among equals, an id we hold a record for, then the plain text order for a stable answer.
      Number(recordIds.has(b)) - Number(recordIds.has(a)) ||
      (a < b ? -1 : a > b ? 1 : 0),
  )[0]!;
}

/** Union-find over ids: each record joins its id with all its aliases. */
export function groupByAliases(records: OsvVulnerability[], order: readonly string[] = DEFAULT_PREFERRED_ID_ORDER): AdvisoryGroup[] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = id;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const add = (id: string): void => {
    if (!parent.has(id)) parent.set(id, id);
  };
  const union = (a: string, b: string): void => {
    add(a);
    add(b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const record of records) {
    add(record.id);
    for (const alias of record.aliases ?? []) union(record.id, alias);
  }
  const groups = new Map<string, { ids: Set<string>; records: OsvVulnerability[] }>();
  for (const id of parent.keys()) {
    const root = find(id);
    const group = groups.get(root) ?? { ids: new Set<string>(), records: [] };
    group.ids.add(id);
    groups.set(root, group);
  }
  const seen = new Set<string>();
  for (const record of records) {
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    groups.get(find(record.id))!.records.push(record);
  }
  return [...groups.values()]
    .filter((group) => group.records.length > 0)
    .map((group) => {
      const ids = [...group.ids].sort();
      return { id: preferredId(ids, new Set(group.records.map((record) => record.id)), order), ids, records: group.records };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
