import { parseHttpUrl } from '../../util/http-url';

/** The longest redirect URI a client may register. */
export const MAX_REDIRECT_URI_LENGTH = 2000;

/**
 * Why `uri` cannot be one of a client's redirect URIs, or `undefined` when it can: the one check,
 * run on realm files, imports and every admin API save alike (the loader runs it). A redirect URI
 * is an absolute `http:` or `https:` URI without credentials, fragment or white space, compared
 * exactly at sign-in; anything else (`javascript:`, `data:`, `vbscript:`, a relative path,
 * `https://user@host/`) could turn the last redirect of a sign-in into script or a lookalike.
 * Custom schemes for native apps come with the clients that declare themselves native.
 */
export function redirectUriProblem(uri: string): string | undefined {
  if (uri.length === 0 || uri.length > MAX_REDIRECT_URI_LENGTH) return `must be 1 to ${MAX_REDIRECT_URI_LENGTH} characters`;
  if (/[\s#]/.test(uri)) return 'must have no white space and no fragment (#)';
  const parsed = parseHttpUrl(uri);
  return 'problem' in parsed ? parsed.problem : undefined;
}
