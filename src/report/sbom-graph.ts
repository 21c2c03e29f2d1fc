// What the CycloneDX and SPDX renderers share: the scan result as a graph of SBOM nodes. One node per image (a
// container), one per distinct package release (keyed by its purl, so a package checked twice, once pinned and
// once resolved to the same version, is one component), and the edges depvet knows: the scan to its images (or to
// the packages of a scan without images), an image to its in-tree base image and to the packages it installs
// itself, and, for transitive packages, the parent chain a lock file or the resolver recorded
// (image -> direct -> … -> package).
import type { ImageInfo } from '../inventory/types';
import type { Ecosystem } from '../model';
import { normalizeName } from '../normalize';
import { packagePurl } from '../purl';
import type { CheckedPackage, ReportedFinding, ScanResult } from '../scan/result';

export interface PackageNode {
  ref: string;
  purl?: string;
  ecosystem: Ecosystem;
  name: string;
  version?: string;
  packages: CheckedPackage[];
  findings: ReportedFinding[];
}

export interface ImageNode {
  ref: string;
  image: ImageInfo;
}

export interface SbomGraph {
  rootRef: string;
  images: ImageNode[];
  packages: PackageNode[];
  /** from ref -> to refs, in insertion order, no duplicates. */
  edges: Map<string, string[]>;
}

export const ROOT_REF = 'depvet:scan';

export function imageRef(name: string): string {
  return `depvet:image:${name}`;
}

export function buildSbomGraph(result: ScanResult): SbomGraph {
  const packages = new Map<string, PackageNode>();
  const byNameVersion = new Map<string, PackageNode>();
  let unvettableCount = 0;
  for (const pkg of result.packages) {
    let ref: string;
    let purl: string | undefined;
    if (pkg.unvettable !== undefined || !pkg.normalizedName) {
      // No release to name: a purl without a version, and a reference of its own.
      purl = pkg.normalizedName ? safePurl(pkg.ecosystem, pkg.name) : undefined;
      unvettableCount += 1;
      ref = `depvet:unvettable:${unvettableCount}:${pkg.normalizedName || 'unnamed'}`;
    } else {
      purl = safePurl(pkg.ecosystem, pkg.name, pkg.version);
      ref = purl ?? `depvet:package:${pkg.ecosystem}:${pkg.normalizedName}@${pkg.version ?? ''}`;
    }
    let node = packages.get(ref);
    if (!node) {
      node = { ref, ...(purl ? { purl } : {}), ecosystem: pkg.ecosystem, name: pkg.name, ...(pkg.version !== undefined ? { version: pkg.version } : {}), packages: [], findings: [] };
      packages.set(ref, node);
      if (pkg.version !== undefined && pkg.unvettable === undefined) byNameVersion.set(`${pkg.ecosystem}:${pkg.normalizedName}@${pkg.version}`, node);
    }
    node.packages.push(pkg);
  }
  for (const finding of result.findings) {
    const node = byNameVersion.get(`${finding.package.ecosystem}:${finding.package.normalizedName}@${finding.package.version ?? ''}`);
    if (node) node.findings.push(finding);
  }

  const images: ImageNode[] = result.images.map((image) => ({ ref: imageRef(image.name), image }));
  const imageNames = new Set(result.images.map((i) => i.name));
  const edges = new Map<string, string[]>();
  const edge = (from: string, to: string) => {
    if (from === to) return;
    const list = edges.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    edges.set(from, list);
  };
  for (const image of images) {
    edge(ROOT_REF, image.ref);
    const base = image.image.base?.inTree;
    if (base !== undefined && imageNames.has(base)) edge(image.ref, imageRef(base));
  }
  const nodeOf = (ecosystem: Ecosystem, name: string, version: string) => byNameVersion.get(`${ecosystem}:${normalizeName(ecosystem, name)}@${version}`);
  for (const node of packages.values()) {
    for (const pkg of node.packages) {
      for (const occurrence of pkg.occurrences) {
        // Inherited copies come through the base image's own edges.
        if (occurrence.inheritedFrom !== undefined) continue;
        const owner = occurrence.image !== undefined && imageNames.has(occurrence.image) ? imageRef(occurrence.image) : ROOT_REF;
        const chain = (occurrence.resolvedFrom ?? []).map((step) => nodeOf(pkg.ecosystem, step.name, step.version));
        if (chain.length > 0 && chain.every((n) => n !== undefined)) {
          let from = owner;
          for (const parent of chain as PackageNode[]) {
            edge(from, parent.ref);
            from = parent.ref;
          }
          edge(from, node.ref);
        } else {
          edge(owner, node.ref);
        }
      }
    }
  }
  return { rootRef: ROOT_REF, images, packages: [...packages.values()], edges };
}

/** A purl, or undefined when the name cannot be one (a name only a broken manifest could hold). */
function safePurl(ecosystem: Ecosystem, name: string, version?: string): string | undefined {
  try {
    return packagePurl(ecosystem, name, version);
  } catch {
    return undefined;
  }
}

/** The advisory findings of a package node, one per advisory id (the same advisory placed in several files is one). */
export function advisoriesOf(node: PackageNode): ReportedFinding[] {
  const seen = new Map<string, ReportedFinding>();
  for (const finding of node.findings) {
    if (finding.check !== 'advisories') continue;
    const id = advisoryIdOf(finding);
    const known = seen.get(id);
    // A failing placement wins over a suppressed or existing one: the SBOM tells the worst state.
    if (!known || (finding.failing && !known.failing)) seen.set(id, finding);
  }
  return [...seen.values()];
}

/** The advisory id a finding is named by (the preferred id; else the first of its ids). */
export function advisoryIdOf(finding: ReportedFinding): string {
  const ids = finding.evidence['ids'];
  return String(finding.evidence['id'] ?? (Array.isArray(ids) && ids.length > 0 ? ids[0] : finding.kind));
}
