import { bucketOf, couldNotCheckFingerprint, locate, outcomeOf, packageLabel, policyNoteFingerprint, summaryLine } from '../../src/report/common';
import { loadResult } from './load-result';

describe('report common', () => {
  it('buckets a finding by failing, then suppressed, then existing, then level', () => {
    const [f] = loadResult('fail-license-and-advisory').findings;
    expect(bucketOf({ ...f!, failing: true, suppressed: { by: 'approval', reason: 'r' } })).toBe('failing');
    expect(bucketOf({ ...f!, failing: false, suppressed: { by: 'approval', reason: 'r' }, existing: true })).toBe('suppressed');
    expect(bucketOf({ ...f!, failing: false, existing: true })).toBe('existing');
    expect(bucketOf({ ...f!, failing: false, level: 'error' })).toBe('warning');
    expect(bucketOf({ ...f!, failing: false, level: 'note' })).toBe('note');
  });

  it('derives the outcome from the data: failing beats incomplete, and could-not-check is never a pass', () => {
    expect(outcomeOf(loadResult('pass-all-clean'))).toBe('pass');
    expect(outcomeOf(loadResult('fail-license-and-advisory'))).toBe('fail');
    const incomplete = loadResult('incomplete-registry-unavailable');
    expect(outcomeOf(incomplete)).toBe('incomplete');
    incomplete.summary.outcome = 'pass';
    expect(outcomeOf(incomplete)).toBe('incomplete');
    const both = loadResult('fail-license-and-advisory');
    both.couldNotCheck = incomplete.couldNotCheck;
    expect(outcomeOf(both)).toBe('fail');
    const inconsistent = loadResult('pass-all-clean');
    inconsistent.summary.outcome = 'fail';
    expect(outcomeOf(inconsistent)).toBe('fail');
  });

  it('labels packages as each ecosystem writes a pin', () => {
    expect(packageLabel({ ecosystem: 'PyPI', name: 'Requests', normalizedName: 'requests', version: '2.0' })).toBe('Requests==2.0');
    expect(packageLabel({ ecosystem: 'npm', name: '@types/node', normalizedName: '@types/node', version: '20.1.0' })).toBe('@types/node@20.1.0');
    expect(packageLabel({ ecosystem: 'PyPI', name: 'mylib', normalizedName: 'mylib' })).toBe('mylib');
  });

  it('locates a record by its own location, its package occurrence in the same image, or the image source of truth', () => {
    const result = loadResult('fail-license-and-advisory');
    const requests = result.findings.find((f) => f.package.name === 'requests')!;
    expect(locate(result, requests)).toEqual({ file: 'crypto/Pipfile.lock', line: 12 });
    const { location: _dropped, ...withoutLocation } = requests;
    expect(locate(result, { ...withoutLocation, images: ['tools'] })).toEqual({ file: 'crypto/Pipfile.lock', line: 12 });
    const unknown = { package: { ecosystem: 'PyPI' as const, name: 'x', normalizedName: 'x' }, images: ['tools'] };
    expect(locate(result, unknown)).toEqual({ file: 'tools/Pipfile.lock', line: 1 });
    expect(locate(result, { ...unknown, images: [] })).toBeUndefined();
  });

  it('gives could-not-check entries and policy notes stable, distinct fingerprints', () => {
    const entries = loadResult('incomplete-registry-unavailable').couldNotCheck;
    const prints = entries.map(couldNotCheckFingerprint);
    expect(new Set(prints).size).toBe(prints.length);
    expect(couldNotCheckFingerprint({ ...entries[0]!, reason: 'another transient reason' })).toBe(prints[0]);
    expect(policyNoteFingerprint({ kind: 'ignore-unused', entry: { a: 1, b: 2 } })).toBe(policyNoteFingerprint({ kind: 'ignore-unused', entry: { b: 2, a: 1 } }));
    expect(policyNoteFingerprint({ kind: 'ignore-unused', entry: { a: 1 } })).not.toBe(policyNoteFingerprint({ kind: 'ignore-expired', entry: { a: 1 } }));
  });

  it('writes the summary line with counts in words', () => {
    expect(summaryLine(loadResult('suppressed-approval-and-ignore'))).toBe('PASS: no failing findings, 2 suppressed, 2 packages in 1 image');
    const noImages = loadResult('pass-all-clean');
    noImages.summary.images = 0;
    noImages.summary.packages = 1;
    expect(summaryLine(noImages)).toBe('PASS: no failing findings, 1 package');
  });
});
