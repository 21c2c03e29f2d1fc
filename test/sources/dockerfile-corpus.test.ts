// Corpus scale: every Dockerfile and build.conf of demisto/dockerfiles (../shared/corpus/dockerfiles).
import fs from 'node:fs';
import { parseBuildConf } from '../../src/sources/build-conf';
import { parseDockerfile } from '../../src/sources/dockerfile';
import { describeWithShared, hasShared, sharedPath } from '../helpers/shared';

interface IndexRow {
  image: string;
  status: string;
  finalFrom: string;
  buildConfVersion: string;
}

function readIndex(): IndexRow[] {
  const [header, ...rows] = fs.readFileSync(sharedPath('corpus', 'dockerfiles', 'INDEX.tsv'), 'utf8').trim().split('\n');
  const columns = (header ?? '').split('\t');
  const at = (name: string): number => columns.indexOf(name);
  return rows.map((row) => {
    const cells = row.split('\t');
    return {
      image: cells[at('image')] ?? '',
      status: cells[at('status')] ?? '',
      finalFrom: cells[at('final_FROM')] ?? '',
      buildConfVersion: cells[at('build_conf_version')] ?? '',
    };
  });
}

describeWithShared('Dockerfile and build.conf corpus (demisto/dockerfiles)', () => {
  const rows = hasShared ? readIndex() : [];
  const dir = (image: string, file: string): string => sharedPath('corpus', 'dockerfiles', image, file);

  test('INDEX.tsv lists all 261 images', () => {
    expect(rows).toHaveLength(261);
  });

  test('every Dockerfile parses and its final FROM is the one INDEX.tsv records', () => {
    const mismatches: string[] = [];
    let withPackagesOrIncludes = 0;
    for (const row of rows) {
      const manifest = parseDockerfile(fs.readFileSync(dir(row.image, 'Dockerfile'), 'utf8'), `${row.image}/Dockerfile`);
      const final = manifest.stages[manifest.finalStage];
      if (final?.image !== row.finalFrom) mismatches.push(`${row.image}: ${final?.image} != ${row.finalFrom}`);
      if (manifest.packages.length + manifest.includes.length > 0) withPackagesOrIncludes++;
      for (const ref of manifest.packages) {
        expect(ref.location.line).toBeGreaterThan(0);
        expect(ref.location.file).toBe(`${row.image}/Dockerfile`);
      }
    }
    expect(mismatches).toEqual([]);
    // Nearly every image pip-installs its generated requirements.txt; a silent regression would drop this.
    expect(withPackagesOrIncludes).toBeGreaterThan(230);
  });

  test('every build.conf parses; version and status agree with INDEX.tsv', () => {
    const mismatches: string[] = [];
    let read = 0;
    for (const row of rows) {
      const path = dir(row.image, 'build.conf');
      if (!fs.existsSync(path)) continue;
      read++;
      const conf = parseBuildConf(fs.readFileSync(path, 'utf8'), `${row.image}/build.conf`);
      if ((conf.version ?? '') !== row.buildConfVersion) mismatches.push(`${row.image}: version ${conf.version} != ${row.buildConfVersion}`);
      const status = conf.deprecated ? 'deprecated' : conf.devonly ? 'devonly' : 'active';
      if (status !== row.status) mismatches.push(`${row.image}: status ${status} != ${row.status}`);
      if (conf.deprecated) expect(conf.deprecatedReason).toBeDefined();
    }
    expect(read).toBe(260);
    expect(mismatches).toEqual([]);
  });
});
