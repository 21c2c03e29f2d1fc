// Credentials never leave the process in anything depvet shows, records or keys: a URL's userinfo
// (`https://carol:S3cret@index/simple`, `git+https://ghp_TOKEN@github.com/org/repo.git`) is redacted where URLs enter
// the model (manifests, registry options), in every error message, in snapshots and in the cache. Requests still
// authenticate: the HTTP core sends the URL it was given and shows only its redacted form.
//
// The rule is pip's (`redact_auth_from_url` in pip/_internal/utils/misc.py): `user:password@` keeps the user and
// hides the password (`user:****@`); a user alone is a token (`ghp_…@`, `x-access-token@`) and is hidden whole
// (`****@`). Secrets elsewhere in a URL (a `?token=` query) are not recognised.
import type { ParsedManifest } from './model';

export const REDACTED = '****';

// scheme://userinfo@ where userinfo runs to the last `@` of the authority (a password may hold an unescaped `@`).
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>`]*)@/gi;

function redactUserinfo(_match: string, scheme: string, userinfo: string): string {
  const colon = userinfo.indexOf(':');
  if (colon < 0) return `${scheme}${REDACTED}@`;
  return `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
}

/**
 * `text` with the credentials of every URL in it redacted: one URL (`https://u:p@host/` -> `https://u:****@host/`)
 * or any message quoting URLs. Idempotent; text without `://…@` is returned as is.
 */
export function redactCredentials(text: string): string {
  if (!text.includes('@') || !text.includes('://')) return text;
  return text.replace(URL_USERINFO, redactUserinfo);
}

/** Whether `text` holds a URL with credentials (so a caller can tell the shown URL from the one to request). */
export function hasCredentials(text: string): boolean {
  return redactCredentials(text) !== text;
}

/**
 * The manifest with every URL it carries redacted (package index, URL and VCS references, include paths, index URLs,
 * diagnostics quoting a line). In place: a parser's output is fresh and owned by the caller. Applied where every
 * manifest enters the inventory (inventory/load-manifest.ts).
 */
export function redactManifest<M extends ParsedManifest>(manifest: M): M {
  for (const ref of manifest.packages) {
    ref.name = redactCredentials(ref.name);
    if (ref.specifier !== undefined) ref.specifier = redactCredentials(ref.specifier);
    if (ref.index !== undefined) ref.index = redactCredentials(ref.index);
    if (ref.unvettable) {
      ref.unvettable.reference = redactCredentials(ref.unvettable.reference);
      ref.unvettable.reason = redactCredentials(ref.unvettable.reason);
    }
    for (const step of ref.resolvedFrom ?? []) step.requirement = redactCredentials(step.requirement);
  }
  for (const index of manifest.indexes) index.url = redactCredentials(index.url);
  for (const include of manifest.includes) include.path = redactCredentials(include.path);
  for (const diagnostic of manifest.diagnostics) diagnostic.message = redactCredentials(diagnostic.message);
  return manifest;
}
