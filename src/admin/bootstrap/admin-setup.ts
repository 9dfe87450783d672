import type { DataSource } from 'typeorm';
import type { ServerConfig } from '../../config/server-config';
import { exportRealm, type PluginRegistry } from '../../engine';
import { FlowgateError } from '../../errors';
import { LOGIN_EVENT } from '../../http/login/finish-login';
import type { Logger } from '../../logging/logger';
import type { UserView } from '../../spi/services';
import type { EventStore, RealmAdminStore, TokenStore, UserStore } from '../../store';
import { usersWithAttributeValue } from '../../store/user-role.queries';
import { ADMIN_CLIENT_ID, ADMIN_REALM, ADMIN_ROLE, adminConsoleUrl, isAdmin, ROLES_ATTRIBUTE } from '../admin-realm';
import { flowFiles, loadRealmDocuments } from '../realm-documents';
import { issueBootstrapLink } from './bootstrap-link';

/**
 * Makes the admin realm's `admin-console` client return to this install's console
 * (`<publicUrl>/admin/`): created when missing, its redirect URI updated when the public URL
 * changed, left alone otherwise. Checked by the loader like any realm change.
 */
export async function ensureAdminClient(realmAdmin: RealmAdminStore, registry: PluginRegistry, publicUrl: string): Promise<void> {
  const consoleUrl = adminConsoleUrl(publicUrl);
  await realmAdmin.change(ADMIN_REALM, (current) => {
    const existing = current.def.clients.find((c) => c.clientId === ADMIN_CLIENT_ID);
    if (existing?.redirectUris.length === 1 && existing.redirectUris[0] === consoleUrl) return { def: current.def, result: undefined };
    const realm = exportRealm(current.def);
    // Only the redirect URI is Flowgate's; whatever else an operator set on the client stays.
    const written = realm.clients.find((c) => c.clientId === ADMIN_CLIENT_ID);
    const client = { ...written, clientId: ADMIN_CLIENT_ID, redirectUris: [consoleUrl], flowOverrides: { ...written?.flowOverrides } };
    const clients = existing ? realm.clients.map((c) => (c.clientId === ADMIN_CLIENT_ID ? client : c)) : [...realm.clients, client];
    return { def: loadRealmDocuments({ ...realm, clients }, flowFiles(current.def).values(), registry), result: undefined };
  });
}

/** The administrators: enabled users of the admin realm with role `admin`, oldest first. */
export function listAdmins(dataSource: DataSource): Promise<Array<{ id: string; email: string }>> {
  return usersWithAttributeValue(dataSource, ADMIN_REALM, ROLES_ATTRIBUTE, ADMIN_ROLE);
}

/**
 * Makes `email` an administrator: creates the user of the admin realm (email verified, role
 * `admin`), or gives an existing one the role (and enables nothing: a disabled account stays
 * disabled). Returns the user and whether anything changed.
 */
export async function ensureAdminUser(users: UserStore, email: string): Promise<{ user: UserView; changed: boolean }> {
  const realmUsers = users.forRealm(ADMIN_REALM);
  const existing = await realmUsers.findByEmail(email);
  if (!existing) {
    const user = await realmUsers.create({ email, emailVerified: true, attributes: { [ROLES_ATTRIBUTE]: [ADMIN_ROLE] } });
    return { user, changed: true };
  }
  if (!existing.enabled) throw new FlowgateError('FG_USER_NOT_FOUND', `the admin realm's user ${existing.email} is disabled; enable it first`);
  if (isAdmin(existing) && existing.emailVerified) return { user: existing, changed: false };
  const roles = existing.attributes[ROLES_ATTRIBUTE] ?? [];
  if (!roles.includes(ADMIN_ROLE)) await realmUsers.setAttribute(existing.id, ROLES_ATTRIBUTE, [...roles, ADMIN_ROLE]);
  if (!existing.emailVerified) await realmUsers.markEmailVerified(existing.id);
  return { user: (await realmUsers.findById(existing.id))!, changed: true };
}

/** What the first-start bootstrap reads and writes. */
export interface AdminBootstrapDeps {
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly dataSource: DataSource;
  readonly users: UserStore;
  readonly tokens: TokenStore;
  readonly events: EventStore;
}

/** What the bootstrap did: whom it made an admin and the link it printed, if any. */
export interface AdminBootstrapResult {
  readonly created?: string;
  readonly link?: { readonly url: string; readonly expiresAt: number; readonly email: string };
}

/**
 * The first-start story: when the admin realm has no administrator, makes one from `adminEmail`
 * (`FLOWGATE_ADMIN_EMAIL`), else from `askEmail` (the console, when it is a terminal), else warns
 * how to set it. Then, while no administrator has ever signed in, prints a fresh one-time sign-in
 * link (15 minutes) to the log, so a new install needs no mail server to get in.
 */
export async function bootstrapAdmin(deps: AdminBootstrapDeps, options: { askEmail?: () => Promise<string | undefined> } = {}): Promise<AdminBootstrapResult> {
  let admins = await listAdmins(deps.dataSource);
  let created: string | undefined;
  if (admins.length === 0) {
    const email = deps.config.adminEmail ?? (await options.askEmail?.());
    if (email === undefined) {
      deps.logger.warn(
        'no administrator yet: set FLOWGATE_ADMIN_EMAIL (or `adminEmail` in the config file) to your email address and restart, or run `node scripts/admin-link.js --email you@example.com`',
      );
      return {};
    }
    const { user } = await ensureAdminUser(deps.users, email);
    created = user.email;
    deps.logger.info({ admin: user.email }, `administrator ${user.email} created`);
    admins = await listAdmins(deps.dataSource);
  }
  const signedIn = await deps.events.query({ realm: ADMIN_REALM, type: LOGIN_EVENT, limit: 1 });
  if (signedIn.length > 0) return created === undefined ? {} : { created };

  const preferred = deps.config.adminEmail?.trim().toLowerCase();
  const admin = admins.find((a) => a.email === preferred) ?? admins[0];
  if (!admin) return created === undefined ? {} : { created };
  const link = await issueBootstrapLink(deps.tokens, deps.config.publicUrl, admin.id);
  deps.logger.warn(
    { adminSignInUrl: link.url, admin: admin.email, expiresAt: new Date(link.expiresAt).toISOString() },
    `sign in to the admin console as ${admin.email} with this one-time link (valid 15 minutes): ${link.url}`,
  );
  return { ...(created !== undefined && { created }), link: { ...link, email: admin.email } };
}
