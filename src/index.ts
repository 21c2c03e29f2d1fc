// depvet's public library API. Everything a caller may rely on is exported from here; the library never prints
// and never exits (the CLI in cli/ is a thin layer over these functions).

// Domain model, findings, errors, names
export * from './model';
export * from './findings';
export * from './errors';
export { normalizeName, normalizePypiName, normalizeNpmName } from './normalize';
export { redactCredentials } from './redact';
export { EXIT_CODES, exitCodeOf, type ExitCode } from './cli/exit-codes';
export { decideOutcome, countInputErrors, type OutcomeCounts } from './outcome';

// Sources: pure parsers, text in, records out
export { parseRequirement, parseMarker, evaluateMarker, markerEnvironment, exactPinOf, Pep508SyntaxError } from './sources/pep508';
export type { Pep508Requirement, MarkerEnvironment, MarkerNode } from './sources/pep508';
export { parseRequirementsTxt } from './sources/requirements-txt';
export { parsePipfile } from './sources/pipfile';
export { parsePipfileLock } from './sources/pipfile-lock';
export { parsePyproject } from './sources/pyproject';
export { parsePoetryLock } from './sources/poetry-lock';
export { parseDockerfile, splitImageReference, type DockerfileManifest, type DockerStage } from './sources/dockerfile';
export { parsePackageJson } from './sources/package-json';
export { parsePackageLock } from './sources/package-lock';
export { parsePipListJson, parsePipFreeze } from './sources/pip-inventory';
export { parseUvLock } from './sources/uv-lock';
export { parsePylock } from './sources/pylock';
export { parseCycloneDx, parseSpdxJson, sbomKindOf } from './sources/sbom';
export { packagePurl, parsePurl, type ParsedPurl } from './purl';
export { parseBuildConf, type BuildConf } from './sources/build-conf';

// Inventory: paths in, located packages out (no network)
export { buildInventory, collectInventory, STDIN_PATH, type InventoryOptions, type ImageDockerfile } from './inventory/inventory';
export { sniffManifestKind } from './inventory/load-manifest';
export type { Inventory, InventoryEntry, ImageInfo, ManifestRecord, InventorySummary, SkipReason } from './inventory/types';

// Closure: what unlocked manifests install beyond what they name (pip's and npm's resolution, from registry metadata)
export { resolvePaths, type ResolveOptions } from './resolve/resolve-paths';
export { resolveClosure, needsResolution, type ClosureResult, type ClosureSources, type ClosurePackage, type ResolvedContext } from './resolve/closure';
export { resolvePypi, type PypiResolution, type PypiResolveOptions, type RootRequirement, type ResolvedRelease, type ResolveProblem } from './resolve/pypi-resolver';
export { PypiRegistrySource, SharedPypiClient, type PypiMetadataSource, type ProjectIndex, type ReleaseMetadata } from './resolve/pypi-source';
export { resolveNpm, NpmRegistrySource, type NpmPackumentSource, type NpmResolution, type NpmRootDependency } from './resolve/npm-resolver';
export { SpecifierSet } from './resolve/pep440';
export { renderClosure, RESOLVE_FORMATS, type ResolveFormat } from './report/closure-render';

// Registries
export { resolveRegistryOptions, defaultCacheDir, type RegistryOptions } from './registries/defaults';
export { RegistryError, isRegistryError, type RegistryResult, type RegistryErrorKind } from './registries/result';
export { PypiClient, type PypiProject, type PypiRelease, type PypiInfo } from './registries/pypi';
export { OsvClient } from './registries/osv';
export { NpmClient, type NpmPackument } from './registries/npm';
export { RegistryActivity, type UnreachableRegistry } from './registries/activity';
export { readSnapshotForReplay, type SnapshotEntry, type SnapshotIndex, type RegistryKind } from './registries/snapshot';
export type { OsvVulnerability, OsvAffected, OsvRange, OsvEvent, OsvSeverity } from './registries/osv-record';

// Checks
export * as license from './checks/license';
export { checkAdvisories, type AdvisoryCheckOptions, type AdvisoryCheckResult } from './checks/advisories/check';
export { LocalOsvDatabase } from './checks/advisories/osv-database';
export { LocalAdvisorySource, OnlineAdvisorySource, type AdvisorySource } from './checks/advisories/advisory-source';
export { updateOsvDatabase, osvDatabaseFreshness } from './checks/advisories/database-update';
export { resolvePipVersion, resolveNpmVersion } from './checks/advisories/resolve-version';
export { checkBaseImages, defaultBasePolicy, type BaseImagePolicy } from './checks/base-image';
export { loadPopularIndex, buildPopularIndex, type PopularIndex } from './checks/names/popular-index';
export { screenName, screenNames, explainName, typosquatFinding, TYPOSQUAT_KINDS, type TyposquatMatch, type TyposquatKind, type ScoredExplanation } from './checks/names/typosquat';
export { loadNameModel, FEATURES as NAME_MODEL_FEATURES, type NameModel } from './checks/names/name-model';
export { securityHoldingVersion } from './checks/names/known-malicious';

// Policy, scan, reports
export { loadConfig, parseConfig, findConfigFile, type DepvetConfig } from './policy/config';
export { parseVexDocument, loadVexFiles, vexMatch, vexSuppresses, type VexDocument, type VexStatement } from './policy/vex';
export { scan, type ScanOptions, type ScanProgress } from './scan/scan';
export { scanWithDiff, type DiffScanOptions } from './scan/diff-scan';
export type { ScanResult, ReportedFinding, ReportedCouldNotCheck, CheckedPackage, PolicyNote, ScanSummary, ScanOutcome, ScanDiagnostic, Suppression, VexStatementRef, ResolvedStep } from './scan/result';
export { CHECK_FACT_NEEDS, factNeeds, type FactNeed } from './scan/fact-needs';
export { renderReport, REPORT_FORMATS, type ReportFormat, type RenderOptions } from './report';
export { terminalSafe } from './terminal-text';
export { renderCycloneDx, CYCLONEDX_SPEC_VERSION } from './report/cyclonedx';
export { renderSpdx, SPDX_VERSION } from './report/spdx';
export { renderInventoryJson, renderInventoryText } from './report/inventory-render';

// Image catalogue
export { buildCatalogue, type Catalogue } from './catalogue/catalogue';
export { findImages, parsePackageQuery, type ImageMatch, type PackageQuery } from './catalogue/find';
export { renderCatalogueHtml } from './catalogue/html';
export { renderCatalogueMarkdown } from './catalogue/markdown';
export { writeCatalogue } from './catalogue/report';
