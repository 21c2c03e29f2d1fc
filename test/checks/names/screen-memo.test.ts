import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATA_DIR, loadPopularIndex, popularListFiles } from '../../../src/checks/names/popular-index';
import { modelFile } from '../../../src/checks/names/name-model';
import { openScreenMemo, rememberScreen, saveScreenMemo, screenDigest } from '../../../src/checks/names/screen-memo';
import { popularListLabel, rankedCandidates } from '../../../src/checks/names/typosquat';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-screen-memo-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const pypi = loadPopularIndex('PyPI');
const label = popularListLabel(pypi);

function memoFiles(cacheDir: string): string[] {
  const dir = path.join(cacheDir, 'names-v2');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** A copy of data/ whose PyPI list differs from the shipped one in one download count. */
function alteredDataDir(): string {
  const dir = tempDir();
  for (const file of [...popularListFiles('PyPI'), ...popularListFiles('npm'), modelFile()]) fs.copyFileSync(file, path.join(dir, path.basename(file)));
  const [pypiList] = popularListFiles('PyPI', dir) as [string];
  const doc = JSON.parse(fs.readFileSync(pypiList, 'utf8')) as { rows: { download_count: number }[] };
  doc.rows[0]!.download_count += 1;
  fs.writeFileSync(pypiList, JSON.stringify(doc));
  return dir;
}

describe('name screen memo', () => {
  it('keeps ranked candidates across processes: what is saved is what is read back', () => {
    const cacheDir = tempDir();
    const memo = openScreenMemo(cacheDir, 'PyPI');
    expect(memo.screened.size).toBe(0);
    const ranked = rankedCandidates('urlib3', pypi);
    expect(ranked[0]).toMatchObject({ target: { name: 'urllib3' }, kind: 'omitted-character', distance: 1, why: "urlib3 is urllib3 with 'l' left out" });
    rememberScreen(memo, 'urlib3', ranked, label);
    rememberScreen(memo, 'requests', rankedCandidates('requests', pypi), label);
    saveScreenMemo(memo);
    const reopened = openScreenMemo(cacheDir, 'PyPI');
    expect(reopened.popularList).toBe(label);
    expect(reopened.screened.get('urlib3')).toEqual(ranked);
    expect(reopened.screened.get('requests')).toEqual([]);
    expect(memoFiles(cacheDir)).toHaveLength(1);
  });

  it('is keyed by the list and the code: a changed list opens another memo and the old one is removed on save', () => {
    const shipped = screenDigest('PyPI');
    const altered = alteredDataDir();
    expect(screenDigest('PyPI', altered)).toMatch(/^[0-9a-f]{64}$/);
    expect(screenDigest('PyPI', altered)).not.toBe(shipped);
    expect(screenDigest('npm', altered)).toBe(screenDigest('npm', DATA_DIR));

    const cacheDir = tempDir();
    const first = openScreenMemo(cacheDir, 'PyPI');
    rememberScreen(first, 'urlib3', rankedCandidates('urlib3', pypi), label);
    saveScreenMemo(first);
    const other = openScreenMemo(cacheDir, 'PyPI', { dataDir: altered });
    expect(other.screened.size).toBe(0);
    rememberScreen(other, 'six', [], label);
    saveScreenMemo(other);
    expect(memoFiles(cacheDir)).toEqual([path.basename(other.file!)]);
  });

  it('a damaged, foreign or ill-typed memo reads as empty and is replaced', () => {
    const cacheDir = tempDir();
    const memo = openScreenMemo(cacheDir, 'PyPI');
    rememberScreen(memo, 'urlib3', rankedCandidates('urlib3', pypi), label);
    saveScreenMemo(memo);
    const file = memo.file!;
    const good = fs.readFileSync(file, 'utf8');
    const doc = JSON.parse(good) as { screened: Record<string, { kind: string; target: { rank: unknown } }[]> };
    for (const damaged of [
      good.slice(0, good.length / 2),
      JSON.stringify({ ...doc, format: 99 }),
      JSON.stringify({ ...doc, ecosystem: 'npm' }),
      JSON.stringify({ ...doc, screened: { urlib3: [{ ...doc.screened['urlib3']![0], kind: 'made-up' }] } }),
      JSON.stringify({ ...doc, screened: { urlib3: [{ ...doc.screened['urlib3']![0], target: { ...doc.screened['urlib3']![0]!.target, rank: '1' } }] } }),
    ]) {
      fs.writeFileSync(file, damaged);
      expect(openScreenMemo(cacheDir, 'PyPI').screened.size).toBe(0);
    }
    fs.writeFileSync(file, good);
    expect(openScreenMemo(cacheDir, 'PyPI').screened.size).toBe(1);
  });

  it('an unwritable cache folder costs the memo, not the scan', () => {
    const memo = openScreenMemo('/dev/null/not-a-folder', 'PyPI');
    rememberScreen(memo, 'urlib3', rankedCandidates('urlib3', pypi), label);
    expect(() => saveScreenMemo(memo)).not.toThrow();
    expect(memo.changed).toBe(true);
  });
});
