// depvet scan through the CLI against the fake registry: exit codes, report pairs, and every fault kind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import type { FakeRegistry, FaultKind } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';
import { startTreeRegistry, writeTreeConfig } from '../scan/tree-registry';
import { runCli } from './run-cli';

const TREE = path.relative(process.cwd(), fixturePath('inventory', 'tree'));
const reportSchema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'report.schema.json'), 'utf8')) as object;
const validateReport = new Ajv({ allErrors: true, strict: false }).compile(reportSchema);

let fake: FakeRegistry;
let work: string;
let config: string;

beforeAll(async () => {
  fake = await startTreeRegistry();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-cli-scan-'));
  // Fast retries so fault tests stay quick.
  config = writeTreeConfig(work, 1000);
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  fake.clearFaults();
  fake.resetCounts();
});

function args(...extra: string[]): string[] {
  const cache = fs.mkdtempSync(path.join(work, 'cache-'));
  return ['scan', '--pypi-url', fake.pypiUrl, '--osv-url', fake.osvUrl, '--npm-registry', fake.npmUrl, '--cache-dir', cache, '--config', config, ...extra];
}

describe('depvet scan', () => {
  it('exits 1 on policy failures, with a text report grouped by image and a summary line', async () => {
    const run = await runCli(args(TREE));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('legacy');
    expect(run.stdout).toMatch(/chardet/);
    expect(run.stdout).toMatch(/PYSEC-2024-60|CVE-2024-3651/);
    expect(run.stdout.trim().split('\n').pop()).toMatch(/^FAIL/);
  });

  it('exits 0 when every package of the chosen image passes', async () => {
    const run = await runCli(args(TREE, '--image', 'python3', '--checks', 'license,names,advisories'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('writes several formats at once with --format/--output pairs; JSON follows docs/report.schema.json', async () => {
    const run = await runCli(args(TREE, '--format', 'json', '--output', 'r.json', '--format', 'sarif', '--output', 'r.sarif', '--format', 'text'));
    expect(run.code).toBe(1);
    const json = JSON.parse(run.files.get(path.resolve('r.json'))!) as unknown;
    expect(validateReport(json)).toBe(true);
    const sarif = JSON.parse(run.files.get(path.resolve('r.sarif'))!) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/^FAIL/m);
  });

  it('--fail-on changes what fails', async () => {
    const run = await runCli(args(TREE, '--image', 'legacy', '--checks', 'advisories', '--fail-on', 'advisories=critical'));
    expect(run.code).toBe(0);
  });

  it('bad flags and a bad config are one-line usage errors (exit 2)', async () => {
    for (const bad of [['--fail-on', 'advisories=severe'], ['--checks', 'licence'], ['--format', 'pdf'], ['--format', 'json', '--format', 'text']]) {
      const run = await runCli(args(TREE, ...bad));
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    const badConfig = path.join(work, 'bad.json');
    fs.writeFileSync(badConfig, JSON.stringify({ advisories: { ignores: [{ id: 'X', reason: 'y', expires: 'soon' }] } }));
    const run = await runCli(['scan', TREE, '--config', badConfig]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/at \/advisories\/ignores\/0\/expires: /);
  });
});

// One test per fault kind, through the CLI: transient -> same answer as without the fault; persistent -> exit 3
// naming the package and the reason.
const FAULTS: { kind: FaultKind; extra?: Record<string, unknown>; reason: RegExp }[] = [
  { kind: 'delay', extra: { delayMs: 2500 }, reason: /time|timed out/i },
  { kind: 'status-429', extra: { retryAfter: '0' }, reason: /429/ },
  { kind: 'status-500', reason: /500/ },
  { kind: 'connection-reset', reason: /connection|reset|socket/i },
  { kind: 'truncated-body', reason: /truncat|connection|incomplete|premature|aborted/i },
  { kind: 'invalid-json', reason: /JSON/ },
  { kind: 'oversized-body', extra: { sizeBytes: 80 * 1024 * 1024 }, reason: /large|size|exceed/i },
  { kind: 'redirect-loop', reason: /redirect/i },
];

describe.each(FAULTS)('fault $kind through the CLI', ({ kind, extra, reason }) => {
  const scanArgs = [TREE, '--image', 'python3', '--checks', 'license'];

  it('a transient one is retried (or, when not retryable, reported) and never passes silently', async () => {
    fake.inject({ kind, path: /\/pypi\/six\//, times: 1, ...extra });
    const run = await runCli(args(...scanArgs));
    // A single redirect is simply followed; invalid and oversized bodies are not retried (the registry answered).
    const retryable = ['delay', 'status-429', 'status-500', 'connection-reset', 'truncated-body', 'redirect-loop'].includes(kind);
    if (retryable) {
      expect(run.code).toBe(0);
    } else if (kind === 'oversized-body' && run.code === 0) {
      // The client may abort the oversized body as a broken connection, which is retried: the retry's valid answer
      // is then the one used. Either way nothing passes unchecked.
      expect(run.stdout).not.toMatch(/INCOMPLETE/);
    } else {
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(/six/);
    }
  });

  it('a persistent one makes the scan incomplete (exit 3), naming the package and the reason', async () => {
    fake.inject({ kind, path: /\/pypi\/six\//, ...extra });
    const run = await runCli(args(...scanArgs, '--format', 'json'));
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as { couldNotCheck: { package: { name: string }; reason: string }[]; summary: { outcome: string } };
    expect(report.summary.outcome).toBe('incomplete');
    const six = report.couldNotCheck.find((c) => c.package.name === 'six')!;
    expect(six).toBeDefined();
    expect(six.reason).toMatch(reason);
  });
});

describe('progress', () => {
  it('shows progress on stderr when it is a terminal, and stays quiet otherwise unless --verbose', async () => {
    const tty = await runCli(args(TREE, '--image', 'python3', '--checks', 'license'), { tty: true });
    expect(tty.stderr).toMatch(/registries \d+\/\d+/);
    const quiet = await runCli(args(TREE, '--image', 'python3', '--checks', 'license'));
    expect(quiet.stderr).toBe('');
    const verbose = await runCli(args(TREE, '--image', 'python3', '--checks', 'license', '--verbose'));
    expect(verbose.stderr).toMatch(/^depvet: inventory$/m);
    expect(verbose.stderr).toMatch(/^depvet: registries \d+\/\d+$/m);
    const silenced = await runCli(args(TREE, '--image', 'python3', '--checks', 'license', '--quiet'), { tty: true });
    expect(silenced.stderr).toBe('');
  });

  it('NO_COLOR and --no-color keep ANSI colour out of a terminal report', async () => {
    const colored = await runCli(args(TREE, '--image', 'legacy', '--checks', 'license'), { tty: true });
    expect(colored.stdout).toMatch(/\x1b\[/);
    const noColor = await runCli(args(TREE, '--image', 'legacy', '--checks', 'license'), { tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toMatch(/\x1b\[/);
    const flag = await runCli(args(TREE, '--image', 'legacy', '--checks', 'license', '--no-color'), { tty: true });
    expect(flag.stdout).not.toMatch(/\x1b\[/);
  });
});
