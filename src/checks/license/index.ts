// The license check's public surface: metadata -> SPDX expression -> verdict -> findings, with approvals and the
// demisto/dockerfiles policy files as input.
export { resolveLicense, resolveWithOverride, agrees } from './resolve';
export type { LicenseMetadata, LicenseSource, ResolveOptions, ResolvedLicense, SourceReading, LicenseOverride, ReadingEvidence } from './resolve';
export { DEFAULT_LICENSE_POLICY, judgeLicense, mergeLicensePolicies } from './policy';
export type { LicensePolicy, LicenseVerdict, LicenseVerdictKind, LeafJudgement, LicenseCategory } from './policy';
export { ANY_LICENSE, applyApprovals, approvalsReport, validateLicenseApprovals, approvalScopeMatches, approvalCoversLicense } from './approvals';
export type { LicenseApproval, ApprovalOutcome, ApprovalsReport, ApprovalContext } from './approvals';
export { checkLicenses, licenseFindings, licenseMetadataKey, LICENSE_FINDING_SEVERITY, ChoiceTally } from './check';
export type { LicenseCheckContext, LicenseCheckResult, LicenseMetadataResult, PackageLicenseResult, ChoicesReport } from './check';
export { applyLicenseChoices, applyChoiceToExpression, validateLicenseChoices, choiceScopeMatches, describeChoice } from './choices';
export type { LicenseChoice, AppliedChoice, ChoiceOutcome } from './choices';
export { loadDockerfilesLicensePolicy, dockerfilesLicensePolicy, findDockerfilesPolicyFiles, DOCKERFILES_POLICY_FILES } from './dockerfiles-policy';
export type { DockerfilesPolicyFiles, LicensePolicyInput } from './dockerfiles-policy';
export { canonicalSpdx } from './spdx';
export { matchLicenseText } from './license-text';
export { readLicenseName } from './license-names';
export { readDeclaredLicense } from './declared';
export type { DeclaredReading, DeclaredReadingKind } from './declared';
export { licenseName, expressionInWords } from './names-table';
export { readLicenseUrl } from './license-urls';
export { matchLicenseNotice, matchLicenseTextBySimilarity } from './license-text';
export { AMBIGUOUS_REFS, isAmbiguousRef } from './ambiguous';
export { readClassifier, lookupClassifier } from './classifiers';
