'use strict';
// Scores the licence reader on the labelled breadth corpus (test/fixtures/license/breadth/corpus.json, issue 18).
// Shared by `npm run bench` (against dist/) and test/checks/license/breadth.test.ts (against src/): the caller passes
// the library's functions in, so both measure the same thing the same way.
//
// Each string is read as the `license` field of its ecosystem (npm for npm strings, PyPI otherwise), with no other
// metadata, and judged by the default policy. Outcomes per entry:
//   exact      the expression equals the label (for `ambiguous`: an ambiguous reading, i.e. a depvet ambiguous ref;
//              for `unknown` / `none`: nothing read, or only LicenseRefs that name no SPDX licence)
//   unknown    nothing read where the label names a licence
//   guessed    an `ambiguous` string read as an exact licence (a version chosen that the string does not state)
//   wrong      anything else
// `falsePasses` lists strings whose class is copyleft, weak-copyleft, restricted, non-commercial, mixed or
// choice-copyleft and whose verdict came back `allowed`.
const fs = require('node:fs');
const path = require('node:path');

const CORPUS = path.join(__dirname, '..', 'test', 'fixtures', 'license', 'breadth', 'corpus.json');
const NEVER_ALLOWED = new Set(['copyleft', 'weak-copyleft', 'restricted', 'non-commercial', 'mixed', 'choice-copyleft']);

function loadCorpus() {
  return JSON.parse(fs.readFileSync(CORPUS, 'utf8'));
}

/** A single SPDX licence (optionally WITH an exception), stated by name or id: the set the 95% target is about. */
function isOneFamilyWithVersion(entry) {
  return (
    (entry.form === 'id' || entry.form === 'name') &&
    !['ambiguous', 'unknown', 'none'].includes(entry.expected) &&
    !/\s(AND|OR)\s/.test(entry.expected) &&
    !entry.expected.startsWith('LicenseRef-')
  );
}

/**
 * @param {{ resolveLicense: Function, judgeLicense: Function, isAmbiguousRef: (id: string) => boolean }} lib
 */
function scoreBreadth(lib, corpus = loadCorpus()) {
  const rows = [];
  for (const entry of corpus.entries) {
    const ecosystem = entry.sources.some((s) => s.ecosystem === 'npm') && !entry.sources.some((s) => s.ecosystem === 'pypi') ? 'npm' : 'PyPI';
    const resolved = lib.resolveLicense({ ecosystem, name: 'corpus-entry', license: entry.text });
    const verdict = lib.judgeLicense(resolved).verdict;
    const expression = resolved.expression;
    const ids = expression ? expression.split(/[\s()]+/).filter((t) => t && !['AND', 'OR', 'WITH'].includes(t)) : [];
    const ambiguousRead = ids.some((id) => lib.isAmbiguousRef(id));
    let outcome;
    if (entry.expected === 'ambiguous') {
      outcome = ambiguousRead ? 'exact' : expression === null ? 'unknown' : ids.every((id) => id.startsWith('LicenseRef-')) ? 'wrong' : 'guessed';
    } else if (entry.expected === 'unknown' || entry.expected === 'none') {
      outcome = expression === null || ids.every((id) => id.startsWith('LicenseRef-') && !lib.isAmbiguousRef(id)) ? 'exact' : 'wrong';
    } else {
      outcome = expression === entry.expected ? 'exact' : expression === null ? 'unknown' : 'wrong';
    }
    rows.push({ entry, ecosystem, expression, verdict, outcome, notes: resolved.notes, evidence: resolved.evidence });
  }
  const share = (list, pick) => (list.length === 0 ? 1 : list.filter(pick).length / list.length);
  const target = rows.filter((row) => isOneFamilyWithVersion(row.entry));
  const named = rows.filter((row) => !['unknown', 'none'].includes(row.entry.expected));
  return {
    rows,
    total: rows.length,
    exactShare: share(rows, (r) => r.outcome === 'exact'),
    unknownShare: share(named, (r) => r.expression === null),
    target: { count: target.length, exactShare: share(target, (r) => r.outcome === 'exact'), misses: target.filter((r) => r.outcome !== 'exact') },
    guessed: rows.filter((r) => r.outcome === 'guessed'),
    wrong: rows.filter((r) => r.outcome === 'wrong'),
    falsePasses: rows.filter((r) => NEVER_ALLOWED.has(r.entry.class) && r.verdict === 'allowed'),
  };
}

module.exports = { scoreBreadth, loadCorpus, isOneFamilyWithVersion, CORPUS };
