// The name screen's fitted model, read from `data/names-model.json` (written by scripts/calibrate-names.js, which
// says where every number came from). One score per (name, popular name) pair: a weighted sum of the features
// below, a log-odds that the pair is an imitation rather than a legitimate neighbour. Severity is read off the
// score with the fitted thresholds. The namespace statistics beside the weights (how many PyPI names use a word,
// how crowded each popular name's neighbourhood is) were counted on the learning half of the PyPI namespace.
import fs from 'node:fs';
import path from 'node:path';
import type { Severity } from '../../findings';
import { DATA_DIR } from './popular-index';

/**
 * The features of a pair, in a fixed order (explain.ts computes them; docs/names.md describes each). `kind.*` say
 * how the name was made from the popular one; the rest say how plausible that is.
 */
export const FEATURES = [
  'bias',
  'kind.slip',
  'kind.two-edits',
  'kind.marker',
  'kind.order',
  'kind.affix',
  'kind.truncation',
  'target.popularity',
  'target.brand',
  'target.short',
  'target.long',
  'slip.keyboard',
  'slip.look-alike',
  'slip.sound-alike',
  'slip.other-substitution',
  'slip.first-character',
  'slip.repeated',
  'slip.doubled-omitted',
  'slip.inserted-beside',
  'slip.swapped',
  'slip.delimiter',
  'slip.digit',
  'slip.plural',
  'change.count',
  'word.namespace',
  'word.affixes',
  'word.popular',
  'word.digits',
  'word.count',
  'word.before',
  'word.popularity',
  'target.family',
  'target.neighbours',
  'name.other-targets',
  'name.is-word',
] as const;
export type FeatureName = (typeof FEATURES)[number];
export const FEATURE_INDEX: Record<FeatureName, number> = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<FeatureName, number>;

/** The model file's format (data/names-model.json). */
export interface NameModelFile {
  format: 1;
  /** Where the numbers came from: script, inputs (with digests), splits, date; see data/README.md. */
  provenance: Record<string, unknown>;
  weights: Partial<Record<FeatureName, number>>;
  /** Score thresholds: a pair scoring `flag` or more is reported, `medium` and `high` raise its severity. */
  thresholds: { flag: number; medium: number; high: number };
  /** The namespace part the statistics were counted on. */
  namespace: { names: number };
  /** Word -> namespace names that use it as a word (words used by fewer names are left out: read as rare). */
  words: Record<string, number>;
  /** Word -> namespace names that are a popular name plus this word (`requests-mock`, `types-requests`). */
  affixWords: Record<string, number>;
  /** Popular (normalized) name -> [namespace names one slip from it, namespace names that contain it as words]. */
  targets: Record<string, [number, number]>;
  /** Words used by fewer namespace names than this are not listed in `words`. */
  minWordCount: number;
}

export interface NameModel {
  weights: Float64Array;
  thresholds: { flag: number; medium: number; high: number };
  namespaceNames: number;
  minWordCount: number;
  words: Map<string, number>;
  affixWords: Map<string, number>;
  targets: Map<string, [number, number]>;
  /** Median neighbourhood statistics, for popular names the model has no counts for (an npm name, a newer list). */
  typicalTarget: [number, number];
  provenance: Record<string, unknown>;
}

export const MODEL_FILE = 'names-model.json';

export function modelFromFile(doc: NameModelFile): NameModel {
  const weights = new Float64Array(FEATURES.length);
  for (const [name, weight] of Object.entries(doc.weights)) {
    const at = FEATURE_INDEX[name as FeatureName];
    if (at !== undefined && typeof weight === 'number') weights[at] = weight;
  }
  const targets = new Map(Object.entries(doc.targets));
  const median = (values: number[]) => (values.length === 0 ? 0 : [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);
  return {
    weights,
    thresholds: doc.thresholds,
    namespaceNames: doc.namespace.names,
    minWordCount: doc.minWordCount,
    words: new Map(Object.entries(doc.words)),
    affixWords: new Map(Object.entries(doc.affixWords)),
    targets,
    typicalTarget: [median([...targets.values()].map((t) => t[0])), median([...targets.values()].map((t) => t[1]))],
    provenance: doc.provenance,
  };
}

/** A model with no weights and no statistics: what the calibration script starts from. */
export function emptyNameModel(): NameModel {
  return modelFromFile({ format: 1, provenance: {}, weights: {}, thresholds: { flag: 0, medium: 0, high: 0 }, namespace: { names: 1 }, words: {}, affixWords: {}, targets: {}, minWordCount: 1 });
}

const cache = new Map<string, NameModel>();

export function modelFile(dataDir: string = DATA_DIR): string {
  return path.join(dataDir, MODEL_FILE);
}

/** The shipped model (`data/names-model.json`), read once per process. */
export function loadNameModel(dataDir: string = DATA_DIR): NameModel {
  const file = modelFile(dataDir);
  const cached = cache.get(file);
  if (cached) return cached;
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as NameModelFile;
  if (doc.format !== 1) throw new Error(`${file}: unknown names model format ${String(doc.format)}`);
  const model = modelFromFile(doc);
  cache.set(file, model);
  return model;
}

export function scoreFeatures(model: NameModel, features: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < features.length; i++) sum += model.weights[i]! * features[i]!;
  return sum;
}

/** Severity from the score: below `flag` nothing is reported. */
export function severityOfScore(model: NameModel, score: number): Severity | undefined {
  if (score >= model.thresholds.high) return 'high';
  if (score >= model.thresholds.medium) return 'medium';
  if (score >= model.thresholds.flag) return 'low';
  return undefined;
}

/** Namespace names using a word (0 for a word below the listing threshold). */
export function wordCount(model: NameModel, word: string): number {
  return model.words.get(word) ?? 0;
}

/** A share of the namespace in words: `0.3%`, `0.02%`, `fewer than 0.001%`. */
export function namespaceShare(model: NameModel, count: number): string {
  if (count < model.minWordCount) return `fewer than ${formatPercent((100 * model.minWordCount) / model.namespaceNames)} of PyPI names`;
  return `${formatPercent((100 * count) / model.namespaceNames)} of PyPI names`;
}

function formatPercent(percent: number): string {
  if (percent >= 1) return `${percent.toFixed(1)}%`;
  const digits = Math.max(1, -Math.floor(Math.log10(percent)));
  return `${percent.toFixed(digits)}%`;
}
