// Conformance with a reference parser built on pip's own code (aboutcode-org/pip-requirements-parser), over the
// 65 real requirements files in ../shared/corpus/pip-requirements. See that folder's SOURCE.md.
import fs from 'node:fs';
import path from 'node:path';
import type { PackageRef, ParsedManifest } from '../../src/model';
import { normalizePypiName } from '../../src/normalize';
import { buildInventory } from '../../src/inventory/inventory';
import { formatMarker, parseMarker } from '../../src/sources/pep508';
import { parseRequirementsTxt } from '../../src/sources/requirements-txt';
import { describeWithShared, hasShared, sharedPath } from '../helpers/shared';

interface ExpectedRequirement {
  name: string | null;
  specifier: string[];
  is_editable: boolean;
  requirement_line: { line_number: number; line: string };
  link: string | null;
  marker: string | null;
  hash_options: string[];
  extras: string[];
  is_url: boolean | null;
  is_vcs_url: boolean | null;
  is_local_path: boolean | null;
  is_archive: boolean | null;
  is_name_at_url: boolean;
}

interface ExpectedOption {
  line_number: number;
  index_url?: string;
  extra_index_urls?: string[];
  requirements?: string[];
  constraints?: string[];
}

interface Expected {
  requirements: ExpectedRequirement[];
  options: ExpectedOption[];
  invalid_lines: { line_number: number; line: string; error_message: string }[];
}

const CORPUS = sharedPath('corpus', 'pip-requirements');

function corpusFiles(): string[] {
  if (!hasShared) return [];
  const files: string[] = [];
  for (const dir of fs.readdirSync(CORPUS).sort()) {
    const full = path.join(CORPUS, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const name of fs.readdirSync(full).sort()) {
      if (fs.existsSync(path.join(full, `${name}-expected.json`))) files.push(path.join(dir, name));
    }
  }
  return files;
}

/** What we compare for one requirement, in one shape for both sides. */
interface Comparable {
  line: number;
  name: string;
  specifier: string[];
  extras: string[];
  marker: string | null;
  editable: boolean;
  vcs: boolean;
  link: boolean;
  hashes: string[];
}

const VCS_PREFIX = /^(git|hg|svn|bzr)\+[a-z-]+:/i;

function fromExpected(req: ExpectedRequirement): Comparable {
  return {
    line: req.requirement_line.line_number,
    name: req.name ?? '',
    specifier: [...req.specifier].sort(),
    extras: req.extras.map(normalizePypiName).sort(),
    marker: req.marker,
    editable: req.is_editable,
    vcs: req.is_vcs_url === true,
    // anything that is installed from a link rather than by name from an index
    link: req.is_url === true || req.is_local_path === true || req.is_archive === true || req.is_editable,
    hashes: [...req.hash_options].sort(),
  };
}

function fromOurs(pkg: PackageRef): Comparable {
  let specifier: string[] = [];
  if (pkg.version !== undefined) specifier = [`==${pkg.version}`];
  else if (pkg.specifier !== undefined) specifier = pkg.specifier.split(',');
  const reference = pkg.unvettable?.reference ?? '';
  return {
    line: pkg.location.line,
    name: pkg.name,
    specifier: specifier.sort(),
    extras: pkg.extras.map(normalizePypiName).sort(),
    marker: pkg.marker === undefined ? null : formatMarker(parseMarker(pkg.marker)),
    editable: pkg.unvettable?.kind === 'editable',
    vcs: pkg.unvettable?.kind === 'vcs' || (pkg.unvettable?.kind === 'editable' && VCS_PREFIX.test(reference)),
    link: pkg.unvettable !== undefined,
    hashes: [...(pkg.hashes ?? [])].sort(),
  };
}

/**
 * Deliberate differences from the reference, each with its reason. Keyed by `file:line`.
 */
const DELIBERATE: Record<string, { field: keyof Comparable; reason: string }[]> = {
  'sc-requirements/local_paths_and_files-requirements.txt:2': [
    {
      field: 'name',
      reason:
        'file://../../lib/project#egg=MyProject: pip rewrites relative file: URLs to absolute ones and drops the ' +
        'fragment on the way, so the reference has no name; we keep the name the #egg= fragment states, since a ' +
        'named unvettable requirement is more useful to a reviewer than an unnamed one',
    },
  ],
};

function compareFile(relative: string): { ours: ParsedManifest; expected: Expected; text: string } {
  const text = fs.readFileSync(path.join(CORPUS, relative), 'utf8');
  const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, `${relative}-expected.json`), 'utf8')) as Expected;
  // the whole file as it is: the lines the reference calls invalid are reported and skipped, the rest read
  const ours = parseRequirementsTxt(text, relative, { env: {} });
  return { ours, expected, text };
}

describeWithShared('parseRequirementsTxt conformance with pip (shared corpus)', () => {
  const files = corpusFiles();

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  // jest refuses an empty table, and the table is empty when ../shared is absent (the block is skipped then)
  describe.each(files.length > 0 ? files : ['(no corpus)'])('%s', (relative) => {
    it('reports each line the reference finds invalid as an error diagnostic with its column, and no other line', () => {
      const { ours, expected, text } = compareFile(relative);
      const errors = ours.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => d.location.line)).toEqual(expected.invalid_lines.map((entry) => entry.line_number));
      const physical = text.split('\n');
      for (const error of errors) {
        expect(error.location.file).toBe(relative);
        // the column points into the line, at a character that is not blank
        const line = physical[error.location.line - 1] ?? '';
        expect(error.location.column).toBeGreaterThanOrEqual(1);
        expect(line[(error.location.column as number) - 1]).toMatch(/\S/);
      }
    });

    it('agrees on requirements (names, specifiers, markers, extras, lines, editable/vcs/link flags, hashes)', () => {
      const { ours, expected } = compareFile(relative);
      const want = expected.requirements.map(fromExpected);
      const got = ours.packages.map(fromOurs);
      for (const [key, differences] of Object.entries(DELIBERATE)) {
        if (!key.startsWith(`${relative}:`)) continue;
        const line = Number(key.slice(relative.length + 1));
        for (const { field } of differences) {
          for (const side of [want, got]) {
            for (const entry of side) if (entry.line === line) (entry as unknown as Record<string, unknown>)[field] = '(deliberate difference)';
          }
        }
      }
      expect(got).toEqual(want);
    });

    it('agrees on includes and package indexes', () => {
      const { ours, expected } = compareFile(relative);
      const invalid = new Set(expected.invalid_lines.map((entry) => entry.line_number));
      const options = expected.options.filter((option) => !invalid.has(option.line_number));
      const want = {
        includes: options.flatMap((option) => [
          ...(option.requirements ?? []).map((p) => ({ kind: 'requirements', path: p, line: option.line_number })),
          ...(option.constraints ?? []).map((p) => ({ kind: 'constraints', path: p, line: option.line_number })),
        ]),
        indexes: options.flatMap((option) => [
          ...(option.index_url !== undefined ? [{ url: option.index_url, role: 'primary', line: option.line_number }] : []),
          ...(option.extra_index_urls ?? []).map((url) => ({ url, role: 'extra', line: option.line_number })),
        ]),
      };
      const got = {
        includes: ours.includes.map((include) => ({ kind: include.kind, path: include.path, line: include.location.line })),
        indexes: ours.indexes.map((index) => ({ url: index.url, role: index.role, line: index.location.line })),
      };
      expect(got).toEqual(want);
    });
  });
});

describeWithShared('depvet list on every file of the shared corpus: one bad line never hides the rest', () => {
  // Before issue 12 §2, 15 of the 65 files gave nothing at all (8 stopped at one bad line, 7 at a missing -r include).
  const files = corpusFiles();

  it.each(files.length > 0 ? files : ['(no corpus)'])('%s: every requirement the reference reads is inventoried; bad lines and missing includes are errors at their lines', (relative) => {
    const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, `${relative}-expected.json`), 'utf8')) as Expected;
    const inventory = buildInventory([relative], { cwd: CORPUS });
    expect(inventory.packages.filter((p) => p.location.file === relative)).toHaveLength(expected.requirements.length);
    const includeLines = new Set(expected.options.filter((o) => (o.requirements ?? []).length + (o.constraints ?? []).length > 0).map((o) => o.line_number));
    const invalidLines = expected.invalid_lines.map((entry) => entry.line_number);
    const errors = inventory.diagnostics.filter((d) => d.severity === 'error' && d.location.file === relative);
    expect(errors.filter((d) => d.code !== 'include-unreadable').map((d) => d.location.line)).toEqual(invalidLines);
    for (const missing of errors.filter((d) => d.code === 'include-unreadable')) expect(includeLines.has(missing.location.line)).toBe(true);
  });

  it('no file yields nothing, and all 823 requirements of the reference are read', () => {
    let read = 0;
    let reference = 0;
    const empty: string[] = [];
    for (const relative of files) {
      const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, `${relative}-expected.json`), 'utf8')) as Expected;
      const own = buildInventory([relative], { cwd: CORPUS }).packages.filter((p) => p.location.file === relative).length;
      read += own;
      reference += expected.requirements.length;
      if (own === 0 && expected.requirements.length > 0) empty.push(relative);
    }
    expect(empty).toEqual([]);
    expect(reference).toBe(823);
    expect(read).toBe(reference);
  });
});
