// One name normalization function per ecosystem. Every comparison of package names goes through here.
import type { Ecosystem } from './model';

/**
 * PEP 503 normalization: runs of `-`, `_` and `.` become one `-`, and the name is lower-cased.
 * https://peps.python.org/pep-0503/#normalized-names
 */
export function normalizePypiName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * npm names are compared lower-cased: the registry refuses new names with capitals, but old packages
 * (and scoped names typed by hand) may carry them. https://docs.npmjs.com/cli/v10/configuring-npm/package-json#name
 */
export function normalizeNpmName(name: string): string {
  return name.trim().toLowerCase();
}

export function normalizeName(ecosystem: Ecosystem, name: string): string {
  return ecosystem === 'PyPI' ? normalizePypiName(name) : normalizeNpmName(name);
}
