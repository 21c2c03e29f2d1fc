// SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/): the scan as an SPDX document. Images are CONTAINER
// packages, every checked release a LIBRARY package with its purl (`externalRefs`, PACKAGE-MANAGER), the licence
// depvet judged (`licenseConcluded`) beside what the registry declares (`licenseDeclared`, the raw fields in
// `licenseComments`), and its advisories as SECURITY references. Relationships: the document DESCRIBES the
// images (or the scan's root), an image is DESCENDANT_OF its in-tree base and DEPENDS_ON what it installs, and
// the parent chains of transitive packages are DEPENDS_ON edges (see sbom-graph.ts). depvet's own LicenseRefs
// (ambiguous classifiers) are declared in `hasExtractedLicensingInfos`, as SPDX requires.
import { isLicenseRef, spdxIds } from '../checks/license/spdx';
import type { ScanResult } from '../scan/result';
import { uuidFrom } from './cyclonedx';
import { advisoriesOf, advisoryIdOf, buildSbomGraph, ROOT_REF, type PackageNode } from './sbom-graph';

export const SPDX_VERSION = 'SPDX-2.3';

export function renderSpdx(result: ScanResult): string {
  const graph = buildSbomGraph(result);
  const ids = new Map<string, string>();
  const used = new Set<string>();
  const spdxId = (ref: string, label: string): string => {
    const known = ids.get(ref);
    if (known) return known;
    // SPDXID: `SPDXRef-` then letters, digits, `.` and `-` only; a counter keeps sanitized names apart.
    const base = `SPDXRef-${label.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || 'package'}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    ids.set(ref, id);
    return id;
  };
  const licenseRefs = new Set<string>();
  const spdxLicense = (expression: string | null | undefined): string => {
    if (!expression) return 'NOASSERTION';
    for (const id of spdxIds(expression)) if (isLicenseRef(id)) licenseRefs.add(id);
    return expression;
  };

  const rootId = spdxId(ROOT_REF, 'scan');
  const packages: Record<string, unknown>[] = [];
  const relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[] = [];
  const hasImages = graph.images.length > 0;
  if (!hasImages) {
    packages.push({
      SPDXID: rootId,
      name: result.roots.join(', ') || 'depvet scan',
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      primaryPackagePurpose: 'SOURCE',
      comment: 'The folders and files depvet scanned; what they install is what this package depends on.',
    });
    relationships.push({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: rootId });
  }
  for (const image of graph.images) {
    const info = image.image;
    const id = spdxId(image.ref, `Image-${info.name}`);
    packages.push({
      SPDXID: id,
      name: info.name,
      ...(info.version ? { versionInfo: info.version } : {}),
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      primaryPackagePurpose: 'CONTAINER',
      comment: `Image folder ${info.dir} (${info.status}); installs what ${info.sourceOfTruth.join(', ') || 'its Dockerfile'} names${info.base ? `; built FROM ${info.base.image}` : ''}.`,
    });
    relationships.push({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: id });
  }
  for (const node of graph.packages) packages.push(packageOf(node, spdxId(node.ref, `Package-${node.ecosystem}-${node.name}-${node.version ?? 'unversioned'}`), spdxLicense));

  for (const [from, targets] of graph.edges) {
    if (from === ROOT_REF && hasImages) continue; // the document describes each image instead
    const fromId = ids.get(from);
    if (!fromId) continue;
    for (const to of targets) {
      const toId = ids.get(to);
      if (!toId) continue;
      const isBase = from.startsWith('depvet:image:') && to.startsWith('depvet:image:');
      relationships.push({ spdxElementId: fromId, relationshipType: isBase ? 'DESCENDANT_OF' : 'DEPENDS_ON', relatedSpdxElement: toId });
    }
  }

  const document = {
    spdxVersion: SPDX_VERSION,
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `depvet scan of ${result.roots.join(', ') || 'nothing'}`,
    documentNamespace: `https://depvet.dev/spdxdocs/${uuidFrom(result)}`,
    creationInfo: {
      // SPDX dates are `YYYY-MM-DDThh:mm:ssZ`, without fractions of a second.
      created: result.generatedAt.replace(/\.\d+Z$/, 'Z'),
      creators: [`Tool: ${result.tool.name}-${result.tool.version}`],
      comment: `depvet outcome: ${result.summary.outcome} (${result.summary.failing} failing, ${result.summary.suppressed} suppressed, ${result.summary.couldNotCheck} could not be checked)`,
    },
    packages,
    relationships,
    ...(licenseRefs.size > 0
      ? {
          hasExtractedLicensingInfos: [...licenseRefs].sort().map((licenseId) => ({
            licenseId,
            name: licenseId.replace(/^LicenseRef-(depvet-)?/, ''),
            extractedText: licenseId.startsWith('LicenseRef-depvet-ambiguous-')
              ? `A licence name or classifier that stands for several SPDX licences (${licenseId.slice('LicenseRef-depvet-ambiguous-'.length).replace(/-/g, ' ')}); depvet judged it by all of them.`
              : `A licence depvet could not name with an SPDX id (${licenseId}).`,
          })),
        }
      : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function packageOf(node: PackageNode, id: string, spdxLicense: (expression: string | null | undefined) => string): Record<string, unknown> {
  const pkg = node.packages[0]!;
  const license = node.packages.find((p) => p.license)?.license;
  const comments: string[] = [];
  if (license) {
    comments.push(`depvet verdict: ${license.verdict} (from ${license.source})`);
    if (license.raw?.licenseExpression) comments.push(`registry license_expression: ${license.raw.licenseExpression}`);
    if (license.raw?.license) comments.push(`registry license: ${license.raw.license.length > 200 ? `${license.raw.license.slice(0, 200)}…` : license.raw.license}`);
    if (license.raw?.classifiers?.length) comments.push(`registry classifiers: ${license.raw.classifiers.join('; ')}`);
  }
  const sbom = node.packages.flatMap((p) => p.sbomLicenses ?? []);
  if (sbom.length > 0) comments.push(`input SBOM says: ${sbom.join('; ')}`);
  const externalRefs: Record<string, string>[] = [];
  if (node.purl) externalRefs.push({ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: node.purl });
  for (const finding of advisoriesOf(node)) {
    const advisory = advisoryIdOf(finding);
    if (advisory) externalRefs.push({ referenceCategory: 'SECURITY', referenceType: 'advisory', referenceLocator: `https://osv.dev/vulnerability/${encodeURIComponent(advisory)}`, comment: finding.message } as Record<string, string>);
  }
  const reference = pkg.unvettableReference;
  return {
    SPDXID: id,
    name: node.name,
    ...(node.version !== undefined ? { versionInfo: node.version } : {}),
    // A VCS or download reference is where the package comes from; a registry release is named by its purl.
    downloadLocation: reference !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(reference) ? reference : 'NOASSERTION',
    filesAnalyzed: false,
    primaryPackagePurpose: 'LIBRARY',
    licenseConcluded: spdxLicense(license?.expression),
    licenseDeclared: spdxLicense(license?.declared),
    ...(comments.length > 0 ? { licenseComments: comments.join('\n') } : {}),
    copyrightText: 'NOASSERTION',
    ...(externalRefs.length > 0 ? { externalRefs } : {}),
    ...(pkg.unvettable !== undefined ? { comment: `Not vettable from a registry: ${pkg.unvettable}` } : {}),
  };
}
