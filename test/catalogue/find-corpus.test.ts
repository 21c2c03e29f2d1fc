// Issue 8 acceptance: `depvet find requests dateparser` on the real corpus returns exactly the images whose lock
// files (their own, or a base image's in the same tree) contain both, computed here independently of depvet's parsers.
import fs from 'node:fs';
import path from 'node:path';
import { describeWithShared, sharedPath } from '../helpers/shared';
import { runCli } from '../cli/run-cli';

const corpus = sharedPath('corpus', 'dockerfiles');

/** Names an image's own locked/pinned packages declare, read with plain JSON and regexes. */
function ownNames(image: string): Set<string> {
  const dir = path.join(corpus, image);
  const norm = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-').replace(/\[.*$/, '');
  const names = new Set<string>();
  const req = path.join(dir, 'requirements.txt');
  const pipLock = path.join(dir, 'Pipfile.lock');
  const poetryLock = path.join(dir, 'poetry.lock');
  if (fs.existsSync(req)) {
    for (const line of fs.readFileSync(req, 'utf8').split('\n')) {
      const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line.replace(/#.*/, ''));
      if (m && !line.trim().startsWith('-')) names.add(norm(m[1]!));
    }
  } else if (fs.existsSync(pipLock)) {
    const lock = JSON.parse(fs.readFileSync(pipLock, 'utf8')) as { default?: Record<string, unknown> };
    for (const n of Object.keys(lock.default ?? {})) names.add(norm(n));
  } else if (fs.existsSync(poetryLock)) {
    const text = fs.readFileSync(poetryLock, 'utf8');
    for (const block of text.split('[[package]]').slice(1)) {
      const name = /^name = "([^"]+)"/m.exec(block)?.[1];
      const groups = /^groups = \[([^\]]*)\]/m.exec(block)?.[1];
      const category = /^category = "([^"]+)"/m.exec(block)?.[1];
      // Only what `poetry export` installs: the main group.
      if (name && (groups === undefined ? category !== 'dev' : groups.includes('"main"'))) names.add(norm(name));
    }
  }
  return names;
}

function baseOf(image: string): string | undefined {
  const dockerfile = fs.readFileSync(path.join(corpus, image, 'Dockerfile'), 'utf8');
  const froms = [...dockerfile.matchAll(/^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => ({ image: m[1]!, alias: m[2]?.toLowerCase() }));
  // `FROM base` names an earlier stage: follow it to that stage's own FROM.
  let last = froms[froms.length - 1]?.image;
  for (let hops = 0; last && hops < froms.length; hops++) {
    const stage = froms.find((f) => f.alias === last!.toLowerCase());
    if (!stage) break;
    last = stage.image;
  }
  const m = last ? /^demisto\/([^:@/]+)/.exec(last) : null;
  return m && fs.existsSync(path.join(corpus, m[1]!, 'Dockerfile')) ? m[1] : undefined;
}

function allNames(image: string, seen = new Set<string>()): Set<string> {
  if (seen.has(image)) return new Set();
  seen.add(image);
  const base = baseOf(image);
  return new Set([...ownNames(image), ...(base ? allNames(base, seen) : [])]);
}

describeWithShared('depvet find on the corpus', () => {
  it('`find requests dateparser` returns exactly the images whose locks (own or inherited) hold both', async () => {
    const images = fs.readdirSync(corpus).filter((d) => fs.existsSync(path.join(corpus, d, 'Dockerfile')));
    const expected = images.filter((i) => {
      const names = allNames(i);
      return names.has('requests') && names.has('dateparser');
    });
    const run = await runCli(['find', 'requests', 'dateparser', '--tree', corpus, '--format', 'json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { matches: { image: string; complete: boolean; provided: { version?: string; specifier?: string }[] }[] };
    const found = out.matches.filter((m) => m.complete).map((m) => m.image);
    expect(found.sort()).toEqual(expected.sort());
    expect(found.length).toBeGreaterThan(100);
    // Each provided package names its version, or the specifier of an unpinned requirement (the `python` image's
    // committed requirements.txt pins nothing).
    const complete = out.matches.filter((m) => m.complete);
    expect(complete.every((m) => m.provided.every((p) => p.version !== undefined || p.specifier !== undefined))).toBe(true);
    expect(complete.find((m) => m.image === 'crypto')!.provided.every((p) => p.version)).toBe(true);
  });

  it('ranks complete matches before partial ones, fewest extra packages first', async () => {
    const run = await runCli(['find', 'requests', 'dateparser', '--tree', corpus, '--format', 'json']);
    const matches = (JSON.parse(run.stdout) as { matches: { complete: boolean; extraPackages: number }[] }).matches;
    const firstPartial = matches.findIndex((m) => !m.complete);
    expect(matches.slice(firstPartial).every((m) => !m.complete)).toBe(true);
    expect(matches[0]!.extraPackages).toBeLessThanOrEqual(matches[1]!.extraPackages);
  });
});
