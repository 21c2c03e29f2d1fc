import { runCli } from './run-cli';

describe('depvet typosquat', () => {
  it('JSON: one object per flagged name; names that pass print nothing', async () => {
    const run = await runCli(['typosquat', 'urlib3', 'requests', 'setup-tools', '--format', 'json']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toMatchObject([
      { name: 'urlib3', target: 'urllib3', kind: 'omitted-character', severity: 'high', distance: 1, why: "urlib3 is urllib3 with 'l' left out" },
      { name: 'setup-tools', target: 'setuptools', kind: 'delimiter-change', distance: 0, why: 'setup-tools is setuptools with its word separators changed' },
    ]);
    for (const line of lines) expect(typeof line['score']).toBe('number');
  });

  it('reads names from standard input with --from -, skipping comments and blank lines', async () => {
    const run = await runCli(['typosquat', '--from', '-'], { stdin: '# names to check\nflask\n\nfIask\n' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^fIask: looks like flask \(#\d+\), look alike characters, (low|medium|high): fIask reads as flask: 'I' for 'l'$/m);
    expect(run.stdout).toMatch(/1 of 2 names flagged against the PyPI top 15000/);
  });

  it('exits 0 when nothing is flagged, and screens npm names with --ecosystem npm', async () => {
    expect((await runCli(['typosquat', 'requests', 'numpy'])).code).toBe(0);
    const npm = await runCli(['typosquat', 'lodahs', '--ecosystem', 'npm', '--format', 'json']);
    expect(JSON.parse(npm.stdout.trim())).toMatchObject({ name: 'lodahs', target: 'lodash' });
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['typosquat'])).code).toBe(2);
    expect((await runCli(['typosquat', 'x', '--ecosystem', 'cargo'])).code).toBe(2);
  });
});
