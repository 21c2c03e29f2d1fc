// `depvet typosquat [NAME…] [--from FILE|-]`: the bulk, offline name screen. JSON output is one object per flagged
// name; names that pass print nothing.
import fs from 'node:fs';
import path from 'node:path';
import { loadPopularIndex } from '../checks/names/popular-index';
import { screenNames } from '../checks/names/typosquat';
import { UsageError } from '../errors';
import { loadConfig } from '../policy/config';
import { parseCommandArgs } from './args';
import { EXIT_CODES } from './exit-codes';
import type { CliIo } from './io';
import { terminalSafe } from '../terminal-text';

export async function typosquatCommand(args: string[], io: CliIo, usage: string): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { from: { type: 'string' }, format: { type: 'string' }, ecosystem: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout(usage);
    return EXIT_CODES.ok;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json for typosquat, not "${format}"`);
  const ecosystem = values.ecosystem ?? 'PyPI';
  if (ecosystem !== 'PyPI' && ecosystem !== 'npm') throw new UsageError(`--ecosystem must be PyPI or npm, not "${ecosystem}"`);
  const names = [...positionals];
  if (values.from !== undefined) {
    let text: string;
    try {
      text = values.from === '-' ? io.readStdin() : fs.readFileSync(path.resolve(io.cwd, values.from), 'utf8');
    } catch {
      throw new UsageError(`--from ${values.from}: cannot read it`);
    }
    // One name per line; blank lines and # comments are skipped.
    for (const line of text.split(/\r?\n/)) {
      const name = line.replace(/#.*/, '').trim();
      if (name) names.push(name);
    }
  }
  if (names.length === 0) throw new UsageError('typosquat needs NAME arguments or --from FILE|- (see depvet --help)');
  const config = loadConfig({ ...(values.config ? { configFile: values.config } : {}), searchFrom: io.cwd, cwd: io.cwd }).config;
  const index = loadPopularIndex(ecosystem);
  const { matches } = screenNames(names, index, { allowlist: config.names?.allowlist ?? [] });
  if (format === 'json') {
    for (const m of matches) io.stdout(`${JSON.stringify({ name: m.name, target: m.target, kind: m.kind, severity: m.severity, distance: m.distance })}\n`);
  } else {
    for (const m of matches) io.stdout(`${terminalSafe(m.name)}: looks like ${m.target} (#${m.targetRank}), ${m.kind.replace(/-/g, ' ')}, distance ${m.distance}, ${m.severity}\n`);
    io.stdout(`${matches.length} of ${names.length} name${names.length === 1 ? '' : 's'} flagged against the ${ecosystem} top ${index.names.length} (${index.snapshotDate.slice(0, 10)})\n`);
  }
  // A screen is advice, not a gate: flagged names exit 1 so scripts can act on them.
  return matches.length > 0 ? EXIT_CODES.policyFailure : EXIT_CODES.ok;
}
