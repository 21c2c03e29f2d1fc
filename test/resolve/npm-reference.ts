// npm as the reference for the npm resolver: `npm install --package-lock-only --ignore-scripts` in a scratch project
// against the loopback fake registry; the lock file's `packages` say where npm puts what. Skipped plainly without npm.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function npmReference(): { available: true; version: string } | { available: false; reason: string } {
  const probe = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return { available: false, reason: 'the npm CLI is not available' };
  return { available: true, version: probe.stdout.trim() };
}

/** Runs npm in a scratch project; returns `path -> version` from the lock, or npm's error. */
export async function npmLockTree(packageJson: Record<string, unknown>, registryUrl: string): Promise<{ tree: Record<string, string> } | { error: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-npm-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', ...packageJson }));
    const args = ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', `--registry=${registryUrl}`, `--cache=${path.join(dir, '.cache')}`, '--userconfig=/dev/null'];
    const run = await new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn('npm', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stderr }));
    });
    if (run.status !== 0) return { error: run.stderr.split('\n').filter(Boolean).slice(0, 3).join(' ') };
    const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
    const tree: Record<string, string> = {};
    for (const [key, value] of Object.entries(lock.packages)) if (key !== '' && value.version) tree[key] = value.version;
    return { tree };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
