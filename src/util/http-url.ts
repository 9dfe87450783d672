/**
 * `value` parsed as an absolute `http:` or `https:` URL without user name or password, or in words
 * why it is not one. The common ground of every URL Flowgate sends browsers to: its own public URL
 * and the clients' redirect URIs; each adds its own rules on top.
 */
export function parseHttpUrl(value: string): { readonly url: URL } | { readonly problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'must be an absolute URI' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: `must use http or https, not ${url.protocol}` };
  if (url.username !== '' || url.password !== '') return { problem: 'must carry no user name or password' };
  return { url };
}
