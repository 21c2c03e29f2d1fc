// `depvet find`: which images already provide these packages (at these versions), from the inventory alone.
import { findImages, parsePackageQuery, type ImageMatch } from '../catalogue/find';
import { UsageError } from '../errors';
import { buildInventory } from '../inventory/inventory';
import { parseCommandArgs as parse } from './args';
import { EXIT_CODES } from './exit-codes';
import type { CliIo } from './io';
import { terminalSafe } from '../terminal-text';

export async function findCommand(args: string[], io: CliIo, usage: string): Promise<number> {
  const { values, positionals } = parse(args, { tree: { type: 'string' }, format: { type: 'string' }, namespace: { type: 'string' }, all: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout(usage);
    return EXIT_CODES.ok;
  }
  if (!values.tree) throw new UsageError('find needs --tree DIR (a dockerfiles-style tree)');
  if (positionals.length === 0) throw new UsageError('find needs at least one PACKAGE[==VERSION|SPEC]');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json for find, not "${format}"`);
  const queries = positionals.map(parsePackageQuery);
  const inventory = buildInventory([values.tree], { cwd: io.cwd, env: io.env, ...(values.namespace ? { namespace: values.namespace } : {}) });
  const matches = findImages(inventory, queries);
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ queries: queries.map((q) => q.text), matches }, null, 2)}\n`);
  } else {
    io.stdout(renderMatches(matches, queries.length, Boolean(values.all)));
  }
  return EXIT_CODES.ok;
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
