// docs/architecture.md is a one-line-per-file map of src/: every source file has its line, and no line names a
// file that is gone.
import fs from 'node:fs';
import path from 'node:path';

function sourceFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : e.name.endsWith('.ts') ? [`${prefix}${e.name}`] : [],
  );
}

it('docs/architecture.md maps every file of src/, and only those', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'architecture.md'), 'utf8');
  const mapped = [...doc.matchAll(/^\| `([^`]+\.ts)` \|/gm)].map((m) => m[1]!).sort();
  expect(mapped).toEqual(sourceFiles(path.join(__dirname, '..', 'src')).sort());
});
