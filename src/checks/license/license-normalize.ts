// The normalizer for free-text licence names: one lookup key per way of writing a name, so "The Apache Software
// License, Version 2.0", "Apache License v2.0" and "apache-2.0 licence" meet in one table row. What it folds:
// case, punctuation, quotes, HTML entities, "licence"/"license" (and common misspellings), "the", "v"/"version"/
// "ver."/"v.", the release date of a GNU or Apache title line, long GNU and other family names to their short
// form, "or later" / "+" / "or greater" / "or newer" / "≥" to "plus", and a word repeated by an abbreviation
// ("The MIT License (MIT)" -> "mit"). Version numbers stay digits ("2 0"); lookups try "2" and "2 0" both.

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
/** A release date in a title line: "June 1991", "29 June 2007", "August 17th, 2003". */
const DATE = new RegExp(`\\b(\\d{1,2}(st|nd|rd|th)?\\s+)?(${MONTHS})\\s+(\\d{1,2}(st|nd|rd|th)?,?\\s+)?\\d{4}\\b`, 'g');

/** HTML entities and backslash escapes seen in registry metadata (`&quot;`, `&#39;`, `\"`). */
export function decodeEntities(text: string): string {
  return text
    .replace(/&(quot|#34|#x22);/gi, '"')
    .replace(/&(apos|#39|#x27);/gi, "'")
    .replace(/&(amp|#38|#x26);/gi, '&')
    .replace(/&#x?[0-9a-f]+;/gi, ' ')
    .replace(/\\(["'\\])/g, '$1');
}

/**
 * A lookup key: lower case, "licence"/"license", "the", "version", "v" before a digit and punctuation dropped,
 * GNU long names shortened ("GNU Lesser General Public License" -> "lgpl").
 */
export function nameKey(text: string): string {
  return decodeEntities(text)
    .replace(/(licen[cs]e)(version)/gi, '$1 $2')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(DATE, ' ')
    .replace(/≥\s*(\d)/g, '$1 or later ')
    .replace(/\bw\//g, 'with ')
    .replace(/\bli[sc]{1,2}en[cs]e[ds]?\b/g, ' ')
    .replace(/gnu\s+(affero\s+)general\s+public/g, ' agpl ')
    .replace(/\baffero\s+general\s+public/g, ' agpl ')
    .replace(/gnu\s+(lesser|library)\s+(or\s+lesser\s+)?general\s+public/g, ' lgpl ')
    .replace(/\b(lesser|library)\s+general\s+public/g, ' lgpl ')
    .replace(/gnu\s+general\s+(lesser|library)\s+public/g, ' lgpl ')
    .replace(/(gnu\s+)?general\s+public/g, ' gpl ')
    .replace(/\bgnu\s+(?=(gpl|lgpl|agpl|fdl|gfdl))/g, ' ')
    .replace(/gnu\s+free\s+documentation/g, ' gfdl ')
    .replace(/mozilla\s+public/g, ' mpl ')
    .replace(/eclipse\s+public/g, ' epl ')
    .replace(/eclipse\s+distribution/g, ' edl ')
    .replace(/boost\s+software/g, ' boost ')
    .replace(/universal\s+permissive/g, ' upl ')
    .replace(/apache\s+software/g, ' apache ')
    .replace(/python\s+software\s+foundation/g, ' python foundation ')
    .replace(/academic\s+free/g, ' afl ')
    .replace(/zope\s+public/g, ' zpl ')
    .replace(/common\s+development\s+and\s+distribution/g, ' cddl ')
    .replace(/european\s+union\s+public|\beu\s+public/g, ' eupl ')
    .replace(/\beclipse\b/g, ' epl ')
    .replace(/\bzope\b/g, ' zpl ')
    .replace(/\bapache[\s,]+(asl|al)\b/g, ' apache ')
    .replace(/creative\s+commons/g, ' cc ')
    .replace(/\bcc\s+zero\b/g, ' cc0 ')
    .replace(/\battribution\b/g, ' by ')
    .replace(/\bshare[\s-]*alike\b/g, ' sa ')
    .replace(/\bnon[\s-]*commercial\b/g, ' nc ')
    .replace(/\bno[\s-]*deriv(?:atives|s|ative\s+works)?\b/g, ' nd ')
    .replace(/\b(international|unported)\b/g, ' ')
    .replace(/\b(the|version|ver|software|agreement|open\s+source)\b/g, ' ')
    .replace(/\bv\.?\s*(?=\d)|(?<=[a-z])v(?=\d)/g, ' ')
    .replace(/(\d)\s*\+/g, '$1 plus ')
    .replace(/\b(or|and)\s+(any\s+)?(later|greater|newer|higher|above)(\s+versions?)?\b/g, ' plus ')
    .replace(/[^a-z0-9+]+/g, ' ')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/\+/g, ' plus ')
    .replace(/\s+/g, ' ')
    .trim()
    // Creative Commons titles: "… 4.0 International Public License" and "Creative Commons 3.0 BY-SA".
    .replace(/^(cc (?:by|sa|nc|nd)(?: (?:by|sa|nc|nd))*(?: \d)+) public$/, '$1')
    .replace(/^cc (\d(?: \d)?) ((?:by|sa|nc|nd)(?: (?:by|sa|nc|nd))*)$/, 'cc $2 $1')
    .split(' ')
    // "The MIT License (MIT)" -> "mit"; a repeated number is a version ("1.1"), never folded.
    .filter((word, index, words) => word !== words[index - 1] || /^\d+$/.test(word))
    .join(' ');
}

/** The ways a key's version may be written: "mpl 2" and "mpl 2 0" are the same name. */
export function versionVariants(key: string): string[] {
  const variants = [key];
  const major = /^(.*\D) (\d)( plus| only)?$/.exec(key);
  if (major) variants.push(`${major[1]} ${major[2]} 0${major[3] ?? ''}`);
  const dotZero = /^(.*\D) (\d) 0( plus| only)?$/.exec(key);
  if (dotZero) variants.push(`${dotZero[1]} ${dotZero[2]}${dotZero[3] ?? ''}`);
  return variants;
}
