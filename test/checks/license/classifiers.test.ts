import fs from 'node:fs';
import { AMBIGUOUS_REFS } from '../../../src/checks/license/ambiguous';
import { lookupClassifier, readClassifier } from '../../../src/checks/license/classifiers';
import { DATA_DIR } from '../../../src/checks/license/data';
import { DEFAULT_LICENSE_POLICY, judgeLicense } from '../../../src/checks/license/policy';
import { resolveLicense } from '../../../src/checks/license/resolve';
import { canonicalSpdx } from '../../../src/checks/license/spdx';
import { describeWithShared, sharedPath } from '../../helpers/shared';

const table = (JSON.parse(fs.readFileSync(`${DATA_DIR}/license-classifiers.json`, 'utf8')) as { classifiers: Record<string, { spdx: string | null; status: string; policyClass?: string }> }).classifiers;

test('every mapped classifier names a valid SPDX id', () => {
  for (const entry of Object.values(table)) if (entry.spdx) expect(canonicalSpdx(entry.spdx)).toBe(entry.spdx);
  expect(Object.keys(table).length).toBe(89);
});

test('lookups ignore case and spacing (known_licenses.json writes "or Later")', () => {
  expect(lookupClassifier('License :: OSI Approved :: GNU Lesser General Public License v2 or Later (LGPLv2+)')?.status).toBe('ambiguous');
  expect(readClassifier('License :: OSI Approved')).toEqual({ kind: 'not-a-license', classifier: 'License :: OSI Approved' });
  expect(readClassifier('License :: Made Up').kind).toBe('unmapped');
});

test('ambiguous classifiers get the verdict of their shared policy class under the default policy', () => {
  const expected: Record<string, string> = { permissive: 'allowed', 'weak-copyleft': 'needs-approval', 'strong-copyleft': 'denied' };
  for (const [ref, info] of AMBIGUOUS_REFS) {
    if (!info.classifier) continue; // a name family (ambiguous.ts), not a classifier
    const policyClass = table[info.classifier]!.policyClass!;
    const verdict = judgeLicense(resolveLicense({ ecosystem: 'PyPI', name: 'p', classifiers: [info.classifier] }), DEFAULT_LICENSE_POLICY).verdict;
    expect([ref, verdict]).toEqual([ref, expected[policyClass]]);
  }
});

describeWithShared('data/license-classifiers.json against shared/licenses', () => {
  test('covers every License :: classifier of the shared table with the same SPDX id', () => {
    const shared = JSON.parse(fs.readFileSync(sharedPath('licenses', 'classifiers.json'), 'utf8')) as Record<string, string | null>;
    expect(Object.keys(table).sort()).toEqual(Object.keys(shared).sort());
    for (const [classifier, spdx] of Object.entries(shared)) expect([classifier, table[classifier]!.spdx]).toEqual([classifier, spdx]);
  });
});
