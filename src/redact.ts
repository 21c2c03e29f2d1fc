// Credentials never leave the process in anything depvet shows, records or keys: a URL's userinfo
// (`https://carol:S3cret@index/simple`, `git+https://ghp_TOKEN@github.com/org/repo.git`) is redacted where URLs enter
// the model (manifests, registry options), in every error message, in snapshots and in the cache. Requests still
// authenticate: the HTTP core sends the URL it was given and shows only its redacted form.
//
// The rule is pip's (`redact_auth_from_url` in pip/_internal/utils/misc.py): `user:password@` keeps the user and
// hides the password (`user:****@`); a user alone is a token (`ghp_…@`, `x-access-token@`) and is hidden whole
// (`****@`). A URL's query parameters that carry secrets by name are hidden too (`?token=****`): bearer tokens
// (RFC 6750 §2.3 `access_token`, GitLab's `private_token`), API keys, passwords, and the signatures and credentials
// of pre-signed object-store links (AWS `X-Amz-Signature`/`-Credential`/`-Security-Token`, Google `X-Goog-…`,
// Azure SAS `sig`). A secret under another parameter name, or in a URL's path, is not recognised.
import type { ParsedManifest } from './model';

export const REDACTED = '****';

// Where a URL written in a manifest or a message ends.
const URL_END = /[\s"'<>`]/g;
// `?name=value` or `&name=value` of a secret-carrying parameter, inside one URL (names compared lowercased).
const SECRET_PARAMETER = /([?&;])([^=&#;?\s]+)=([^&#;\s]*)/g;
const SECRET_PARAMETER_NAMES = new Set([
  'token',
  'access_token',
  'auth_token',
  'private_token',
  'api_key',
  'apikey',
  'key',
  'password',
  'passwd',
  'secret',
  'client_secret',
  'sig',
  'signature',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'x-goog-credential',
]);

/**
 * `text` with the credentials of every URL in it redacted: one URL (`https://u:p@host/` -> `https://u:****@host/`,
 * `https://host/f.tar.gz?token=t` -> `…?token=****`) or any message quoting URLs. Idempotent; text without a URL
 * holding `@` or `?` is returned as is. One pass from each `://` to where its URL ends, so hostile text (a megabyte
 * of `a.a.a.`) costs linear time, as a regular expression with a scheme before `://` would not.
 */
export function redactCredentials(text: string): string {
  if (!text.includes('://') || (!text.includes('@') && !text.includes('?'))) return text;
  let out = '';
  let from = 0;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', from)) {
    URL_END.lastIndex = at;
    const end = URL_END.exec(text)?.index ?? text.length;
    const url = text.slice(at, end);
    out += text.slice(from, at) + (at > 0 && isSchemeCharacter(text[at - 1]!) ? redactAfterScheme(url) : url);
    from = end;
  }
  return out + text.slice(from);
}

/** `://userinfo@host/path?query` with the userinfo (pip's rule) and the secret query parameters hidden. */
function redactAfterScheme(url: string): string {
  let authorityEnd = 3;
  while (authorityEnd < url.length && url[authorityEnd] !== '/' && url[authorityEnd] !== '?' && url[authorityEnd] !== '#') authorityEnd++;
  const authority = url.slice(3, authorityEnd);
  // The userinfo runs to the last `@` of the authority (a password may hold an unescaped `@`).
  const at = authority.lastIndexOf('@');
  let out = url;
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    out = `://${colon < 0 ? REDACTED : `${userinfo.slice(0, colon)}:${REDACTED}`}${authority.slice(at)}${url.slice(authorityEnd)}`;
  }
  const query = out.indexOf('?');
  if (query < 0) return out;
  return (
    out.slice(0, query) +
    out.slice(query).replace(SECRET_PARAMETER, (whole: string, lead: string, name: string, value: string) => (value !== '' && SECRET_PARAMETER_NAMES.has(name.toLowerCase()) ? `${lead}${name}=${REDACTED}` : whole))
  );
}

function isSchemeCharacter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '+' || c === '.' || c === '-';
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
