// build.conf of a demisto/dockerfiles image folder: `key=value` lines read by docker/build_docker.sh
// (`grep "^key=" build.conf`). Known keys: version, devonly, deprecated, deprecated_reason,
// dont_generate_requirements. Everything is kept in `values`; the typed fields are the ones the scan uses.
import type { Diagnostic } from '../model';

export interface BuildConf {
  version?: string;
  devonly: boolean;
  deprecated: boolean;
  deprecatedReason?: string;
  /** Every `key=value` line, the last one winning for a repeated key. */
  values: Record<string, string>;
  /** Repeated keys and lines that are not `key=value`; the build script ignores the latter. */
  diagnostics: Diagnostic[];
}

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function parseBuildConf(text: string, file: string): BuildConf {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  const seenOn = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const eq = raw.indexOf('=');
    const key = eq > 0 ? raw.slice(0, eq).trim() : '';
    if (!KEY_RE.test(key)) {
      // A warning, not an error: the build script (`grep "^key=" build.conf`) skips such a line too, and build.conf
      // names no packages, so nothing goes unchecked because of it.
      diagnostics.push({ severity: 'warning', code: 'build-conf-line-ignored', message: 'not a key=value line; the build script ignores it', location: { file, line, column: raw.length - raw.trimStart().length + 1 } });
      return;
    }
    const previous = seenOn.get(key);
    if (previous !== undefined) {
      diagnostics.push({
        severity: 'warning',
        code: 'build-conf-duplicate-key',
        message: `${key} is set again (first on line ${previous}); the last value is used`,
        location: { file, line },
      });
    }
    seenOn.set(key, line);
    values[key] = raw.slice(eq + 1).trim();
  });
  const conf: BuildConf = {
    devonly: isTrue(values['devonly']),
    deprecated: isTrue(values['deprecated']),
    values: { ...values },
    diagnostics,
  };
  if (values['version'] !== undefined && values['version'] !== '') conf.version = values['version'];
  if (values['deprecated_reason'] !== undefined && values['deprecated_reason'] !== '') conf.deprecatedReason = values['deprecated_reason'];
  return conf;
}

/** The build script compares with the literal `true`; accept the usual spellings of it too. */
function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(true|yes|1)$/i.test(value);
}
