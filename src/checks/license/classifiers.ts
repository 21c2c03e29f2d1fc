// PyPI `License ::` trove classifiers -> SPDX, from data/license-classifiers.json (PEP 639 mapping guidance).
// Never via spdx-correct: it turns `GNU Lesser General Public License v2 or later (LGPLv2+)` into GPL-2.0-only.
import { readDataJson } from './data';

export type ClassifierStatus = 'exact' | 'ambiguous' | 'generic' | 'not-a-license' | 'no-spdx-id';

export interface ClassifierEntry {
  spdx: string | null;
  status: ClassifierStatus;
  /** For ambiguous classifiers: a depvet LicenseRef meaning "one of `candidates`"; for generic ones the PEP 639 LicenseRef. */
  ref?: string;
  candidates?: string[];
  policyClass?: string | null;
  deprecatedClassifier?: boolean;
}

const TABLE = readDataJson<{ classifiers: Record<string, ClassifierEntry> }>('license-classifiers.json').classifiers;
const BY_LOWER = new Map(Object.entries(TABLE).map(([key, entry]) => [squash(key), entry] as const));

/** The whole classifier table (for the ambiguous refs in ambiguous.ts). */
export function classifierTable(): Readonly<Record<string, ClassifierEntry>> {
  return TABLE;
}

function squash(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').replace(/\s*::\s*/g, ' :: ').trim();
}

export function isLicenseClassifier(classifier: string): boolean {
  return /^\s*License\s*::/i.test(classifier);
}

/** The table entry for a classifier (case- and spacing-insensitive), or undefined when it is not a known classifier. */
export function lookupClassifier(classifier: string): ClassifierEntry | undefined {
  return BY_LOWER.get(squash(classifier));
}

export type ClassifierReading =
  | { kind: 'license'; expression: string; classifier: string; entry: ClassifierEntry }
  | { kind: 'not-a-license'; classifier: string }
  | { kind: 'unmapped'; classifier: string; reason: string };

/** What one classifier says: an SPDX id (or depvet/PEP 639 LicenseRef), nothing, or something we cannot map. */
export function readClassifier(classifier: string): ClassifierReading {
  const entry = lookupClassifier(classifier);
  if (!entry) return { kind: 'unmapped', classifier, reason: 'not a known License :: classifier' };
  if (entry.spdx) return { kind: 'license', expression: entry.spdx, classifier, entry };
  if (entry.status === 'not-a-license') return { kind: 'not-a-license', classifier };
  if (entry.ref) return { kind: 'license', expression: entry.ref, classifier, entry };
  return { kind: 'unmapped', classifier, reason: 'classifier has no SPDX id' };
}
