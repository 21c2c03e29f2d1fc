import { pipReleasesFromPypiProject, resolveNpmVersion, resolvePipVersion, type PipRelease } from '../../../src/checks/advisories/resolve-version';
import type { PypiFile, PypiProject } from '../../../src/registries/pypi';

const rel = (version: string, extra: Partial<PipRelease> = {}): PipRelease => ({ version, yanked: false, fileCount: 1, ...extra });

describe('resolvePipVersion', () => {
  const releases = [
    rel('1.0'),
    rel('1.5'),
    rel('2.0', { yanked: true }),
    rel('2.1', { requiresPython: ['>=3.12'] }),
    rel('2.2rc1'),
    rel('2.2.dev0', { fileCount: 0 }),
    rel('not-pep-440'),
  ];

  it('picks the newest non-yanked final release for the target Python, and says how', () => {
    const result = resolvePipVersion(releases, '>=1.0', '3.11');
    expect(result).toEqual({
      status: 'resolved',
      version: '1.5',
      description:
        'resolved ">=1.0" to 1.5: the newest matching release for Python 3.11 (7 releases on the index; skipped 1 yanked release, 1 release not for Python 3.11, 1 release without files, 1 non-PEP 440 version)',
    });
    expect(resolvePipVersion(releases, '', '3.12')).toMatchObject({ version: '2.1' });
    expect(resolvePipVersion(releases, '<2', undefined)).toMatchObject({ version: '1.5' });
  });

  it('takes a pre-release only when the specifier names one or nothing else matches', () => {
    expect(resolvePipVersion(releases, '>=2.2rc1', '3.11')).toMatchObject({ version: '2.2rc1' });
    expect(resolvePipVersion(releases, '>2.1', '3.12')).toMatchObject({ version: '2.2rc1', description: expect.stringMatching(/a pre-release/) });
  });

  it('installs a yanked release only when pinned exactly (PEP 592)', () => {
    expect(resolvePipVersion(releases, '==2.0', '3.11')).toMatchObject({ version: '2.0' });
    expect(resolvePipVersion(releases, '>=2.0,<2.1', '3.11')).toMatchObject({ status: 'unresolved' });
  });

  it('treats a requires_python pip cannot parse as no constraint, and explains failures', () => {
    expect(resolvePipVersion([rel('1.0', { requiresPython: ['>=3.6.*garbage'] })], '', '3.11')).toMatchObject({ version: '1.0' });
    expect(resolvePipVersion(releases, '>=9', '3.11')).toMatchObject({ status: 'unresolved', reason: expect.stringMatching(/no installable release satisfies ">=9"/) });
    expect(resolvePipVersion(releases, '=>1', '3.11')).toMatchObject({ status: 'unresolved', reason: expect.stringMatching(/not a valid PEP 440 specifier/) });
  });

  it('reads a PyPI project document', () => {
    const file = (yanked: boolean, requires_python: string | null): PypiFile => ({
      filename: 'x.whl', packagetype: 'bdist_wheel', upload_time_iso_8601: null, yanked, yanked_reason: null, requires_python,
    });
    const project = { releases: { '1.0': [file(true, null), file(true, null)], '1.1': [file(false, '>=3.8')], '1.2': [] } } as unknown as PypiProject;
    expect(pipReleasesFromPypiProject(project)).toEqual([
      { version: '1.0', yanked: true, requiresPython: [null, null], fileCount: 2 },
      { version: '1.1', yanked: false, requiresPython: ['>=3.8'], fileCount: 1 },
      { version: '1.2', yanked: false, requiresPython: [], fileCount: 0 },
    ]);
  });
});

describe('resolveNpmVersion', () => {
  const versions = ['1.0.0', '1.2.0', '1.3.0-beta.1', '2.0.0'];
  it('prefers the latest tag when it satisfies, else the highest match', () => {
    expect(resolveNpmVersion(versions, '^1.0.0', '1.0.0')).toMatchObject({ version: '1.0.0' });
    expect(resolveNpmVersion(versions, '^1.0.0', '2.0.0')).toMatchObject({ version: '1.2.0' });
    expect(resolveNpmVersion(versions, '>=3')).toMatchObject({ status: 'unresolved' });
  });
});
