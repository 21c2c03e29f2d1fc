// The one sentence that says it all, for the first line of a merge-request comment: "depvet: 3 problems in 2 images
// — 1 critical advisory, 1 license needs an approval, 1 look-alike name". A problem is one line of the grouped
// report (a package's 25 advisories are one problem), so the count matches what the reader then sees.
import type { ReportedFinding, ScanResult } from '../scan/result';
import { compareSeverity, type Severity } from '../findings';
import { counted, outcomeOf, uncheckedPackages } from './common';
import { reportSections } from './problems';

/** Phrases in the order a reviewer acts on them. */
function phrases(failing: ReportedFinding[][]): string[] {
  const count = new Map<string, number>();
  const add = (key: string, n = 1): void => {
    count.set(key, (count.get(key) ?? 0) + n);
  };
  let advisories = 0;
  let highest: Severity = 'info';
  for (const findings of failing) {
    const first = findings[0]!;
    if (first.check === 'advisories') {
      if (first.kind === 'malicious') add('malicious');
      else {
        advisories += findings.length;
        for (const f of findings) if (compareSeverity(f.severity, highest) > 0) highest = f.severity;
      }
    } else if (first.check === 'license') add(first.kind);
    else if (first.check === 'names') add(['typosquat', 'not-on-registry', 'new-project'].includes(first.kind) ? first.kind : 'names-other');
    else add(first.check);
  }
  const out: string[] = [];
  const n = (key: string): number => count.get(key) ?? 0;
  if (n('malicious')) out.push(counted(n('malicious'), 'malicious package', 'malicious packages'));
  if (advisories === 1) out.push(`1 ${highest} advisory`);
  else if (advisories > 1) out.push(`${advisories} advisories (highest ${highest})`);
  if (n('license-denied')) out.push(`${counted(n('license-denied'), 'license', 'licenses')} denied`);
  if (n('license-needs-approval')) out.push(`${counted(n('license-needs-approval'), 'license needs', 'licenses need')} an approval`);
  if (n('license-unknown')) out.push(counted(n('license-unknown'), 'unknown license', 'unknown licenses'));
  if (n('license-sources-disagree')) out.push(counted(n('license-sources-disagree'), 'license whose sources disagree', 'licenses whose sources disagree'));
  if (n('typosquat')) out.push(counted(n('typosquat'), 'look-alike name', 'look-alike names'));
  if (n('not-on-registry')) out.push(`${counted(n('not-on-registry'), 'name', 'names')} not on the registry`);
  if (n('new-project')) out.push(counted(n('new-project'), 'brand-new project', 'brand-new projects'));
  if (n('names-other')) out.push(counted(n('names-other'), 'other name problem', 'other name problems'));
  if (n('base-image')) out.push(counted(n('base-image'), 'base image problem', 'base image problems'));
  for (const [key, value] of count) {
    if (!['malicious', 'license-denied', 'license-needs-approval', 'license-unknown', 'license-sources-disagree', 'typosquat', 'not-on-registry', 'new-project', 'names-other', 'base-image'].includes(key)) {
      out.push(`${value} ${key.replace(/-/g, ' ')}`);
    }
  }
  return out;
}

/** `depvet: 3 problems in 2 images — …`, without Markdown; the caller escapes it for its format. */
export function headline(result: ScanResult): string {
  const outcome = outcomeOf(result);
  const failing: ReportedFinding[][] = [];
  const images = new Set<string>();
  const files = new Set<string>();
  for (const section of reportSections(result)) {
    for (const block of section.blocks) {
      for (const problem of block.problems) {
        if (problem.bucket !== 'failing') continue;
        failing.push(problem.findings);
        for (const f of problem.findings) for (const image of f.images) images.add(image);
        if (block.location) files.add(block.location.file);
      }
    }
  }
  const unchecked = uncheckedPackages(result).length;
  const notChecked = unchecked > 0 ? `${counted(unchecked, 'package', 'packages')} could not be checked` : '';
  if (outcome === 'fail') {
    const where = images.size > 0 ? counted(images.size, 'image', 'images') : counted(files.size, 'manifest', 'manifests');
    const parts = phrases(failing);
    return `depvet: ${counted(failing.length, 'problem', 'problems')} in ${where} — ${parts.join(', ')}${notChecked ? `; ${notChecked}` : ''}`;
  }
  const checked = `${counted(result.summary.packages, 'package', 'packages')}${result.summary.images > 0 ? ` in ${counted(result.summary.images, 'image', 'images')}` : ''}`;
  if (outcome === 'incomplete') return `depvet: not a pass — ${notChecked || 'something could not be checked'}; no failing findings (${checked})`;
  return `depvet: pass — ${checked} checked, no problems`;
}
