import fs from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { FINGERPRINT_KEY, renderSarif } from '../../src/report/sarif';
import { fixturePath } from '../helpers/shared';
import { FIXTURE_NAMES, largeResult, loadResult } from './load-result';

const sarifSchema = JSON.parse(fs.readFileSync(fixturePath('report', 'sarif-schema-2.1.0-rtm.5.json'), 'utf8'));
// unicodeRegExp off: the schema's `language` pattern (`…]?$`) is valid only without the u flag.
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(sarifSchema);

// Loose views of the parts of a SARIF log the assertions read.
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; justification: string }[];
  baselineState?: string;
  properties: Record<string, unknown>;
}
interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; help: { text: string } }[] } };
  invocations: { toolConfigurationNotifications: { message: { text: string } }[] }[];
  results: SarifResult[];
  properties: { outcome: string };
}

function render(name: Parameters<typeof loadResult>[0]): SarifRun {
  const log = JSON.parse(renderSarif(loadResult(name)));
  expect(log.version).toBe('2.1.0');
  return log.runs[0] as SarifRun;
}

describe('renderSarif', () => {
  it.each(FIXTURE_NAMES)('renders %s as a log valid against the SARIF 2.1.0 schema', (name) => {
    const ok = validate(JSON.parse(renderSarif(loadResult(name))));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail: a result without a message is rejected', () => {
    const log = JSON.parse(renderSarif(loadResult('fail-license-and-advisory')));
    delete log.runs[0].results[0].message;
    expect(validate(log)).toBe(false);
  });

  it('names the tool and has one rule per check kind plus depvet/incomplete, each with help', () => {
    const run = render('pass-all-clean');
    expect(run.tool.driver.name).toBe('depvet');
    expect(run.tool.driver.version).toBe('0.1.0');
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([
      'depvet/license',
      'depvet/names',
      'depvet/advisories',
      'depvet/base-image',
      'depvet/incomplete',
    ]);
    for (const rule of run.tool.driver.rules) expect(rule.help.text.length).toBeGreaterThan(20);
    expect(run.results).toEqual([]);
    expect(run.properties.outcome).toBe('pass');
  });

  it('maps failing findings to errors and warnings to warnings, with file:line and fingerprints', () => {
    const run = render('fail-license-and-advisory');
    const byPackage = new Map(run.results.map((r) => [r.properties.package, r]));
    const chardet = byPackage.get('chardet')!;
    expect(chardet.ruleId).toBe('depvet/license');
    expect(run.tool.driver.rules[chardet.ruleIndex]!.id).toBe('depvet/license');
    expect(chardet.level).toBe('error');
    expect(chardet.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'crypto/Pipfile.lock' }, region: { startLine: 20 } });
    expect(chardet.partialFingerprints[FINGERPRINT_KEY]).toBe('fp-lic-chardet');
    expect(chardet.properties).toMatchObject({ version: '3.0.4', images: ['crypto'], evidence: { raw: 'LGPL' } });
    const requests = byPackage.get('requests')!;
    expect(requests.ruleId).toBe('depvet/advisories');
    expect(requests.properties.images).toEqual(['crypto', 'tools']);
    expect(byPackage.get('reqeusts')!.level).toBe('warning');
    expect(run.properties.outcome).toBe('fail');
  });

  it('reports could-not-check entries as depvet/incomplete errors, never as a clean result', () => {
    const run = render('incomplete-registry-unavailable');
    expect(run.results).toHaveLength(3);
    for (const r of run.results) {
      expect(r.ruleId).toBe('depvet/incomplete');
      expect(r.level).toBe('error');
      expect(r.locations![0]!.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
    expect(run.results[1]!.message.text).toContain('OSV query timed out');
    // The entry without its own location is placed at the package's occurrence.
    expect(run.results[1]!.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'python3/Pipfile.lock' }, region: { startLine: 25 } });
    expect(run.properties.outcome).toBe('incomplete');
    // Fingerprints are stable across renders and distinct between entries.
    const again = render('incomplete-registry-unavailable');
    const prints = run.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(again.results.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).toEqual(prints);
    expect(new Set(prints).size).toBe(3);
  });

  it('marks approved and ignored findings with an external suppression and the reason', () => {
    const run = render('suppressed-approval-and-ignore');
    const chardet = run.results.find((r) => r.properties.package === 'chardet')!;
    expect(chardet.suppressions).toEqual([expect.objectContaining({ kind: 'external', status: 'accepted' })]);
    expect(chardet.suppressions![0]!.justification).toContain('legal ticket LEGAL-42');
    expect(run.invocations[0]!.toolConfigurationNotifications.map((n) => n.message.text)).toEqual([
      'approval for pycryptodome (LicenseRef-OCB) matched no package',
      'ignore of GHSA-9wx4-h78v-vm56 for requests expired on 2026-01-01',
    ]);
  });

  it('in diff mode marks existing findings unchanged (not errors) and new ones new', () => {
    const run = render('diff-existing-and-new');
    const urllib3 = run.results.find((r) => r.properties.package === 'urllib3')!;
    const pyyaml = run.results.find((r) => r.properties.package === 'pyyaml')!;
    expect(urllib3.baselineState).toBe('unchanged');
    expect(urllib3.level).toBe('warning');
    expect(urllib3.message.text).toContain('already there');
    expect(pyyaml.baselineState).toBe('new');
    expect(pyyaml.level).toBe('error');
  });

  it('percent-encodes hostile paths into valid URI references and keeps names as data', () => {
    const run = render('hostile-package-names');
    const uris = run.results.map((r) => r.locations![0]!.physicalLocation.artifactLocation.uri);
    expect(uris[0]).toBe('img%3Cb%3E/requirements%20%26%20more.txt');
    expect(run.results[0]!.properties.package).toBe('<script>alert(1)</script>');
  });

  it('stays valid for a large result', () => {
    expect(validate(JSON.parse(renderSarif(largeResult(2000))))).toBe(true);
  });
});
