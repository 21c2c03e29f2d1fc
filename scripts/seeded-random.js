'use strict';
// One seeded generator for everything that must draw the same way every run: the name screen's development-set
// split (scripts/names-split.js) and the resolver tests' seeded requirement sets (test/resolve/requirement-sets.ts).
// Plain JavaScript so scripts run it without a build.

/** mulberry32: a small, well-known seeded PRNG; values in [0, 1). */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles `items` in place with `random` (Fisher-Yates) and returns it. */
function shuffleInPlace(random, items) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

module.exports = { seededRandom, shuffleInPlace };
