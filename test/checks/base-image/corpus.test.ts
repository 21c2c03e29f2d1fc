// Corpus acceptance: every FROM of the 261 demisto/dockerfiles images is judged; the final FROMs outside
// `demisto/` and the official `python` image are exactly those INDEX.tsv lists, each reported at its file:line.
import fs from 'node:fs';
import { checkBaseImages } from '../../../src/checks/base-image/check';
import { defaultBasePolicy } from '../../../src/checks/base-image/policy';
import { parseDockerfile } from '../../../src/sources/dockerfile';
import { describeWithShared, sharedPath } from '../../helpers/shared';

describeWithShared('base-image policy on the demisto/dockerfiles corpus', () => {
  const corpus = sharedPath('corpus', 'dockerfiles');
  const rows = fs
    .readFileSync(sharedPath('corpus', 'dockerfiles', 'INDEX.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cells = line.split('\t');
      return { image: cells[0] as string, finalFrom: cells[4] as string };
    });
  const texts = new Map(rows.map((row) => [row.image, fs.readFileSync(`${corpus}/${row.image}/Dockerfile`, 'utf8')]));
  const dockerfiles = rows.map((row) => ({ image: row.image, manifest: parseDockerfile(texts.get(row.image) as string, `${row.image}/Dockerfile`) }));
  const findings = checkBaseImages(dockerfiles, defaultBasePolicy('demisto'));

  /** FROM lines found with a plain regex, independent of the parser (the corpus has no continued FROM lines). */
  const fromLines = (text: string): number[] =>
    text.split('\n').flatMap((line, i) => (/^\s*FROM\s/i.test(line) ? [i + 1] : []));

  it('reads all 261 images', () => {
    expect(rows).toHaveLength(261);
  });

  it('judges every FROM, including the extra stages of multi-stage builds', () => {
    const stageCount = dockerfiles.reduce((n, d) => n + d.manifest.stages.length, 0);
    const lineCount = [...texts.values()].reduce((n, text) => n + fromLines(text).length, 0);
    expect(stageCount).toBe(lineCount);
    // Measured at corpus commit 8a38d136: 261 final FROMs plus 7 build stages in 6 multi-stage Dockerfiles.
    expect(stageCount).toBe(268);
    expect(dockerfiles.filter((d) => d.manifest.stages.length > 1)).toHaveLength(6);
  });

  it('reports each final FROM outside demisto/ and python that INDEX.tsv lists, at its file and line', () => {
    const official = /^(docker\.io\/)?(library\/)?python(:|@|$)/;
    const outside = rows.filter((row) => !row.finalFrom.startsWith('demisto/') && !official.test(row.finalFrom));
    // INDEX.tsv gives the last FROM as written: `FROM base` in m2crypto names an earlier stage (`AS base`), whose
    // own FROM is the one judged, so it is no base of its own.
    const stageRefs = outside.filter((row) => new RegExp(`\\sAS\\s+${row.finalFrom}\\s*$`, 'im').test(texts.get(row.image) as string));
    expect(stageRefs.map((row) => row.image)).toEqual(['m2crypto']);
    const expected = outside.filter((row) => !stageRefs.includes(row));

    const finalNotAllowed = findings.filter((f) => f.kind === 'base-not-allowed' && f.evidence.finalStage === true);
    expect(finalNotAllowed).toHaveLength(expected.length);
    expect(expected.length).toBe(14);
    for (const row of expected) {
      const lastFrom = fromLines(texts.get(row.image) as string).pop();
      const finding = finalNotAllowed.find((f) => f.evidence.dockerImage === row.image);
      expect({ image: row.image, location: finding?.location, written: finding?.evidence.image }).toEqual({
        image: row.image,
        location: { file: `${row.image}/Dockerfile`, line: lastFrom },
        written: row.finalFrom,
      });
    }
  });

  it('reports the foreign build stages too, and nothing else in the corpus', () => {
    const byKind = new Map<string, number>();
    for (const f of findings) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
    const buildStages = findings.filter((f) => f.kind === 'base-not-allowed' && f.evidence.finalStage === false);
    expect(buildStages.map((f) => `${f.location?.file}:${f.location?.line}`).sort()).toEqual([
      'fetch-data/Dockerfile:1',
      'ml/Dockerfile:2',
      'python3-ubi/Dockerfile:4',
      'yolo-coco/Dockerfile:2',
    ]);
    // Every corpus FROM carries an explicit tag and needs no build argument.
    expect(Object.fromEntries(byKind)).toEqual({ 'base-not-allowed': 18 });
    expect(findings.every((f) => f.location !== undefined && f.location.line > 0)).toBe(true);
  });
});
