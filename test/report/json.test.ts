import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { renderJson } from '../../src/report/json';
import { REPORT_SCHEMA_VERSION } from '../../src/scan/result';
import { FIXTURE_NAMES, largeResult, loadResult } from './load-result';

const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'report.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

describe('renderJson', () => {
  it.each(FIXTURE_NAMES)('renders %s as JSON valid against docs/report.schema.json', (name) => {
    const rendered = renderJson(loadResult(name));
    const parsed = JSON.parse(rendered);
    const ok = validate(parsed);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(parsed.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
  });

  it('keeps the result exactly (round trip) and ends with a newline', () => {
    const result = loadResult('suppressed-approval-and-ignore');
    const rendered = renderJson(result);
    expect(rendered.endsWith('}\n')).toBe(true);
    expect(JSON.parse(rendered)).toEqual(result);
  });

  it('validates a large generated result', () => {
    expect(validate(JSON.parse(renderJson(largeResult(500))))).toBe(true);
  });

  describe('the schema is strict', () => {
    it('rejects an unknown top-level or finding property', () => {
      const result = JSON.parse(renderJson(loadResult('fail-license-and-advisory')));
      expect(validate({ ...result, extra: 1 })).toBe(false);
      result.findings[0].surprise = true;
      expect(validate(result)).toBe(false);
    });

    it('rejects an unknown outcome, check or level', () => {
      const base = () => JSON.parse(renderJson(loadResult('fail-license-and-advisory')));
      const a = base();
      a.summary.outcome = 'ok';
      expect(validate(a)).toBe(false);
      const b = base();
      b.findings[0].check = 'malware';
      expect(validate(b)).toBe(false);
      const c = base();
      c.findings[0].level = 'fatal';
      expect(validate(c)).toBe(false);
    });

    it('requires a reason for every could-not-check entry', () => {
      const result = JSON.parse(renderJson(loadResult('incomplete-registry-unavailable')));
      delete result.couldNotCheck[0].reason;
      expect(validate(result)).toBe(false);
    });

    it('requires the schema version the code declares', () => {
      expect(schema.properties.schemaVersion.const).toBe(REPORT_SCHEMA_VERSION);
      const result = JSON.parse(renderJson(loadResult('pass-all-clean')));
      result.schemaVersion = '0.9';
      expect(validate(result)).toBe(false);
    });
  });
});
