// VEX documents (`--vex FILE`): statements by whoever ships the image about whether an advisory affects it.
// OpenVEX (0.0.1 and 0.2.0: `statements[]` with `vulnerability`, `products` and their `subcomponents`, `status`,
// `justification`, `impact_statement`) and CycloneDX VEX (`vulnerabilities[]` with `analysis.state` and
// `analysis.justification`, `affects[].ref` naming a component by bom-ref, purl or BOM-Link). A statement
// `not_affected` with a machine-readable justification suppresses the advisory findings it matches, as an ignore
// does; a statement that matches nothing is reported as unused, one that matches but does not suppress (another
// status, no justification) as not applied. Statements match by advisory id or alias and by purl: a package purl
// (a version narrows it to that release) or an image product (its name is the image) with package subcomponents.
// https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md · https://cyclonedx.org/capabilities/vex/
import { ConfigError } from '../errors';
import type { PackageKey } from '../findings';
import { parsePurl, type ParsedPurl } from '../purl';
import { jsonMember, jsonString, parseJsonWithLines, type JsonNode } from '../sources/json-lines';
import type { VexStatementRef } from '../scan/result';
import { readPolicyFile } from './config';

/** OpenVEX justifications and the CycloneDX `analysis.justification` each stands for (and the reverse). */
export const OPENVEX_TO_CYCLONEDX_JUSTIFICATION: Readonly<Record<string, string>> = {
  component_not_present: 'code_not_present',
  vulnerable_code_not_present: 'code_not_present',
  vulnerable_code_not_in_execute_path: 'code_not_reachable',
  vulnerable_code_cannot_be_controlled_by_adversary: 'requires_environment',
  inline_mitigations_already_exist: 'protected_by_mitigating_control',
};

export const CYCLONEDX_JUSTIFICATIONS = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;

/** A justification in either vocabulary as CycloneDX writes it; undefined for a word neither knows. */
export function cycloneDxJustification(justification: string): string | undefined {
  if ((CYCLONEDX_JUSTIFICATIONS as readonly string[]).includes(justification)) return justification;
  return OPENVEX_TO_CYCLONEDX_JUSTIFICATION[justification];
}

export type VexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation' | 'false_positive' | 'exploitable' | 'in_triage' | 'resolved' | 'resolved_with_pedigree';

interface VexProduct {
  /** The product's purl (an image, or the package itself). */
  purl?: ParsedPurl;
  subcomponents: ParsedPurl[];
}

export interface VexStatement {
  ref: Omit<VexStatementRef, 'justification'> & { justification?: string };
  line: number;
  format: 'openvex' | 'cyclonedx';
  vulnerability: string;
  aliases: string[];
  products: VexProduct[];
  status: VexStatus;
}

export interface VexDocument {
  file: string;
  statements: VexStatement[];
}

/** Reads and parses each VEX file (relative to `cwd`); a file that is not a VEX document is a ConfigError. */
export function loadVexFiles(files: string[], cwd: string): VexDocument[] {
  return files.map((given) => {
    const { text, shown } = readPolicyFile(given, cwd, 'the VEX file');
    return parseVexDocument(text, shown);
  });
}

export function parseVexDocument(text: string, file: string): VexDocument {
  let root: JsonNode;
  try {
    root = parseJsonWithLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
  } catch (error) {
    throw new ConfigError(file, '', (error as Error).message.replace(/^[^:]*:\d*:?\s*/, ''));
  }
  if (root.type !== 'object') throw new ConfigError(file, '', 'a VEX document is a JSON object');
  if (jsonMember(root, 'statements')) return { file, statements: openVexStatements(root, file) };
  if (jsonString(jsonMember(root, 'bomFormat')?.value) === 'CycloneDX') return { file, statements: cycloneDxStatements(root, file) };
  throw new ConfigError(file, '', 'not an OpenVEX document ("statements") nor a CycloneDX VEX document ("bomFormat": "CycloneDX")');
}

function purlOf(text: string | undefined, file: string, pointer: string): ParsedPurl | undefined {
  if (text === undefined || !text.startsWith('pkg:')) return undefined;
  try {
    return parsePurl(text);
  } catch (error) {
    throw new ConfigError(file, pointer, `invalid purl ${JSON.stringify(text)}: ${(error as Error).message}`);
  }
}

function openVexStatements(root: JsonNode, file: string): VexStatement[] {
  const list = jsonMember(root, 'statements')!.value;
  if (list.type !== 'array') throw new ConfigError(file, '/statements', 'must be an array');
  return list.items.map((item, i) => {
    const pointer = `/statements/${i}`;
    if (item.type !== 'object') throw new ConfigError(file, pointer, 'a statement must be an object');
    // 0.2.0: `vulnerability: {name, aliases}`; 0.0.1: `vulnerability: "CVE-…"` with `aliases` beside it.
    const vulnerabilityNode = jsonMember(item, 'vulnerability')?.value;
    const vulnerability = jsonString(vulnerabilityNode) ?? jsonString(jsonMember(vulnerabilityNode, 'name')?.value);
    if (!vulnerability) throw new ConfigError(file, `${pointer}/vulnerability`, 'a statement needs the vulnerability it is about');
    const aliases = stringItems(jsonMember(vulnerabilityNode, 'aliases')?.value ?? jsonMember(item, 'aliases')?.value);
    const status = jsonString(jsonMember(item, 'status')?.value);
    if (!status || !['not_affected', 'affected', 'fixed', 'under_investigation'].includes(status)) {
      throw new ConfigError(file, `${pointer}/status`, `status must be not_affected, affected, fixed or under_investigation, not ${JSON.stringify(status)}`);
    }
    const products: VexProduct[] = [];
    const productList = jsonMember(item, 'products')?.value;
    (productList?.type === 'array' ? productList.items : []).forEach((product, p) => {
      const at = `${pointer}/products/${p}`;
      // 0.0.1: a purl string; 0.2.0: {@id, identifiers: {purl}, subcomponents: [{@id | identifiers.purl}]}.
      const id = jsonString(product) ?? jsonString(jsonMember(product, 'identifiers')?.value.type === 'object' ? jsonMember(jsonMember(product, 'identifiers')!.value, 'purl')?.value : undefined) ?? jsonString(jsonMember(product, '@id')?.value);
      const subs = jsonMember(product, 'subcomponents')?.value;
      const subcomponents = (subs?.type === 'array' ? subs.items : [])
        .map((sub, s) => purlOf(jsonString(sub) ?? jsonString(jsonMember(jsonMember(sub, 'identifiers')?.value, 'purl')?.value) ?? jsonString(jsonMember(sub, '@id')?.value), file, `${at}/subcomponents/${s}`))
        .filter((x): x is ParsedPurl => x !== undefined);
      const purl = purlOf(id, file, at);
      products.push({ ...(purl ? { purl } : {}), subcomponents });
    });
    // 0.0.1 put subcomponents on the statement.
    const statementSubs = stringItems(jsonMember(item, 'subcomponents')?.value).map((s, k) => purlOf(s, file, `${pointer}/subcomponents/${k}`)).filter((x): x is ParsedPurl => x !== undefined);
    if (statementSubs.length > 0) {
      if (products.length === 0) products.push({ subcomponents: statementSubs });
      else for (const product of products) for (const sub of statementSubs) product.subcomponents.push(sub);
    }
    const justification = jsonString(jsonMember(item, 'justification')?.value);
    const impact = jsonString(jsonMember(item, 'impact_statement')?.value);
    return {
      ref: { file, pointer, status, ...(justification ? { justification } : {}), ...(impact ? { impactStatement: impact } : {}) },
      line: item.line,
      format: 'openvex',
      vulnerability,
      aliases,
      products,
      status: status as VexStatus,
    };
  });
}

function cycloneDxStatements(root: JsonNode, file: string): VexStatement[] {
  // bom-ref -> purl of the document's components, for `affects[].ref`.
  const purlByRef = new Map<string, string>();
  const walk = (list: JsonNode | undefined) => {
    if (list?.type !== 'array') return;
    for (const component of list.items) {
      const ref = jsonString(jsonMember(component, 'bom-ref')?.value);
      const purl = jsonString(jsonMember(component, 'purl')?.value);
      if (ref !== undefined && purl !== undefined) purlByRef.set(ref, purl);
      walk(jsonMember(component, 'components')?.value);
    }
  };
  walk(jsonMember(root, 'components')?.value);
  const metadataComponent = jsonMember(jsonMember(root, 'metadata')?.value, 'component')?.value;
  const metaRef = jsonString(jsonMember(metadataComponent, 'bom-ref')?.value);
  const metaPurl = jsonString(jsonMember(metadataComponent, 'purl')?.value);
  if (metaRef !== undefined && metaPurl !== undefined) purlByRef.set(metaRef, metaPurl);

  const list = jsonMember(root, 'vulnerabilities')?.value;
  if (list === undefined) return [];
  if (list.type !== 'array') throw new ConfigError(file, '/vulnerabilities', 'must be an array');
  const statements: VexStatement[] = [];
  list.items.forEach((item, i) => {
    const pointer = `/vulnerabilities/${i}`;
    const analysis = jsonMember(item, 'analysis')?.value;
    if (analysis === undefined) return; // a vulnerability without analysis states nothing
    const vulnerability = jsonString(jsonMember(item, 'id')?.value);
    if (!vulnerability) throw new ConfigError(file, `${pointer}/id`, 'a vulnerability needs an id');
    const references = jsonMember(item, 'references')?.value;
    const aliases = (references?.type === 'array' ? references.items : []).map((r) => jsonString(jsonMember(r, 'id')?.value)).filter((x): x is string => x !== undefined);
    const state = jsonString(jsonMember(analysis, 'state')?.value);
    const states: VexStatus[] = ['not_affected', 'exploitable', 'in_triage', 'resolved', 'resolved_with_pedigree', 'false_positive'];
    if (!state || !(states as string[]).includes(state)) throw new ConfigError(file, `${pointer}/analysis/state`, `state must be one of ${states.join(', ')}, not ${JSON.stringify(state)}`);
    const affects = jsonMember(item, 'affects')?.value;
    const products: VexProduct[] = [];
    (affects?.type === 'array' ? affects.items : []).forEach((affect, a) => {
      const ref = jsonString(jsonMember(affect, 'ref')?.value);
      if (ref === undefined) return;
      // A BOM-Link (`urn:cdx:<serial>/<version>#<bom-ref>`) names a component of another BOM by its bom-ref,
      // which depvet and most tools make the purl.
      const fragment = ref.startsWith('urn:cdx:') && ref.includes('#') ? decodeURIComponent(ref.slice(ref.indexOf('#') + 1)) : ref;
      const purl = purlOf(purlByRef.get(fragment) ?? fragment, file, `${pointer}/affects/${a}`);
      if (purl) products.push({ purl, subcomponents: [] });
    });
    const justification = jsonString(jsonMember(analysis, 'justification')?.value);
    const detail = jsonString(jsonMember(analysis, 'detail')?.value);
    statements.push({
      ref: { file, pointer, status: state, ...(justification ? { justification } : {}), ...(detail ? { impactStatement: detail } : {}) },
      line: item.line,
      format: 'cyclonedx',
      vulnerability,
      aliases,
      products,
      status: state as VexStatus,
    });
  });
  return statements;
}

function stringItems(node: JsonNode | undefined): string[] {
  return node?.type === 'array' ? node.items.map((n) => jsonString(n)).filter((x): x is string => x !== undefined) : [];
}

/** Whether a statement suppresses what it matches: `not_affected` with a machine-readable justification. */
export function vexSuppresses(statement: VexStatement): boolean {
  return statement.status === 'not_affected' && statement.ref.justification !== undefined && cycloneDxJustification(statement.ref.justification) !== undefined;
}

const IMAGE_PURL_TYPES = new Set(['docker', 'oci']);

/**
 * Whether the statement is about this advisory (any id or alias) in this package, and for which images: undefined
 * when it does not match, `'all'` when it applies wherever the package is, or the images its product names.
 */
export function vexMatch(statement: VexStatement, ids: string[], pkg: PackageKey, scanImages: string[]): 'all' | string[] | undefined {
  const wanted = new Set([statement.vulnerability, ...statement.aliases].map((id) => id.toUpperCase()));
  if (!ids.some((id) => wanted.has(id.toUpperCase()))) return undefined;
  const samePackage = (purl: ParsedPurl) =>
    purl.ecosystem === pkg.ecosystem && purl.normalizedName === pkg.normalizedName && (purl.version === undefined || purl.version === pkg.version);
  const images = new Set<string>();
  let all = false;
  for (const product of statement.products) {
    if (product.purl?.ecosystem) {
      if (samePackage(product.purl)) all = true;
      continue;
    }
    if (!product.subcomponents.some(samePackage)) continue;
    // An image product: its name (last path part of the purl name) is the image; in a scan without images (an
    // SBOM of one built image, a single manifest) it is the thing scanned.
    const imageName = product.purl && IMAGE_PURL_TYPES.has(product.purl.type) ? product.purl.name.split('/').pop()! : undefined;
    if (imageName === undefined || scanImages.length === 0) all = true;
    else if (scanImages.includes(imageName)) images.add(imageName);
  }
  if (all) return 'all';
  return images.size > 0 ? [...images].sort() : undefined;
}

/** The one-line reason a VEX suppression shows. */
export function vexReason(statement: VexStatement): string {
  const { ref } = statement;
  return `VEX ${ref.file}${ref.pointer}: ${statement.vulnerability} ${ref.status} (${ref.justification ?? 'no justification'})${ref.impactStatement ? `: ${ref.impactStatement}` : ''}`;
}
