// `depvet find`: which images already provide these packages (at these versions), from the inventory alone.
import path from 'node:path';
import { findImages, parsePackageQuery, type ImageMatch } from '../catalogue/find';
import { UsageError } from '../errors';
import { buildInventory } from '../inventory/inventory';
import { ScanRoot, toPosix } from '../inventory/scan-root';
import { isImageTree } from '../inventory/tree';
import { exitCodeOf } from './exit-codes';
import type { CliIo } from './io';
import { terminalSafe } from '../terminal-text';
import { parseCommand } from './options';

export async function findCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('find', args);
  const text = (name: string) => values[name] as string | undefined;
  const tree = text('tree');
  if (tree === undefined) throw new UsageError('find needs --tree DIR (a dockerfiles-style tree)');
  if (positionals.length === 0) throw new UsageError('find needs at least one PACKAGE[==VERSION|SPEC]');
  const format = text('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json for find, not "${format}"`);
  const queries = positionals.map(parsePackageQuery);
  // An image folder has no images to choose among: say so, not "no image provides all N requested packages".
  const root = new ScanRoot(tree, io.cwd);
  if (root.isFile('Dockerfile') && !isImageTree(root, '.')) {
    const parent = toPosix(path.dirname(path.normalize(tree)));
    throw new UsageError(`--tree ${tree} is an image folder, not a tree: give the folder that holds the image folders (${parent === '.' ? 'its parent' : parent})`);
  }
  const namespace = text('namespace');
  const inventory = buildInventory([tree], { cwd: io.cwd, env: io.env, ...(namespace ? { namespace } : {}) });
  if (inventory.images.length === 0) throw new UsageError(`--tree ${tree} holds no image folders (subfolders with a Dockerfile): find needs a dockerfiles-style tree`);
  const matches = findImages(inventory, queries);
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ queries: queries.map((q) => q.text), matches }, null, 2)}\n`);
  } else {
    io.stdout(renderMatches(matches, queries.length, Boolean(values['all'])));
  }
  // An answer from an inventory that could not be read whole may miss an image: incomplete (3), as for list.
  return exitCodeOf(inventory.summary.outcome);
}

function renderMatches(matches: ImageMatch[], queryCount: number, all: boolean): string {
  const complete = matches.filter((m) => m.complete);
  const partial = matches.filter((m) => !m.complete);
  const lines: string[] = [];
  const describe = (m: ImageMatch) =>
    terminalSafe(`  ${m.image}  [${m.status}${m.python ? `, Python ${m.python}` : ''}, ${m.extraPackages} other packages]`) + '\n' +
    m.provided.map((p) => terminalSafe(`      ${p.name} ${p.version ?? `(unpinned${p.specifier ? ` ${p.specifier}` : ''})`}${p.inheritedFrom ? ` (from ${p.inheritedFrom})` : ''}`)).join('\n') +
    (m.missing.length ? `\n${m.missing.map((x) => terminalSafe(`      missing ${x.query}: ${x.reason}`)).join('\n')}` : '');
  lines.push(complete.length ? `Images that provide all ${queryCount} requested packages, best first:` : `No image provides all ${queryCount} requested packages.`);
  for (const m of complete) lines.push(describe(m));
  const shownPartial = all ? partial : partial.slice(0, 10);
  if (shownPartial.length) {
    lines.push(`Partial matches${all || partial.length <= 10 ? '' : ` (10 of ${partial.length}; --all for every one)`}:`);
    for (const m of shownPartial) lines.push(describe(m));
  }
  return `${lines.join('\n')}\n`;
}
