// What every policy entry that suppresses something shares (license approvals and choices, advisory ignores): an
// expiry date, an optional version scope in the ecosystem's own syntax, and where it was written. One
// implementation, so all read dates and ranges the same way and name the entry the same way in errors.
import * as pep440 from '@renovatebot/pep440';
import semver from 'semver';
import { ConfigError } from '../errors';
import type { Ecosystem } from '../model';

/** A policy entry's mistake, named by the file and JSON pointer the entry was read from. */
export function entryError(entry: { source?: { file: string; pointer: string } }, detail: string): ConfigError {
  return new ConfigError(entry.source?.file ?? 'policy', entry.source?.pointer ?? '', detail);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The moment an entry stops applying: a `YYYY-MM-DD` date covers that whole UTC day; an ISO 8601 date-time is
 * taken as written. `undefined` when the entry never expires, `null` when the text is not a date.
 */
export function entryExpiry(expires: string | undefined): Date | undefined | null {
  if (expires === undefined) return undefined;
  const text = expires.trim();
  const time = DATE_ONLY.test(text) ? Date.parse(`${text}T23:59:59.999Z`) : Date.parse(text);
  return Number.isNaN(time) ? null : new Date(time);
}

/** Whether a `versions` scope is a version or range in this ecosystem's syntax (PEP 440 specifier, npm semver range). */
export function versionScopeValid(ecosystem: Ecosystem, spec: string): boolean {
  if (ecosystem === 'npm') return semver.validRange(spec) !== null;
  return pep440.valid(spec.trim()) !== null || pep440.validRange(spec);
}

/** Whether a version is inside a `versions` scope. A bare version means exactly it; pre-releases count when a range includes them. */
export function versionInScope(ecosystem: Ecosystem, version: string, spec: string): boolean {
  const text = spec.trim();
  if (ecosystem === 'npm') return semver.valid(version) !== null && semver.satisfies(version, text, { includePrerelease: true });
  if (pep440.valid(version) === null) return version === text;
  if (pep440.valid(text) !== null) return pep440.eq(version, text);
  return pep440.satisfies(version, text, { prereleases: true });
}
