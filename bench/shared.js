'use strict';
// Helpers for benchmarks: where ../shared is, and a plain "absent" message.
const fs = require('node:fs');
const path = require('node:path');

const SHARED = path.resolve(__dirname, '..', '..', 'shared');

function sharedPathOrSkip(...parts) {
  const p = path.join(SHARED, ...parts);
  if (!fs.existsSync(p)) {
    process.stdout.write(`skipped: ${p} is absent (../shared is needed for this benchmark)\n`);
    process.exit(0);
  }
  return p;
}

function ms(ns) {
  return Number(ns) / 1e6;
}

/**
 * Wall time and this process's CPU time (user + system) of `fn`. CPU time is the steadier figure for single-threaded
 * work on a shared host: waiting for a core other processes hold is not counted in it.
 */
function time(fn) {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = fn();
  const wall = ms(process.hrtime.bigint() - start);
  const cpu = process.cpuUsage(cpuStart);
  return { value, ms: wall, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function timeAsync(fn) {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { value, ms: ms(process.hrtime.bigint() - start) };
}

/** Lets `require` load TypeScript files (the tests' fake registry, the names baseline), transpiled on load. */
function requireTypeScript() {
  const ts = require('typescript');
  require.extensions['.ts'] = (module, filename) => {
    const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: filename,
    });
    module._compile(outputText, filename);
  };
}

module.exports = { SHARED, requireTypeScript, sharedPathOrSkip, time, timeAsync };
