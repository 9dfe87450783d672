import type request from 'supertest';
import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { ADMIN_REALM } from '../../src/admin/admin-realm';
import { CSRF_HEADER } from '../../src/admin/api/admin-auth';
import { ensureAdminUser } from '../../src/admin/bootstrap/admin-setup';
import { TYPES } from '../../src/composition/container';
import type { UserView } from '../../src/spi/services';
import type { AdminTokenStore, UserStore } from '../../src/store';
import type { UserSessionStore } from '../../src/store/user-session.store';
import { adminApiRequest, type AdminMethod } from './admin-api-check';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app';

export { adminApiRequest, type AdminMethod } from './admin-api-check';

/** The first administrator of every admin test app. */
export const ADMIN_EMAIL = 'admin@example.test';

/** A signed-in console (cookie) session: its cookie and CSRF token. */
export interface ConsoleSession {
  /** The `fg_session_admin` cookie's value. */
  readonly cookie: string;
  /** The `X-CSRF-Token` of the session (from `GET /admin/api/session`). */
  readonly csrf: string;
}

/**
 * A test app (realm `main` of the http fixtures, plus the shipped admin realm) with an
 * administrator who has an API token and a signed-in console session.
 */
export interface AdminTestApp extends TestApp {
  /** The administrator (user of realm `admin` with role `admin`). */
  readonly admin: UserView;
  /** An API token of the administrator, `fgat_…`. */
  readonly apiToken: string;
  /** The administrator's console session. */
  readonly console: ConsoleSession;
  /** Users of realm `admin`. */
  readonly adminUsers: ReturnType<UserStore['forRealm']>;
  /**
   * A request to `/admin/api<path>` with the API token (`Authorization: Bearer`). Like every
   * request below, its answer is checked against the OpenAPI document (`adminApiRequest`).
   */
  api(method: AdminMethod, path: string): request.Test;
  /** A request to `/admin/api<path>` as the console: session cookie and CSRF header. */
  asConsole(method: AdminMethod, path: string, session?: ConsoleSession): request.Test;
  /** A request to `/admin/api<path>` without credentials: set your own (a cookie without CSRF, a bad token). */
  request(method: AdminMethod, path: string): request.Test;
  /** Signs `user` (of realm `admin`) in to the console: a fresh session cookie and its CSRF token. */
  signIn(userId: string): Promise<ConsoleSession>;
}

/**
 * Builds an `AdminTestApp`: `createTestApp(options)`, then the administrator `ADMIN_EMAIL`, an
 * API token and a console session (made in the stores, as a sign-in through the admin realm's
 * flow or the bootstrap link would).
 */
export async function createAdminTestApp(options: TestAppOptions = {}): Promise<AdminTestApp> {
  const t = await createTestApp(options);
  try {
    const { user: admin } = await ensureAdminUser(t.container.get(TYPES.UserStore), ADMIN_EMAIL);
    const { secret: apiToken } = await t.container.get(TYPES.AdminTokens).create({ userId: admin.id, name: 'tests' });
    const signIn = async (userId: string): Promise<ConsoleSession> => {
      const { token } = await t.container.get(TYPES.UserSessionStore).create({ realm: ADMIN_REALM, userId });
      const cookie = `${ADMIN_SESSION_COOKIE}=${token}`;
      const res = await adminApiRequest(t.app, 'get', '/session').set('Cookie', cookie);
      const csrf = (res.body as { csrfToken?: unknown }).csrfToken;
      return { cookie: token, csrf: typeof csrf === 'string' ? csrf : '' };
    };
    const console = await signIn(admin.id);
    return {
      ...t,
      admin,
      apiToken,
      console,
      adminUsers: t.container.get(TYPES.UserStore).forRealm(ADMIN_REALM),
      api: (method, path) => adminApiRequest(t.app, method, path).set('Authorization', `Bearer ${apiToken}`),
      asConsole: (method, path, session = console) => adminApiRequest(t.app, method, path).set('Cookie', `${ADMIN_SESSION_COOKIE}=${session.cookie}`).set(CSRF_HEADER, session.csrf),
      request: (method, path) => adminApiRequest(t.app, method, path),
      signIn,
    };
  } catch (err) {
    await t.close();
    throw err;
  }
}

/**
 * A stored passkey as registration leaves it, for `PasskeyStore.add` (the admin API never shows
 * the key, so any bytes will do). Synced (multi-device, backed up) unless `multiDevice` is false.
 */
export const storedPasskey = (userId: string, credentialId: string, label = 'Phone', multiDevice = true) => ({
  userId,
  credentialId,
  publicKey: 'pQECAyYgASFYIA',
  counter: 0,
  transports: ['internal'],
  aaguid: '00000000-0000-0000-0000-000000000000',
  backedUp: multiDevice,
  multiDevice,
  label,
});
