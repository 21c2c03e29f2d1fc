// SPDX expressions as depvet handles them: canonical case, deprecated GNU ids made explicit, parsed into a tree.
// spdx-expression-parse throws on lower-case ids and unknown ids, so every expression passes through here first.
import parseSpdx from 'spdx-expression-parse';

// These packages ship plain JSON arrays and no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const LICENSE_IDS = require('spdx-license-ids') as string[];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const DEPRECATED_IDS = require('spdx-license-ids/deprecated.json') as string[];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const EXCEPTION_IDS = require('spdx-exceptions') as string[];

const LICENSE_BY_LOWER = new Map<string, string>();
for (const id of [...DEPRECATED_IDS, ...LICENSE_IDS]) LICENSE_BY_LOWER.set(id.toLowerCase(), id);
const EXCEPTION_BY_LOWER = new Map(EXCEPTION_IDS.map((id) => [id.toLowerCase(), id] as const));
const DEPRECATED = new Set(DEPRECATED_IDS);

/** GNU ids whose bare form (`GPL-2.0`) SPDX deprecated in favour of an explicit `-only` / `-or-later`. */
const GNU_VERSIONED = /^(A?GPL|LGPL|GFDL)-(\d\.\d)$/;

export type SpdxNode =
  | { kind: 'license'; id: string; exception?: string }
  | { kind: 'and' | 'or'; left: SpdxNode; right: SpdxNode };

export function isKnownLicenseId(id: string): boolean {
  return LICENSE_BY_LOWER.get(id.toLowerCase()) === id;
}

export function isLicenseRef(id: string): boolean {
  return /^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(id);
}

/**
 * Canonical form of an SPDX expression: ids in their SPDX case, operators upper-case, `GPL-2.0` -> `GPL-2.0-only`,
 * `GPL-2.0+` -> `GPL-2.0-or-later` (SPDX's own reading of the deprecated ids). Null when it is not a valid expression.
 */
export function canonicalSpdx(expression: string): string | null {
  const text = expression.trim();
  if (!text) return null;
  const tokens = text.match(/\(|\)|[^\s()]+/g);
  if (!tokens) return null;
  const out: string[] = [];
  let expectException = false;
  for (const token of tokens) {
    if (token === '(' || token === ')') {
      out.push(token);
      continue;
    }
    const upper = token.toUpperCase();
    if (upper === 'AND' || upper === 'OR' || upper === 'WITH') {
      out.push(upper);
      expectException = upper === 'WITH';
      continue;
    }
    if (expectException) {
      const exception = EXCEPTION_BY_LOWER.get(token.toLowerCase());
      if (!exception) return null;
      out.push(exception);
      expectException = false;
      continue;
    }
    const id = canonicalId(token);
    if (!id) return null;
    out.push(id);
  }
  const joined = out.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')');
  try {
    return renderSpdx(toNode(parseSpdx(joined)));
  } catch {
    return null;
  }
}

/** One rendering per meaning: parentheses only where a compound side mixes AND and OR ("(MIT OR X)" -> "MIT OR X"). */
export function renderSpdx(node: SpdxNode): string {
  if (node.kind === 'license') return node.exception ? `${node.id} WITH ${node.exception}` : node.id;
  const side = (child: SpdxNode) => (child.kind !== 'license' && child.kind !== node.kind ? `(${renderSpdx(child)})` : renderSpdx(child));
  return `${side(node.left)} ${node.kind.toUpperCase()} ${side(node.right)}`;
}

function canonicalId(token: string): string | null {
  const refMatch = /^licenseref-([A-Za-z0-9.-]+)$/i.exec(token);
  if (refMatch) return `LicenseRef-${refMatch[1]!}`;
  if (/^documentref-/i.test(token)) return isLicenseRef(token) ? token : null;
  const plus = token.endsWith('+');
  const bare = plus ? token.slice(0, -1) : token;
  const id = LICENSE_BY_LOWER.get(bare.toLowerCase());
  if (!id) return null;
  const gnu = GNU_VERSIONED.exec(id);
  if (gnu && DEPRECATED.has(id)) return `${id}-${plus ? 'or-later' : 'only'}`;
  if (plus && /-only$/.test(id)) return id.replace(/-only$/, '-or-later');
  return plus ? `${id}+` : id;
}

/** Parses a canonical expression (see canonicalSpdx) into depvet's tree. Throws on invalid input. */
export function parseCanonicalSpdx(expression: string): SpdxNode {
  return toNode(parseSpdx(expression));
}

function toNode(info: parseSpdx.Info): SpdxNode {
  if ('conjunction' in info) return { kind: info.conjunction, left: toNode(info.left), right: toNode(info.right) };
  const id = info.plus ? `${info.license}+` : info.license;
  return info.exception ? { kind: 'license', id, exception: info.exception } : { kind: 'license', id };
}

/** Every license leaf of the expression, as `id` or `id WITH exception`. */
export function spdxLeaves(node: SpdxNode): { id: string; exception?: string }[] {
  if (node.kind === 'license') return [node.exception ? { id: node.id, exception: node.exception } : { id: node.id }];
  return [...spdxLeaves(node.left), ...spdxLeaves(node.right)];
}

/** Ids of a canonical expression (no exceptions), for display and comparison. */
export function spdxIds(expression: string): string[] {
  return [...new Set(spdxLeaves(parseCanonicalSpdx(expression)).map((leaf) => leaf.id))];
}

/** Wraps a sub-expression in parentheses when it is compound, so joining with AND/OR keeps its meaning. */
export function parenthesize(expression: string): string {
  return /\s(AND|OR)\s/.test(expression) ? `(${expression})` : expression;
}

export function joinSpdx(expressions: string[], conjunction: 'AND' | 'OR'): string | null {
  const unique = [...new Set(expressions)];
  if (unique.length === 0) return null;
  if (unique.length === 1) return unique[0]!;
  const joined = unique.map(parenthesize).join(` ${conjunction} `);
  return canonicalSpdx(joined) ?? joined;
}
