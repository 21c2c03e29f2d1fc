// Markdown rendering of the catalogue: `index.md`, one page per image under `images/`, and `used_packages.json`,
// in the spirit of the nightly dockerfiles-info pages (`demisto/<image>/<tag>.md`, `used_packages.json`).
import { escapeCodePoint, UNSAFE_CHARACTERS } from '../terminal-text';
import { couldNotCheckReasons, licenseLabel, licenseText, versionLabel, type Catalogue, type CatalogueFinding, type CatalogueImage, type CatalogueLicense, type CataloguePackage } from './catalogue';

/** The relative path of an image's page. Folder names are already file-safe; anything else is replaced. */
export function imagePagePath(image: string): string {
  return `images/${safeFileName(image)}.md`;
}

/**
 * Renders the whole catalogue. Keys are paths relative to the output folder (`/` separators), values the file text.
 */
export function renderCatalogueMarkdown(catalogue: Catalogue): Map<string, string> {
  const files = new Map<string, string>();
  files.set('index.md', renderIndex(catalogue));
  for (const image of catalogue.images) files.set(imagePagePath(image.name), renderImagePage(catalogue, image));
  files.set('used_packages.json', `${JSON.stringify(usedPackages(catalogue), null, 4)}\n`);
  return files;
}

/**
 * The package → images map, shaped like dockerfiles-info's `used_packages.json` (`{"PyJWT": {"docker_images":
 * ["demisto/crypto", …], "licenses": […], "pypi_url": …}}`). Fields depvet cannot know without a registry
 * (author, summary, home page) are left out rather than invented; `versions` is added.
 */
export function usedPackages(catalogue: Catalogue): Record<string, UsedPackage> {
  const result: Record<string, UsedPackage> = {};
  for (const pkg of catalogue.packages) {
    if (pkg.images.length === 0) continue;
    // Two ecosystems may share a name: the npm one is keyed with its ecosystem so neither overwrites the other.
    const key = pkg.ecosystem === 'PyPI' || !(pkg.name in result) ? pkg.name : `npm:${pkg.name}`;
    result[key] = {
      docker_images: pkg.images.map((image) => qualifiedImage(catalogue, image)),
      ecosystem: pkg.ecosystem,
      licenses: pkg.licenses,
      ...(pkg.ecosystem === 'PyPI' && pkg.normalizedName !== '' ? { pypi_url: `https://pypi.org/project/${encodeURIComponent(pkg.name)}/` } : {}),
      versions: pkg.versions,
    };
  }
  return result;
}

export interface UsedPackage {
  docker_images: string[];
  ecosystem: string;
  licenses: string[];
  pypi_url?: string;
  versions: string[];
}

function qualifiedImage(catalogue: Catalogue, image: string): string {
  return catalogue.organisation !== undefined ? `${catalogue.organisation}/${image}` : image;
}

function renderIndex(catalogue: Catalogue): string {
  const s = catalogue.summary;
  const lines: string[] = [];
  lines.push('# Image catalogue', '');
  lines.push(`- Roots: ${catalogue.roots.map(code).join(', ')}`);
  lines.push(`- Images: ${s.images} (${s.imagesByStatus.active} active, ${s.imagesByStatus.deprecated} deprecated, ${s.imagesByStatus.devonly} dev-only)`);
  lines.push(`- Package rows: ${s.packageRows}; distinct packages: ${s.distinctPackages}`);
  if (catalogue.scan) {
    lines.push(`- Checked by ${text(catalogue.scan.tool)} at ${text(catalogue.scan.generatedAt)} (checks: ${catalogue.scan.checks.join(', ') || 'none'})`);
  } else {
    lines.push('- Licenses and findings: **not checked** (the catalogue was built without a scan)');
  }
  lines.push('- Package → images map: [used_packages.json](used_packages.json)', '');

  lines.push('## Licenses', '', '| License verdict | Package versions |', '| --- | ---: |');
  for (const [label, count] of Object.entries(s.licenseLabels)) if (count > 0) lines.push(`| ${label} | ${count} |`);
  lines.push('');
  if (catalogue.scan) {
    lines.push('## Findings', '', '| Severity | Findings |', '| --- | ---: |');
    for (const [severity, count] of Object.entries(s.findingsBySeverity).reverse()) lines.push(`| ${severity} | ${count} |`);
    lines.push('', `Failing the gate: ${s.failingFindings}; could not check: ${s.couldNotCheck}`, '');
  }

  lines.push('## Images', '', '| Image | Status | Python | Base chain | Own | Inherited | Skipped | Findings | License issues | Licenses not checked |', '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const image of catalogue.images) {
    const c = image.counts;
    lines.push(
      `| [${text(image.name)}](${imagePagePath(image.name)}) | ${statusText(image)} | ${image.python ? text(image.python.version) : 'unknown'} | ${image.baseChain.map(text).join(' → ') || '—'} | ${c.own} | ${c.inherited} | ${c.skipped} | ${catalogue.scan ? `${c.findings}${c.failing > 0 ? ` (${c.failing} failing)` : ''}` : 'not checked'} | ${catalogue.scan ? c.licenseIssues : 'not checked'} | ${c.licenseUnchecked} |`,
    );
  }
  lines.push('');
  if (catalogue.unassigned.length > 0) {
    lines.push('## Packages outside image folders', '');
    for (const line of packageTable(catalogue.unassigned, undefined, catalogue.scan !== undefined)) lines.push(line);
    lines.push('');
  }
  return lines.join('\n');
}

function renderImagePage(catalogue: Catalogue, image: CatalogueImage): string {
  const lines: string[] = [];
  lines.push(`# ${code(qualifiedImage(catalogue, image.name))}`, '');
  lines.push(`- Status: ${statusText(image)}${image.deprecatedReason ? ` (${text(image.deprecatedReason)})` : ''}`);
  if (image.version !== undefined) lines.push(`- Version (build.conf): ${code(image.version)}`);
  lines.push(`- Python: ${image.python ? `${text(image.python.version)} (${text(image.python.source)})` : 'unknown'}`);
  lines.push(`- Base image: ${image.base !== undefined ? code(image.base) : 'unknown'}`);
  lines.push(`- Base chain: ${[text(image.name), ...image.baseChain.map((base) => `[${text(base)}](${siblingPage(base)})`)].join(' → ')}`);
  lines.push(`- Source of truth: ${image.sourceOfTruth.map(code).join(', ') || 'none'}`);
  const c = image.counts;
  lines.push(`- Packages: ${c.own} own, ${c.inherited} inherited, ${c.skipped} skipped`);
  if (catalogue.scan) lines.push(`- Findings: ${c.findings} (${c.failing} failing); license issues: ${c.licenseIssues}; licenses not checked: ${c.licenseUnchecked}`);
  else lines.push('- Licenses and findings: **not checked** (the catalogue was built without a scan)');
  lines.push('');

  const included = image.packages.filter((row) => row.status === 'included');
  for (const ecosystem of ['PyPI', 'npm'] as const) {
    const rows = included.filter((row) => row.ecosystem === ecosystem);
    if (rows.length === 0) continue;
    lines.push(ecosystem === 'PyPI' ? '## Python Packages' : '## npm Packages', '');
    for (const line of packageTable(rows, image.name, catalogue.scan !== undefined)) lines.push(line);
    lines.push('');
  }
  const skipped = image.packages.filter((row) => row.status === 'skipped');
  if (skipped.length > 0) {
    lines.push('## Skipped Packages', '', 'Named by a manifest but not installed in this image, so not checked.', '');
    lines.push('| Package | Version | From | Reason |', '| --- | --- | --- | --- |');
    for (const row of skipped) lines.push(`| ${code(row.name)} | ${versionText(row)} | ${fromText(row)} | ${text(row.skipReason ?? 'skipped')} |`);
    lines.push('');
  }
  const findings = included.flatMap((row) => row.findings.map((finding) => ({ row, finding })));
  if (findings.length > 0 || image.otherFindings.length > 0) {
    lines.push('## Findings', '');
    for (const { row, finding } of findings) lines.push(`- ${findingText(finding)}: ${code(row.name)} ${versionText(row)}${row.inheritedFrom ? ` (inherited from ${text(row.inheritedFrom)})` : ''}: ${text(finding.message)}`);
    for (const finding of image.otherFindings) lines.push(`- ${findingText(finding)}: ${text(finding.message)}`);
    lines.push('');
  }
  const notChecked = included.map((row) => ({ row, reasons: couldNotCheckReasons(row) })).filter(({ reasons }) => reasons.length > 0);
  if (notChecked.length > 0) {
    lines.push('## Could Not Check', '');
    for (const { row, reasons } of notChecked) lines.push(`- ${code(row.name)} ${versionText(row)}: ${reasons.map(text).join('; ')}`);
    lines.push('');
  }
  return lines.join('\n');
}

function packageTable(rows: CataloguePackage[], image: string | undefined, checked: boolean): string[] {
  const lines = ['| Package | Version | License | Verdict | Findings | From | Declared at |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    const findings = row.findings.length === 0 ? (licenseLabel(row.license) === 'not-checked' ? 'not checked' : '—') : row.findings.map((f) => `${f.severity} ${text(f.id)}${f.failing ? ' (failing)' : ''}`).join(', ');
    lines.push(`| ${code(row.name)} | ${versionText(row)} | ${checked ? licenseCell(row.license) : 'not checked'} | ${licenseLabel(row.license)} | ${findings} | ${image === undefined ? '—' : fromText(row)} | ${code(row.location)} |`);
  }
  return lines;
}

function licenseCell(license: CatalogueLicense): string {
  return license.state === 'checked' ? text(licenseText(license)) : `${licenseText(license)}: ${text(license.reason)}`;
}

function fromText(row: CataloguePackage): string {
  return row.inheritedFrom !== undefined ? `inherited from [${text(row.inheritedFrom)}](${siblingPage(row.inheritedFrom)})` : `own (${row.relation})`;
}

function findingText(finding: CatalogueFinding): string {
  const state = finding.suppressedBy !== undefined ? `suppressed, ${finding.suppressedBy}` : finding.failing ? 'failing' : finding.level;
  return `**${finding.severity}** ${text(finding.check)} ${code(finding.id)} (${text(state)})`;
}

function statusText(image: CatalogueImage): string {
  return image.status === 'devonly' ? 'dev-only' : image.status;
}

function versionText(row: CataloguePackage): string {
  return text(versionLabel(row));
}

/** From one image page to another (both under `images/`). */
function siblingPage(image: string): string {
  return `${safeFileName(image)}.md`;
}

function safeFileName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return safe === '' ? '_' : safe;
}

/**
 * Plain text in a Markdown table cell: one line, with every character that Markdown or HTML would interpret
 * backslash-escaped or entity-encoded (names and messages come from manifests and registries: hostile input).
 */
export function text(value: string): string {
  return value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(UNSAFE_CHARACTERS, escapeCodePoint)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

/** A code span that survives backticks and pipes in the value. */
export function code(value: string): string {
  // Control and bidi characters as code points (`\u202e`), which a code span shows as written.
  const oneLine = value.replace(/[\r\n\t]+/g, ' ').replace(UNSAFE_CHARACTERS, escapeCodePoint).replace(/\|/g, '\\|');
  let longestRun = 0;
  for (const run of oneLine.matchAll(/`+/g)) longestRun = Math.max(longestRun, run[0].length);
  const fence = '`'.repeat(longestRun + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}
