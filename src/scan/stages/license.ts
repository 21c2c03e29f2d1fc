// License stage: each checked version's license resolved from registry metadata, judged by the policy (the
// default, the config's lists, and demisto/dockerfiles' files when present), with approvals applied per image.
import fs from 'node:fs';
import path from 'node:path';
import {
  applyApprovals,
  approvalsReport,
  DEFAULT_LICENSE_POLICY,
  dockerfilesLicensePolicy,
  findDockerfilesPolicyFiles,
  judgeLicense,
  licenseFindings,
  loadDockerfilesLicensePolicy,
  mergeLicensePolicies,
  resolveLicense,
  resolveWithOverride,
  validateLicenseApprovals,
  validateLicenseChoices,
  describeChoice,
  ChoiceTally,
  type LicenseApproval,
  type LicenseChoice,
  type LicenseOverride,
  type LicensePolicy,
  type LicenseVerdict,
  type ResolvedLicense,
} from '../../checks/license';
import { UsageError } from '../../errors';
import type { PackageKey } from '../../findings';
import { normalizeName } from '../../normalize';
import type { PackageLicense } from '../result';
import type { StageContext, StageOutput } from '../scan';
import { declaringPlaces, sbomLicensesOf } from '../targets';

export interface EffectiveLicensePolicy {
  policy: LicensePolicy;
  approvals: LicenseApproval[];
  overrides: LicenseOverride[];
  /** Recorded OR choices (`license.choices` in the config). */
  choices: LicenseChoice[];
  /** Where the policy came from (`default`, the config file, the dockerfiles files). */
  origin: string[];
}

/** The license policy of a scan: dockerfiles' files (when found or named) replace the default lists; the config's lists apply on top. */
export function licensePolicyFor(context: StageContext): EffectiveLicensePolicy {
  const configLicense = context.config.license ?? {};
  const setting = context.options.dockerfilesPolicy ?? configLicense.dockerfilesPolicy ?? 'auto';
  let policy: LicensePolicy = { ...DEFAULT_LICENSE_POLICY, origin: ['default'] };
  const approvals: LicenseApproval[] = [];
  const overrides: LicenseOverride[] = [];
  const cwd = context.options.cwd ?? process.cwd();
  if (setting !== 'off') {
    const dirs = setting === 'auto' ? context.inventory.roots.map((r) => path.resolve(cwd, r)).filter((d) => isDirectory(d)) : [path.resolve(cwd, setting)];
    for (const dir of dirs) {
      const files = findDockerfilesPolicyFiles(dir);
      if (!files) {
        if (setting !== 'auto') throw new UsageError(`--dockerfiles-policy ${setting}: no approved_licenses.json there (or in its docker/ folder)`);
        continue;
      }
      const input = loadDockerfilesLicensePolicy(files);
      policy = { ...dockerfilesLicensePolicy(input), origin: [`demisto/dockerfiles policy in ${path.relative(cwd, dir) || '.'}`] };
      for (const approval of input.approvals) approvals.push(approval);
      for (const override of input.overrides) overrides.push(override);
      break;
    }
  }
  if (configLicense.allowed || configLicense.needsApproval || configLicense.denied) {
    policy = mergeLicensePolicies(policy, {
      ...(configLicense.allowed ? { allowed: configLicense.allowed } : {}),
      ...(configLicense.needsApproval ? { needsApproval: configLicense.needsApproval } : {}),
      ...(configLicense.denied ? { denied: configLicense.denied } : {}),
      origin: [context.options.configFile ?? 'config'],
    });
  }
  (configLicense.approvals ?? []).forEach((approval, index) => {
    approvals.push({ ...approval, source: { file: context.options.configFile ?? 'depvet.config.json', pointer: `/license/approvals/${index}` } });
  });
  validateLicenseApprovals(approvals);
  const choices: LicenseChoice[] = (configLicense.choices ?? []).map((choice, index) => ({ ...choice, source: { file: context.options.configFile ?? 'depvet.config.json', pointer: `/license/choices/${index}` } }));
  validateLicenseChoices(choices);
  return { policy, approvals, overrides, choices, origin: policy.origin ?? [] };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function runLicenseStage(context: StageContext): StageOutput {
  const output: StageOutput = { targetFindings: [], placedFindings: [], couldNotCheck: [], policyNotes: [] };
  const effective = licensePolicyFor(context);
  const resolveOptions = {
    ...(context.config.license?.classifierCombination ? { classifierCombination: context.config.license.classifierCombination } : {}),
    ...(context.config.license?.disagreement ? { disagreement: context.config.license.disagreement } : {}),
  };
  const used = new Set<LicenseApproval>();
  const licenseByTarget = new Map<string, PackageLicense>();
  // The first override of each package, looked up once per target instead of normalizing every override's name for each.
  const overrides = new Map<string, LicenseOverride>();
  for (const o of effective.overrides) {
    for (const ecosystem of o.ecosystem ? [o.ecosystem] : (['PyPI', 'npm'] as const)) {
      const overrideKey = `${ecosystem}:${normalizeName(ecosystem, o.package)}`;
      if (!overrides.has(overrideKey)) overrides.set(overrideKey, o);
    }
  }
  // Resolution and verdict depend only on the license metadata (never on the package's name or version), and a
  // tree's packages share a few hundred distinct license fields: each is resolved and judged once.
  const judged = new Map<string, { resolved: ResolvedLicense; verdict: LicenseVerdict }>();
  // Choices name packages and versions, so they apply after the shared resolution (and re-judge what they change).
  const choiceTally = new ChoiceTally(effective.choices);
  for (const [key, target] of context.targets) {
    const facts = context.facts.get(key);
    const request = target.request;
    const version = facts?.version ?? request.version;
    const pkg: PackageKey = { ecosystem: request.ecosystem, name: request.name, normalizedName: request.normalizedName, ...(version !== undefined ? { version } : {}) };
    if (!facts?.license) {
      const reason = facts?.problems.find((p) => p.needs === 'license')?.reason ?? 'no license metadata was fetched';
      output.couldNotCheck.push({ targetKey: key, entry: { check: 'license', package: pkg, reason } });
      continue;
    }
    const override = overrides.get(`${pkg.ecosystem}:${pkg.normalizedName}`);
    const judgedKey = JSON.stringify([request.ecosystem, facts.license, override ? effective.overrides.indexOf(override) : -1]);
    let outcome = judged.get(judgedKey);
    if (!outcome) {
      const meta = { ecosystem: request.ecosystem, name: request.name, ...(version !== undefined ? { version } : {}), ...facts.license };
      const resolved = override ? resolveWithOverride(meta, override, resolveOptions) : resolveLicense(meta, resolveOptions);
      outcome = { resolved, verdict: judgeLicense(resolved, effective.policy) };
      judged.set(judgedKey, outcome);
    }
    const read = outcome.resolved;
    let { resolved, verdict } = outcome;
    const chosen = choiceTally.apply(pkg, resolved);
    if (chosen !== resolved) {
      resolved = chosen;
      verdict = judgeLicense(chosen, effective.policy);
    }
    // What the registry declares: the metadata's own reading (before any recorded OR choice); under a policy
    // override, the highest-precedence one.
    const declared = read.source !== 'policy-override' ? (read.expression ?? undefined) : read.readings.find((r) => r.source !== 'policy-override')?.expression;
    licenseByTarget.set(key, {
      expression: resolved.expression,
      source: resolved.source,
      verdict: verdict.verdict,
      ...(declared !== undefined ? { declared } : {}),
      ...(Object.keys(read.raw).length > 0 ? { raw: read.raw } : {}),
      ...(resolved.choice ? { choice: { given: resolved.choice.given, chosen: resolved.choice.chosen, reason: resolved.choice.reason, ...(resolved.choice.approvedBy ? { approvedBy: resolved.choice.approvedBy } : {}) } } : {}),
    });
    // Licences an input SBOM states are evidence beside the registry's: shown, never the verdict.
    const sbomLicenses = sbomLicensesOf(target.entries);
    // Approvals may be scoped to images, so each place that declares the package is judged for its own image.
    for (const place of declaringPlaces(target.entries)) {
      const outcome = applyApprovals(pkg, resolved, verdict, effective.approvals, { now: context.now, ...(place.declaringImage ? { image: place.declaringImage } : {}) });
      if (outcome.approval) used.add(outcome.approval);
      // Findings as if unapproved, so an approved one is still reported (as suppressed, with its reason).
      for (const finding of licenseFindings(pkg, resolved, verdict, { expired: outcome.expired })) {
        const withSbom = sbomLicenses
          ? { ...finding, message: `${finding.message} (the SBOM says ${sbomLicenses.join('; ')}; the verdict is on the registry's metadata)`, evidence: { ...finding.evidence, sbomLicenses } }
          : finding;
        output.placedFindings.push({
          targetKey: key,
          finding: { ...withSbom, location: place.location },
          images: place.images,
          ...(place.declaringImage ? { declaringImage: place.declaringImage } : {}),
          ...(outcome.approval && finding.kind !== 'license-sources-disagree'
            ? { suppressible: { by: outcome.approval.approvedBy.startsWith('demisto/dockerfiles') ? 'dockerfiles-policy' : 'approval', reason: outcome.approval.reason, approvedBy: outcome.approval.approvedBy, ...(outcome.approval.expires ? { expires: outcome.approval.expires } : {}) } }
            : {}),
        });
      }
    }
  }
  context.licenseByTarget = licenseByTarget;
  const report = approvalsReport(effective.approvals, used, context.now);
  for (const approval of report.expired) {
    output.policyNotes.push({ kind: 'approval-expired', message: `license approval for ${approval.package} (${approval.license}) expired on ${approval.expires}`, entry: { package: approval.package, license: approval.license, reason: approval.reason, approvedBy: approval.approvedBy, expires: approval.expires } });
  }
  // Choices are shown in every report: each one applied, stale or unused is a policy note (all formats render them).
  const choices = choiceTally.report();
  for (const { choice, packages } of choices.applied) {
    output.policyNotes.push({ kind: 'choice-applied', message: `license choice for ${choice.package}: judged under ${choice.choice}${choice.given ? ` of ${choice.given}` : ''} (${choice.reason}) for ${packages.join(', ')}`, entry: { ...describeChoice(choice), packages } });
  }
  for (const { choice, packages, reason } of choices.stale) {
    output.policyNotes.push({ kind: 'choice-stale', message: `license choice for ${choice.package} (${choice.choice}${choice.given ? ` of ${choice.given}` : ''}) no longer matches ${packages.join(', ')}: ${reason}; the full license is judged`, entry: { ...describeChoice(choice), packages, reason } });
  }
  for (const choice of choices.unused) {
    output.policyNotes.push({ kind: 'choice-unused', message: `license choice for ${choice.package} (${choice.choice}) matched nothing in this scan`, entry: describeChoice(choice) });
  }
  for (const approval of report.unused) {
    output.policyNotes.push({ kind: 'approval-unused', message: `license approval for ${approval.package} (${approval.license}) matched nothing in this scan`, entry: { package: approval.package, license: approval.license, reason: approval.reason, approvedBy: approval.approvedBy } });
  }
  return output;
}
