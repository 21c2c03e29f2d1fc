// npm replaces a package it took down for malware with a "security holding package": an empty release numbered
// `0.0.1-security` (npm/security-holder), published by npm itself under the old name so nobody can register it
// again. A name whose latest release is such a holder is a known-malicious package, whatever it looks like:
// `crossenv`, the 2017 typosquat of `cross-env`, is one. The registry writes these versions, not the attacker,
// so the fact can be trusted.
import type { Finding, PackageKey } from '../../findings';
import type { TyposquatMatch } from './typosquat';

const HOLDING_VERSION = /^0\.0\.\d+-security(?:\.\d+)?$/;

/** The holding version when the packument's `latest` dist-tag points at one (npm's take-down marker). */
export function securityHoldingVersion(distTags: Record<string, string>, versions: readonly string[]): string | undefined {
  const latest = distTags['latest'];
  if (latest === undefined || !HOLDING_VERSION.test(latest) || !versions.includes(latest)) return undefined;
  return latest;
}

/** The known-malicious finding (critical); names the popular package it imitated when the screen found one. */
export function securityHoldingFinding(pkg: PackageKey, holdingVersion: string, imitated?: TyposquatMatch): Finding {
  const imitates = imitated ? `; it imitated ${imitated.target} (${imitated.why})` : '';
  return {
    check: 'names',
    kind: 'security-holding-package',
    severity: 'critical',
    package: pkg,
    message: `${pkg.name}: the npm registry replaced this package with its security holding package (${holdingVersion}): npm took it down as malicious${imitates}; remove it and check the machines that installed it`,
    evidence: {
      holdingVersion,
      registry: 'npm',
      ...(imitated ? { imitates: imitated.target, why: imitated.why, kind: imitated.kind } : {}),
    },
  };
}
