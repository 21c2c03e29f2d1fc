// The library example of docs/library.md (the doc includes this file verbatim; test/docs/library.test.ts runs it).
import { buildInventory, renderReport, scan, loadConfig, exitCodeOf } from 'depvet';

export async function vetTree(tree: string, registry: { pypiUrl?: string; osvUrl?: string; cacheDir?: string } = {}) {
  // 1. What would every image install? No network.
  const inventory = buildInventory([tree]);
  const summary = `${inventory.images.length} images, ${inventory.summary.distinctNames} distinct packages`;

  // 2. The policy: depvet.config.json found upward from the tree (or {} when there is none).
  const { config } = loadConfig({ searchFrom: tree });

  // 3. Check licenses, names, advisories and base images; nothing is thrown for a package that could not be
  //    checked or an input that could not be read: they are in result.couldNotCheck and result.diagnostics and make
  //    the outcome 'incomplete'.
  const result = await scan([tree], { config, registry });

  // 4. Reports: any of text, json, sarif, markdown, gitlab, junit, github.
  const markdown = renderReport('markdown', result);

  // 5. The decision, as the CLI takes it.
  const exitCode = exitCodeOf(result.summary.outcome);
  return { summary, result, markdown, exitCode };
}
