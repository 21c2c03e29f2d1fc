import { groupByAliases, preferredId } from '../../../src/checks/advisories/aliases';
import type { OsvVulnerability } from '../../../src/registries/osv-record';

const rec = (id: string, aliases: string[] = []): OsvVulnerability => ({ id, modified: '2024-01-01T00:00:00Z', aliases });

describe('groupByAliases', () => {
  it('merges records that alias each other, in either direction and transitively', () => {
    const groups = groupByAliases([
      rec('PYSEC-2021-1', ['CVE-2021-1']),
      rec('GHSA-aaaa', ['CVE-2021-1']),
      rec('PYSEC-2021-2'),
      rec('OSV-1', ['PYSEC-2021-2']),
      rec('PYSEC-2021-3', ['CVE-2021-3']),
    ]);
    expect(groups.map((group) => [group.id, group.records.map((r) => r.id).sort(), group.ids])).toEqual([
      ['GHSA-aaaa', ['GHSA-aaaa', 'PYSEC-2021-1'], ['CVE-2021-1', 'GHSA-aaaa', 'PYSEC-2021-1']],
      ['PYSEC-2021-2', ['OSV-1', 'PYSEC-2021-2'], ['OSV-1', 'PYSEC-2021-2']],
      ['PYSEC-2021-3', ['PYSEC-2021-3'], ['CVE-2021-3', 'PYSEC-2021-3']],
    ]);
  });

  it('names groups by the configured prefix order', () => {
    const groups = groupByAliases([rec('PYSEC-2021-1', ['CVE-2021-1', 'GHSA-x'])], ['CVE', 'PYSEC']);
    expect(groups[0]!.id).toBe('CVE-2021-1');
    expect(preferredId(['ZZZ-1', 'AAA-1'], new Set(['ZZZ-1']), ['GHSA'])).toBe('ZZZ-1');
  });
});
