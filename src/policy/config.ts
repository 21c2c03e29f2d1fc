// depvet.config.json: the policy (license sets and approvals, typosquat allowlist, advisory ignores,
// thresholds, base-image rules) and settings (registries, cache). Validated against docs/config.schema.json
// so a mistake points at the bad key instead of being silently ignored.
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { ConfigError } from '../errors';
import type { CheckName, Severity } from '../findings';
import type { AdvisoryIgnore } from '../checks/advisories/ignores';
import type { LicenseApproval } from '../checks/license/approvals';

export const CONFIG_FILE_NAME = 'depvet.config.json';

export type Threshold = Severity | 'none';

/** A license approval as the config file writes it (see checks/license/approvals.ts). */
export type ApprovalEntry = Omit<LicenseApproval, 'source'>;

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
    dockerfilesPolicy?: string;
  };
  names?: { allowlist?: AllowlistEntry[]; minAgeDays?: number; checkExistence?: boolean };
  advisories?: { ignores?: IgnoreEntry[]; preferredIds?: string[]; osvDb?: string };
  baseImages?: { allowed?: string[]; requireTag?: boolean; requireDigest?: boolean };
  /** Transitive resolution of unlocked manifests: `dependencies: false` checks only what the manifests name (`--no-deps`). */
  resolve?: { dependencies?: boolean; pre?: boolean };
  failOn?: { license?: ('denied' | 'needs-approval' | 'unknown')[]; names?: Threshold; advisories?: Threshold; baseImage?: boolean };
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
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    throw new ConfigError(file, line ? `line ${line}` : '', `not valid JSON (${message.replace(/^.*?JSON[^:]*:\s*/, '')})`);
  }
  const errors = validate(value);
  if (errors.length > 0) {
    const first = mostSpecific(errors);
    throw new ConfigError(file, pointerOf(first), describe(first));
  }
  return value as DepvetConfig;
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

/** Looks for depvet.config.json in `start` and each folder above it. */
export function findConfigFile(start: string): string | undefined {
  let dir = path.resolve(start);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    dir = path.dirname(dir);
  }
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Loads the config named by `--config`, or the one found upward from the first scanned path. */
export function loadConfig(options: { configFile?: string; searchFrom?: string; cwd?: string }): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const file = options.configFile ? path.resolve(cwd, options.configFile) : options.searchFrom ? findConfigFile(path.resolve(cwd, options.searchFrom)) : undefined;
  if (!file) return { config: {} };
  const shown = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(shown, '', 'cannot read the config file');
  }
  return { config: parseConfig(text, shown), file: shown };
}
