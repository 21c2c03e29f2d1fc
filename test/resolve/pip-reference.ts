// pip as the reference resolver: `pip install --dry-run --ignore-installed --report` run by pip's own entry point
// (test/resolve/pip-driver.py runs many sets in one interpreter). Tests skip plainly when pip is not there.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PipJob {
  requirements: string[];
  constraints?: string[];
  pre?: boolean;
}

export interface PipAnswer {
  /** pip's exit status: 0 resolved, 1 when no solution (ResolutionImpossible) or another install error. */
  status: number;
  /** name==version pip would install (sorted), when it resolved. */
  install?: string[];
  /** Candidates pip's resolver rejected because of a conflict (PipDebuggingReporter's rejecting_candidate). */
  rejected: number;
  /** Pins in order, as `name-version`. */
  pins: string[];
}

/** The reference pip and its version, or why it cannot be used. */
export function pipReference(): { available: true; version: string } | { available: false; reason: string } {
  const probe = spawnSync('python3', ['-c', 'import pip; from pip._internal.cli.main import main; print(pip.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) return { available: false, reason: 'python3 -m pip is not available' };
  return { available: true, version: probe.stdout.trim() };
}

/**
 * Runs every job through pip against the simple index at `indexUrl`; one answer per job, in order. Asynchronous: the
 * index is usually served by this same process, which must keep answering while pip runs.
 */
export async function runPip(jobs: PipJob[], indexUrl: string, processes = 2): Promise<PipAnswer[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-pip-'));
  try {
    const specs = jobs.map((job, i) => {
      const dir = path.join(root, String(i));
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'requirements.txt'), `${job.requirements.join('\n')}\n`);
      if (job.constraints?.length) fs.writeFileSync(path.join(dir, 'constraints.txt'), `${job.constraints.join('\n')}\n`);
      return { dir, index: indexUrl, pre: Boolean(job.pre) };
    });
    // pip resolves one set at a time; a few interpreters share the sets.
    const n = Math.max(1, Math.min(processes, specs.length));
    const shares = Array.from({ length: n }, (_, k) => specs.filter((_, i) => i % n === k));
    const answers = await Promise.all(shares.map(runDriver));
    return specs.map((_, i) => answers[i % shares.length]![Math.floor(i / shares.length)]!);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function runDriver(specs: { dir: string; index: string; pre: boolean }[]): Promise<PipAnswer[]> {
  const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('python3', [path.join(__dirname, 'pip-driver.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(JSON.stringify(specs));
  });
  if (run.status !== 0) throw new Error(`pip driver failed: ${run.stderr.split('\n').slice(-5).join('\n')}`);
  return (JSON.parse(run.stdout) as PipAnswer[]).map(({ status, install, rejected, pins }) => ({ status, rejected, pins, ...(install ? { install } : {}) }));
}
