// CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/): the scan as an SBOM with its verdicts, for a
// dependency-tracking server (Dependency-Track) or any CycloneDX consumer. Images are `container` components,
// every checked package release a `library` with its purl and the licence depvet concluded (an SPDX id, or an
// expression), the dependency graph where depvet knows it (see sbom-graph.ts), and every advisory finding a
// vulnerability with its ratings (CVSS vector and score), what it affects, the upgrade that fixes it and, for an
// ignored or VEX-suppressed one, the analysis (VEX) with the reason, justification and expiry. What CycloneDX has
// no field for (licence verdicts, name findings, locations) is in `depvet:` properties.
import { createHash } from 'node:crypto';
import { isKnownLicenseId } from '../checks/license/spdx';
import { cycloneDxJustification } from '../policy/vex';
import type { ReportedFinding, ScanResult } from '../scan/result';
import { DEPVET_PROPERTY } from '../sources/sbom';
import { advisoriesOf, advisoryIdOf, buildSbomGraph, ROOT_REF, type PackageNode } from './sbom-graph';

export const CYCLONEDX_SPEC_VERSION = '1.6';
const OSV_SOURCE = { name: 'OSV', url: 'https://osv.dev' };

interface Property {
  name: string;
  value: string;
}

export function renderCycloneDx(result: ScanResult): string {
  const graph = buildSbomGraph(result);
  const components: Record<string, unknown>[] = [];
  for (const image of graph.images) {
    const info = image.image;
    components.push({
      type: 'container',
      'bom-ref': image.ref,
      name: info.name,
      ...(info.version ? { version: info.version } : {}),
      properties: props([
        ['depvet:image:dir', info.dir],
        ['depvet:image:status', info.status],
        ['depvet:image:base', info.base?.image],
        ['depvet:image:python', info.python?.version],
        ...info.sourceOfTruth.map((f): [string, string] => ['depvet:image:sourceOfTruth', f]),
      ]),
    });
  }
  for (const node of graph.packages) components.push(packageComponent(node));

  const dependencies = [{ ref: ROOT_REF, dependsOn: graph.edges.get(ROOT_REF) ?? [] }];
  for (const ref of [...graph.images.map((i) => i.ref), ...graph.packages.map((p) => p.ref)]) dependencies.push({ ref, dependsOn: graph.edges.get(ref) ?? [] });

  const vulnerabilities = graph.packages.flatMap((node) => advisoriesOf(node).map((finding) => vulnerability(finding, node)));
  const bom = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: CYCLONEDX_SPEC_VERSION,
    serialNumber: `urn:uuid:${uuidFrom(result)}`,
    version: 1,
    metadata: {
      timestamp: result.generatedAt,
      tools: { components: [{ type: 'application', name: result.tool.name, version: result.tool.version }] },
      component: {
        type: 'application',
        'bom-ref': ROOT_REF,
        name: result.roots.join(', ') || 'depvet scan',
        description: `depvet scan of ${result.roots.join(', ')}: ${result.summary.outcome}`,
      },
      properties: props([
        ['depvet:outcome', result.summary.outcome],
        ['depvet:checks', result.checks.join(',')],
        ['depvet:summary:failing', String(result.summary.failing)],
        ['depvet:summary:suppressed', String(result.summary.suppressed)],
        ['depvet:summary:couldNotCheck', String(result.summary.couldNotCheck)],
        ...(result.diff ? ([['depvet:diff:base', result.diff.base]] as [string, string][]) : []),
      ]),
    },
    components,
    dependencies,
    ...(vulnerabilities.length > 0 ? { vulnerabilities } : {}),
  };
  return `${JSON.stringify(bom, null, 2)}\n`;
}

function packageComponent(node: PackageNode): Record<string, unknown> {
  const pkg = node.packages[0]!;
  const scoped = node.ecosystem === 'npm' && node.name.startsWith('@') && node.name.includes('/');
  const license = node.packages.find((p) => p.license)?.license;
  const licenses = license?.expression ? licenseChoice(license.expression) : undefined;
  const properties: [string, string | undefined][] = [];
  if (license) {
    properties.push(['depvet:license:verdict', license.verdict], ['depvet:license:source', license.source], ['depvet:license:declared', license.declared]);
    if (license.raw?.license) properties.push(['depvet:license:raw:license', license.raw.license]);
    if (license.raw?.licenseExpression) properties.push(['depvet:license:raw:licenseExpression', license.raw.licenseExpression]);
    for (const c of license.raw?.classifiers ?? []) properties.push(['depvet:license:raw:classifier', c]);
  }
  for (const s of node.packages.flatMap((p) => p.sbomLicenses ?? [])) properties.push(['depvet:sbom:license', s]);
  if (pkg.unvettable !== undefined) {
    const [kind, ...reason] = pkg.unvettable.split(': ');
    properties.push([DEPVET_PROPERTY.unvettableKind, kind], ['depvet:unvettable:reason', reason.join(': ')]);
    if (pkg.unvettableReference !== undefined) properties.push([DEPVET_PROPERTY.unvettableReference, pkg.unvettableReference]);
  }
  for (const p of node.packages) {
    if (p.resolved) properties.push(['depvet:resolved', `${p.resolved.from}: ${p.resolved.how}`]);
    for (const o of p.occurrences) {
      properties.push(['depvet:location', `${o.location.file}:${o.location.line}${o.location.pointer ? `#${o.location.pointer}` : ''}`]);
      if (o.image !== undefined) properties.push(['depvet:image', o.inheritedFrom ? `${o.image} (from ${o.inheritedFrom})` : o.image]);
    }
  }
  for (const finding of node.findings) {
    if (finding.check === 'advisories') continue;
    properties.push([`depvet:finding:${finding.check}`, `${finding.kind}${finding.failing ? ' (failing)' : finding.suppressed ? ` (suppressed by ${finding.suppressed.by})` : ''}: ${finding.message}`]);
  }
  return {
    type: 'library',
    'bom-ref': node.ref,
    ...(scoped ? { group: node.name.slice(0, node.name.indexOf('/')), name: node.name.slice(node.name.indexOf('/') + 1) } : { name: node.name }),
    ...(node.version !== undefined ? { version: node.version } : {}),
    ...(node.purl ? { purl: node.purl } : {}),
    ...(licenses ? { licenses } : {}),
    properties: props(dedupe(properties)),
  };
}

/** An SPDX id of the licence list as `license.id`; anything else (a compound, `+`, a LicenseRef) as an expression. */
function licenseChoice(expression: string): Record<string, unknown>[] {
  if (isKnownLicenseId(expression)) return [{ license: { id: expression, acknowledgement: 'concluded' } }];
  return [{ expression, acknowledgement: 'concluded' }];
}

function vulnerability(finding: ReportedFinding, node: PackageNode): Record<string, unknown> {
  const evidence = finding.evidence;
  const id = advisoryIdOf(finding);
  const aliases = Array.isArray(evidence['aliases']) ? (evidence['aliases'] as string[]) : Array.isArray(evidence['ids']) ? (evidence['ids'] as string[]).filter((a) => a !== id) : [];
  const severity = (evidence['severity'] ?? {}) as { level?: string; source?: string; score?: number; vector?: string };
  const fixed = Array.isArray(evidence['fixedVersions']) ? (evidence['fixedVersions'] as string[]) : [];
  const upgrade = (evidence['upgrade'] ?? {}) as { version?: string };
  const malicious = finding.kind === 'malicious';
  const rating: Record<string, unknown> = { source: OSV_SOURCE };
  if (severity.vector) {
    rating['method'] = cvssMethod(severity.vector);
    rating['vector'] = severity.vector;
    if (typeof severity.score === 'number') rating['score'] = severity.score;
    rating['severity'] = severity.level ?? finding.severity;
  } else {
    rating['method'] = 'other';
    rating['severity'] = severity.source === 'unknown' ? 'unknown' : (severity.level ?? finding.severity);
  }
  const recommendation = malicious
    ? `Malicious package: remove ${node.name}.`
    : upgrade.version !== undefined
      ? `Upgrade ${node.name} to ${upgrade.version}${fixed.length > 0 ? ` (fixed in ${fixed.join(', ')})` : ''}.`
      : fixed.length > 0
        ? `Fixed in ${fixed.join(', ')}.`
        : 'No fixed version is known.';
  const analysis = analysisOf(finding);
  return {
    'bom-ref': `${id}#${node.ref}`,
    id,
    source: { name: 'OSV', url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}` },
    ...(aliases.length > 0 ? { references: aliases.map((alias) => ({ id: alias, source: aliasSource(alias) })) } : {}),
    ratings: [rating],
    ...(typeof evidence['summary'] === 'string' && evidence['summary'] ? { description: evidence['summary'] } : {}),
    recommendation,
    ...(analysis ? { analysis } : {}),
    affects: [{ ref: node.ref, ...(node.version !== undefined ? { versions: [{ version: node.version, status: 'affected' }] } : {}) }],
    properties: props([
      ['depvet:fingerprint', finding.fingerprint],
      ['depvet:failing', String(finding.failing)],
      ['depvet:kind', finding.kind],
      ['depvet:ignore:expires', finding.suppressed?.expires],
    ]),
  };
}

/**
 * The VEX analysis of a finding: a VEX statement's own; an ignore with a justification is not_affected; an ignore
 * without one is an accepted risk (exploitable, will not fix), with its reason and expiry; an expired ignore puts
 * the finding back in triage.
 */
function analysisOf(finding: ReportedFinding): Record<string, unknown> | undefined {
  const suppressed = finding.suppressed;
  if (suppressed?.by === 'vex' && suppressed.vex) {
    const justification = cycloneDxJustification(suppressed.vex.justification);
    return {
      state: 'not_affected',
      ...(justification ? { justification } : {}),
      detail: suppressed.reason,
    };
  }
  if (suppressed?.by === 'ignore') {
    const until = suppressed.expires ? ` (ignored until ${suppressed.expires})` : '';
    const justification = suppressed.justification ? cycloneDxJustification(suppressed.justification) : undefined;
    return justification
      ? { state: 'not_affected', justification, detail: `${suppressed.reason}${until}` }
      : { state: 'exploitable', response: ['will_not_fix'], detail: `Accepted risk: ${suppressed.reason}${until}` };
  }
  const expired = finding.evidence['expiredIgnores'];
  if (Array.isArray(expired) && expired.length > 0) {
    const first = expired[0] as { expires?: string; reason?: string };
    return { state: 'in_triage', detail: `An ignore of this advisory expired on ${first.expires ?? '?'} (${first.reason ?? 'no reason'}); it needs a new decision.` };
  }
  return undefined;
}

function cvssMethod(vector: string): string {
  if (vector.startsWith('CVSS:4.0/')) return 'CVSSv4';
  if (vector.startsWith('CVSS:3.1/')) return 'CVSSv31';
  if (vector.startsWith('CVSS:3.0/')) return 'CVSSv3';
  return 'CVSSv2';
}

function aliasSource(alias: string): { name: string; url: string } {
  if (alias.startsWith('CVE-')) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${encodeURIComponent(alias)}` };
  if (alias.startsWith('GHSA-')) return { name: 'GitHub', url: `https://github.com/advisories/${encodeURIComponent(alias)}` };
  return { name: 'OSV', url: `https://osv.dev/vulnerability/${encodeURIComponent(alias)}` };
}

function props(entries: [string, string | undefined][]): Property[] {
  return entries.filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '').map(([name, value]) => ({ name, value }));
}

function dedupe(entries: [string, string | undefined][]): [string, string | undefined][] {
  const seen = new Set<string>();
  return entries.filter(([name, value]) => {
    const key = `${name}\u0000${value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A version-4-shaped UUID derived from the result, so the same scan gives the same serial number. */
export function uuidFrom(result: ScanResult): string {
  const hex = createHash('sha256').update(JSON.stringify([result.generatedAt, result.roots, result.findings.map((f) => f.fingerprint), result.packages.length])).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
