'use strict';
// Lets plain `node` require the project's .ts sources (test helpers such as the fake registry) without a build step:
// each file is transpiled on load with the project's own TypeScript. Type checks are left to tsc and jest.
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: filename,
  });
  module._compile(outputText, filename);
};
