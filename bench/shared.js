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

function time(fn) {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: ms(process.hrtime.bigint() - start) };
}

async function timeAsync(fn) {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { value, ms: ms(process.hrtime.bigint() - start) };
}

module.exports = { SHARED, sharedPathOrSkip, time, timeAsync };
