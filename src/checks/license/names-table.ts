// The names table (data/license-names.json, built by scripts/update-license-names.js): every SPDX licence's full
// name, its ScanCode LicenseDB keys (`bsd-new`, `gpl-2.0-plus`) and LicenseDB names when the table was built from a
// LicenseDB checkout, each folded by the one normalizer (license-normalize.ts) into a lookup key. So
// `Eclipse Public License - v 2.0` and `BSD 3-Clause "New" or "Revised" License` resolve without a hand-written row.
// A key two licences share is dropped rather than guessed. Also the human name of an id, for reports.
import { AMBIGUOUS_REFS } from './ambiguous';
import { readDataJson } from './data';
import { nameKey, versionVariants } from './license-normalize';
import { canonicalSpdx, parseCanonicalSpdx, renderSpdx, type SpdxNode } from './spdx';

interface NamesEntry {
  name: string;
  url?: string;
  deprecated?: boolean;
  scancode?: string[];
  aliases?: string[];
}

interface NamesData {
  spdxLicenseList: string;
  scancodeLicensedb: { commit: string | null; from: string; license: string };
  licenses: Record<string, NamesEntry>;
}

export interface TableHit {
  id: string;
  /** Which name matched: `SPDX name "…"`, `ScanCode key bsd-new`, `LicenseDB name "…"`. */
  via: string;
}

let index: Map<string, TableHit | null> | undefined;
/** Keys with the spaces between words removed ("open ldap public 2 8" -> "openldappublic 2 8"), for "OpenLDAP". */
let squashed: Map<string, TableHit | null> | undefined;
const prefixMemo = new Map<string, TableHit | null>();

function data(): NamesData {
  return readDataJson<NamesData>('license-names.json');
}

function buildIndex(): Map<string, TableHit | null> {
  const byKey = new Map<string, TableHit | null>();
  const add = (text: string, id: string, via: string): void => {
    const key = nameKey(text);
    if (!key) return;
    const existing = byKey.get(key);
    if (existing === undefined) byKey.set(key, { id, via });
    else if (existing !== null && existing.id !== id) byKey.set(key, null); // two licences, one name: never guess
  };
  for (const [rawId, entry] of Object.entries(data().licenses)) {
    // Deprecated ids repeat a current licence's name (GPL-2.0 is "GNU General Public License v2.0 only"); their
    // names would only collide. The id itself still reads through canonicalSpdx.
    if (entry.deprecated) continue;
    const id = canonicalSpdx(rawId);
    if (!id) continue;
    add(entry.name, id, `SPDX name ${JSON.stringify(entry.name)}`);
    add(rawId, id, `SPDX id ${rawId}`);
    for (const key of entry.scancode ?? []) add(key, id, `ScanCode key ${key}`);
    for (const alias of entry.aliases ?? []) add(alias, id, `LicenseDB name ${JSON.stringify(alias)}`);
  }
  squashed = new Map();
  for (const [key, hit] of byKey) {
    const short = squash(key);
    const existing = squashed.get(short);
    squashed.set(short, existing === undefined || (existing && hit && existing.id === hit.id) ? hit : null);
  }
  return byKey;
}

function squash(key: string): string {
  return key.replace(/(?<=[a-z]) (?=[a-z])/g, '');
}

/**
 * A name written without (all of) its version, when the table has exactly one licence under it and that licence
 * continues the name with a version only: "IBM Public License" -> IPL-1.0 (SPDX: "IBM Public License v1.0"),
 * "bzip2 license" -> bzip2-1.0.6, "Apache 2" -> Apache-2.0. Any other licence whose name continues it ("AFL 2" ->
 * 2.0 and 2.1; "Unicode" -> Unicode-3.0 and Unicode-DFS-2016) leaves it unread.
 */
function onlyVersionOf(key: string): TableHit | null {
  const memo = prefixMemo.get(key);
  if (memo !== undefined) return memo;
  const ids = new Set<string>();
  let versioned: TableHit | undefined;
  for (const [other, hit] of index!) {
    if (!other.startsWith(`${key} `)) continue;
    if (!hit) {
      ids.add(`conflict:${other}`);
      continue;
    }
    ids.add(hit.id);
    if (/^[\d ]+$/.test(other.slice(key.length + 1))) versioned ??= hit;
  }
  const result = ids.size === 1 && versioned ? { id: versioned.id, via: `the only version of ${JSON.stringify(key)} on the SPDX list` } : null;
  prefixMemo.set(key, result);
  return result;
}

/**
 * The SPDX id a normalized name stands for, by the table: as written, with spaces inside a name ignored
 * ("OpenLDAP"), or the one version the table has of a name written without it (onlyVersionOf).
 */
export function lookupNameKey(key: string): TableHit | null {
  index ??= buildIndex();
  const major = /^(.*\D) (\d)( plus| only)?$/.exec(key);
  for (const variant of versionVariants(key)) {
    // "MPL 2" is "MPL 2.0"; "AFL 2" is not (2.1 exists too).
    if (variant.length > key.length && major && !majorMeansDotZero(major[1]!, major[2]!)) continue;
    const hit = index.get(variant);
    if (hit !== undefined) return hit;
  }
  const short = squashed!.get(squash(key));
  if (short) return { ...short, via: `${short.via} (spaces ignored)` };
  if (/ (plus|only)$/.test(key)) return null;
  return onlyVersionOf(key);
}

/** Whether "name 2" may be read as "name 2.0": the table has no other 2.x of that name ("AFL 2" is 2.0 or 2.1). */
export function majorMeansDotZero(base: string, major: string): boolean {
  index ??= buildIndex();
  const prefix = `${base} ${major} `;
  for (const other of index.keys()) {
    if (other.startsWith(prefix) && /^\d/.test(other.slice(prefix.length)) && !other.slice(prefix.length).startsWith('0')) return false;
  }
  return true;
}

/** Every SPDX licence's canonical URL from the table (the URL reader adds the hosts' own patterns). */
export function spdxLicenseUrls(): [string, string][] {
  return Object.entries(data().licenses)
    .filter(([, entry]) => entry.url && !entry.deprecated)
    .map(([id, entry]) => [entry.url!, id]);
}

/** Where the table's data came from, for evidence and `depvet` docs. */
export function namesTableSource(): { spdxLicenseList: string; scancodeLicensedbCommit: string | null } {
  return { spdxLicenseList: data().spdxLicenseList, scancodeLicensedbCommit: data().scancodeLicensedb.commit };
}

const DEPVET_REFS: Record<string, string> = {
  'LicenseRef-Proprietary': 'Proprietary licence',
  'LicenseRef-Public-Domain': 'Public domain (no dedication named)',
  'LicenseRef-depvet-UNLICENSED': 'UNLICENSED: not licensed for use by others (npm)',
};

/**
 * The human name of one licence id as depvet writes it: an SPDX id (`BSD-3-Clause` -> `BSD 3-Clause "New" or
 * "Revised" License`, `Apache-2.0+` -> `… or any later version`), `id WITH exception`, or a depvet LicenseRef
 * (ambiguous names say what they stand for). Null for an id depvet does not know (another tool's LicenseRef).
 */
export function licenseName(id: string): string | null {
  const text = id.trim();
  const withMatch = /^(\S+)\s+WITH\s+(\S+)$/i.exec(text);
  if (withMatch) {
    const base = licenseName(withMatch[1]!);
    return base ? `${base} with the ${withMatch[2]!} exception` : null;
  }
  const ambiguous = AMBIGUOUS_REFS.get(text);
  if (ambiguous) return ambiguous.name;
  if (DEPVET_REFS[text]) return DEPVET_REFS[text]!;
  const licenses = data().licenses;
  if (licenses[text]) return licenses[text]!.name;
  if (text.endsWith('+') && licenses[text.slice(0, -1)]) return `${licenses[text.slice(0, -1)]!.name}, or any later version`;
  return null;
}

/** An expression in words: each licence by its name ("MIT License OR Apache License 2.0"); unknown ids as written. */
export function expressionInWords(expression: string): string {
  let node: SpdxNode;
  try {
    node = parseCanonicalSpdx(expression);
  } catch {
    return expression;
  }
  const words = (n: SpdxNode): SpdxNode =>
    n.kind === 'license'
      ? { kind: 'license', id: licenseName(n.exception ? `${n.id} WITH ${n.exception}` : n.id) ?? (n.exception ? `${n.id} WITH ${n.exception}` : n.id) }
      : { kind: n.kind, left: words(n.left), right: words(n.right) };
  return renderSpdx(words(node));
}
