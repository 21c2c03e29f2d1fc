// The scan: one ordered function, stage after stage. Inventory (no network) -> registry facts (each distinct
// package once) -> checks (license, names, advisories, base images) -> policy (thresholds, approvals, ignores,
// diff) -> one ScanResult for every report format. Never prints, never exits, never throws for a package it
// could not check: that becomes a could-not-check entry and makes the outcome incomplete.
import fs from 'node:fs';
import { InputError } from '../errors';
import { CHECK_NAMES, type CheckName, type CouldNotCheck, type Finding } from '../findings';
import { collectInventory, type ImageDockerfile, type InventoryOptions } from '../inventory/inventory';
import type { Inventory, InventoryEntry } from '../inventory/types';
import { DEFAULT_PYTHON } from '../inventory/tree';
import type { DepvetConfig } from '../policy/config';
import { applyPolicy, type PolicyContext } from '../policy/apply';
import { RegistryActivity } from '../registries/activity';
import { loadVexFiles, type VexDocument } from '../policy/vex';
import { resolveRegistryOptions, type RegistryOptions } from '../registries/defaults';
import type { HttpHooks } from '../registries/http';
import { prepareSnapshot, snapshotChangeOutput, type SnapshotChange } from './snapshot-checks';
import { factNeeds } from './fact-needs';
import { gatherFacts, factsKey, registryClients, type PackageFacts, type RegistryClients } from './facts';
import type { AdvisorySource } from '../checks/advisories/advisory-source';
import { namedDatabaseSource, runAdvisoryStage } from './stages/advisories';
import { runBaseImageStage } from './stages/base-images';
import { runLicenseStage } from './stages/license';
import { runNamesStage } from './stages/names';
import { REPORT_SCHEMA_VERSION, type CheckedPackage, type PackageLicense, type PolicyNote, type ScanDiagnostic, type ScanResult, type VexStatementRef } from './result';
import { checkTargets, occurrenceOf, sbomLicensesOf, type CheckTarget } from './targets';
import { needsResolution, resolveClosure } from '../resolve/closure';
import { PypiRegistrySource } from '../resolve/pypi-source';
import { NpmRegistrySource } from '../resolve/npm-resolver';

const VERSION: string = (require('../../package.json') as { version: string }).version;

export interface ScanProgress {
  stage: 'inventory' | 'resolve' | 'registries' | 'license' | 'names' | 'advisories' | 'base-image' | 'policy';
  done?: number;
  total?: number;
}

export interface ScanOptions extends InventoryOptions {
  /** Checks to run; default: the config's, else all. */
  checks?: CheckName[];
  /** The loaded policy/config (see policy/config.ts). */
  config?: DepvetConfig;
  /** Where the config came from, for messages. */
  configFile?: string;
  /** Registry settings; flags override the config, which overrides the environment. */
  registry?: Partial<RegistryOptions>;
  /** A local OSV database (zip or folder) for offline matching. */
  osvDb?: string;
  /** demisto/dockerfiles license policy folder, 'off', or undefined for automatic discovery beside a tree. */
  dockerfilesPolicy?: string;
  /** Clock (expiry of approvals and ignores, project age). */
  now?: Date;
  /** For tests: HTTP transport hooks. */
  httpHooks?: HttpHooks;
  /**
   * Where the registry clients log what they did (answers, failures, snapshot entries recorded or refused); a fresh
   * one when absent. `depvet snapshot` passes its own to say what it recorded and what is missing.
   */
  registryActivity?: RegistryActivity;
  onProgress?: (progress: ScanProgress) => void;
  /** Diff mode: fingerprints of the findings already present at the base ref (reported as existing, never failing). */
  existingFingerprints?: Set<string>;
  /** `--no-deps`: check only what the manifests name; unlocked manifests are not resolved to their closure. */
  noDeps?: boolean;
  /** `--pre`: pre-releases are candidates in every resolution. */
  pre?: boolean;
  /** Diff mode: snapshot entries the change adds or modifies, each a finding of its own (snapshot-checks.ts). */
  snapshotChanges?: SnapshotChange[];
  /** VEX documents (OpenVEX or CycloneDX VEX) whose not_affected statements suppress advisory findings. */
  vexFiles?: string[];
}

export interface StageContext {
  inventory: Inventory;
  dockerfiles: ImageDockerfile[];
  /** Registry namespaces of the scanned trees (`demisto`). */
  namespaces: string[];
  /** Filled by the license stage: each target's license and verdict, for the package list of the report. */
  licenseByTarget?: Map<string, PackageLicense>;
  targets: Map<string, CheckTarget>;
  facts: Map<string, PackageFacts>;
  config: DepvetConfig;
  registry: RegistryOptions;
  /** Hooks every registry client of the scan is built with (the caller's, plus the scan's activity log). */
  httpHooks: HttpHooks;
  /** The scan's registry clients (the resolver's and the facts stage's), for the names stage's upload dates. */
  registryClients: RegistryClients;
  /** The OSV database the user named, loaded before any registry was asked (advisories stage). */
  advisorySource?: AdvisorySource;
  options: ScanOptions;
  now: Date;
  /** The parsed `vexFiles`. */
  vex?: VexDocument[];
}

/** What a check stage hands to the policy stage. */
export interface StageOutput {
  /** Findings about a target (by facts key), reported once per place that declares the package. */
  targetFindings: { targetKey: string; finding: Finding; suppressible?: SuppressionHint }[];
  /** Findings already placed (file:line), with the images they concern and the image that declares them. */
  placedFindings: { finding: Finding; images: string[]; declaringImage?: string; suppressible?: SuppressionHint; targetKey?: string }[];
  couldNotCheck: { targetKey?: string; entry: CouldNotCheck; images?: string[] }[];
  policyNotes: PolicyNote[];
}

/** A suppression a check already decided (approval, ignore, allowlist), for the policy stage to record. */
export interface SuppressionHint {
  by: 'approval' | 'ignore' | 'allowlist' | 'dockerfiles-policy' | 'vex';
  reason: string;
  approvedBy?: string;
  expires?: string;
  /** Images the suppression covers; absent means all. */
  images?: string[];
  /** The VEX statement, when `by` is `vex`. */
  vex?: VexStatementRef;
  /** An ignore's VEX justification, when it gives one. */
  justification?: string;
}

export async function scan(paths: string[], options: ScanOptions = {}): Promise<ScanResult> {
  const now = options.now ?? new Date();
  const config = options.config ?? {};
  const checks = options.checks ?? config.checks ?? [...CHECK_NAMES];
  const progress = options.onProgress ?? (() => undefined);
  // VEX files are policy input, read (and refused when malformed) before any work, like the config.
  const vex = options.vexFiles && options.vexFiles.length > 0 ? loadVexFiles(options.vexFiles, options.cwd ?? process.cwd()) : undefined;

  // 1. Inventory: what every image installs, located. No network.
  progress({ stage: 'inventory' });
  const collected = collectInventory(paths, {
    ...options,
    ...(options.python ?? config.python ? { python: options.python ?? config.python } : {}),
    ...(options.namespace ?? config.namespace ? { namespace: options.namespace ?? config.namespace } : {}),
  });
  const { dockerfiles, namespaces } = collected;
  let inventory = collected.inventory;

  const registry = registryOptionsFor(config, options.registry, options.env ?? process.env);
  refuseUnusableSources(checks.includes('advisories') ? (options.osvDb ?? config.advisories?.osvDb) : undefined);
  // A snapshot to replay is checked before anything asks it; one to record into is opened (run diagnostics: a
  // registry URL the replay cannot honour).
  const runDiagnostics: ScanDiagnostic[] = prepareSnapshot(registry);
  // A database the user named is loaded first: one that cannot be used is refused (exit 2) before any registry is asked.
  const osvDb = options.osvDb ?? config.advisories?.osvDb;
  const advisorySource = checks.includes('advisories') && osvDb ? await namedDatabaseSource(osvDb) : undefined;
  const activity = options.registryActivity ?? new RegistryActivity();
  const hooks: HttpHooks = { ...options.httpHooks, activity };
  // Each check asks only for the facts it uses (fact-needs.ts).
  const needs = factNeeds(checks, config);
  const clients = registryClients(registry, hooks);
  const checksPackages = checks.some((c) => c === 'license' || c === 'names' || c === 'advisories');

  // 2. The closure: what the unlocked manifests install beyond what they name, resolved as pip (npm) would on top of
  // what each image already has. Locks are not resolved again; `--no-deps` (or resolve.dependencies: false) skips it.
  if (checksPackages && !(options.noDeps ?? config.resolve?.dependencies === false) && needsResolution(inventory)) {
    progress({ stage: 'resolve' });
    const closure = await resolveClosure(
      inventory,
      {
        ...(inventory.packages.some((p) => p.ecosystem === 'PyPI') ? { pypi: new PypiRegistrySource(clients.pypi()) } : {}),
        ...(inventory.packages.some((p) => p.ecosystem === 'npm') ? { npm: new NpmRegistrySource(await clients.npm()) } : {}),
      },
      { python: options.python ?? config.python ?? DEFAULT_PYTHON, ...(options.pre ?? config.resolve?.pre ? { pre: true } : {}) },
    );
    // A requirement the index does not have is the names check's finding; said again here it is only noise.
    inventory = checks.includes('names') ? { ...closure.inventory, diagnostics: closure.inventory.diagnostics.filter((d) => d.code !== 'requirement-not-on-index') } : closure.inventory;
  }
  const pythonByImage = new Map(inventory.images.map((i) => [i.name, i.python?.version]));
  const pythonOf = (entry: InventoryEntry) => (entry.image ? pythonByImage.get(entry.image) : undefined) ?? options.python ?? config.python ?? DEFAULT_PYTHON;
  const targets = checkTargets(inventory.packages, pythonOf);

  // 3. Registry facts: license metadata, existence, age, resolved versions; each distinct package once.
  let facts = new Map<string, PackageFacts>();
  if (needs.size > 0 && targets.size > 0) {
    progress({ stage: 'registries', done: 0, total: targets.size });
    const requests = [...targets.values()].map((t) => t.request);
    facts = await gatherFacts(requests, {
      pypi: requests.some((r) => r.ecosystem === 'PyPI') ? clients.pypi() : undefined,
      // Loaded only for trees with npm packages: npm-registry-fetch and its agent take ~60 ms to load.
      npm: requests.some((r) => r.ecosystem === 'npm') ? await clients.npm() : undefined,
      needs,
      minAgeDays: config.names?.minAgeDays ?? 30,
      now,
    });
    progress({ stage: 'registries', done: targets.size, total: targets.size });
  }

  // 4. Checks.
  const context: StageContext = { inventory, dockerfiles, namespaces, targets, facts, config, registry, httpHooks: hooks, registryClients: clients, ...(advisorySource ? { advisorySource } : {}), options, now, ...(vex ? { vex } : {}) };
  const outputs: StageOutput[] = [];
  if (checks.includes('license')) {
    progress({ stage: 'license' });
    outputs.push(runLicenseStage(context));
  }
  if (checks.includes('names')) {
    progress({ stage: 'names' });
    outputs.push(await runNamesStage(context));
  }
  if (checks.includes('advisories')) {
    progress({ stage: 'advisories' });
    outputs.push(await runAdvisoryStage(context));
  }
  if (checks.includes('base-image')) {
    progress({ stage: 'base-image' });
    outputs.push(runBaseImageStage(context));
  }
  outputs.push(unvettableOutput(context, checks));
  if (options.snapshotChanges?.length) outputs.push(snapshotChangeOutput(options.snapshotChanges, checks));
  annotateResolved(outputs, facts, targets);

  // 5. Policy: which findings fail the gate.
  progress({ stage: 'policy' });
  const policy: PolicyContext = { config, checks, ...(options.existingFingerprints ? { existingFingerprints: options.existingFingerprints } : {}) };
  const applied = applyPolicy(outputs, targets, policy);
  // Every diagnostic of the run, whichever stage recorded it: the report lists them and any error makes the outcome
  // incomplete. The inventory's, then the run's: a registry that could not be reached at all is said once here (its
  // packages' could-not-check records stay in couldNotCheck), a refused snapshot entry names its file.
  const diagnostics: ScanDiagnostic[] = [...inventory.diagnostics, ...runDiagnostics, ...activity.diagnostics()];

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'depvet', version: VERSION },
    generatedAt: now.toISOString(),
    roots: inventory.roots,
    checks,
    images: inventory.images,
    packages: checkedPackages(targets, facts, context),
    findings: applied.findings,
    couldNotCheck: applied.couldNotCheck,
    policyNotes: applied.policyNotes,
    diagnostics,
    summary: applied.summary(inventory.images.length, targets.size, diagnostics),
  };
}

/** Registry settings: flags (`explicit`) over the config file over the environment over the defaults. */
export function registryOptionsFor(config: DepvetConfig, explicit: Partial<RegistryOptions> | undefined, env: Record<string, string | undefined>): RegistryOptions {
  return resolveRegistryOptions(
    {
      ...(config.registries?.pypi ? { pypiUrl: config.registries.pypi } : {}),
      ...(config.registries?.osv ? { osvUrl: config.registries.osv } : {}),
      ...(config.registries?.npm ? { npmRegistry: config.registries.npm } : {}),
      ...(config.registries?.timeoutMs ? { timeoutMs: config.registries.timeoutMs } : {}),
      ...(config.registries?.retries !== undefined ? { retries: config.registries.retries } : {}),
      ...(config.registries?.concurrency ? { concurrency: config.registries.concurrency } : {}),
      ...(config.cache?.dir ? { cacheDir: config.cache.dir } : {}),
      ...(config.cache?.enabled === false ? { noCache: true } : {}),
      ...(config.cache?.offline ? { offline: true } : {}),
      ...explicit,
    },
    env,
  );
}

/**
 * An OSV database that is not there is an input error before anything is asked: otherwise every package would become
 * one "could not check" line and the real mistake (a typo in a path) would hide among them. A snapshot to replay is
 * checked the same way, by the snapshot store itself (prepareSnapshot -> readSnapshotForReplay).
 */
function refuseUnusableSources(osvDb: string | undefined): void {
  if (osvDb !== undefined) {
    if (!fs.existsSync(osvDb)) throw new InputError('E_INPUT_PATH', osvDb, undefined, 'OSV database not found (expected a zip or a folder of OSV JSON files)');
    if (!isDirectory(osvDb) && !isZipFile(osvDb)) throw new InputError('E_INPUT_PATH', osvDb, undefined, 'not an OSV database (expected a zip or a folder of OSV JSON files)');
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A zip starts with a local file header (`PK\x03\x04`) or, empty, with the end of central directory (`PK\x05\x06`). */
function isZipFile(file: string): boolean {
  const head = Buffer.alloc(4);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const read = fs.readSync(fd, head, 0, 4, 0);
    return read === 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A finding about a version resolved from a specifier says so, and from what, in every report format. */
function annotateResolved(outputs: StageOutput[], facts: Map<string, PackageFacts>, targets: Map<string, CheckTarget>): void {
  for (const output of outputs) {
    for (const item of [...output.targetFindings, ...output.placedFindings]) {
      const target = item.targetKey ? targets.get(item.targetKey) : undefined;
      // Picked by the closure resolver when every entry of the target was (a pinned requirement elsewhere is not).
      const byResolver = target && target.entries.length > 0 && target.entries.every((e) => e.resolved) ? target.entries[0]!.resolved : undefined;
      const resolved = (item.targetKey ? facts.get(item.targetKey)?.resolved : undefined) ?? byResolver;
      if (!resolved || item.finding.evidence['resolved']) continue;
      item.finding = {
        ...item.finding,
        message: `${item.finding.message} [version ${item.finding.package.version ?? '?'} resolved from ${resolved.from}: ${resolved.how}]`,
        evidence: { ...item.finding.evidence, resolved },
      };
    }
  }
}

/**
 * Requirements no registry can vet (VCS, URL, local path, editable) are never silently passed: each one the scan
 * would install is a could-not-check entry, so the result is incomplete until it is replaced by a registry package.
 */
function unvettableOutput(context: StageContext, checks: CheckName[]): StageOutput {
  const output: StageOutput = { targetFindings: [], placedFindings: [], couldNotCheck: [], policyNotes: [] };
  const check = checks.find((c) => c === 'license' || c === 'names' || c === 'advisories');
  if (!check) return output;
  const byPlace = new Map<string, { entry: InventoryEntry; images: Set<string> }>();
  for (const entry of context.inventory.packages) {
    if (entry.status !== 'included' || !entry.unvettable) continue;
    // One line may install several (`pip install $A $B`): each is its own record.
    const key = `${entry.location.file}:${entry.location.line}:${entry.ecosystem}:${entry.unvettable.reference}`;
    const place = byPlace.get(key) ?? { entry, images: new Set<string>() };
    if (entry.image) place.images.add(entry.image);
    byPlace.set(key, place);
  }
  for (const { entry, images } of byPlace.values()) {
    const u = entry.unvettable!;
    output.couldNotCheck.push({
      entry: {
        check,
        package: { ecosystem: entry.ecosystem, name: entry.name || u.reference, normalizedName: entry.normalizedName },
        reason: `${u.kind} requirement ${u.reference}: ${u.reason}; no registry metadata, so its license, name and advisories cannot be checked`,
        location: entry.location,
      },
      images: [...images].sort(),
    });
  }
  return output;
}

function checkedPackages(targets: Map<string, CheckTarget>, facts: Map<string, PackageFacts>, context: StageContext): CheckedPackage[] {
  const out: CheckedPackage[] = [];
  for (const [key, target] of targets) {
    const f = facts.get(key);
    const license = context.licenseByTarget?.get(key);
    const byResolver = target.entries.length > 0 && target.entries.every((e) => e.resolved) ? target.entries[0]!.resolved : undefined;
    const sbomLicenses = sbomLicensesOf(target.entries);
    out.push({
      ecosystem: target.request.ecosystem,
      name: target.request.name,
      normalizedName: target.request.normalizedName,
      ...((f?.version ?? target.request.version) !== undefined ? { version: (f?.version ?? target.request.version)! } : {}),
      ...(f?.resolved ?? byResolver ? { resolved: (f?.resolved ?? byResolver)! } : {}),
      ...(sbomLicenses ? { sbomLicenses } : {}),
      ...(license ? { license } : {}),
      occurrences: target.entries.map(occurrenceOf),
    });
  }
  // Unvettable packages are listed too, with why, so nothing is silently dropped.
  for (const entry of context.inventory.packages) {
    if (entry.status !== 'included' || !entry.unvettable || entry.inheritedFrom) continue;
    out.push({
      ecosystem: entry.ecosystem,
      name: entry.name || entry.unvettable.reference,
      normalizedName: entry.normalizedName,
      unvettable: `${entry.unvettable.kind}: ${entry.unvettable.reason}`,
      unvettableReference: entry.unvettable.reference,
      ...(entry.sbomLicenses ? { sbomLicenses: entry.sbomLicenses } : {}),
      occurrences: [occurrenceOf(entry)],
    });
  }
  return out;
}

export { factsKey };
