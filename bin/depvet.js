#!/usr/bin/env node
'use strict';
// Thin launcher: all behaviour lives in dist/cli/main.js (built from src/cli/main.ts by `npm run build`).
require('../dist/cli/main')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
