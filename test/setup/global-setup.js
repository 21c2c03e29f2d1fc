// Runs once before all tests: says plainly when ../shared is absent, so skipped corpus tests are not mistaken for passes.
const fs = require('node:fs');
const path = require('node:path');

module.exports = async () => {
  const shared = path.resolve(__dirname, '..', '..', '..', 'shared');
  if (!fs.existsSync(path.join(shared, 'corpus'))) {
    process.stdout.write(`\nnote: ${shared} is absent; corpus-scale tests are skipped (their names say so)\n`);
  }
};
