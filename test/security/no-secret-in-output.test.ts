// Issue 15 "No secret in any output": credentials in manifest URLs (`-i https://carol:S3cret@…`, a URL requirement
// with userinfo, `git+https://TOKEN@…`) and in registry URLs (`--pypi-url http://u:S3cret@…`) appear in no report
// format, no listing, no stderr line, no snapshot file and no cache file, while requests still authenticate with
// them. Every format the report module exports is checked, so a format added later is covered.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CATALOGUE_FORMATS } from '../../src/catalogue/report';
import { REDACTED, redactCredentials } from '../../src/redact';
import { REPORT_FORMATS } from '../../src/report';
import { runCli } from '../cli/run-cli';
import { startFakeRegistry, type FakeRegistry } from '../fake-registry/server';
import { fixturePath } from '../helpers/shared';

const SECRET = /S3cret/;
const REQUIREMENTS = [
  '-i https://carol:S3cret@i.example/simple',
  'privpkg @ https://dave:S3cret@files.example/privpkg-1.0.tar.gz',
  'gitpkg @ git+https://ghp_S3cret@github.com/org/gitpkg.git@v1.0',
  'tokpkg @ https://files.example/tokpkg-1.0.tar.gz?private_token=S3cret&x=1',
  'requests==2.19.1',
  '',
].join('\n');

let fake: FakeRegistry;
let work: string;
let cache: string;
let registryArgs: string[];

beforeAll(async () => {
  fake = await startFakeRegistry({ fixturesDir: fixturePath('registry') });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-secrets-'));
  cache = path.join(work, 'cache');
  fs.mkdirSync(path.join(work, 'project'));
  fs.writeFileSync(path.join(work, 'project', 'requirements.txt'), REQUIREMENTS);
  registryArgs = [
    '--pypi-url', fake.pypiUrl.replace('http://', 'http://pypi-user:S3cret@'),
    '--osv-url', fake.osvUrl.replace('http://', 'http://osv-user:S3cret@'),
    '--cache-dir', cache,
  ];
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Every file under `dir`, with the secret's occurrences. */
function filesWithSecret(dir: string): string[] {
  const hits: string[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (SECRET.test(fs.readFileSync(file, 'latin1'))) hits.push(path.relative(dir, file));
  }
  return hits;
}

describe('no secret in any output', () => {
  it('query parameters that carry secrets by name are hidden; others, and a URL without a query, are kept', () => {
    expect(redactCredentials('https://files.example/p-1.0.tar.gz?token=S3cret')).toBe(`https://files.example/p-1.0.tar.gz?token=${REDACTED}`);
    expect(redactCredentials('https://gitlab.example/api/v4/projects/1/packages/pypi/simple?private_token=S3cret&page=2')).toBe(
      `https://gitlab.example/api/v4/projects/1/packages/pypi/simple?private_token=${REDACTED}&page=2`,
    );
    const presigned = 'https://b.s3.amazonaws.com/p.whl?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAS3cret%2F20261205&X-Amz-Signature=S3cret#sha256=ab';
    expect(redactCredentials(presigned)).toBe(`https://b.s3.amazonaws.com/p.whl?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${REDACTED}&X-Amz-Signature=${REDACTED}#sha256=ab`);
    expect(redactCredentials(`-i https://u:S3cret@h.example/simple?sig=S3cret (line 3)`)).toBe(`-i https://u:${REDACTED}@h.example/simple?sig=${REDACTED} (line 3)`);
    expect(redactCredentials('https://pypi.example/simple/?page=2&format=json')).toBe('https://pypi.example/simple/?page=2&format=json');
    expect(redactCredentials('is this a question? key=value')).toBe('is this a question? key=value');
    const once = redactCredentials('https://h.example/?api_key=S3cret');
    expect(redactCredentials(once)).toBe(once);
  });

  it('hostile text is redacted in one pass: a megabyte of `a.` before `://` (a scheme-first pattern never returns)', () => {
    const hostile = `${'a.'.repeat(500_000)}://u:S3cret@h.example/?token=S3cret ${'://?'.repeat(100_000)}`;
    const redacted = redactCredentials(hostile);
    expect(redacted).not.toMatch(SECRET);
    expect(redacted.length).toBe(hostile.length - 2 * ('S3cret'.length - REDACTED.length));
  });

  it('the redaction rule (pip\'s): user:password keeps the user, a lone token is hidden whole', () => {
    expect(redactCredentials('https://carol:S3cret@i.example/simple')).toBe(`https://carol:${REDACTED}@i.example/simple`);
    expect(redactCredentials('git+https://ghp_S3cret@github.com/org/gitpkg.git@v1.0')).toBe(`git+https://${REDACTED}@github.com/org/gitpkg.git@v1.0`);
    expect(redactCredentials('see https://u:p@ss@host/x and http://h/y@z')).toBe(`see https://u:${REDACTED}@host/x and http://h/y@z`);
    expect(redactCredentials('pkg @ https://files.example/pkg.tar.gz')).toBe('pkg @ https://files.example/pkg.tar.gz');
    expect(redactCredentials(redactCredentials('https://a:b@h/'))).toBe(redactCredentials('https://a:b@h/'));
  });

  it.each(REPORT_FORMATS.map((format) => [format]))('scan --format %s: not in the report, not on stderr; requests still authenticate', async (format) => {
    fake.resetCounts();
    const run = await runCli(['scan', 'project', ...registryArgs, '--format', format], { cwd: work });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(SECRET);
    expect(run.stderr).not.toMatch(SECRET);
    // The report still names what it could not vet, with the credentials redacted.
    expect(run.stdout).toContain(format === 'json' || format === 'sarif' || format === 'gitlab' ? 'files.example' : 'privpkg');
    const pypiRequests = fake.log().filter((r) => r.route.startsWith('pypi'));
    expect(pypiRequests.length).toBeGreaterThan(0);
    for (const request of pypiRequests) {
      expect(request.authorization).toBe(`Basic ${Buffer.from('pypi-user:S3cret').toString('base64')}`);
    }
  });

  it('list --format json and text: the index, URL and VCS references are redacted, not dropped', async () => {
    const json = await runCli(['list', 'project', '--format', 'json'], { cwd: work });
    expect(json.stdout).not.toMatch(SECRET);
    expect(json.stdout).toContain(`https://carol:${REDACTED}@i.example/simple`);
    expect(json.stdout).toContain(`https://dave:${REDACTED}@files.example/privpkg-1.0.tar.gz`);
    expect(json.stdout).toContain(`git+https://${REDACTED}@github.com/org/gitpkg.git@v1.0`);
    const text = await runCli(['list', 'project'], { cwd: work });
    expect(text.stdout + text.stderr).not.toMatch(SECRET);
  });

  it.each(CATALOGUE_FORMATS.map((format) => [format]))('report --format %s --scan: not in the catalogue', async (format) => {
    const out = path.join(work, `catalogue-${format}`);
    const run = await runCli(['report', 'project', '--format', format, '--output', out, '--scan', ...registryArgs.filter((a) => a !== '--cache-dir' && a !== cache)], { cwd: work, env: { DEPVET_CACHE_DIR: cache } });
    expect(run.stderr).not.toMatch(SECRET);
    expect(fs.existsSync(out)).toBe(true);
    expect(fs.statSync(out).isDirectory() ? filesWithSecret(out) : SECRET.test(fs.readFileSync(out, 'utf8')) ? [out] : []).toEqual([]);
  });

  it('the snapshot folder (index.json and every entry) and the cache folder hold no secret', async () => {
    const out = path.join(work, 'snapshot');
    const run = await runCli(['snapshot', 'project', ...registryArgs, '--out', out], { cwd: work });
    expect(run.stderr).not.toMatch(SECRET);
    expect(fs.readdirSync(out).length).toBeGreaterThan(2);
    expect(filesWithSecret(out)).toEqual([]);
    expect(fs.readFileSync(path.join(out, 'index.json'), 'utf8')).toContain(`pypi-user:${REDACTED}@127.0.0.1`);
    expect(fs.readdirSync(cache).length).toBeGreaterThan(0);
    expect(filesWithSecret(cache)).toEqual([]);
  });

  it('errors: a registry that cannot be reached, a bad registry URL and a refused include name no secret', async () => {
    const unreachable = await runCli(['scan', 'project', '--pypi-url', 'http://pypi-user:S3cret@127.0.0.1:9', '--osv-url', 'http://osv-user:S3cret@127.0.0.1:9', '--cache-dir', cache, '--format', 'json'], { cwd: work });
    expect(unreachable.stdout + unreachable.stderr).not.toMatch(SECRET);
    expect(unreachable.stdout).toContain(`pypi-user:${REDACTED}@127.0.0.1:9`);
    const usage = await runCli(['scan', 'project', '--pypi-url', 'ftp://pypi-user:S3cret@mirror.example/'], { cwd: work });
    expect(usage.code).toBe(2);
    expect(usage.stderr).not.toMatch(SECRET);
    fs.writeFileSync(path.join(work, 'project', 'requirements.txt'), `${REQUIREMENTS}-r https://erin:S3cret@host.example/more.txt\n`);
    try {
      const include = await runCli(['scan', 'project', ...registryArgs, '--format', 'json'], { cwd: work });
      expect(include.stdout + include.stderr).not.toMatch(SECRET);
      expect(include.stdout).toContain(`https://erin:${REDACTED}@host.example/more.txt`);
    } finally {
      fs.writeFileSync(path.join(work, 'project', 'requirements.txt'), REQUIREMENTS);
    }
  });
});
