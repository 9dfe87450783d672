import { ROLES_ATTRIBUTE } from '../spi/reserved-attributes';
import type { UserView } from '../spi/services';

/**
 * The admin realm: Flowgate signs its administrators in through its own flows. Admins are users of
 * this realm whose `roles` attribute holds `admin`; the console's session is this realm's user
 * session (`fg_session_admin`).
 */

/** The realm administrators sign in to. It cannot be deleted. */
export const ADMIN_REALM = 'admin';

/** The user attribute listing a user's roles (reserved: no profile may let people set it). */
export { ROLES_ATTRIBUTE } from '../spi/reserved-attributes';

/** The role that makes a user of the admin realm an administrator. */
export const ADMIN_ROLE = 'admin';

/** The client the console signs in as; its redirect URI is the console, under the public URL. */
export const ADMIN_CLIENT_ID = 'admin-console';

/** Where the console is served: `<publicUrl>/admin/`. */
export function adminConsoleUrl(publicUrl: string): string {
  return `${publicUrl}/admin/`;
}

/** Whether `user` may use the admin API: enabled, with role `admin`. */
export function isAdmin(user: UserView | undefined): user is UserView {
  return user !== undefined && user.enabled && (user.attributes[ROLES_ATTRIBUTE] ?? []).includes(ADMIN_ROLE);
}
