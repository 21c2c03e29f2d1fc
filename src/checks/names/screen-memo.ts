// A disk memo of the name screen: each name's ranked candidates (`rankedCandidates`), so a warm scan does not
// build the popular list's key table again for names it has already screened (that was the names stage's whole
// cost). The screen depends only on the name, the list's bytes, the fitted model (data/names-model.json) and the
// screen's own code, so the memo file is named by a digest of those: a refreshed list or another depvet
// build opens another file and never answers from a stale one. No time-to-live is needed for the same reason.
// The allowlist is applied after the memo (`matchFromCandidates`), so policy edits take effect at once.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../../atomic-file';
import type { Ecosystem } from '../../model';
import { modelFile } from './name-model';
import { DATA_DIR, popularListFiles } from './popular-index';
import { isTyposquatKind, type ScreenCandidate } from './typosquat';

const MEMO_FORMAT = 2;
/** A memo that grows past this many names starts over rather than growing without bound. */
const MAX_MEMO_NAMES = 200_000;

/** The code the screen's result depends on, next to this file (`.ts` under ts-jest, `.js` when built). */
const SCREEN_CODE = ['typosquat', 'popular-index', 'explain', 'name-forms', 'name-model', 'slip-plausibility', 'edit-distance', path.join('..', '..', 'normalize')];

export interface ScreenMemo {
  ecosystem: Ecosystem;
  /** The memo file; undefined when the digest could not be taken (then nothing is read or written). */
  file: string | undefined;
  /** The popular list the memoized candidates were ranked against (`popularListLabel`). */
  popularList: string | undefined;
  /** Name as written -> its ranked candidates (empty: imitates nothing). */
  screened: Map<string, ScreenCandidate[]>;
  /** Whether names were added since it was opened. */
  changed: boolean;
}

/** sha256 of the list's data files and the screen's code; undefined when any of them cannot be read. */
export function screenDigest(ecosystem: Ecosystem, dataDir: string = DATA_DIR): string | undefined {
  const hash = createHash('sha256').update(`depvet-screen-memo:${MEMO_FORMAT}:${ecosystem}\n`);
  const extension = path.extname(__filename);
  try {
    for (const file of [...popularListFiles(ecosystem, dataDir), modelFile(dataDir), ...SCREEN_CODE.map((name) => path.join(__dirname, `${name}${extension}`))]) {
      hash.update(fs.readFileSync(file));
    }
  } catch {
    return undefined;
  }
  return hash.digest('hex');
}

function memoDir(cacheDir: string): string {
  return path.join(cacheDir, `names-v${MEMO_FORMAT}`);
}

function isPopularName(value: unknown): boolean {
  const v = value as Record<string, unknown> | null;
  return typeof v === 'object' && v !== null && typeof v['name'] === 'string' && typeof v['normalized'] === 'string' && typeof v['rank'] === 'number' && typeof v['downloads'] === 'number';
}

function isCandidate(value: unknown): value is ScreenCandidate {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    isPopularName(v['target']) &&
    isTyposquatKind(v['kind']) &&
    typeof v['distance'] === 'number' &&
    typeof v['score'] === 'number' &&
    typeof v['detail'] === 'string' &&
    typeof v['why'] === 'string'
  );
}

/** Reads a memo file; anything missing, damaged or foreign reads as an empty memo (a miss costs a recomputation). */
function readScreened(file: string, ecosystem: Ecosystem): { popularList: string; screened: Map<string, ScreenCandidate[]> } | undefined {
  try {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: unknown; ecosystem?: unknown; popularList?: unknown; screened?: unknown };
    if (doc.format !== MEMO_FORMAT || doc.ecosystem !== ecosystem || typeof doc.popularList !== 'string' || typeof doc.screened !== 'object' || doc.screened === null) return undefined;
    const screened = new Map<string, ScreenCandidate[]>();
    for (const [name, candidates] of Object.entries(doc.screened as Record<string, unknown>)) {
      if (!Array.isArray(candidates) || !candidates.every(isCandidate)) return undefined;
      screened.set(name, candidates);
    }
    return { popularList: doc.popularList, screened };
  } catch {
    return undefined;
  }
}

/** The memo for an ecosystem's current list and code in `cacheDir` (empty when there is none yet). */
export function openScreenMemo(cacheDir: string, ecosystem: Ecosystem, options: { dataDir?: string } = {}): ScreenMemo {
  const digest = screenDigest(ecosystem, options.dataDir);
  const file = digest === undefined ? undefined : path.join(memoDir(cacheDir), `${ecosystem.toLowerCase()}-${digest.slice(0, 32)}.json`);
  const read = file ? readScreened(file, ecosystem) : undefined;
  return { ecosystem, file, popularList: read?.popularList, screened: read?.screened ?? new Map(), changed: false };
}

/** Records a name's ranked candidates against the list labelled `popularList`. */
export function rememberScreen(memo: ScreenMemo, name: string, candidates: ScreenCandidate[], popularList: string): void {
  if (memo.screened.size >= MAX_MEMO_NAMES) memo.screened.clear();
  memo.popularList = popularList;
  memo.screened.set(name, candidates);
  memo.changed = true;
}

/**
 * Writes the memo if it changed, atomically (temp file + rename), and removes the ecosystem's memos of other lists
 * or builds. A memo that cannot be written costs the next scan a recomputation, never an error.
 */
export function saveScreenMemo(memo: ScreenMemo): void {
  if (!memo.changed || !memo.file || memo.popularList === undefined) return;
  const dir = path.dirname(memo.file);
  try {
    fs.mkdirSync(dir, { recursive: true });
    writeFileAtomicSync(memo.file, JSON.stringify({ format: MEMO_FORMAT, ecosystem: memo.ecosystem, popularList: memo.popularList, screened: Object.fromEntries(memo.screened) }));
    memo.changed = false;
    const prefix = `${memo.ecosystem.toLowerCase()}-`;
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(prefix) && name.endsWith('.json') && path.join(dir, name) !== memo.file) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // Best effort, as above.
  }
}
