import Ajv from 'ajv';
import { renderGitlab, type CodeQualityIssue } from '../../src/report/gitlab';
import { FIXTURE_NAMES, largeResult, loadResult } from './load-result';

// The fields GitLab's Code Quality widget reads (docs.gitlab.com/ci/testing/code_quality/, "Code Quality report format").
const codeQualitySchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          path: { type: 'string', minLength: 1 },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 } } },
        },
      },
    },
  },
};
const validate = new Ajv({ allErrors: true }).compile(codeQualitySchema);

const render = (name: Parameters<typeof loadResult>[0]): CodeQualityIssue[] => JSON.parse(renderGitlab(loadResult(name)));

describe('renderGitlab', () => {
  it.each(FIXTURE_NAMES)('renders %s as Code Quality issues with unique fingerprints', (name) => {
    const issues = render(name);
    expect(validate(issues)).toBe(true);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  });

  it('renders a clean result as an empty array', () => {
    expect(renderGitlab(loadResult('pass-all-clean'))).toBe('[]\n');
  });

  it('maps failing findings to major or above, warnings to minor, with path and line', () => {
    const issues = render('fail-license-and-advisory');
    const chardet = issues.find((i) => i.description.startsWith('chardet==3.0.4'))!;
    expect(chardet).toEqual({
      description: 'chardet==3.0.4: chardet 3.0.4 is licensed LGPL-2.1-only, which the policy denies',
      check_name: 'depvet/license/license-denied',
      fingerprint: 'fp-lic-chardet',
      severity: 'critical',
      location: { path: 'crypto/Pipfile.lock', lines: { begin: 20 } },
    });
    expect(issues.find((i) => i.fingerprint === 'fp-lic-pycryptodome')!.severity).toBe('major');
    expect(issues.find((i) => i.fingerprint === 'fp-name-reqeusts')!.severity).toBe('minor');
    const pyyaml = render('diff-existing-and-new').find((i) => i.fingerprint === 'fp-diff-pyyaml')!;
    expect(pyyaml.severity).toBe('blocker');
  });

  it('reports could-not-check entries as major issues saying they are not a pass', () => {
    const issues = render('incomplete-registry-unavailable');
    expect(issues).toHaveLength(3);
    for (const issue of issues) {
      expect(issue.severity).toBe('major');
      expect(issue.check_name).toBe('depvet/incomplete');
      expect(issue.description).toContain('not a pass');
    }
    expect(issues[1]!.location).toEqual({ path: 'python3/Pipfile.lock', lines: { begin: 25 } });
    // Stable across runs.
    expect(render('incomplete-registry-unavailable').map((i) => i.fingerprint)).toEqual(issues.map((i) => i.fingerprint));
  });

  it('shows suppressed findings as info with the reason, existing ones as minor, and policy notes', () => {
    const issues = render('suppressed-approval-and-ignore');
    const chardet = issues.find((i) => i.fingerprint === 'fp-sup-chardet')!;
    expect(chardet.severity).toBe('info');
    expect(chardet.description).toMatch(/^\[suppressed by approval: used unmodified .*LEGAL-42\] chardet==3\.0\.4: /);
    const notes = issues.filter((i) => i.check_name.startsWith('depvet/policy/'));
    expect(notes.map((n) => n.check_name)).toEqual(['depvet/policy/approval-unused', 'depvet/policy/ignore-expired']);
    expect(notes[0]!.location.path).toBe('depvet.config.json');
    const existing = render('diff-existing-and-new').find((i) => i.fingerprint === 'fp-diff-urllib3')!;
    expect(existing.severity).toBe('minor');
    expect(existing.description).toMatch(/^\[already there, not failing\] /);
  });

  it('keeps colliding fingerprints distinct instead of letting GitLab drop an issue', () => {
    const result = loadResult('fail-license-and-advisory');
    result.findings[1]!.fingerprint = result.findings[0]!.fingerprint;
    const issues: CodeQualityIssue[] = JSON.parse(renderGitlab(result));
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  });

  it('renders thousands of findings', () => {
    const issues: CodeQualityIssue[] = JSON.parse(renderGitlab(largeResult(3000)));
    expect(issues).toHaveLength(3050);
    expect(validate(issues)).toBe(true);
  });
});
