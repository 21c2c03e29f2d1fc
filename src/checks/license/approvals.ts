// Recorded license decisions: a package (optionally a version range and image scope) may ship under a license that
// the policy does not allow by itself, because someone approved it, for a reason, possibly until a date.
// Expired approvals stop applying and are reported; so are approvals nothing used.
import type { PackageKey } from '../../findings';
import type { Ecosystem } from '../../model';
import { normalizeName } from '../../normalize';
import { entryError, entryExpiry, versionInScope, versionScopeValid } from '../../policy/entry-scope';
import { AMBIGUOUS_REFS } from './ambiguous';
import type { LicenseVerdict } from './policy';
import type { ResolvedLicense } from './resolve';
import { canonicalSpdx, spdxLeaves, parseCanonicalSpdx } from './spdx';

/** `license: "*"` approves whatever license the package has (how dockerfiles' package exclusions map). */
export const ANY_LICENSE = '*';

export interface LicenseApproval {
  package: string;
  ecosystem?: Ecosystem;
  /** PEP 440 specifier (PyPI) or semver range (npm), or one exact version. */
  versions?: string;
  /** Only when scanning these images (image folder names; an entry matches an image whose name contains it). */
  images?: string[];
  /** The license approved: an SPDX expression or id, or `*` for any. */
  license: string;
  reason: string;
  approvedBy: string;
  /** `YYYY-MM-DD` (through the end of that UTC day) or an ISO 8601 date-time. */
  expires?: string;
  /** Where the entry was written, for messages. */
  source?: { file: string; pointer: string };
}

export function approvalExpiry(approval: LicenseApproval): Date | undefined {
  if (approval.expires === undefined) return undefined;
  const expiry = entryExpiry(approval.expires);
  if (expiry === null) throw entryError(approval, `approval for ${approval.package}: expires ${JSON.stringify(approval.expires)} is not a date (YYYY-MM-DD)`);
  return expiry;
}

/** Checks every approval up front, so a typo fails the run instead of silently never matching. */
export function validateLicenseApprovals(approvals: LicenseApproval[]): void {
  for (const approval of approvals) {
    if (!approval.package?.trim()) throw entryError(approval, 'approval without a package');
    if (!approval.reason?.trim()) throw entryError(approval, `approval for ${approval.package}: a reason is required`);
    if (!approval.approvedBy?.trim()) throw entryError(approval, `approval for ${approval.package}: approvedBy is required`);
    if (!approval.license?.trim()) throw entryError(approval, `approval for ${approval.package}: a license is required`);
    if (approval.license.trim() !== ANY_LICENSE && !canonicalSpdx(approval.license)) {
      throw entryError(approval, `approval for ${approval.package}: license ${JSON.stringify(approval.license)} is not an SPDX expression (or "*")`);
    }
    approvalExpiry(approval);
    if (approval.versions !== undefined) {
      const ecosystems: Ecosystem[] = approval.ecosystem ? [approval.ecosystem] : ['PyPI', 'npm'];
      if (!ecosystems.some((ecosystem) => versionScopeValid(ecosystem, approval.versions!))) {
        throw entryError(approval, `approval for ${approval.package}: versions ${JSON.stringify(approval.versions)} is not a version or range`);
      }
    }
  }
}


export interface ApprovalContext {
  /** The image being scanned (its folder name), for image-scoped approvals. */
  image?: string;
  now: Date;
}

/** Does the approval name this package, version and image? (License and expiry are checked separately.) */
export function approvalScopeMatches(approval: LicenseApproval, pkg: PackageKey, context: ApprovalContext): boolean {
  if (approval.ecosystem && approval.ecosystem !== pkg.ecosystem) return false;
  if (normalizeName(pkg.ecosystem, approval.package) !== pkg.normalizedName) return false;
  if (approval.versions !== undefined) {
    // An unknown version cannot be shown to be in range.
    if (!pkg.version || !versionInScope(pkg.ecosystem, pkg.version, approval.versions)) return false;
  }
  if (approval.images && approval.images.length > 0) {
    // Same rule as dockerfiles' is_pkg_ignored: an entry matches when the image name contains it.
    if (!context.image || !approval.images.some((image) => context.image!.includes(image))) return false;
  }
  return true;
}

/**
 * Does the approval's license cover what blocked the package? `*` covers anything. Otherwise every license that
 * decided a failing verdict must be named in the approval (by id or `id WITH exception`), or the approval's
 * expression must equal the resolved one. An approval naming one candidate of an ambiguous name ("LGPL-2.1-only" for
 * the `LGPL` classifier) covers it: the approver has established which one it is. An unknown license (nothing
 * could be read) is covered only by `*`, because there is nothing to compare the approved license with.
 */
export function approvalCoversLicense(approval: LicenseApproval, resolved: ResolvedLicense, verdict: LicenseVerdict): boolean {
  const text = approval.license.trim();
  if (text === ANY_LICENSE) return true;
  const approved = canonicalSpdx(text);
  if (!approved) return false;
  if (resolved.expression && approved === resolved.expression) return true;
  if (verdict.verdict === 'unknown' || verdict.decidingLicenses.length === 0) return false;
  const named = new Set(spdxLeaves(parseCanonicalSpdx(approved)).flatMap((leaf) => [leaf.id, leaf.exception ? `${leaf.id} WITH ${leaf.exception}` : leaf.id]));
  return verdict.decidingLicenses.every(
    (license) => named.has(license) || (AMBIGUOUS_REFS.get(license)?.candidates.some((candidate) => named.has(candidate)) ?? false),
  );
}

export interface ApprovalOutcome {
  /** The approval that lifts the verdict, if any. */
  approval?: LicenseApproval;
  /** Approvals that would have matched but have expired (reported with the finding). */
  expired: LicenseApproval[];
}

/** Finds the approval (not expired) that covers a failing verdict for this package. */
export function applyApprovals(
  pkg: PackageKey,
  resolved: ResolvedLicense,
  verdict: LicenseVerdict,
  approvals: LicenseApproval[],
  context: ApprovalContext,
): ApprovalOutcome {
  const outcome: ApprovalOutcome = { expired: [] };
  if (verdict.verdict === 'allowed') return outcome;
  for (const approval of approvals) {
    if (!approvalScopeMatches(approval, pkg, context) || !approvalCoversLicense(approval, resolved, verdict)) continue;
    const expiry = approvalExpiry(approval);
    if (expiry && expiry.getTime() < context.now.getTime()) {
      outcome.expired.push(approval);
      continue;
    }
    outcome.approval ??= approval;
  }
  return outcome;
}

export interface ApprovalsReport {
  used: LicenseApproval[];
  /** Approvals past their expiry date (whether or not anything needed them). */
  expired: LicenseApproval[];
  /** Approvals that matched no package in this scan. */
  unused: LicenseApproval[];
}

export function approvalsReport(approvals: LicenseApproval[], used: Set<LicenseApproval>, now: Date): ApprovalsReport {
  const expired = approvals.filter((approval) => {
    const expiry = approvalExpiry(approval);
    return expiry !== undefined && expiry.getTime() < now.getTime();
  });
  return {
    used: approvals.filter((approval) => used.has(approval)),
    expired,
    unused: approvals.filter((approval) => !used.has(approval) && !expired.includes(approval)),
  };
}
