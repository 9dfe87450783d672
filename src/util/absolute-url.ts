import { FlowgateError } from '../errors';
import { parseHttpUrl } from './http-url';

// Control characters and backslashes are never legitimate in a path we build, and browsers
// reinterpret backslashes as slashes: refuse them rather than guess.
const UNSAFE = /[\u0000-\u001f\u007f\\]/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Checks the server's public URL (where people reach Flowgate, e.g. `https://id.example.com/auth`)
 * and returns it normalised with a trailing slash. It must be http(s), without credentials, query or
 * fragment. Throws `FG_CONFIG_INVALID` otherwise.
 */
export function normalizePublicUrl(publicUrl: string): string {
  const parsed = parseHttpUrl(publicUrl);
  if ('problem' in parsed) throw new FlowgateError('FG_CONFIG_INVALID', `public URL ${JSON.stringify(publicUrl)} ${parsed.problem}`);
  const url = parsed.url;
  if (url.search || url.hash) throw new FlowgateError('FG_CONFIG_INVALID', 'public URL must not carry a query or a fragment');
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url.href;
}

/**
 * The absolute URL of `path` under `publicUrl`, for links in emails (mail clients have no base URL).
 * `path` is relative to the public URL (`/realms/main/verify?token=...`; a leading `/` is optional)
 * or already absolute. Anything that does not end up under `publicUrl` after normalisation (another
 * origin, `//evil.example`, `/../x`, `%2e%2e`, a `javascript:` URL) throws `FG_LINK_OUTSIDE_PUBLIC_URL`:
 * a link in an authentication email must never lead elsewhere.
 */
export function absoluteUrl(publicUrl: string, path: string): string {
  const base = new URL(normalizePublicUrl(publicUrl));
  if (typeof path !== 'string' || UNSAFE.test(path)) refuse(path);
  if (!SCHEME.test(path) && path.startsWith('//')) refuse(path);
  let url: URL;
  try {
    url = SCHEME.test(path) ? new URL(path) : new URL(path.startsWith('/') ? path.slice(1) : path, base);
  } catch {
    refuse(path);
  }
  const under = url.origin === base.origin && !url.username && !url.password && url.pathname.startsWith(base.pathname);
  if (!under) refuse(path);
  return url.href;
}

function refuse(path: unknown): never {
  throw new FlowgateError('FG_LINK_OUTSIDE_PUBLIC_URL', `${JSON.stringify(path)} is not under the public URL`);
}
