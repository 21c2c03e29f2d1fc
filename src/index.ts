// depvet's public library API. Everything a caller may rely on is exported from here.
export * from './model';
export * from './findings';
export * from './errors';
export { normalizeName, normalizePypiName, normalizeNpmName } from './normalize';
export type { OsvVulnerability, OsvAffected, OsvRange, OsvEvent, OsvSeverity } from './registries/osv-record';
