// Base-image stage: every FROM judged against the allowed registries/namespaces, tag and digest rules.
import { checkBaseImages, defaultBasePolicy, type BaseImagePolicy } from '../../checks/base-image';
import type { StageContext, StageOutput } from '../scan';

export function basePolicyFor(context: StageContext): BaseImagePolicy {
  const configured = context.config.baseImages;
  const defaults = defaultBasePolicy(context.namespaces[0]);
  return {
    allowed: configured?.allowed ?? defaults.allowed,
    requireTag: configured?.requireTag ?? defaults.requireTag,
    requireDigest: configured?.requireDigest ?? defaults.requireDigest,
  };
}

export function runBaseImageStage(context: StageContext): StageOutput {
  const findings = checkBaseImages(context.dockerfiles, basePolicyFor(context));
  return {
    targetFindings: [],
    // The finding belongs to the image whose Dockerfile writes the FROM.
    placedFindings: findings.map((finding) => ({ finding, images: typeof finding.evidence['dockerImage'] === 'string' ? [finding.evidence['dockerImage']] : [] })),
    couldNotCheck: [],
    policyNotes: [],
  };
}
