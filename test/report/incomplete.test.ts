// Could-not-check entries grouped by cause: what each registry failure reads as, and how other reasons group.
import { causeOf, causeGroups } from '../../src/report/incomplete';
import { uncheckedPackages } from '../../src/report/common';
import type { ReportedCouldNotCheck } from '../../src/scan/result';
import { loadResult, networkDownResult } from './load-result';

function entry(reason: string, name = 'pkg', version = '1.0'): ReportedCouldNotCheck {
  return { check: 'license', package: { ecosystem: 'PyPI', name, normalizedName: name, version }, reason, images: [] };
}

describe('causeOf', () => {
  it.each([
    ['PyPI lookup of pkg 1.0 failed: https://pypi.org/pypi/pkg/1.0/json: connection: ENOTFOUND: getaddrinfo ENOTFOUND pypi.org', 'PyPI unreachable (ENOTFOUND pypi.org)', 'use --offline, --snapshot or --pypi-url'],
    ['PyPI lookup of pkg 1.0 failed: https://pypi.org/pypi/pkg/1.0/json: unreachable: ENOTFOUND: getaddrinfo ENOTFOUND pypi.org (not tried: the host could not be reached earlier in this run)', 'PyPI unreachable (ENOTFOUND pypi.org)', 'use --offline, --snapshot or --pypi-url'],
    ['OSV query failed: http://127.0.0.1:9/v1/querybatch: connection: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9', 'OSV unreachable (ECONNREFUSED 127.0.0.1:9)', 'use --offline, --osv-db, --snapshot or --osv-url'],
    ['npm registry lookup failed: https://registry.npmjs.org/left-pad: timeout: timed out after 30000 ms', 'npm registry timed out (registry.npmjs.org)', 'use --offline, --snapshot or --npm-registry'],
    ['PyPI lookup of pkg 1.0 failed: https://mirror.example/pypi/pkg/1.0/json: http-status: HTTP 503 Service Unavailable after 3 attempts', 'PyPI answered HTTP 503 (mirror.example)', 'use --offline, --snapshot or --pypi-url'],
    ['PyPI lookup of pkg 1.0 failed: https://pypi.org/pypi/pkg/1.0/json: offline-miss: not in the cache (offline)', 'PyPI: not in the cache (offline)', 'run the scan online once to fill the cache, or use --snapshot'],
    ['OSV query failed: https://api.osv.dev/v1/querybatch: offline-miss: no recorded answer in the snapshot', 'OSV: no recorded answer in the snapshot', 'record the snapshot again (depvet snapshot) after this change'],
  ])('%s', (reason, cause, hint) => {
    expect(causeOf(entry(reason))).toMatchObject({ cause, hint });
  });

  it('never shows the URL, so no credential in it can leak, only the host', () => {
    const got = causeOf(entry('PyPI lookup of pkg 1.0 failed: https://u:S3cret@mirror.example/pypi/pkg/1.0/json: connection: ECONNRESET: socket hang up'));
    expect(got.cause).toBe('PyPI unreachable (ECONNRESET mirror.example)');
    expect(JSON.stringify(got)).not.toMatch(/S3cret|\/pypi\//);
  });

  it('names an unusable answer without a hint (retrying elsewhere does not help)', () => {
    expect(causeOf(entry('PyPI lookup of pkg 1.0 failed: https://pypi.org/pypi/pkg/1.0/json: schema: /info/license must be string'))).toEqual({
      key: 'PyPI gave an unusable answer (schema, pypi.org)',
      cause: 'PyPI gave an unusable answer (schema, pypi.org)',
    });
  });

  it('groups any other reason across packages by taking out the package name and version', () => {
    expect(causeOf(entry('no project named foo-bar on PyPI', 'foo-bar')).key).toBe('no project named … on PyPI');
    expect(causeOf(entry('no project named other on PyPI', 'other')).key).toBe('no project named … on PyPI');
    // A name that is part of a longer word stays.
    expect(causeOf(entry('requests-toolbelt is yanked', 'requests')).key).toBe('requests-toolbelt is yanked');
  });
});

describe('causeGroups and uncheckedPackages', () => {
  it('puts each package once per cause, the largest cause first, with every check it affected', () => {
    const groups = causeGroups(networkDownResult(3));
    expect(groups.map((g) => [g.cause, g.checks, g.packages.length, g.entries.length])).toEqual([
      ['PyPI unreachable (ENOTFOUND pypi.org)', ['license', 'names'], 3, 6],
      ['OSV unreachable (ENOTFOUND api.osv.dev)', ['advisories'], 3, 3],
    ]);
  });

  it('uses the reason itself for a cause only one package has', () => {
    const result = loadResult('pass-all-clean');
    result.couldNotCheck = [entry('no project named lonely on PyPI', 'lonely')].map((e) => ({ ...e, images: ['python3'] }));
    expect(causeGroups(result).map((g) => g.cause)).toEqual(['no project named lonely on PyPI']);
  });

  it('counts a package once whatever number of its checks failed, and joins an entry that lost its version', () => {
    const result = networkDownResult(4);
    for (const e of result.couldNotCheck) {
      if (e.check !== 'advisories') continue;
      const { version: _dropped, ...withoutVersion } = e.package;
      e.package = withoutVersion;
    }
    const packages = uncheckedPackages(result);
    expect(packages.map((p) => [p.label, p.entries.length])).toEqual([
      ['pkg-0 1.0.0', 3],
      ['pkg-1 1.0.1', 3],
      ['pkg-2 1.0.2', 3],
      ['pkg-3 1.0.3', 3],
    ]);
  });
});
