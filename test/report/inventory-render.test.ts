// `depvet list` text output: unnamed URL/path requirements (issue 12 §5) and linear rendering (issue 15 item 5:
// 20,000 requirement lines took 48 s on main, because every package copied its file's list; JSON took 0.2 s).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildInventory } from '../../src/inventory/inventory';
import { renderInventoryText } from '../../src/report/inventory-render';
import { measureWork } from '../../src/work-meter';
import { LINEAR_GROWTH_BOUND } from '../helpers/work';

function requirementsFile(lines: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-list-'));
  const file = path.join(dir, 'requirements.txt');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('renderInventoryText', () => {
  it('prints an unnamed URL or path requirement as its URL or path, and does not count it as a name', () => {
    const file = requirementsFile(['https://files.example/privpkg-1.0.tar.gz', './local/path', 'requests==2.31.0', 'named @ https://files.example/named-1.0.tar.gz']);
    const inventory = buildInventory([file]);
    const out = renderInventoryText(inventory);
    expect(out).toContain('\n    https://files.example/privpkg-1.0.tar.gz (url requirement)  line 1  (direct)\n');
    expect(out).toContain('\n    ./local/path (path requirement)  line 2  (direct)\n');
    expect(out).toContain('\n    named (url: https://files.example/named-1.0.tar.gz)  line 4  (direct)\n');
    // No line starts with a blank name.
    for (const line of out.split('\n')) expect(line).not.toMatch(/^ {5}\S/);
    expect(inventory.summary.distinctNames).toBe(2);
    expect(out).toContain('4 declared packages (2 distinct names)');
  });

  it('does work proportional to the number of requirement lines (10x the lines, 10x the rows)', () => {
    const rows = (n: number): number => {
      const inventory = buildInventory([requirementsFile(Array.from({ length: n }, (_, i) => `pkg-${i}==1.0.${i}`))]);
      let out = '';
      const work = measureWork(() => {
        out = renderInventoryText(inventory);
      })['render.rows']!;
      expect(out.split('\n').filter((l) => l.startsWith('    pkg-'))).toHaveLength(n);
      return work;
    };
    const small = rows(2_000);
    const big = rows(20_000);
    expect(small).toBeGreaterThanOrEqual(2_000);
    // 10x the lines: ~10x the work when linear; the old copy per package was ~100x.
    expect(big / small).toBeLessThan(LINEAR_GROWTH_BOUND);
  });
});
