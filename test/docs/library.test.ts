// docs/library.md shows test/docs/library-example.ts verbatim, and the example runs against the fake registry.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixturePath } from '../helpers/shared';
import { startTreeRegistry } from '../scan/tree-registry';
import { vetTree } from './library-example';

it('docs/library.md includes the example file verbatim', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'library.md'), 'utf8');
  const example = fs.readFileSync(path.join(__dirname, 'library-example.ts'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(doc)![1]!;
  expect(block).toBe(example);
});

it('the example runs: inventory, policy, scan, report, decision', async () => {
  const fake = await startTreeRegistry();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-library-'));
  try {
    const tree = path.relative(process.cwd(), fixturePath('inventory', 'tree'));
    const { summary, result, markdown, exitCode } = await vetTree(tree, { pypiUrl: fake.pypiUrl, osvUrl: fake.osvUrl, cacheDir });
    expect(summary).toMatch(/^6 images, \d+ distinct packages$/);
    expect(result.summary.outcome).toBe('fail');
    expect(markdown).toMatch(/^## /);
    expect(exitCode).toBe(1);
  } finally {
    await fake.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});
