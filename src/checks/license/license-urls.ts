// Licence URLs -> SPDX ids: the canonical pages of SPDX, OSI (opensource.org), GNU, Apache, Mozilla, Eclipse,
// Creative Commons and unlicense.org, plus every canonical URL of the SPDX licence list (names table). Only these
// hosts are read: a URL to a project's own file (github.com/…/LICENSE) says nothing depvet can check without
// fetching it, so it is unknown with that reason. GNU pages give the licence and version but not "only" / "or
// later", so they read as the ambiguous GNU ref of that version.
import { gnuVersionRef, refForClassifier, refForFamily } from './ambiguous';
import { spdxLicenseUrls } from './names-table';
import { canonicalSpdx } from './spdx';

export interface UrlReading {
  expression: string;
  /** The rule that read it (`opensource.org licence page`, `GNU licence page gpl-3.0`, …). */
  rule: string;
}

/** Scheme, `www.`, query, fragment, trailing slash, file extension, `/legalcode`, language suffix dropped; lower case. */
export function normalizeLicenseUrl(url: string): string {
  return url
    .trim()
    .replace(/^<|>$/g, '')
    .toLowerCase()
    .replace(/^[a-z+]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .replace(/\/(legalcode|deed)(\.[a-z-]+)?$/, '')
    .replace(/\.(html?|txt|php|md|en|rdf)(\.(html?|txt))?$/, '')
    .replace(/\.en$/, '')
    .replace(/\/+$/, '');
}

let canonical: Map<string, string> | undefined;

function canonicalUrls(): Map<string, string> {
  if (!canonical) {
    canonical = new Map();
    for (const [url, id] of spdxLicenseUrls()) {
      const key = normalizeLicenseUrl(url);
      // Two ids with one URL (a licence and its -or-later twin): the URL does not tell them apart.
      if (canonical.has(key) && canonical.get(key) !== id) canonical.set(key, '');
      else canonical.set(key, id);
    }
  }
  return canonical;
}

const CC_KINDS = new Set(['by', 'by-sa', 'by-nd', 'by-nc', 'by-nc-sa', 'by-nc-nd']);

/** `readName` reads a licence slug as a name (`mit-license` -> MIT); passed in to keep one name reader. */
export function readLicenseUrl(url: string, readName: (text: string) => string | null): UrlReading | null {
  const u = normalizeLicenseUrl(url);
  let m: RegExpExecArray | null;
  if ((m = /^spdx\.org\/licenses\/([^/]+?)(\.json)?$/.exec(u))) {
    const id = canonicalSpdx(m[1]!);
    return id ? { expression: id, rule: 'SPDX licence page' } : null;
  }
  if ((m = /^(?:opensource\.org|choosealicense\.com)\/licen[cs]es?\/([^/]+)$/.exec(u))) {
    const slug = m[1]!;
    const id = canonicalSpdx(slug) ?? readName(slug.replace(/[-_]+/g, ' '));
    return id ? { expression: id, rule: `${u.split('/')[0]} licence page ${slug}` } : null;
  }
  if ((m = /^apache\.org\/licenses(?:\/license-(\d)\.(\d))?$/.exec(u))) {
    if (!m[1]) return { expression: refForClassifier('License :: OSI Approved :: Apache Software License'), rule: 'Apache licences page (no version)' };
    const id = canonicalSpdx(`Apache-${m[1]}.${m[2]}`);
    return id ? { expression: id, rule: `Apache licence page LICENSE-${m[1]}.${m[2]}` } : null;
  }
  if ((m = /^gnu\.org\/(?:licenses|copyleft)(?:\/old-licenses)?\/(a?gpl|lgpl|fdl|gfdl)(?:-(\d\.\d))?(?:-standalone)?$/.exec(u)) || (m = /^gnu\.org\/(?:licenses|copyleft)\/(lesser|gpl|agpl|fdl)$/.exec(u))) {
    const family = { gpl: 'GPL', agpl: 'AGPL', lgpl: 'LGPL', lesser: 'LGPL', fdl: 'GFDL', gfdl: 'GFDL' }[m[1]!]!;
    // The unversioned pages show the current version (GPL/AGPL/LGPL 3, FDL 1.3).
    const version = m[2] ?? (family === 'GFDL' ? '1.3' : '3.0');
    const ref = gnuVersionRef(`${family}-${version}`);
    return ref ? { expression: ref, rule: `GNU licence page ${family}-${version} (neither "only" nor "or later" stated)` } : null;
  }
  if ((m = /^mozilla\.org\/(?:en-us\/)?mpl(?:\/(?:mpl-)?(\d\.\d))?$/.exec(u))) {
    if (!m[1]) return { expression: refForFamily('MPL'), rule: 'Mozilla licence page (no version)' };
    const id = canonicalSpdx(`MPL-${m[1]}`);
    return id ? { expression: id, rule: `Mozilla licence page MPL-${m[1]}` } : null;
  }
  if ((m = /^eclipse\.org\/(?:legal\/epl-(?:v)?(\d)\.?(\d)|org\/documents\/(edl)-v10|legal\/epl)$/.exec(u))) {
    if (m[3]) return { expression: 'BSD-3-Clause', rule: 'Eclipse Distribution License 1.0 page (SPDX: BSD-3-Clause)' };
    if (!m[1]) return { expression: refForFamily('EPL'), rule: 'Eclipse licence page (no version)' };
    const id = canonicalSpdx(`EPL-${m[1]}.${m[2]}`);
    return id ? { expression: id, rule: `Eclipse licence page EPL-${m[1]}.${m[2]}` } : null;
  }
  if ((m = /^creativecommons\.org\/licenses\/([a-z-]+)\/(\d\.\d)(?:\/([a-z]{2}))?$/.exec(u)) && CC_KINDS.has(m[1]!)) {
    const id = canonicalSpdx(`CC-${m[1]!.toUpperCase()}-${m[2]}${m[3] ? `-${m[3].toUpperCase()}` : ''}`);
    // A ported licence SPDX does not list (…/3.0/br) is a different text: unknown, never the unported one.
    return id ? { expression: id, rule: `Creative Commons licence page ${m[1]}/${m[2]}${m[3] ? `/${m[3]}` : ''}` } : null;
  }
  if (/^creativecommons\.org\/publicdomain\/zero\/1\.0$/.test(u)) return { expression: 'CC0-1.0', rule: 'Creative Commons CC0 1.0 page' };
  if (/^creativecommons\.org\/licenses\/publicdomain$/.test(u)) return { expression: 'CC-PDDC', rule: 'Creative Commons public domain dedication page' };
  if (/^unlicense\.org(\/unlicense)?$/.test(u)) return { expression: 'Unlicense', rule: 'unlicense.org' };
  const listed = canonicalUrls().get(u);
  if (listed) return { expression: listed, rule: 'canonical URL on the SPDX licence list' };
  return null;
}

/** A value that is one URL (and nothing else). */
export function isUrl(value: string): boolean {
  const text = value.trim();
  return /^<?(https?:\/\/|www\.)[^\s]+>?$/i.test(text) || /^[a-z0-9-]+(\.[a-z0-9-]+)*\.(org|com|net|io|dev)(\/\S*)?$/i.test(text);
}
