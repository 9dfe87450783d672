import type { TokenStore } from '../../store';
import { ADMIN_REALM } from '../admin-realm';

/** The token purpose of bootstrap sign-in links. */
export const BOOTSTRAP_TOKEN_PURPOSE = 'admin-bootstrap';

/** How long a bootstrap link works: 15 minutes, enough to copy it from a log into a browser. */
export const BOOTSTRAP_LINK_TTL_SECONDS = 15 * 60;

/** Path of the bootstrap page; the link adds `?key=<secret>`. */
export const BOOTSTRAP_PATH = '/admin/bootstrap';

/**
 * Issues a one-time sign-in link for admin `userId`: `<publicUrl>/admin/bootstrap?key=…`, single
 * use, 15 minutes, stored as a hash only (the token store). Earlier unused links for that admin
 * stop working, so only the newest one printed is live. The URL carries the secret: print it for
 * the operator, never log it anywhere else.
 */
export async function issueBootstrapLink(tokens: TokenStore, publicUrl: string, userId: string): Promise<{ url: string; expiresAt: number }> {
  const realmTokens = tokens.forRealm(ADMIN_REALM);
  await realmTokens.revokeAll(BOOTSTRAP_TOKEN_PURPOSE, userId);
  const token = await realmTokens.issue({ purpose: BOOTSTRAP_TOKEN_PURPOSE, subject: userId, ttlSeconds: BOOTSTRAP_LINK_TTL_SECONDS });
  return { url: `${publicUrl}${BOOTSTRAP_PATH}?key=${encodeURIComponent(token.secret)}`, expiresAt: token.expiresAt };
}
