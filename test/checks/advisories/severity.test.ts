import { advisorySeverity, cvssBaseScore, severityFromScore } from '../../../src/checks/advisories/severity';
import type { OsvVulnerability } from '../../../src/registries/osv-record';

const base = { modified: '2024-01-01T00:00:00Z' };

describe('CVSS scores (known vectors from FIRST examples / NVD)', () => {
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', 9.3],
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5],
  ])('%s -> %d', (vector, score) => {
    expect(cvssBaseScore(vector)).toBe(score);
  });

  it('rejects incomplete or foreign vectors', () => {
    expect(cvssBaseScore('CVSS:3.1/AV:N')).toBeUndefined();
    expect(cvssBaseScore('high')).toBeUndefined();
  });

  it('bands scores per CVSS', () => {
    expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(severityFromScore)).toEqual([
      'info', 'low', 'low', 'medium', 'medium', 'high', 'high', 'critical', 'critical',
    ]);
  });
});

describe('advisorySeverity', () => {
  it('prefers v4 over v3, and the package entry over the record', () => {
    const record: OsvVulnerability = {
      ...base,
      id: 'GHSA-1',
      severity: [
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
        { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N' },
      ],
    };
    const top = advisorySeverity(record, []);
    expect(top).toMatchObject({ source: 'cvss', vector: expect.stringMatching(/^CVSS:4\.0/) });
    const entry = { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N' }] };
    expect(advisorySeverity(record, [entry])).toMatchObject({ level: 'low', score: 3.1 });
  });

  it('falls back to the database label, then to the unknown setting', () => {
    expect(advisorySeverity({ ...base, id: 'GHSA-2', database_specific: { severity: 'MODERATE' } }, [])).toEqual({
      level: 'medium', source: 'database', label: 'MODERATE',
    });
    expect(advisorySeverity({ ...base, id: 'X-3' }, [{ ecosystem_specific: { severity: 'HIGH' } }]).level).toBe('high');
    expect(advisorySeverity({ ...base, id: 'PYSEC-1' }, [])).toEqual({ level: 'medium', source: 'unknown' });
    expect(advisorySeverity({ ...base, id: 'PYSEC-1' }, [], 'high').level).toBe('high');
    // A broken vector is no evidence: the label decides.
    expect(
      advisorySeverity({ ...base, id: 'X-4', severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/garbage' }], database_specific: { severity: 'LOW' } }, []).level,
    ).toBe('low');
  });

  it('makes malicious-package reports critical whatever else they say', () => {
    expect(advisorySeverity({ ...base, id: 'MAL-2024-1', database_specific: { severity: 'LOW' } }, [])).toEqual({ level: 'critical', source: 'malicious' });
    expect(advisorySeverity({ ...base, id: 'GHSA-9', aliases: ['MAL-2024-2'] }, []).level).toBe('critical');
  });
});
