// Temporary folders of files for tests: `tempTree({ 'img/Dockerfile': 'FROM …' })` writes them (folders made as
// needed) and returns the folder; `removeTempTrees()` (in an afterAll) deletes every folder made so far.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

export function tempTree(files: Record<string, string | Buffer>, parent: string = os.tmpdir()): string {
  const dir = fs.mkdtempSync(path.join(parent, 'depvet-test-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

export function removeTempTrees(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
