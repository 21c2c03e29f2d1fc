// Renders an inventory for people (text) and programs (JSON, see docs/inventory.schema.json).
import type { Inventory, InventoryEntry } from '../inventory/types';
import { formatLocation } from './common';

export function renderInventoryJson(inventory: Inventory): string {
  return `${JSON.stringify(inventory, null, 2)}\n`;
}

function describeVersion(p: InventoryEntry): string {
  if (p.unvettable) return `(${p.unvettable.kind}: ${p.unvettable.reference})`;
  if (p.version) return p.version;
  if (p.specifier) return p.specifier;
  return '(any version)';
}

function line(p: InventoryEntry, showFile: boolean): string {
  const extras = p.extras.length ? `[${p.extras.join(',')}]` : '';
  const where = showFile ? `${p.location.file}:${p.location.line}` : `line ${p.location.line}`;
  const tags: string[] = [];
  if (p.relation === 'direct') tags.push('direct');
  if (p.group && p.group !== 'default' && p.group !== 'main') tags.push(p.group);
  if (p.status === 'skipped' && p.skip) tags.push(`skipped: ${p.skip.message}`);
  return `    ${p.name}${extras} ${describeVersion(p)}  ${where}${tags.length ? `  (${tags.join('; ')})` : ''}`;
}

export function renderInventoryText(inventory: Inventory): string {
  const out: string[] = [];
  const byImage = new Map<string | undefined, InventoryEntry[]>();
  for (const p of inventory.packages) {
    const list = byImage.get(p.image) ?? [];
    list.push(p);
    byImage.set(p.image, list);
  }
  const imageInfo = new Map(inventory.images.map((i) => [i.name, i]));
  for (const [image, packages] of byImage) {
    if (image !== undefined) {
      const info = imageInfo.get(image);
      const facts: string[] = [info?.status ?? 'active'];
      if (info?.python) facts.push(`Python ${info.python.version} (${info.python.source})`);
      if (info?.baseChain.length) facts.push(`base: ${info.baseChain.join(' <- ')}`);
      else if (info?.base) facts.push(`base: ${info.base.image}`);
      out.push(`${image}  [${facts.join('; ')}]`);
    }
    const own = packages.filter((p) => p.inheritedFrom === undefined);
    const byFile = new Map<string, InventoryEntry[]>();
    for (const p of own) byFile.set(p.location.file, [...(byFile.get(p.location.file) ?? []), p]);
    for (const [file, list] of byFile) {
      out.push(`  ${file}`);
      for (const p of list) out.push(line(p, false));
    }
    const inherited = packages.filter((p) => p.inheritedFrom !== undefined);
    const byBase = new Map<string, InventoryEntry[]>();
    for (const p of inherited) byBase.set(p.inheritedFrom!, [...(byBase.get(p.inheritedFrom!) ?? []), p]);
    for (const [base, list] of byBase) {
      out.push(`  inherited from ${base}`);
      for (const p of list) out.push(line(p, true));
    }
    if (own.length === 0 && inherited.length === 0) out.push('  (no packages)');
  }
  for (const info of inventory.images) {
    if (!byImage.has(info.name)) out.push(`${info.name}  [${info.status}]`, '  (no Python or npm packages)');
  }
  for (const d of inventory.diagnostics) {
    out.push(`${d.severity}: ${formatLocation(d.location)}: ${d.message}`);
  }
  const s = inventory.summary;
  out.push(
    `${s.images ? `${s.images} images, ` : ''}${s.manifests} manifests, ${s.declaredPackages} declared packages ` +
      `(${s.distinctNames} distinct names), ${s.includedPackages} to check, ${s.skippedPackages} skipped, ${s.unvettablePackages} not vettable from a registry`,
  );
  return `${out.join('\n')}\n`;
}
