// The declared-licence reader of issue 18, rule by rule, with the strings the issue reports and ones of the same shape.
import { readDeclaredLicense } from '../../../src/checks/license/declared';
import { resolveLicense } from '../../../src/checks/license/resolve';
import { judgeLicense } from '../../../src/checks/license/policy';
import { nameKey } from '../../../src/checks/license/license-normalize';
import { licenseName, expressionInWords } from '../../../src/checks/license/names-table';
import { readLicenseUrl } from '../../../src/checks/license/license-urls';
import { matchLicenseNotice, matchLicenseTextBySimilarity } from '../../../src/checks/license/license-text';
import { readDataJson } from '../../../src/checks/license/data';

const read = (text: string) => readDeclaredLicense(text).expression;
const GPL3 = 'LicenseRef-depvet-ambiguous-GNU-General-Public-License-v3';

describe('the strings issue 18 reports as unknown now resolve', () => {
  test.each([
    ['new-style BSD', 'BSD-3-Clause'],
    ['Creative Commons Zero v1.0 Universal', 'CC0-1.0'],
    ['https://opensource.org/licenses/BSD-3-Clause', 'BSD-3-Clause'],
    ['Apache License, Version 2.0 - see http://www.apache.org/licenses/', 'Apache-2.0'],
    ['Apache License\nVersion 2.0, January 2004', 'Apache-2.0'],
    ['Eclipse Public License - v 2.0', 'EPL-2.0'],
    ['BSD 3-Clause "New" or "Revised" License', 'BSD-3-Clause'],
    ['Eclipse Public Licence v2', 'EPL-2.0'],
    ['zlib licence', 'Zlib'],
  ])('%j -> %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });
});

describe('1. exact SPDX ids and expressions', () => {
  test.each([
    ['mit', 'MIT', 'spdx'],
    ['apache-2.0', 'Apache-2.0', 'spdx'],
    ['GPL-2.0+', 'GPL-2.0-or-later', 'spdx'],
    ['LGPL-2.1', 'LGPL-2.1-only', 'spdx'],
    ['(MIT or Apache-2.0)', 'MIT OR Apache-2.0', 'spdx'],
  ])('%j -> %s', (text, expected, kind) => {
    const reading = readDeclaredLicense(text);
    expect([reading.expression, reading.kind]).toEqual([expected, kind]);
  });
});

describe('2. the normalizer folds the ways a name is written', () => {
  test.each([
    ['case and punctuation', 'APACHE LICENSE, VERSION 2.0', 'Apache-2.0'],
    ['quotes and HTML entities', 'BSD 2-clause &quot;Simplified&quot; License', 'BSD-2-Clause'],
    ['licence / license and a misspelling', 'Simplified BSD Liscence', 'BSD-2-Clause'],
    ['v / version / ver.', 'Mozilla Public License ver. 2.0', 'MPL-2.0'],
    ['2 is 2.0 when there is no other 2.x', 'MPL v2', 'MPL-2.0'],
    ['"the"', 'The Apache Software License, Version 2.0', 'Apache-2.0'],
    ['an abbreviation repeated after the name', 'ISC License (ISCL)', 'ISC'],
    ['an SPDX id in parentheses narrows the name', 'Apache Software License (Apache-2.0)', 'Apache-2.0'],
    ['or later', 'GNU Lesser General Public License v3 or later', 'LGPL-3.0-or-later'],
    ['+', 'GNU GPLv3+', 'GPL-3.0-or-later'],
    ['or greater', 'Lesser General Public License, version 3 or greater', 'LGPL-3.0-or-later'],
    ['≥', 'gpl (≥ 3)', 'GPL-3.0-or-later'],
    ['only', 'GNU General Public License v2.0 only', 'GPL-2.0-only'],
    ['or later of a non-GNU licence is id+', 'EPL (Eclipse Public License), V1.0 or later', 'EPL-1.0+'],
    ['with the Classpath exception', 'GNU General Public License v2.0 only, with Classpath exception', 'GPL-2.0-only WITH Classpath-exception-2.0'],
    ['with LLVM exception', 'Apache-2.0 with LLVM exception', 'Apache-2.0 WITH LLVM-exception'],
    ['X or Y', 'Universal Permissive License 1.0 or Apache License 2.0', 'UPL-1.0 OR Apache-2.0'],
    ['X -or- Y', 'MIT -or- Apache License 2.0', 'MIT OR Apache-2.0'],
    ['X / Y (dual)', 'MIT/X11', 'MIT OR X11'],
    ['X and Y', 'MPL 2.0, and EPL 1.0', 'MPL-2.0 AND EPL-1.0'],
    ['names with "and" inside stay whole', 'Apache License, Version 2.0 and Common Development And Distribution License (CDDL) Version 1.0', 'Apache-2.0 AND CDDL-1.0'],
    ['dual licensed under X and Y is a choice', 'Dual licensed under MIT and Apache 2.0', 'MIT OR Apache-2.0'],
    ['a restated licence is one licence', 'Apache License, ASL Version 2.0', 'Apache-2.0'],
    ['a trailing URL that agrees', 'MIT License (http://opensource.org/licenses/MIT)', 'MIT'],
    ['a trailing "see LICENSE file"', 'BSD 3-Clause - see LICENSE file for details', 'BSD-3-Clause'],
    ['a trailing copyright line', 'BSD 3-Clause License, Copyright (c) 2000-2025, Example Inc.', 'BSD-3-Clause'],
    ['"licensed under the …"', 'Licensed under the Apache License, Version 2.0', 'Apache-2.0'],
    ['a release date in a title line', 'GNU LESSER GENERAL PUBLIC LICENSE Version 3, 29 June 2007', 'LicenseRef-depvet-ambiguous-GNU-Lesser-General-Public-License-v3'],
    ['a serialized list', "['MIT']", 'MIT'],
  ])('%s: %j -> %s', (_rule, text, expected) => {
    expect(read(text)).toBe(expected);
  });

  test('a trailing licence URL that names another licence makes the whole unknown', () => {
    expect(read('MIT (https://www.apache.org/licenses/LICENSE-2.0)')).toBeNull();
  });

  test('a repeated version number is not folded away ("1.1" is not "1")', () => {
    expect(nameKey('MPL 1.1')).toBe('mpl 1 1');
    expect(read('Mozilla Public License Version 1.0')).toBe('MPL-1.0');
  });

  test('an exception SPDX does not list is no reading (never dropped)', () => {
    expect(read('GPLv2-or-later with a special exception which allows to use PyInstaller')).toBeNull();
    expect(read('GNU GPLv2 (with FOSS License Exception)')).toBeNull();
  });
});

describe('3. the names table (SPDX full names, ScanCode keys)', () => {
  test.each([
    ['SPDX full name', 'Eclipse Public License 2.0', 'EPL-2.0'],
    ['SPDX full name, other spelling', 'European Union Public Licence 1.2', 'EUPL-1.2'],
    ['ScanCode key', 'bsd-new', 'BSD-3-Clause'],
    ['ScanCode key with plus', 'gpl-2.0-plus', 'GPL-2.0-or-later'],
    ['the only version of a name', 'IBM Public License', 'IPL-1.0'],
    ['spaces inside a name ignored', 'The OpenLDAP Public License, Version 2.8', 'OLDAP-2.8'],
  ])('%s: %j -> %s', (_rule, text, expected) => {
    expect(read(text)).toBe(expected);
  });

  test('every row of the table names an SPDX id of the list depvet resolves to, with its ScanCode key', () => {
    const { licenses } = readDataJson<{ licenses: Record<string, { name: string; scancode?: string[] }> }>('license-names.json');
    expect(Object.keys(licenses).length).toBeGreaterThan(600);
    expect(licenses['BSD-3-Clause']).toMatchObject({ name: 'BSD 3-Clause "New" or "Revised" License', scancode: ['bsd-new'] });
  });

  test('a name two licences share, or a version a family has twice, is not guessed', () => {
    expect(read('afl2')).toBeNull(); // AFL 2.0 and 2.1
    expect(read('Unicode')).toBeNull(); // Unicode-3.0, Unicode-DFS-2016, …
  });
});

describe('4. licence URLs', () => {
  test.each([
    ['https://spdx.org/licenses/MIT.html', 'MIT'],
    ['http://www.opensource.org/licenses/mit-license.php', 'MIT'],
    ['https://opensource.org/license/apache-2-0/', 'Apache-2.0'],
    ['http://www.apache.org/licenses/LICENSE-2.0.txt', 'Apache-2.0'],
    ['https://www.apache.org/licenses/LICENSE-2.0.html', 'Apache-2.0'],
    ['https://www.mozilla.org/en-US/MPL/2.0/', 'MPL-2.0'],
    ['https://www.eclipse.org/legal/epl-v20.html', 'EPL-2.0'],
    ['https://www.eclipse.org/org/documents/edl-v10.php', 'BSD-3-Clause'],
    ['https://creativecommons.org/licenses/by/4.0/', 'CC-BY-4.0'],
    ['https://creativecommons.org/licenses/by-nc-sa/3.0/legalcode', 'CC-BY-NC-SA-3.0'],
    ['https://creativecommons.org/publicdomain/zero/1.0/', 'CC0-1.0'],
    ['https://www.gnu.org/licenses/gpl-3.0.html', GPL3],
    ['https://www.gnu.org/licenses/old-licenses/lgpl-2.1.en.html', 'LicenseRef-depvet-ambiguous-LGPL-2.1'],
    ['unlicense.org', 'Unlicense'],
  ])('%s -> %s', (url, expected) => {
    const reading = readDeclaredLicense(url);
    expect([reading.expression, reading.kind]).toEqual([expected, 'url']);
  });

  test("a URL to a project's own file says nothing depvet can check", () => {
    expect(read('https://github.com/dotnet/corefx/blob/master/LICENSE.TXT')).toBeNull();
    expect(readLicenseUrl('https://example.com/LICENSE', () => null)).toBeNull();
  });

  test('a Creative Commons port SPDX does not list is not read as the unported licence', () => {
    expect(read('https://creativecommons.org/licenses/by/3.0/br/')).toBeNull();
  });
});

const APACHE_TEXT = readDataJson<{ templates: Record<string, string> }>('license-templates.json').templates['Apache-2.0']!;
const BSD3_TEXT = readDataJson<{ templates: Record<string, string> }>('license-templates.json').templates['BSD-3-Clause']!;

describe('5. licence texts and notices', () => {
  test('the GPL notice gives family, version and "or later"', () => {
    const notice =
      'This program is free software; you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation; either version 2 of the License, or (at your option) any later version.';
    expect(read(notice)).toBe('GPL-2.0-or-later');
    expect(read(notice.replace(/, or \(at your option\) any later version/, ''))).toBe('GPL-2.0-only');
    expect(read(notice.replace('GNU General', 'GNU Lesser General').replace('version 2', 'version 2.1'))).toBe('LGPL-2.1-or-later');
    expect(readDeclaredLicense(notice).kind).toBe('notice');
  });

  test('the Apache header, re-wrapped, with a copyright line', () => {
    const header = `Copyright 2024 Example Ltd.\n\nLicensed under the Apache License, Version 2.0 (the "License");\nyou may not use this file except in compliance with the License.\nYou may obtain a copy of the License at\n\n    http://www.apache.org/licenses/LICENSE-2.0\n\nUnless required by applicable law or agreed to in writing, software\ndistributed under the License is distributed on an "AS IS" BASIS,\nWITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\nSee the License for the specific language governing permissions and\nlimitations under the License.`;
    expect(matchLicenseNotice(header)?.expression).toBe('Apache-2.0');
    expect(read(header)).toBe('Apache-2.0');
  });

  test('a notice beside other terms is not that licence alone', () => {
    expect(matchLicenseNotice('Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file except in compliance with the License. Some files are GPL-3.0 licensed.')).toBeNull();
  });

  test('a truncated text resolves by its opening', () => {
    const firstHalf = APACHE_TEXT.split(/\s+/).slice(0, 400).join(' ');
    const reading = readDeclaredLicense(firstHalf);
    expect(reading.expression).toBe('Apache-2.0');
    expect(reading.rule).toMatch(/opening of template Apache-2.0/);
  });

  test('a re-wrapped whole text resolves by similarity, with the score in the rule', () => {
    const rewrapped = APACHE_TEXT.replace(/\s+/g, ' ').replace(/(.{60}) /g, '$1\n   ');
    const result = matchLicenseTextBySimilarity(rewrapped);
    expect(result.match?.template).toBe('Apache-2.0');
    expect(result.match!.score).toBeGreaterThan(0.95);
  });

  test('a GNU licence text names the version but not "only" / "or later": ambiguous', () => {
    const gpl3 = readDataJson<{ templates: Record<string, string> }>('license-templates.json').templates['GPL-3.0-only']!;
    expect(read(gpl3)).toBe(GPL3);
  });

  test('a text that differs materially from every template is unknown, with the closest template and its score', () => {
    const altered = BSD3_TEXT.replace(/Redistribution and use[^]*?met:/, 'Use of this software is permitted for non-commercial purposes only, and redistribution requires written permission, provided that:');
    const reading = readDeclaredLicense(`${altered}\nAdditional restriction: no use in weapons.`);
    expect(reading.expression).toBeNull();
    expect(reading.closest?.template).toBe('BSD-3-Clause');
    expect(reading.closest!.score).toBeGreaterThan(0.3);
    expect(reading.rule).toMatch(/closest BSD-3-Clause, score 0\.\d+/);
  });

  test('a BSD text cut before its third clause could be BSD-2 or BSD-3: no guess', () => {
    const cut = BSD3_TEXT.split(/\n\s*3\./)[0]!;
    expect(read(cut)).toBeNull();
  });

  test('a licence text with other terms after it is not read as the first licence alone', () => {
    const mitThenGpl = `${readDataJson<{ templates: Record<string, string> }>('license-templates.json').templates['MIT']!}\n\nThe files in vendor/ are licensed under the GNU General Public License version 3.`;
    expect(read(mitThenGpl)).toBeNull();
  });
});

describe('ambiguous stays ambiguous: never a guessed version', () => {
  test.each([
    ['BSD', 'LicenseRef-depvet-ambiguous-BSD-License'],
    ['GPL', 'LicenseRef-depvet-ambiguous-GNU-General-Public-License'],
    ['LGPL', 'LicenseRef-depvet-ambiguous-GNU-Library-or-Lesser-General-Public-License'],
    ['GPLv3', GPL3],
    ['LGPL 2.1', 'LicenseRef-depvet-ambiguous-LGPL-2.1'],
    ['Mozilla Public License', 'LicenseRef-depvet-ambiguous-MPL'],
    ['Eclipse Public License', 'LicenseRef-depvet-ambiguous-EPL'],
    ['Creative Commons', 'LicenseRef-depvet-ambiguous-CC'],
  ])('%s -> %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  test('an ambiguous name is judged by its worst candidate, so a copyleft family never passes', () => {
    for (const text of ['GPL', 'LGPL 2.1', 'Creative Commons', 'Mozilla Public License']) {
      expect(judgeLicense(resolveLicense({ ecosystem: 'PyPI', name: 'p', license: text })).verdict).not.toBe('allowed');
    }
  });
});

describe('every reading is recorded as evidence', () => {
  test('the field, the value, the rule and the result', () => {
    const resolved = resolveLicense({ ecosystem: 'PyPI', name: 'p', license: 'Eclipse Public License - v 2.0' });
    expect(resolved.evidence).toEqual([{ field: 'license', value: 'Eclipse Public License - v 2.0', kind: 'name', rule: 'names table: SPDX name "Eclipse Public License 2.0"', expression: 'EPL-2.0' }]);
    expect(resolved.notes).toContain('license field "Eclipse Public License - v 2.0" read as EPL-2.0 (names table: SPDX name "Eclipse Public License 2.0")');
  });

  test('npm fields too, and a value that cannot be read says why', () => {
    const resolved = resolveLicense({ ecosystem: 'npm', name: 'p', license: 'Frobnicate Public License' });
    expect(resolved.expression).toBeNull();
    expect(resolved.evidence?.[0]).toMatchObject({ field: 'license', kind: 'unreadable', expression: null });
  });
});

describe('licence names in words (for reports)', () => {
  test.each([
    ['BSD-3-Clause', 'BSD 3-Clause "New" or "Revised" License'],
    ['GPL-2.0-or-later', 'GNU General Public License v2.0 or later'],
    ['Apache-2.0+', 'Apache License 2.0, or any later version'],
    ['GPL-2.0-only WITH Classpath-exception-2.0', 'GNU General Public License v2.0 only with the Classpath-exception-2.0 exception'],
    ['LicenseRef-Proprietary', 'Proprietary licence'],
    ['LicenseRef-depvet-ambiguous-MPL', 'Mozilla Public License, version not stated'],
  ])('%s', (id, name) => {
    expect(licenseName(id)).toBe(name);
  });

  test('unknown LicenseRefs have no name; expressions read with their operators', () => {
    expect(licenseName('LicenseRef-acme-eula')).toBeNull();
    expect(expressionInWords('MIT OR LicenseRef-acme-eula')).toBe('MIT License OR LicenseRef-acme-eula');
  });
});

describe('hostile input stays bounded', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { measureWork } = require('../../../src/work-meter') as typeof import('../../../src/work-meter');

  test('a list of licences is cut in at most MAX_COMPOUND_PARTS parts; a longer one is not read (and costs nothing)', () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 'MIT' : 'ISC')).join(', ');
    const twelve = measureWork(() => expect(read(list(12))).toBe('ISC AND MIT'));
    expect(twelve['license.compoundCuts']).toBeLessThanOrEqual((12 * 13) / 2);
    const forty = measureWork(() => expect(read(list(40))).toBeNull());
    expect(forty['license.compoundCuts'] ?? 0).toBe(0);
  });

  test('a megabyte licence field is read as a text in one pass per template', () => {
    const huge = `${'Permission is hereby granted, free of charge, to any person. '.repeat(20000)}`;
    const reading = readDeclaredLicense(huge);
    expect(reading.expression).toBeNull();
    expect(reading.kind).toBe('unreadable');
  });
});
