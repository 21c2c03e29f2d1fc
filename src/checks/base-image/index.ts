// Base-image policy check: public entry points.
export { checkBaseImages, BASE_IMAGE_SEVERITY, type BaseImageFindingKind, type DockerfileInput } from './check';
export { defaultBasePolicy, canonicalRepository, compileAllowed, allowingRule, type BaseImagePolicy, type AllowRule } from './policy';
