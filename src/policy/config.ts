// depvet.config.json: the policy (license sets and approvals, typosquat allowlist, advisory ignores,
// thresholds, base-image rules) and settings (registries, cache). Validated against docs/config.schema.json
// so a mistake points at the bad key instead of being silently ignored.
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { ConfigError, fsReason, isInputError } from '../errors';
import { outsideFolder } from '../inventory/scan-root';
import { parseJsonWithLines } from '../sources/json-lines';
import type { CheckName, Severity } from '../findings';
import type { AdvisoryIgnore } from '../checks/advisories/ignores';
import type { LicenseApproval } from '../checks/license/approvals';
import type { LicenseChoice } from '../checks/license/choices';

export const CONFIG_FILE_NAME = 'depvet.config.json';

export type Threshold = Severity | 'none';

/** A license approval as the config file writes it (see checks/license/approvals.ts). */
export type ApprovalEntry = Omit<LicenseApproval, 'source'>;

/** A licence OR choice as the config file writes it (see checks/license/choices.ts). */
export type ChoiceEntry = Omit<LicenseChoice, 'source'>;

/** An advisory ignore as the config file writes it (see checks/advisories/ignores.ts). */
export type IgnoreEntry = Omit<AdvisoryIgnore, 'source' | 'ecosystem'>;

export interface AllowlistEntry {
  name: string;
  target: string;
  reason: string;
}

export interface DepvetConfig {
  checks?: CheckName[];
  python?: string;
  namespace?: string;
  registries?: { pypi?: string; osv?: string; npm?: string; timeoutMs?: number; retries?: number; concurrency?: number };
  cache?: { dir?: string; enabled?: boolean; offline?: boolean };
  license?: {
    allowed?: string[];
    needsApproval?: string[];
    denied?: string[];
    classifierCombination?: 'and' | 'or';
    disagreement?: 'stricter' | 'prefer-expression';
    approvals?: ApprovalEntry[];
    choices?: ChoiceEntry[];
    dockerfilesPolicy?: string;
  };
  names?: { allowlist?: AllowlistEntry[]; minAgeDays?: number; checkExistence?: boolean };
  advisories?: { ignores?: IgnoreEntry[]; preferredIds?: string[]; osvDb?: string };
  baseImages?: { allowed?: string[]; requireTag?: boolean; requireDigest?: boolean };
  /** Transitive resolution of unlocked manifests: `dependencies: false` checks only what the manifests name (`--no-deps`). */
  resolve?: { dependencies?: boolean; pre?: boolean };
  failOn?: { license?: ('denied' | 'needs-approval' | 'unknown')[]; names?: Threshold; advisories?: Threshold; baseImage?: boolean; snapshotChanges?: boolean };
}

export interface LoadedConfig {
  config: DepvetConfig;
  /** The file it came from, absent when no config file was found. */
  file?: string;
}

const SCHEMA_PATH = path.join(__dirname, '..', '..', 'docs', 'config.schema.json');
let validator: ReturnType<Ajv['compile']> | undefined;

function validate(value: unknown): ErrorObject[] {
  if (!validator) {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as object;
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** Parses and validates a config text; errors name the file and the JSON pointer (or line) of the bad key. */
export function parseConfig(text: string, file: string): DepvetConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error (and may span lines): the position comes from our own
    // reader instead, so an error never echoes what the file holds.
    const line = jsonErrorLine(text, file);
    throw new ConfigError(file, line !== undefined ? `line ${line}` : '', 'not valid JSON');
  }
  const errors = validate(value);
  if (errors.length > 0) {
    const first = mostSpecific(errors);
    throw new ConfigError(file, pointerOf(first), describe(first));
  }
  return value as DepvetConfig;
}

/** The line of the first JSON syntax error, from the line-tracking reader. */
function jsonErrorLine(text: string, file: string): number | undefined {
  try {
    parseJsonWithLines(text, file);
  } catch (error) {
    if (isInputError(error)) return error.line;
  }
  return undefined;
}

function pointerOf(error: ErrorObject): string {
  const base = error.instancePath || '/';
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return `${error.instancePath}/${extra}`;
  }
  return base;
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return 'unknown key (see docs/configuration.md)';
    case 'enum':
      return `must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'required':
      return `missing required key "${(error.params as { missingProperty: string }).missingProperty}"`;
    default:
      return error.message ?? 'invalid value';
  }
}

/** The deepest error is the most useful one to show (an enum inside a $ref beats the parent's type error). */
function mostSpecific(errors: ErrorObject[]): ErrorObject {
  return [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0]!;
}

/**
 * Looks for depvet.config.json in `start` and each folder above it. A found file must really live in the folder it
 * was found in: a symlink from there to elsewhere (`depvet.config.json -> /etc/shadow`, or to another repository's
 * policy) is refused with a ConfigError that names the link, never its target's content.
 */
export function findConfigFile(start: string): string | undefined {
  let dir = path.resolve(start);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    const refused = outsideFolder(dir, candidate);
    if (refused !== undefined) throw new ConfigError(candidate, '', `refusing to read it: ${refused}`);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads the config named by `--config` (errors name it as given), or the one found upward from the first scanned
 * path, or, when there is none above it, upward from `fallbackFrom` (the CLI passes the current folder: standard
 * input, an SBOM in /tmp).
 */
export function loadConfig(options: { configFile?: string; searchFrom?: string; fallbackFrom?: string; cwd?: string }): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const found = () => {
    const fromPath = options.searchFrom ? findConfigFile(path.resolve(cwd, options.searchFrom)) : undefined;
    return fromPath ?? (options.fallbackFrom !== undefined ? findConfigFile(path.resolve(cwd, options.fallbackFrom)) : undefined);
  };
  const file = options.configFile ? path.resolve(cwd, options.configFile) : found();
  if (!file) return { config: {} };
  const { text, shown } = readPolicyFile(options.configFile ?? file, cwd, 'the config file');
  return { config: parseConfig(text, shown), file: shown };
}

/**
 * A policy input's text (the config, a VEX document) and the name messages give it: the path as the user gave it
 * (relative or absolute), or a found file relative to `cwd`. Unreadable is a ConfigError with the reason.
 */
export function readPolicyFile(file: string, cwd: string, what: string): { text: string; shown: string } {
  const absolute = path.resolve(cwd, file);
  const shown = path.isAbsolute(file) && !file.startsWith(cwd) ? file : path.relative(cwd, absolute) || file;
  try {
    return { text: fs.readFileSync(absolute, 'utf8'), shown };
  } catch (error) {
    throw new ConfigError(shown, '', `cannot read ${what}: ${fsReason(error)}`);
  }
}
