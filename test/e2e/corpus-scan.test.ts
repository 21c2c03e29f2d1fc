// Issue 7 acceptance: the whole demisto/dockerfiles corpus scanned against the fake registry (generated license
// metadata for every package, every real OSV record of ../shared/osv), every report format rendered, json and
// sarif validated against their schemas, every one of the 261 images reported; advisories online equal offline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import { renderReport, REPORT_FORMATS } from '../../src/report';
import { scan } from '../../src/scan/scan';
import type { ScanResult } from '../../src/scan/result';
import type { FakeRegistry } from '../fake-registry/server';
import { describeWithShared, fixturePath, hasShared, sharedPath } from '../helpers/shared';
import { runCli } from '../cli/run-cli';
import { startCorpusRegistry } from './corpus-registry';

jest.setTimeout(180_000);

describeWithShared('whole-corpus scan through the fake registry', () => {
  const corpus = sharedPath('corpus', 'dockerfiles');
  const osvDir = sharedPath('osv', 'pypi');
  let fake: FakeRegistry;
  let cache: string;
  let result: ScanResult;
  const rendered = new Map<string, string>();

  beforeAll(async () => {
    if (!hasShared) return;
    fake = await startCorpusRegistry(corpus, osvDir);
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-corpus-'));
    result = await scan([corpus], {
      env: {},
      registry: { pypiUrl: fake.pypiUrl, osvUrl: fake.osvUrl, npmRegistry: fake.npmUrl, cacheDir: cache, retries: 2 },
      // Retries (without waiting) absorb a transient loopback reset; the reports are what is tested.
      httpHooks: { sleep: async () => undefined },
      now: new Date('2026-11-26T00:00:00Z'),
    });
    for (const format of REPORT_FORMATS) rendered.set(format, renderReport(format, result));
  });
  afterAll(async () => {
    if (!hasShared) return;
    await fake.close();
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it('reports each of the 261 images', () => {
    expect(result.images).toHaveLength(261);
    const text = rendered.get('text')!;
    const json = JSON.parse(rendered.get('json')!) as ScanResult;
    expect(json.images.map((i) => i.name).sort()).toEqual(fs.readdirSync(corpus).filter((d) => fs.existsSync(path.join(corpus, d, 'Dockerfile'))).sort());
    // Every image with a finding is named in the text report.
    const withFindings = new Set(result.findings.flatMap((f) => f.images));
    for (const image of withFindings) expect(text).toContain(image);
  });

  it('every package was answered: nothing is incomplete but the requirements no registry can vet', () => {
    const reasons = result.couldNotCheck.map((c) => c.reason);
    expect(reasons.filter((r) => !/^(vcs|url|path|editable) requirement .*cannot be checked$/.test(r))).toEqual([]);
    expect(result.packages.length).toBeGreaterThan(1000);
  });

  it('the json report validates against docs/report.schema.json', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'report.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(JSON.parse(rendered.get('json')!))).toBe(true);
  });

  it('the sarif report validates against the SARIF 2.1.0 schema', () => {
    const schema = JSON.parse(fs.readFileSync(fixturePath('report', 'sarif-schema-2.1.0-rtm.5.json'), 'utf8')) as object;
    const validate = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    const sarif = JSON.parse(rendered.get('sarif')!) as { runs: { results: unknown[] }[] };
    expect(validate(sarif)).toBe(true);
    // One SARIF result per finding and per could-not-check entry (the latter as depvet/incomplete results).
    expect(sarif.runs[0]!.results.length).toBe(result.findings.length + result.couldNotCheck.length);
  });

  it('every other format renders, and markdown stays under 65,000 characters', () => {
    for (const format of REPORT_FORMATS) expect(rendered.get(format)!.length).toBeGreaterThan(0);
    expect(rendered.get('markdown')!.length).toBeLessThanOrEqual(65_000);
    expect(JSON.parse(rendered.get('gitlab')!)).toBeInstanceOf(Array);
    expect(rendered.get('junit')!).toMatch(/^<\?xml/);
  });

  it('finds real advisories, and the same ones offline from the OSV files as online', async () => {
    const online = result.findings.filter((f) => f.check === 'advisories');
    expect(online.length).toBeGreaterThan(0);
    const offline = await scan([corpus], {
      env: {},
      checks: ['advisories'],
      osvDb: osvDir,
      registry: { pypiUrl: fake.pypiUrl, osvUrl: fake.osvUrl, npmRegistry: fake.npmUrl, cacheDir: cache, retries: 2 },
      // Retries (without waiting) absorb a transient loopback reset; the reports are what is tested.
      httpHooks: { sleep: async () => undefined },
      now: new Date('2026-11-26T00:00:00Z'),
    });
    // The fake OSV answers from each record's explicit `versions` list, which stops at the releases known when the
    // record was written; OSV's own API (and depvet's offline matcher) also follow open-ended ranges. So offline may
    // find more, and each extra one must be a version past its record's list, inside its ranges.
    const onlineKeys = new Set(online.map((f) => f.fingerprint));
    const extra = offline.findings.filter((f) => !onlineKeys.has(f.fingerprint));
    expect(online.every((f) => offline.findings.some((o) => o.fingerprint === f.fingerprint))).toBe(true);
    for (const finding of extra) {
      for (const id of finding.evidence['recordIds'] as string[]) {
        const record = JSON.parse(fs.readFileSync(path.join(osvDir, `${id}.json`), 'utf8')) as { affected: { versions?: string[] }[] };
        expect(record.affected.some((a) => a.versions?.includes(finding.package.version!))).toBe(false);
      }
    }
    expect(extra.length).toBeLessThan(online.length);
  });

  it('through the CLI, the exit code says fail', async () => {
    const run = await runCli(['scan', corpus, '--pypi-url', fake.pypiUrl, '--osv-url', fake.osvUrl, '--cache-dir', cache, '--format', 'json', '--output', 'ignored.json']);
    expect(run.code).toBe(1);
  });
});
