// SBOMs in and out on the bundled example, from the bundled snapshot (no network): depvet's own CycloneDX of the
// tree, scanned again, gives the same packages and verdicts (the round trip of issue 17); the post-build flow
// reads an SBOM from standard input; VEX statements suppress what they say and unused ones are reported.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ScanResult } from '../../src/scan/result';
import { runCli } from '../cli/run-cli';

const ROOT = path.join(__dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-sbom-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const env = { DEPVET_CACHE_DIR: path.join(tmp, 'cache'), DEPVET_NPM_REGISTRY: 'http://127.0.0.1:9' };
const SNAPSHOT = path.join(ROOT, 'examples', 'snapshot');

async function scanJson(args: string[], options: { cwd?: string; stdin?: string } = {}): Promise<{ code: number; stderr: string; report: ScanResult }> {
  const run = await runCli(['scan', ...args, '--snapshot', SNAPSHOT, '--format', 'json'], { cwd: options.cwd ?? ROOT, env, ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });
  expect(run.stdout.trim().startsWith('{')).toBe(true);
  return { code: run.code, stderr: run.stderr, report: JSON.parse(run.stdout) as ScanResult };
}

/** What the issue's round trip compares: packages, licence verdicts, advisory and name findings and their state. */
function verdicts(report: ScanResult) {
  return {
    packages: report.packages.map((p) => `${p.normalizedName}@${p.version}`).sort(),
    licenses: report.packages.map((p) => `${p.normalizedName}@${p.version}: ${p.license?.expression} ${p.license?.verdict}`).sort(),
    findings: [...new Set(report.findings.map((f) => `${f.package.normalizedName}@${f.package.version} ${f.check}/${f.kind} ${String(f.evidence['id'] ?? f.evidence['expression'] ?? f.evidence['target'] ?? '')} ${f.failing ? 'failing' : f.suppressed ? `suppressed:${f.suppressed.by}` : 'not-failing'}`))].sort(),
    couldNotCheck: [...new Set(report.couldNotCheck.map((c) => `${c.package.normalizedName} ${c.check}: ${c.reason}`))].sort(),
    outcome: report.summary.outcome,
  };
}

let treeCycloneDx = '';
let tree: ScanResult;

beforeAll(async () => {
  const run = await runCli(['scan', 'examples/docker', '--snapshot', SNAPSHOT, '--format', 'json', '--format', 'cyclonedx', '--output', 'example.cdx.json'], { cwd: ROOT, env });
  expect(run.code).toBe(1);
  tree = JSON.parse(run.stdout) as ScanResult;
  treeCycloneDx = run.files.get(path.join(ROOT, 'example.cdx.json'))!;
  expect(treeCycloneDx).toBeDefined();
  fs.writeFileSync(path.join(tmp, 'example.cdx.json'), treeCycloneDx);
});

it("the round trip: scanning depvet's CycloneDX of the example gives the same packages and verdicts as the tree", async () => {
  // The SBOM lies outside the tree: the policy file (certifi's approval) is found upward from the current folder.
  const { code, report } = await scanJson([path.join(tmp, 'example.cdx.json')], { cwd: path.join(ROOT, 'examples', 'docker') });
  expect(code).toBe(1);
  expect(verdicts(report)).toEqual(verdicts(tree));
  expect(verdicts(report).findings).toContain('certifi@2024.2.2 license/license-needs-approval MPL-2.0 suppressed:approval');
  expect(report.packages.every((p) => p.occurrences.every((o) => o.relation === 'installed' && o.location.pointer?.startsWith('/components/')))).toBe(true);
  // The container components of the example's images are counted, not silently dropped.
  expect(report.diagnostics).toEqual([expect.objectContaining({ code: 'sbom-components-not-checked', message: expect.stringContaining('no purl (container) 4') })]);
});

it('without the policy file the approval is gone: the fallback to the current folder is what found it', async () => {
  const { report } = await scanJson([path.join(tmp, 'example.cdx.json')], { cwd: tmp });
  expect(verdicts(report).findings).toContain('certifi@2024.2.2 license/license-needs-approval MPL-2.0 failing');
});

it('post-build: an SBOM on standard input (`syft IMAGE -o cyclonedx-json | depvet scan -`)', async () => {
  const { code, report } = await scanJson(['-'], { cwd: path.join(ROOT, 'examples', 'docker'), stdin: treeCycloneDx });
  expect(code).toBe(1);
  expect(verdicts(report).packages).toEqual(verdicts(tree).packages);
  expect(report.packages[0]!.occurrences[0]!.location.file).toBe('<stdin>');
});

it('an SPDX document of the example scans to the same packages and licence verdicts', async () => {
  const run = await runCli(['scan', 'examples/docker', '--snapshot', SNAPSHOT, '--format', 'spdx'], { cwd: ROOT, env });
  const { report } = await scanJson(['-'], { cwd: path.join(ROOT, 'examples', 'docker'), stdin: run.stdout });
  expect(verdicts(report).packages).toEqual(verdicts(tree).packages);
  expect(verdicts(report).licenses).toEqual(verdicts(tree).licenses);
  // Licences the SBOM states are shown beside depvet's reading.
  expect(report.packages.find((p) => p.normalizedName === 'certifi')!.sbomLicenses).toEqual(['MPL-2.0']);
});

it('standard input that is empty, or read twice, is a usage or input error', async () => {
  const empty = await runCli(['scan', '-', '--snapshot', SNAPSHOT], { cwd: ROOT, env, stdin: '' });
  expect([empty.code, empty.stderr]).toEqual([2, 'depvet: <stdin>: standard input is empty\n']);
  const twice = await runCli(['scan', '-', '-'], { cwd: ROOT, env, stdin: 'idna==3.6\n' });
  expect(twice.code).toBe(2);
  expect(twice.stderr).toContain('standard input (-) can be read once');
});

describe('--vex', () => {
  const openvex = (statements: unknown[]) => JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.com/vex/1', author: 'security@example.com', timestamp: '2026-11-30T00:00:00Z', version: 1, statements });

  it('a not_affected statement with a justification suppresses the advisory, shown with the statement', async () => {
    const file = path.join(tmp, 'python3.openvex.json');
    fs.writeFileSync(
      file,
      openvex([
        {
          vulnerability: { name: 'CVE-2024-3651' },
          products: [{ '@id': 'pkg:docker/demisto/python3@1.0.0', subcomponents: [{ '@id': 'pkg:pypi/idna@3.6' }] }],
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
          impact_statement: 'idna.encode is never called on untrusted input',
        },
        { vulnerability: { name: 'CVE-2099-0001' }, products: [{ '@id': 'pkg:pypi/requests@2.31.0' }], status: 'not_affected', justification: 'component_not_present' },
        { vulnerability: { name: 'PYSEC-2021-142' }, products: [{ '@id': 'pkg:pypi/pyyaml' }], status: 'affected', action_statement: 'upgrade' },
      ]),
    );
    const { report } = await scanJson(['examples/docker', '--vex', file]);
    const idnaFindings = report.findings.filter((f) => f.package.name === 'idna');
    // The statement names the python3 image; crypto and webhook-tools inherit idna from it, so the finding filed
    // at python3's lock is covered for all three. http-client gets idna from requests, not from python3: not covered.
    const idna = idnaFindings.filter((f) => f.images.includes('python3'));
    expect(idna).toHaveLength(1);
    expect(idna[0]!.failing).toBe(false);
    expect(idnaFindings.filter((f) => !f.images.includes('python3')).map((f) => [f.images, f.failing])).toEqual([[['http-client'], true]]);
    expect(idna[0]!.suppressed).toMatchObject({ by: 'vex', vex: { pointer: '/statements/0', status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' } });
    expect(idna[0]!.suppressed!.reason).toContain('idna.encode is never called on untrusted input');
    expect(report.findings.find((f) => f.package.name === 'pyyaml')!.failing).toBe(true);
    expect(report.policyNotes.map((n) => [n.kind, n.entry['pointer']])).toEqual([
      ['vex-unused', '/statements/1'],
      ['vex-not-applied', '/statements/2'],
    ]);
    // The CycloneDX of the same scan states the analysis once every place of idna 3.6 is covered (with the statement
    // above, http-client's is not, so the component as a whole is affected): a statement for the package itself.
    const everywhere = path.join(tmp, 'idna.openvex.json');
    fs.writeFileSync(
      everywhere,
      openvex([{ vulnerability: { name: 'CVE-2024-3651' }, products: [{ '@id': 'pkg:pypi/idna@3.6' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' }]),
    );
    const run = await runCli(['scan', 'examples/docker', '--snapshot', SNAPSHOT, '--vex', everywhere, '--format', 'cyclonedx'], { cwd: ROOT, env });
    const vuln = (JSON.parse(run.stdout) as { vulnerabilities: { id: string; analysis?: { state: string; justification?: string } }[] }).vulnerabilities.find((v) => v.id === 'PYSEC-2024-60')!;
    expect(vuln.analysis).toMatchObject({ state: 'not_affected', justification: 'code_not_reachable' });
  });

  it('a statement for another image, or without a justification, suppresses nothing', async () => {
    const file = path.join(tmp, 'other.openvex.json');
    fs.writeFileSync(
      file,
      openvex([
        { vulnerability: { name: 'PYSEC-2024-60' }, products: [{ '@id': 'pkg:docker/demisto/other-image@1', subcomponents: [{ '@id': 'pkg:pypi/idna@3.6' }] }], status: 'not_affected', justification: 'component_not_present' },
        { vulnerability: { name: 'PYSEC-2024-60' }, products: [{ '@id': 'pkg:pypi/idna@3.6' }], status: 'not_affected', impact_statement: 'trust us' },
      ]),
    );
    const { report } = await scanJson(['examples/docker', '--vex', file]);
    expect(report.findings.find((f) => f.package.name === 'idna')!.failing).toBe(true);
    expect(report.policyNotes.map((n) => n.kind)).toEqual(['vex-unused', 'vex-not-applied']);
  });

  it('CycloneDX VEX: an analysis on a vulnerability whose affects names the package by BOM-Link', async () => {
    const file = path.join(tmp, 'vex.cdx.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        version: 1,
        vulnerabilities: [
          {
            id: 'CVE-2020-14343',
            analysis: { state: 'not_affected', justification: 'code_not_reachable', detail: 'yaml.load is never used' },
            affects: [{ ref: 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:pypi/pyyaml@5.3.1' }],
          },
        ],
      }),
    );
    const { report } = await scanJson(['examples/docker', '--vex', file]);
    const pyyaml = report.findings.find((f) => f.package.name === 'pyyaml')!;
    expect(pyyaml.suppressed).toMatchObject({ by: 'vex', vex: { status: 'not_affected', justification: 'code_not_reachable', impactStatement: 'yaml.load is never used' } });
    expect(report.policyNotes).toEqual([]);
  });

  it('a file that is not a VEX document is a config error (exit 2)', async () => {
    const file = path.join(tmp, 'not-vex.json');
    fs.writeFileSync(file, '{"hello": 1}');
    const run = await runCli(['scan', 'examples/docker', '--snapshot', SNAPSHOT, '--vex', file], { cwd: ROOT, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not an OpenVEX document');
  });
});
