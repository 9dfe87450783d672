import type request from 'supertest';
import { ADMIN_SESSION_COOKIE } from '../../src/admin/admin-cookie';
import { createAdminTestApp, type AdminTestApp } from '../support/admin-test-app';

/** The registry code of a refused admin call. */
const expectErrorCode = (res: request.Response, code: string): void => expect(res.body.code).toBe(code);

let t: AdminTestApp;
beforeAll(async () => {
  t = await createAdminTestApp();
});
afterAll(() => t.close());

const CHECK = '/realms/main/flows/browser/check';

describe('POST /realms/:realm/flows/:alias/check', () => {
  test('walks the flow for a user without a session: cookie does not apply, then the forms sub-flow asks', async () => {
    const { body } = await t.api('post', CHECK).send({ email: 'ada@example.com' }).expect(200);
    expect(body.outcome).toBe('success');
    expect(body.structure).toMatch(/Cookie.*, or /i);
    expect(body.steps.map((s: { execution: string; result: string }) => [s.execution, s.result])).toEqual([
      ['browser/cookie', 'decides'],
      ['browser/forms/identify-email', 'asks'],
      ['browser/forms/fixed-code', 'asks'],
    ]);
    expect(body.steps[0].detail).toBe('assumed not to apply');
    expect(body.text).toContain('Signed in.');
  });

  test('hasSession makes the cookie step succeed, and nothing else runs', async () => {
    const { body } = await t.api('post', CHECK).send({ hasSession: true }).expect(200);
    expect(body.steps).toEqual([expect.objectContaining({ execution: 'browser/cookie', result: 'decides', detail: 'assumed to succeed' })]);
    expect(body.outcome).toBe('success');
  });

  test('lists the pending required actions the realm enables, and answers the same to the console', async () => {
    const { body: catalog } = await t.api('get', '/realms/main/required-actions').expect(200);
    const enabled = (catalog.requiredActions as { id: string; enabled: boolean }[]).filter((a) => a.enabled).map((a) => a.id);
    const res = await t.asConsole('post', CHECK).send({ requiredActions: [...enabled, 'not-a-real-action'] }).expect(200);
    expect(res.body.requiredActions).toEqual(expect.arrayContaining(enabled));
    expect(res.body.requiredActions).not.toContain('not-a-real-action');
  });

  test('refuses an invalid example with the JSON path of the offending value', async () => {
    const res = await t.api('post', CHECK).send({ exists: 'yes', attributes: { name: 'Ada' } }).expect(400);
    expectErrorCode(res, 'FG_ADMIN_INVALID_BODY');
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['/attributes/name', '/exists']);
  });

  test('refuses unknown properties', async () => {
    const res = await t.api('post', CHECK).send({ session: true }).expect(400);
    expectErrorCode(res, 'FG_ADMIN_INVALID_BODY');
  });

  test('404 for an unknown flow or realm', async () => {
    expectErrorCode(await t.api('post', '/realms/main/flows/nope/check').send({}).expect(404), 'FG_ADMIN_FLOW_NOT_FOUND');
    await t.api('post', '/realms/nope/flows/browser/check').send({}).expect(404);
  });

  test('401 without a session or token; 403 for a console session without the CSRF header', async () => {
    expectErrorCode(await t.request('post', CHECK).send({}).expect(401), 'FG_ADMIN_UNAUTHENTICATED');
    const res = await t.request('post', CHECK).set('Cookie', `${ADMIN_SESSION_COOKIE}=${t.console.cookie}`).send({}).expect(403);
    expectErrorCode(res, 'FG_ADMIN_CSRF_INVALID');
  });

  test('is described in the OpenAPI document', async () => {
    const { body } = await t.api('get', '/openapi.json').expect(200);
    expect(body.paths['/realms/{realm}/flows/{alias}/check'].post.requestBody).toBeDefined();
    expect(body.components.schemas.FlowCheck).toBeDefined();
  });
});
