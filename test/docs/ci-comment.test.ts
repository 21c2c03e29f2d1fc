// docs/ci.md's "one comment, updated in place" recipes, run as written: the GitLab job's Node script against a
// loopback fake of the GitLab notes API, and the GitHub job's github-script against a fake Octokit. Each must post the
// Markdown report the first time, edit its own comment (found by the hidden marker, on any page) afterwards, and
// never edit someone else's comment that quotes the marker.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MARKDOWN_MARKER } from '../../src/report/markdown';

const CI_MD = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'ci.md'), 'utf8');

/** The lines after the line matching `start` up to the line matching `end`, with their common indentation removed. */
function block(start: RegExp, end: (line: string) => boolean): string {
  const lines = CI_MD.split('\n');
  const from = lines.findIndex((l) => start.test(l));
  expect(from).toBeGreaterThanOrEqual(0);
  const body: string[] = [];
  for (const line of lines.slice(from + 1)) {
    if (end(line)) break;
    body.push(line);
  }
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return body.map((l) => l.slice(indent)).join('\n');
}

const REPORT = `## ❌ depvet: 1 problem in 1 image — 1 high advisory\n\n${MARKDOWN_MARKER}\n`;

interface Note {
  id: number;
  author: { id: number };
  body: string;
}

describe('GitLab: the after_script note recipe', () => {
  const script = block(/node - <<'EOF'/, (line) => line.trim() === 'EOF');
  const ME = 42;
  let server: http.Server;
  let notes: Note[];
  let calls: string[];
  let base: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      calls.push(`${req.method} ${url.pathname}${url.search}`);
      if (req.headers['private-token'] !== 'tok') {
        res.writeHead(401).end('{}');
        return;
      }
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        const send = (value: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (url.pathname === '/api/v4/user') return send({ id: ME });
        const prefix = '/api/v4/projects/9/merge_requests/3/notes';
        if (req.method === 'GET' && url.pathname === prefix) {
          const page = Number(url.searchParams.get('page'));
          const per = Number(url.searchParams.get('per_page'));
          return send(notes.slice((page - 1) * per, page * per));
        }
        if (req.method === 'POST' && url.pathname === prefix) {
          const note = { id: 1000 + notes.length, author: { id: ME }, body: (JSON.parse(data) as { body: string }).body };
          notes.push(note);
          return send(note);
        }
        const match = /\/notes\/(\d+)$/.exec(url.pathname);
        if (req.method === 'PUT' && match) {
          const note = notes.find((n) => n.id === Number(match[1]))!;
          note.body = (JSON.parse(data) as { body: string }).body;
          return send(note);
        }
        res.writeHead(404).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    calls = [];
  });

  async function runJob(): Promise<{ code: number | null; out: string }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-ci-note-'));
    fs.writeFileSync(path.join(dir, 'depvet.md'), REPORT);
    const child = spawn(process.execPath, ['-'], {
      cwd: dir,
      env: { PATH: process.env.PATH, CI_API_V4_URL: base, CI_PROJECT_ID: '9', CI_MERGE_REQUEST_IID: '3', DEPVET_NOTE_TOKEN: 'tok' },
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.stdin.end(script);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, out };
  }

  it('posts the note the first time', async () => {
    notes = [{ id: 1, author: { id: 7 }, body: 'LGTM' }];
    const run = await runJob();
    expect(run).toEqual({ code: 0, out: 'depvet: posted the merge-request note\n' });
    expect(notes.map((n) => n.body)).toEqual(['LGTM', REPORT]);
  });

  it('edits its own note, found on a later page, and not a reviewer note quoting the marker', async () => {
    notes = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, author: { id: 7 }, body: `comment ${i}` }));
    notes[120] = { id: 121, author: { id: 7 }, body: `quoting the bot: ${MARKDOWN_MARKER}` };
    notes[130] = { id: 131, author: { id: ME }, body: `old report\n${MARKDOWN_MARKER}\n` };
    const run = await runJob();
    expect(run).toEqual({ code: 0, out: 'depvet: updated the merge-request note\n' });
    expect(notes).toHaveLength(150);
    expect(notes[130]!.body).toBe(REPORT);
    expect(notes[120]!.body).toBe(`quoting the bot: ${MARKDOWN_MARKER}`);
    expect(calls).toContain('PUT /api/v4/projects/9/merge_requests/3/notes/131');
    expect(calls).toContain('GET /api/v4/projects/9/merge_requests/3/notes?per_page=100&page=2');
  });

  it('fails the step with one line when the API refuses', async () => {
    notes = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-ci-note-'));
    fs.writeFileSync(path.join(dir, 'depvet.md'), REPORT);
    const child = spawn(process.execPath, ['-'], { cwd: dir, env: { PATH: process.env.PATH, CI_API_V4_URL: base, CI_PROJECT_ID: '9', CI_MERGE_REQUEST_IID: '3', DEPVET_NOTE_TOKEN: 'wrong' } });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.stdin.end(script);
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(1);
    expect(err).toMatch(/^depvet: could not post the note: GET .*\/user: 401\n$/);
  });
});

describe('GitHub: the github-script comment recipe', () => {
  const script = block(/^ {10}script: \|$/, (line) => !line.startsWith('            ') && line.trim() !== '');

  interface Comment {
    id: number;
    user: { login: string };
    body: string;
  }

  async function runStep(comments: Comment[]): Promise<string[]> {
    const calls: string[] = [];
    const github = {
      paginate: async (fn: (params: unknown) => Promise<{ data: Comment[] }>, params: unknown) => (await fn(params)).data,
      rest: {
        issues: {
          listComments: async (params: { issue_number: number }) => {
            calls.push(`list ${params.issue_number}`);
            return { data: comments };
          },
          updateComment: async (params: { comment_id: number; body: string }) => {
            calls.push(`update ${params.comment_id}`);
            comments.find((c) => c.id === params.comment_id)!.body = params.body;
          },
          createComment: async (params: { issue_number: number; body: string }) => {
            calls.push(`create ${params.issue_number}`);
            comments.push({ id: 900, user: { login: 'github-actions[bot]' }, body: params.body });
          },
        },
      },
    };
    const context = { repo: { owner: 'org', repo: 'dockerfiles' }, issue: { number: 17 } };
    const fakeRequire = (name: string): unknown => {
      expect(name).toBe('node:fs');
      return { readFileSync: (file: string) => (file === 'depvet.md' ? REPORT : fs.readFileSync(file, 'utf8')) };
    };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    await new AsyncFunction('require', 'github', 'context', script)(fakeRequire, github, context);
    return calls;
  }

  it('creates the comment the first time, then edits its own, never a reviewer quoting the marker', async () => {
    const comments: Comment[] = [{ id: 5, user: { login: 'reviewer' }, body: `see ${MARKDOWN_MARKER}` }];
    expect(await runStep(comments)).toEqual(['list 17', 'create 17']);
    expect(comments[1]!.body).toBe(REPORT);
    comments[1]!.body = `older\n${MARKDOWN_MARKER}`;
    expect(await runStep(comments)).toEqual(['list 17', 'update 900']);
    expect(comments.map((c) => c.body)).toEqual([`see ${MARKDOWN_MARKER}`, REPORT]);
  });
});

it('the recipes search for the marker the Markdown report writes', () => {
  expect(CI_MD.split(`const marker = '${MARKDOWN_MARKER}';`)).toHaveLength(3);
});
