// The declared-licence reader: one declared string (a PyPI `license` field, an npm `license`) -> an SPDX expression
// and the rule that read it, in order of trust (issue 18): SPDX as written; then, for a licence text or notice, the
// exact templates, the standard notices and the similarity templates (license-text.ts); otherwise the name reader
// (license-names.ts: names, URLs, "X with Y exception", lists of licences, guarded spdx-correct). A text that
// matches nothing is unknown with its closest template and score; a value without licence information is "none".
import { isUninformative, readLicenseName } from './license-names';
import { looksLikeLicenseText, matchLicenseNotice, matchLicenseText, matchLicenseTextBySimilarity } from './license-text';
import { canonicalSpdx } from './spdx';

export type DeclaredReadingKind = 'spdx' | 'name' | 'url' | 'text' | 'notice' | 'none' | 'unreadable';

export interface DeclaredReading {
  /** The SPDX expression read (may hold depvet LicenseRefs), or null. */
  expression: string | null;
  kind: DeclaredReadingKind;
  /** The rule that read it, or why nothing was read, in words. */
  rule: string;
  /** For a text that matched no template: the closest one and its similarity (0..1). */
  closest?: { template: string; score: number };
}

/** Notices are a sentence or two: a field this long that is not a text may still hold one. */
const MIN_NOTICE_WORDS = 12;

export function readDeclaredLicense(value: string): DeclaredReading {
  const text = value.trim();
  if (isUninformative(text)) return { expression: null, kind: 'none', rule: 'carries no licence information' };
  // An SPDX expression is a line, not a page: long fields skip the tokenizer.
  const asWritten = text.length <= 2000 ? canonicalSpdx(text) : null;
  if (asWritten) return { expression: asWritten, kind: 'spdx', rule: 'SPDX expression as written' };
  if (looksLikeLicenseText(text)) return readText(text);
  const name = readLicenseName(text);
  if (name) return { expression: name.expression, kind: name.how === 'spdx' ? 'spdx' : name.how === 'url' ? 'url' : 'name', rule: name.rule };
  if (text.split(/\s+/).length >= MIN_NOTICE_WORDS) {
    const notice = matchLicenseNotice(text);
    if (notice) return { expression: notice.expression, kind: 'notice', rule: notice.notice };
  }
  return { expression: null, kind: 'unreadable', rule: 'could not be read as a licence' };
}

function readText(text: string): DeclaredReading {
  const exact = matchLicenseText(text);
  if (exact) return { expression: exact.id, kind: 'text', rule: `licence text, exact template ${exact.id}` };
  const notice = matchLicenseNotice(text);
  if (notice) return { expression: notice.expression, kind: 'notice', rule: notice.notice };
  const similar = matchLicenseTextBySimilarity(text);
  const closest = similar.closest ? { template: similar.closest.template, score: round(similar.closest.score) } : undefined;
  if (similar.match) {
    const m = similar.match;
    return {
      expression: m.expression,
      kind: 'text',
      rule: `licence text ${m.kind === 'full' ? 'similar to' : 'opening of'} template ${m.template} (score ${round(m.score)}, ${Math.round(m.containment * 100)}% of the field from it, ${Math.round((m.kind === 'full' ? m.coverage : m.openingCoverage) * 100)}% of ${m.kind === 'full' ? 'the template' : 'its opening'} present)`,
      ...(closest ? { closest } : {}),
    };
  }
  return {
    expression: null,
    kind: 'unreadable',
    rule: `licence text matching no template${similar.rejected ? ` (${similar.rejected})` : ''}${closest ? `; closest ${closest.template}, score ${closest.score}` : ''}`,
    ...(closest ? { closest } : {}),
  };
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
