import type { Agent } from 'supertest';
import request from 'supertest';
import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { ADMIN_CLIENT_ID, ADMIN_REALM } from '../../src/admin/admin-realm';
import { TYPES } from '../../src/composition/container';
import { DEFAULT_USER_PROFILE, type RealmDefinition } from '../../src/engine';
import { adminApiRequest, createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';

// #19 item 3: with update-profile on in the admin realm, no profile may let a user of that realm
// write `roles`, or anyone could make themselves an administrator.
const CONSOLE = 'http://127.0.0.1:8080/admin/';
const EVE = 'eve@example.test';
const JSON_ACCEPT = { Accept: 'application/json' };

interface Step {
  type: string;
  view?: string;
  fields?: Array<{ name: string }>;
  actions: { submit: { href: string; fields: Record<string, string> } };
}

let t: AdminTestApp;
beforeEach(async () => {
  t = await createAdminTestApp();
});
afterEach(() => t.close());

/** Eve signs in to the admin realm with an emailed code; the answer after the code. */
async function signInAsEve(agent: Agent): Promise<request.Response> {
  const start = await agent.get(`/realms/${ADMIN_REALM}/login?client_id=${ADMIN_CLIENT_ID}&redirect_uri=${encodeURIComponent(CONSOLE)}`).set(JSON_ACCEPT).expect(200);
  const codeStep = await answer(agent, start.body as Step, { email: EVE });
  const outbox = t.container.get(TYPES.MailOutbox);
  const [summary] = (await outbox.list({ realm: ADMIN_REALM })).filter((m) => m.to === EVE);
  const code = /\b(\d{6})\b/.exec((await outbox.get(summary!.id))!.textBody ?? '')![1]!;
  return answer(agent, codeStep.body as Step, { code });
}

function answer(agent: Agent, step: Step, fields: Record<string, string>): Promise<request.Response> {
  return agent.post(step.actions.submit.href).set(JSON_ACCEPT).send({ ...step.actions.submit.fields, ...fields });
}

test('an admin-realm user cannot grant themselves admin through update-profile, even with roles stored in the profile', async () => {
  const eve = await t.adminUsers.create({ email: EVE, emailVerified: true });
  await t.adminUsers.addRequiredAction(eve.id, 'update-profile');

  // The admin API refuses the profile that would allow it.
  const etag = (await t.api('get', '/realms/admin/user-profile').expect(200)).headers['etag'] as string;
  const refused = await t.api('put', '/realms/admin/user-profile').set('If-Match', etag).send({ attributes: [{ name: 'roles' }] }).expect(400);
  expect(refused.body.errors).toEqual([expect.objectContaining({ code: 'FG_PROFILE_ATTRIBUTE_RESERVED', path: '/attributes/0/name' })]);

  // Defence in depth: a realm stored before the name was reserved (written past the loader) still cannot.
  const realms = t.container.get(TYPES.RealmStore);
  const admin = (await realms.getRealm(ADMIN_REALM))!;
  const roles = { name: 'roles', type: 'string', required: false, validation: {}, label: { en: 'Roles' } } as const;
  const unsafe: RealmDefinition = {
    ...admin,
    requiredActions: [{ id: 'update-profile', enabled: true, defaultAction: false, priority: 40, config: undefined }],
    userProfile: { attributes: [...DEFAULT_USER_PROFILE.attributes, roles] },
  };
  await realms.importRealm(unsafe);

  const agent = request.agent(t.app);
  const profile = await signInAsEve(agent);
  expect(profile.body).toMatchObject({ type: 'step', view: 'update-profile' });
  expect((profile.body as Step).fields!.map((f) => f.name)).toEqual(['firstName', 'lastName']);
  const done = await answer(agent, profile.body as Step, { firstName: 'Eve', lastName: 'Ray', roles: 'admin' });
  expect(done.body).toEqual({ type: 'success', realm: ADMIN_REALM, redirectTo: CONSOLE });

  expect((await t.adminUsers.findById(eve.id))!.attributes).toEqual({ firstName: ['Eve'], lastName: ['Ray'] });
  const token = String(done.headers['set-cookie']).match(new RegExp(`${ADMIN_SESSION_COOKIE}=([^;]+)`))![1]!;
  const session = await adminApiRequest(t.app, 'get', '/session').set('Cookie', `${ADMIN_SESSION_COOKIE}=${token}`).expect(403);
  expect(session.body.code).toBe('FG_ADMIN_FORBIDDEN');
});
