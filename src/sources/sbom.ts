// SBOMs of a built image as its inventory: CycloneDX JSON (1.2-1.7: `components[]`, nested ones included) and
// SPDX 2.x JSON (`packages[]`). A component is a PyPI or npm package when its purl says so (`pkg:pypi/…`,
// `pkg:npm/…`); every such component is a record with relation `installed` (an SBOM of an image says what is in
// it, not what was asked for), located at the SBOM's line and the component's JSON pointer. Licences the SBOM
// states are kept as evidence (`sbomLicenses`); the licence verdict still comes from registry facts. Components
// of other ecosystems (deb, apk, golang…) or without a purl are counted and reported in one warning.
import { InputError } from '../errors';
import type { Diagnostic, PackageRef, ParsedManifest, SourceLocation } from '../model';
import { normalizeName } from '../normalize';
import { parsePurl } from '../purl';
import { countWork } from '../work-meter';
import { downloadUnvettable, gitUnvettable } from './pipfile';
import { jsonMember, jsonString, parseJsonWithLines, type JsonNode } from './json-lines';
import { parseOrDiagnose } from './parse-result';

/** Property names depvet writes into its own CycloneDX output so that reading it back loses nothing. */
export const DEPVET_PROPERTY = {
  unvettableKind: 'depvet:unvettable:kind',
  unvettableReference: 'depvet:unvettable:reference',
} as const;

/** `"bomFormat": "CycloneDX"` / `"spdxVersion": "SPDX-2.3"` anywhere in a JSON object document. */
export function sbomKindOf(text: string): 'cyclonedx.json' | 'spdx.json' | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  if (/"bomFormat"\s*:\s*"CycloneDX"/.test(text)) return 'cyclonedx.json';
  if (/"spdxVersion"\s*:\s*"SPDX-\d/.test(text)) return 'spdx.json';
  return undefined;
}

interface Tally {
  checked: number;
  other: Map<string, number>;
}

/** A CycloneDX SBOM that is not JSON (or not an object) is one error diagnostic (manifest-syntax), not a throw; a bad entry is one too. */
export function parseCycloneDx(text: string, file: string): ParsedManifest {
  return parseOrDiagnose('cyclonedx.json', file, () => readCycloneDx(text, file));
}

function readCycloneDx(text: string, file: string): ParsedManifest {
  const root = parseJsonWithLines(text, file);
  const manifest: ParsedManifest = { kind: 'cyclonedx.json', file, packages: [], includes: [], indexes: [], diagnostics: [] };
  const tally: Tally = { checked: 0, other: new Map() };
  const visit = (list: JsonNode | undefined, pointer: string) => {
    if (list === undefined) return;
    if (list.type !== 'array') {
      manifest.diagnostics.push(error(file, list.line, pointer, '"components" must be an array'));
      return;
    }
    list.items.forEach((component, i) => {
      const at = `${pointer}/${i}`;
      countWork('sbom.components', 1);
      if (component.type !== 'object') {
        manifest.diagnostics.push(error(file, component.line, at, 'a component must be an object'));
        return;
      }
      const ref = componentRef(component, file, at, manifest.diagnostics, tally, cycloneDxLicenses(component), cycloneDxProperties(component));
      if (ref) manifest.packages.push(ref);
      visit(jsonMember(component, 'components')?.value, `${at}/components`);
    });
  };
  if (root.type !== 'object') throw new InputError('E_MANIFEST_SYNTAX', file, root.line, 'a CycloneDX document is a JSON object');
  const components = jsonMember(root, 'components');
  visit(components?.value, '/components');
  summarize(manifest, tally, { file, line: components?.line ?? root.line, pointer: '/components' });
  return manifest;
}

/** An SPDX SBOM that is not JSON (or not an object) is one error diagnostic (manifest-syntax), not a throw; a bad entry is one too. */
export function parseSpdxJson(text: string, file: string): ParsedManifest {
  return parseOrDiagnose('spdx.json', file, () => readSpdxJson(text, file));
}

function readSpdxJson(text: string, file: string): ParsedManifest {
  const root = parseJsonWithLines(text, file);
  if (root.type !== 'object') throw new InputError('E_MANIFEST_SYNTAX', file, root.line, 'an SPDX document is a JSON object');
  const manifest: ParsedManifest = { kind: 'spdx.json', file, packages: [], includes: [], indexes: [], diagnostics: [] };
  const tally: Tally = { checked: 0, other: new Map() };
  const packages = jsonMember(root, 'packages');
  if (packages !== undefined && packages.value.type !== 'array') {
    manifest.diagnostics.push(error(file, packages.line, '/packages', '"packages" must be an array'));
  } else if (packages !== undefined && packages.value.type === 'array') {
    packages.value.items.forEach((pkg, i) => {
      const at = `/packages/${i}`;
      countWork('sbom.components', 1);
      if (pkg.type !== 'object') {
        manifest.diagnostics.push(error(file, pkg.line, at, 'a package must be an object'));
        return;
      }
      const purl = spdxPurl(pkg);
      const licenses = ['licenseDeclared', 'licenseConcluded']
        .map((key) => jsonString(jsonMember(pkg, key)?.value))
        .filter((v): v is string => v !== undefined && v !== 'NOASSERTION' && v !== 'NONE');
      const ref = componentRef(pkg, file, at, manifest.diagnostics, tally, [...new Set(licenses)], new Map(), purl, 'versionInfo');
      if (ref) manifest.packages.push(ref);
    });
  }
  summarize(manifest, tally, { file, line: packages?.line ?? root.line, pointer: '/packages' });
  return manifest;
}

function error(file: string, line: number, pointer: string, message: string): Diagnostic {
  return { severity: 'error', code: 'sbom-component-invalid', message, location: { file, line, pointer } };
}

/** One component (CycloneDX) or package (SPDX) to a package record, or a tally of what it is when not PyPI/npm. */
function componentRef(
  node: JsonNode,
  file: string,
  pointer: string,
  diagnostics: Diagnostic[],
  tally: Tally,
  licenses: string[],
  properties: Map<string, string>,
  purlText = jsonString(jsonMember(node, 'purl')?.value),
  versionKey = 'version',
): PackageRef | undefined {
  const location: SourceLocation = { file, line: node.line, pointer };
  const kindLabel = jsonString(jsonMember(node, 'type')?.value) ?? jsonString(jsonMember(node, 'primaryPackagePurpose')?.value)?.toLowerCase();
  if (purlText === undefined) {
    const label = `no purl${kindLabel ? ` (${kindLabel})` : ''}`;
    tally.other.set(label, (tally.other.get(label) ?? 0) + 1);
    return undefined;
  }
  let purl;
  try {
    purl = parsePurl(purlText);
  } catch (e) {
    diagnostics.push(error(file, node.line, pointer, `invalid purl ${JSON.stringify(purlText.slice(0, 200))}: ${(e as Error).message}`));
    return undefined;
  }
  if (!purl.ecosystem) {
    tally.other.set(purl.type, (tally.other.get(purl.type) ?? 0) + 1);
    return undefined;
  }
  tally.checked += 1;
  // The component's own spelling of the name when it is the same package (`PyYAML` for pkg:pypi/pyyaml).
  const written = jsonString(jsonMember(node, 'name')?.value);
  const group = jsonString(jsonMember(node, 'group')?.value);
  const fullWritten = written !== undefined && group && purl.ecosystem === 'npm' ? `${group}/${written}` : written;
  const name = fullWritten !== undefined && normalizeName(purl.ecosystem, fullWritten) === purl.normalizedName ? fullWritten : purl.name;
  const ref: PackageRef = { ecosystem: purl.ecosystem, name, normalizedName: purl.normalizedName, extras: [], relation: 'installed', location };
  const version = purl.version ?? jsonString(jsonMember(node, versionKey)?.value);
  if (version !== undefined) ref.version = version;
  if (licenses.length > 0) ref.sbomLicenses = licenses;
  const unvettableKind = properties.get(DEPVET_PROPERTY.unvettableKind);
  const unvettableReference = properties.get(DEPVET_PROPERTY.unvettableReference);
  if (unvettableKind && unvettableReference !== undefined && ['vcs', 'url', 'path', 'editable'].includes(unvettableKind)) {
    ref.unvettable = { kind: unvettableKind as 'vcs', reference: unvettableReference, reason: properties.get('depvet:unvettable:reason') ?? 'not a registry release (as the SBOM records it)' };
  } else if (purl.qualifiers['vcs_url']) {
    ref.unvettable = gitUnvettable(purl.qualifiers['vcs_url'], undefined);
  } else if (purl.qualifiers['download_url']) {
    ref.unvettable = downloadUnvettable(purl.qualifiers['download_url']);
  }
  if (purl.qualifiers['repository_url']) ref.index = purl.qualifiers['repository_url'];
  if (ref.version === undefined && ref.unvettable === undefined) {
    diagnostics.push({ ...error(file, node.line, pointer, `${ref.name}: the component has no version, so what the image holds is unknown`), code: 'sbom-component-no-version' });
    return undefined;
  }
  return ref;
}

/** CycloneDX `licenses`: `[{expression}]` or `[{license: {id | name}}]`, each kept as written. */
function cycloneDxLicenses(component: JsonNode): string[] {
  const list = jsonMember(component, 'licenses')?.value;
  if (list?.type !== 'array') return [];
  const out: string[] = [];
  for (const item of list.items) {
    const expression = jsonString(jsonMember(item, 'expression')?.value);
    if (expression !== undefined) {
      out.push(expression);
      continue;
    }
    const license = jsonMember(item, 'license')?.value;
    const value = jsonString(jsonMember(license, 'id')?.value) ?? jsonString(jsonMember(license, 'name')?.value);
    if (value !== undefined) out.push(value);
  }
  return [...new Set(out)];
}

function cycloneDxProperties(component: JsonNode): Map<string, string> {
  const out = new Map<string, string>();
  const list = jsonMember(component, 'properties')?.value;
  if (list?.type !== 'array') return out;
  for (const item of list.items) {
    const name = jsonString(jsonMember(item, 'name')?.value);
    const value = jsonString(jsonMember(item, 'value')?.value);
    if (name !== undefined && value !== undefined && !out.has(name)) out.set(name, value);
  }
  return out;
}

/** SPDX 2.x `externalRefs`: the purl is the PACKAGE-MANAGER (2.3) / PACKAGE_MANAGER (2.2) reference of type purl. */
function spdxPurl(pkg: JsonNode): string | undefined {
  const refs = jsonMember(pkg, 'externalRefs')?.value;
  if (refs?.type !== 'array') return undefined;
  for (const ref of refs.items) {
    if (jsonString(jsonMember(ref, 'referenceType')?.value) === 'purl') {
      const locator = jsonString(jsonMember(ref, 'referenceLocator')?.value);
      if (locator !== undefined) return locator;
    }
  }
  return undefined;
}

function summarize(manifest: ParsedManifest, tally: Tally, location: SourceLocation): void {
  const otherCount = [...tally.other.values()].reduce((a, b) => a + b, 0);
  if (otherCount === 0) return;
  const parts = [...tally.other.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([kind, n]) => `${kind} ${n}`);
  manifest.diagnostics.push({
    severity: 'warning',
    code: 'sbom-components-not-checked',
    message: `${otherCount} of ${otherCount + tally.checked} components are not PyPI or npm packages and were not checked: ${parts.join(', ')}`,
    location,
  });
}
