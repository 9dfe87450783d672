import type { DoneDocument, ErrorDocument, StepDocument } from '../../src/http/contracts';
import { createTestApp, type TestApp } from '../support/test-app';
import { DEMO_LOGIN, DEMO_REDIRECT, JSON_ACCEPT, JsonClient, TestBrowser, sessionCookieOf } from './http-kit';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await t.users.create({ email: 'ann@example.com' });
});
afterEach(() => t.close());

describe('one flow, two faces: the same sign-in as JSON', () => {
  test('GET login -> StepDocument (with the browser cookie) -> POST email -> POST code -> DoneDocument with the session cookie', async () => {
    const client = new JsonClient(t.app);
    const started = await client.agent.get(DEMO_LOGIN).set(JSON_ACCEPT);
    expect(started.status).toBe(200);
    expect(started.headers['location']).toBeUndefined();
    expect(started.headers['set-cookie']).toEqual([expect.stringMatching(/^fg_browser=/)]);
    expect(started.headers['cache-control']).toBe('no-store');
    const first = started.body as StepDocument;
    expect(first).toMatchObject({
      type: 'step',
      realm: 'main',
      step: 0,
      execution: 'browser/forms/identify-email',
      view: 'identify-email',
      fields: [expect.objectContaining({ name: 'email', type: 'email', label: 'field.email', labelText: 'Email address' })],
      locale: 'en',
      actions: {
        submit: { method: 'POST', href: expect.stringContaining(`tab_id=${first.tabId}`), fields: { csrf: expect.any(String), step: '0', execution: 'browser/forms/identify-email' } },
        restart: { method: 'POST', fields: { csrf: expect.any(String) } },
      },
    });

    const codeRes = await client.submit(first, { email: 'ann@example.com' });
    expect(codeRes.status).toBe(200);
    const code = codeRes.body as StepDocument;
    expect(code).toMatchObject({ type: 'step', view: 'fixed-code', step: first.step + 1, fields: [expect.objectContaining({ name: 'code', labelText: 'Code' })] });

    const wrong = await client.submit(code, { code: '999999' });
    expect(wrong.status).toBe(200);
    const retry = wrong.body as StepDocument;
    expect(retry.fieldErrors).toEqual({ code: { key: 'error.fixedCodeWrong', text: 'That code is not right.' } });

    const done = await client.submit(retry, { code: '000000' });
    expect(done.status).toBe(200);
    expect(done.body).toEqual<DoneDocument>({ type: 'success', realm: 'main', redirectTo: DEMO_REDIRECT });
    expect(sessionCookieOf(done)).toBeDefined();

    const account = await client.agent.get('/realms/main/account').set(JSON_ACCEPT);
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ type: 'account', user: { email: 'ann@example.com' }, sessions: [expect.objectContaining({ current: true })] });
  });

  test('the page and the JSON of one step carry the same fields, links and CSRF token', async () => {
    const browser = new TestBrowser(t.app);
    const page = await browser.start();
    const stepUrl = page.request.url.replace(/^https?:\/\/[^/]+/, '');
    const json = (await browser.agent.get(stepUrl).set(JSON_ACCEPT)).body as StepDocument;
    expect(page.text).toContain(`name="csrf" value="${json.actions.submit.fields!['csrf']}"`);
    expect(page.text).toContain(`name="step" value="${json.step}"`);
    expect(page.text).toContain(`name="execution" value="${json.execution}"`);
  });

  test('urlencoded bodies work for JSON clients too; a failure is an ErrorDocument with the reason', async () => {
    const client = new JsonClient(t.app);
    const first = await client.start();
    const code = (await client.agent.post(first.actions.submit.href).set(JSON_ACCEPT).type('form').send({ ...first.actions.submit.fields, email: 'nobody@example.com' })).body as StepDocument;
    const failed = await client.submit(code, { code: '000000' });
    expect(failed.status).toBe(401);
    expect(failed.body).toMatchObject<Partial<ErrorDocument>>({
      type: 'error',
      code: 'FG_LOGIN_FAILED',
      reason: 'unknown_user',
      message: 'You could not be signed in.',
      requestId: failed.headers['x-request-id'],
      actions: { restart: { method: 'POST', href: expect.stringContaining('/login-actions/restart'), fields: { csrf: expect.any(String) } } },
    });
  });

  test('try another way and select work the same in JSON, with translated option labels', async () => {
    const client = new JsonClient(t.app);
    const first = await client.start();
    expect(first.alternatives).toEqual([
      { id: 'browser/forms', label: 'Sign in with your email address' },
      { id: 'browser/refuse', label: 'Always refuses' },
    ]);
    const chooser = (await client.agent.post(first.actions.tryAnotherWay!.href).set(JSON_ACCEPT).send(first.actions.tryAnotherWay!.fields)).body as StepDocument;
    expect(chooser.view).toBe('select-authenticator');
    expect(chooser.actions.submit.href).toContain('/login-actions/select');
    expect(chooser.model['options']).toEqual([
      expect.objectContaining({ id: 'browser/forms', label: 'Sign in with your email address' }),
      expect.objectContaining({ id: 'browser/refuse', label: 'Always refuses' }),
    ]);
    const back = await client.agent.post(chooser.actions.submit.href).set(JSON_ACCEPT).send({ ...chooser.actions.submit.fields, choice: 'browser/forms' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ type: 'step', view: 'identify-email' });
  });
});
