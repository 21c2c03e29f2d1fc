'use strict';
// Text renderers beside their JSON baseline on the same input, at two sizes: `depvet list` text output of one
// requirements file of N lines (issue 15 item 5: 20,000 lines took 48 s when the text renderer copied the per-file
// list for every package; JSON took 0.2 s), and the scan text and Markdown reports of a result with N findings.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { buildInventory, renderInventoryJson, renderInventoryText, renderReport } = require('../dist');
const { time } = require('./shared');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function best(fn, runs = 3) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(time(fn).ms);
  return median(times);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'depvet-render-bench-'));
try {
  for (const n of [20_000, 100_000]) {
    const file = path.join(dir, `requirements-${n}.txt`);
    fs.writeFileSync(file, Array.from({ length: n }, (_, i) => `pkg-${i}==1.0.${i}`).join('\n') + '\n');
    const inventory = buildInventory([file]);
    const json = best(() => renderInventoryJson(inventory));
    const text = best(() => renderInventoryText(inventory));
    console.log(`list, ${n} requirement lines: text ${text.toFixed(0)} ms; baseline JSON ${json.toFixed(0)} ms -> text/json ${(text / json).toFixed(2)}x`);
  }
  for (const n of [2_000, 20_000]) {
    const result = syntheticResult(n);
    const json = best(() => renderReport('json', result));
    const text = best(() => renderReport('text', result));
    const markdown = best(() => renderReport('markdown', result, { maxLength: 1e9 }));
    console.log(`scan report, ${n} findings: text ${text.toFixed(0)} ms, markdown ${markdown.toFixed(0)} ms; baseline JSON ${json.toFixed(0)} ms -> text/json ${(text / json).toFixed(2)}x, markdown/json ${(markdown / json).toFixed(2)}x`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

function syntheticResult(n) {
  const images = 20;
  const result = {
    schemaVersion: '1.0', tool: { name: 'depvet', version: 'bench' }, generatedAt: '2026-01-01T00:00:00.000Z', roots: ['docker'],
    checks: ['license', 'names', 'advisories'], images: [], packages: [], findings: [], couldNotCheck: [], policyNotes: [], diagnostics: [],
    summary: { images, packages: n, findings: { error: n, warning: 0, note: 0 }, failing: n, suppressed: 0, couldNotCheck: 0, outcome: 'fail' },
  };
  for (let i = 0; i < images; i++) result.images.push({ name: `image-${i}`, dir: `image-${i}`, status: 'active', baseChain: [], sourceOfTruth: [`image-${i}/Pipfile.lock`], packages: { own: 0, inherited: 0, skipped: 0 } });
  for (let i = 0; i < n; i++) {
    const image = `image-${i % images}`;
    const pkg = { ecosystem: 'PyPI', name: `package-${i % (n / 5)}`, normalizedName: `package-${i % (n / 5)}`, version: '1.0.0' };
    const location = { file: `${image}/Pipfile.lock`, line: (i % (n / 5)) + 1 };
    if (i < n / 5) result.packages.push({ ...pkg, occurrences: [{ image, location, relation: 'direct' }] });
    result.findings.push({
      check: 'advisories', kind: 'advisory', severity: 'high', package: pkg, message: `advisory ${i}`,
      evidence: { id: `PYSEC-2024-${i}`, aliases: [], severity: { level: 'high', source: 'cvss', score: 7.5 }, upgrade: { version: '2.0.0' } },
      location, fingerprint: `fp-${i}`, level: 'error', failing: true, images: [image],
    });
  }
  return result;
}
