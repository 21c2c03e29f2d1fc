// Severity of one advisory for one package. Order of evidence: MAL- (malicious package) is always critical; else a
// CVSS vector (v4 over v3.x over v2; this package's affected[].severity over the record's), scored with
// ae-cvss-calculator and banded per CVSS (0 none, 0.1-3.9 low, 4.0-6.9 medium, 7.0-8.9 high, 9.0-10 critical);
// else the database's own label (GHSA `database_specific.severity`, `ecosystem_specific.severity`); else unknown,
// which is reported as `unknownSeverity` (default medium: an unrated advisory still fails the default gate).
import { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } from 'ae-cvss-calculator';
import type { Severity } from '../../findings';
import type { OsvAffected, OsvSeverity, OsvVulnerability } from '../../registries/osv-record';

export type SeveritySource = 'malicious' | 'cvss' | 'database' | 'unknown';

export interface AdvisorySeverity {
  level: Severity;
  source: SeveritySource;
  /** CVSS base score, when computed from a vector. */
  score?: number;
  vector?: string;
  /** The database's label as written (`MODERATE`), when that was the evidence. */
  label?: string;
}

/** CVSS v3.x/v4 qualitative rating scale; a 0.0 score ("None") maps to info. */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

const LABELS: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  negligible: 'low',
  unimportant: 'low',
  none: 'info',
  info: 'info',
};

export function severityFromLabel(label: string): Severity | undefined {
  return LABELS[label.trim().toLowerCase()];
}

/** Base score of a CVSS vector, or undefined when the vector is not one the calculator accepts. */
export function cvssBaseScore(vector: string): number | undefined {
  const text = vector.trim();
  try {
    let parsed: Cvss2 | Cvss3P0 | Cvss3P1 | Cvss4P0;
    if (text.startsWith('CVSS:4.0/')) parsed = new Cvss4P0(text);
    else if (text.startsWith('CVSS:3.1/')) parsed = new Cvss3P1(text);
    else if (text.startsWith('CVSS:3.0/')) parsed = new Cvss3P0(text);
    else if (/^\(?AV:/.test(text)) parsed = new Cvss2(text.replace(/^\(|\)$/g, ''));
    else return undefined;
    // A vector missing base metrics scores 0 "overall"; that is not a score, it is no evidence.
    if (!parsed.isBaseFullyDefined()) return undefined;
    const score = parsed.calculateScores().base;
    return typeof score === 'number' && Number.isFinite(score) && score >= 0 && score <= 10 ? score : undefined;
  } catch {
    return undefined;
  }
}

const CVSS_RANK: Record<string, number> = { CVSS_V4: 3, CVSS_V3: 2, CVSS_V2: 1 };

function fromVectors(severities: OsvSeverity[]): AdvisorySeverity | undefined {
  let best: { rank: number; score: number; vector: string } | undefined;
  for (const entry of severities) {
    const rank = CVSS_RANK[entry.type];
    if (rank === undefined) continue;
    const score = cvssBaseScore(entry.score);
    if (score === undefined) continue;
    // The newest CVSS version wins; within one version the highest score (several scorers may disagree).
    if (!best || rank > best.rank || (rank === best.rank && score > best.score)) best = { rank, score, vector: entry.score };
  }
  return best ? { level: severityFromScore(best.score), source: 'cvss', score: best.score, vector: best.vector } : undefined;
}

function labelIn(bag: Record<string, unknown> | undefined): string | undefined {
  const value = bag?.severity;
  return typeof value === 'string' && severityFromLabel(value) ? value : undefined;
}

export function isMaliciousId(id: string): boolean {
  return id.toUpperCase().startsWith('MAL-');
}

export function isMaliciousRecord(record: OsvVulnerability): boolean {
  return isMaliciousId(record.id) || (record.aliases ?? []).some(isMaliciousId);
}

/**
 * `affected` are the record's entries for the package being checked; `unknownSeverity` is used when the record
 * gives no usable vector or label.
 */
export function advisorySeverity(record: OsvVulnerability, affected: OsvAffected[], unknownSeverity: Severity = 'medium'): AdvisorySeverity {
  if (isMaliciousRecord(record)) return { level: 'critical', source: 'malicious' };
  const vector =
    fromVectors(affected.flatMap((entry) => entry.severity ?? [])) ?? fromVectors(record.severity ?? []);
  if (vector) return vector;
  const label =
    affected.map((entry) => labelIn(entry.ecosystem_specific) ?? labelIn(entry.database_specific)).find(Boolean) ??
    labelIn(record.database_specific);
  if (label) return { level: severityFromLabel(label)!, source: 'database', label };
  return { level: unknownSeverity, source: 'unknown' };
}
