'use strict';
// depvet find on the whole corpus, beside its floor: building the inventory of the same tree (the parse-only cost).
const { sharedPathOrSkip, time } = require('./shared');

const corpus = sharedPathOrSkip('corpus', 'dockerfiles');
const { buildInventory, findImages, parsePackageQuery } = require('../dist');

const runs = 5;
const floor = [];
const find = [];
let matches = [];
for (let i = 0; i < runs; i++) {
  floor.push(time(() => buildInventory([corpus])).ms);
  const t = time(() => {
    const inventory = buildInventory([corpus]);
    return findImages(inventory, [parsePackageQuery('requests'), parsePackageQuery('dateparser')]);
  });
  find.push(t.ms);
  matches = t.value;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = median(floor);
const q = median(find);
console.log(`find requests dateparser over 261 images: ${q.toFixed(0)} ms (median of ${runs}); ${matches.filter((m) => m.complete).length} complete, ${matches.filter((m) => !m.complete).length} partial matches`);
console.log(`baseline (inventory only, same tree):       ${f.toFixed(0)} ms  -> find/inventory ratio ${(q / f).toFixed(2)}x`);
