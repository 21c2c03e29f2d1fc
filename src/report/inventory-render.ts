// Renders an inventory for people (text) and programs (JSON, see docs/inventory.schema.json). The text form is
// grouped by image, then file (own packages) or base image (inherited ones), in one pass: each package is visited
// a fixed number of times, so 20,000 requirement lines cost 20,000 steps, not 20,000 copies of a growing list.
import type { Inventory, InventoryEntry } from '../inventory/types';
import { formatLocation } from './common';
import { terminalSafe } from '../terminal-text';
import { countWork } from '../work-meter';

export function renderInventoryJson(inventory: Inventory): string {
  return `${JSON.stringify(inventory, null, 2)}\n`;
}

/** What a reader calls the package: its name, or for a URL or path requirement without one, that URL or path. */
export function inventoryName(p: InventoryEntry): string {
  if (p.name !== '') return p.name;
  return p.unvettable?.reference ?? '(unnamed)';
}

function describeVersion(p: InventoryEntry): string {
  if (p.unvettable) return p.name === '' ? `(${p.unvettable.kind} requirement)` : `(${p.unvettable.kind}: ${p.unvettable.reference})`;
  if (p.version) return p.version;
  if (p.specifier) return p.specifier;
  return '(any version)';
}

function line(p: InventoryEntry, showFile: boolean): string {
  countWork('render.rows');
  const extras = p.extras.length ? `[${p.extras.join(',')}]` : '';
  const where = showFile ? `${p.location.file}:${p.location.line}` : `line ${p.location.line}`;
  const tags: string[] = [];
  if (p.relation === 'direct') tags.push('direct');
  if (p.group && p.group !== 'default' && p.group !== 'main') tags.push(p.group);
  if (p.status === 'skipped' && p.skip) tags.push(`skipped: ${p.skip.message}`);
  return terminalSafe(`    ${inventoryName(p)}${extras} ${describeVersion(p)}  ${where}${tags.length ? `  (${tags.join('; ')})` : ''}`);
}

/** Appends `value` to the list under `key` in place (never a copy of the list). */
function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function renderInventoryText(inventory: Inventory): string {
  const out: string[] = [];
  // image -> own packages by file, inherited packages by base image: one pass over the packages.
  interface ImageGroup {
    own: Map<string, InventoryEntry[]>;
    inherited: Map<string, InventoryEntry[]>;
  }
  const byImage = new Map<string | undefined, ImageGroup>();
  for (const p of inventory.packages) {
    countWork('render.rows');
    let group = byImage.get(p.image);
    if (!group) {
      group = { own: new Map(), inherited: new Map() };
      byImage.set(p.image, group);
    }
    if (p.inheritedFrom === undefined) append(group.own, p.location.file, p);
    else append(group.inherited, p.inheritedFrom, p);
  }
  const imageInfo = new Map(inventory.images.map((i) => [i.name, i]));
  for (const [image, group] of byImage) {
    if (image !== undefined) {
      const info = imageInfo.get(image);
      const facts: string[] = [info?.status ?? 'active'];
      if (info?.python) facts.push(`Python ${info.python.version} (${info.python.source})`);
      if (info?.baseChain.length) facts.push(`base: ${info.baseChain.join(' <- ')}`);
      else if (info?.base) facts.push(`base: ${info.base.image}`);
      out.push(terminalSafe(`${image}  [${facts.join('; ')}]`));
    }
    for (const [file, list] of group.own) {
      out.push(`  ${terminalSafe(file)}`);
      for (const p of list) out.push(line(p, false));
    }
    for (const [base, list] of group.inherited) {
      out.push(`  inherited from ${terminalSafe(base)}`);
      for (const p of list) out.push(line(p, true));
    }
    if (group.own.size === 0 && group.inherited.size === 0) out.push('  (no packages)');
  }
  for (const info of inventory.images) {
    if (!byImage.has(info.name)) out.push(terminalSafe(`${info.name}  [${info.status}]`), terminalSafe(`  (nothing to check: ${info.nothingToCheck ?? 'no Python or npm packages'})`));
  }
  // Diagnostics quote input (a bad line of a binary file, say): escaped like every error line.
  for (const d of inventory.diagnostics) {
    countWork('render.rows');
    out.push(terminalSafe(`${d.severity}: ${formatLocation(d.location)}: ${d.message}`));
  }
  const s = inventory.summary;
  out.push(
    `${s.images ? `${s.images} images, ` : ''}${s.manifests} manifests, ${s.declaredPackages} declared packages ` +
      `(${s.distinctNames} distinct names), ${s.includedPackages} to check, ${s.skippedPackages} skipped, ${s.unvettablePackages} not vettable from a registry`,
  );
  return `${out.join('\n')}\n`;
}
