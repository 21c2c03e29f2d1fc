// The one escaping function for text depvet prints to a terminal or a CI log (reports, `list`, `find`, `typosquat`,
// stderr errors) and the character class the Markdown and GitHub formats share. Package names, paths, licence
// strings, advisory texts and error messages quoting a manifest line are all attacker-controlled: a raw ESC can clear
// the screen or rewrite earlier lines, a newline can forge a report line or a `::error::` workflow command, and a
// bidi control (U+202E, "Trojan Source", CVE-2021-42574) can make a file name read backwards. Such
// characters are shown as escapes (`\u001b`, `\u202e`, `\n`), the way compilers show them in source code since then.

/**
 * Characters never printed raw: C0 controls, DEL and C1 controls; the Unicode line and paragraph separators;
 * the bidi embedding, override, isolate and mark characters (U+061C, U+200E/F, U+202A–E, U+2066–9); invisible
 * zero-width characters (U+200B–D, U+2060–4, U+FEFF) that make two names look the same; lone UTF-16 surrogates
 * (not text at all); and U+FFFD, what a decoder leaves for bytes that were not UTF-8.
 */
export const UNSAFE_CHARACTERS =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\u001b` for one unsafe character (`\n`, `\r`, `\t` for the three everyone knows). */
export function escapeCodePoint(character: string): string {
  return NAMED[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Makes untrusted text safe to print on one terminal line: every character of UNSAFE_CHARACTERS becomes a visible
 * escape, so the text cannot move the cursor, end the line, start a workflow command or reorder what is shown.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, escapeCodePoint);
}
