import type request from 'supertest';
import type { AccountDocument, DoneDocument, StepDocument } from '../../src/http/contracts';
import { REQUIRED_ACTIONS_FLOWS, REQUIRED_ACTIONS_PLUGINS } from '../fixtures/required-actions';
import { createTestApp, type TestApp } from '../support/test-app';
import { DEMO_LOGIN, DEMO_REDIRECT, JSON_ACCEPT, TestBrowser, formTo, isStepRedirect, sessionCookieOf } from './http-kit';

// Application-initiated actions (Keycloak's kc_action) for someone already signed in: the SSO
// cookie passes the flow, the requested action's page shows, and the client learns how it went.
const ANN = 'ann@example.com';
const withAction = (action: string): string => `${DEMO_LOGIN}&kc_action=${encodeURIComponent(action)}`;
const callbackWith = (action: string, status: string): string => `${DEMO_REDIRECT}?kc_action=${action}&kc_action_status=${status}`;

let t: TestApp;
let annId: string;
let browser: TestBrowser;
beforeEach(async () => {
  t = await createTestApp({ flowsDir: REQUIRED_ACTIONS_FLOWS, plugins: REQUIRED_ACTIONS_PLUGINS });
  annId = (await t.users.create({ email: ANN, attributes: { firstName: ['Ann'], lastName: ['Lee'] } })).id;
  // Signed in, with nothing pending: the terms accepted on the way.
  browser = new TestBrowser(t.app);
  const code = await browser.answer(await browser.start(), { email: ANN });
  const terms = await browser.answer(code, { code: '000000' });
  const done = await browser.post(formTo(terms.text, '/login-actions/authenticate'), { decision: 'accept' });
  expect(done.headers['location']).toBe(DEMO_REDIRECT);
});
afterEach(() => t.close());

/** Starts a sign-in at `path` that the SSO cookie passes at once: the 303 to the action's page, or to the client. */
const startSignedIn = (path: string): Promise<request.Response> => browser.agent.get(path);

const eventsOf = (type: string) => t.events.query({ realm: 'main', type });

describe('kc_action for a signed-in person', () => {
  test('update-profile: the pre-filled profile page, then 303 to the client with kc_action_status=success', async () => {
    const started = await startSignedIn(withAction('update-profile'));
    expect(isStepRedirect(started)).toBe(true);
    expect(started.headers['location']).toContain('execution=required-action%2Fupdate-profile');
    const profile = await browser.follow(started);
    expect(profile.status).toBe(200);
    expect(profile.text).toContain('Complete your profile');
    expect(profile.text).toMatch(/<input[^>]*id="field-firstName"[^>]*value="Ann"/);
    expect(profile.text).toMatch(/<input[^>]*id="field-lastName"[^>]*value="Lee"/);

    const done = await browser.post(formTo(profile.text, '/login-actions/authenticate'), { firstName: 'Anna', lastName: 'Lee' });
    expect(done.status).toBe(303);
    expect(done.headers['location']).toBe(callbackWith('update-profile', 'success'));
    // The same person: the session is kept, not replaced.
    expect(sessionCookieOf(done)).toBeUndefined();
    expect((await t.users.findById(annId))!.attributes).toMatchObject({ firstName: ['Anna'], lastName: ['Lee'] });
    expect(await eventsOf('UPDATE_PROFILE')).toEqual([expect.objectContaining({ userId: annId, details: { flow: 'browser', requiredAction: 'update-profile' } })]);
    expect((await eventsOf('LOGIN')).map((e) => e.details)).toEqual(expect.arrayContaining([{ flow: 'browser', sso: false }, { flow: 'browser', sso: true }]));
  });

  test('update-profile: invalid values re-render the page; the status is still success once saved', async () => {
    const profile = await browser.follow(await startSignedIn(withAction('update-profile')));
    const invalid = await browser.answer(profile, { firstName: '', lastName: 'Lee' });
    expect(invalid.status).toBe(200);
    expect(invalid.text).toContain('Fill in this field.');
    const done = await browser.post(formTo(invalid.text, '/login-actions/authenticate'), { firstName: 'Ann', lastName: 'Lee' });
    expect(done.headers['location']).toBe(callbackWith('update-profile', 'success'));
  });

  test('terms declined when only the application asked: kc_action_status=cancelled, and the person stays signed in', async () => {
    const started = await startSignedIn(withAction('terms-and-conditions'));
    const terms = await browser.follow(started);
    expect(terms.text).toContain('Terms and conditions');
    const done = await browser.post(formTo(terms.text, '/login-actions/authenticate'), { decision: 'decline' });
    expect(done.status).toBe(303);
    expect(done.headers['location']).toBe(callbackWith('terms-and-conditions', 'cancelled'));
    expect(await eventsOf('TERMS_ACCEPTED_ERROR')).toEqual([expect.objectContaining({ userId: annId, error: 'action_cancelled' })]);
    expect(await eventsOf('LOGIN_ERROR')).toEqual([]);
    // Declining the re-display does not take back the earlier acceptance.
    expect((await t.users.findById(annId))!.attributes['termsAcceptedVersion']).toEqual(['2025-01']);
    expect((await browser.agent.get('/realms/main/account')).status).toBe(200);
  });

  test('terms accepted again on request: success, and a second TERMS_ACCEPTED', async () => {
    const terms = await browser.follow(await startSignedIn(withAction('terms-and-conditions')));
    const done = await browser.post(formTo(terms.text, '/login-actions/authenticate'), { decision: 'accept' });
    expect(done.headers['location']).toBe(callbackWith('terms-and-conditions', 'success'));
    expect(await eventsOf('TERMS_ACCEPTED')).toHaveLength(2);
  });

  test.each([['no-such-action'], ['verify-email-typo'], ['update-profile<script>']])('an unknown action (%s) gives kc_action_status=error without a page', async (action) => {
    const started = await startSignedIn(withAction(action));
    expect(started.status).toBe(303);
    const location = new URL(started.headers['location'] as string);
    expect(`${location.origin}${location.pathname}`).toBe(DEMO_REDIRECT);
    expect(Object.fromEntries(location.searchParams)).toEqual({ kc_action: action, kc_action_status: 'error' });
  });

  test('a disabled action is treated as unknown: status error', async () => {
    const fresh = await createTestApp();
    try {
      // The http fixture realm lists no required action: every action is disabled there.
      await fresh.users.create({ email: ANN });
      const other = new TestBrowser(fresh.app);
      await other.signIn(ANN);
      const started = await other.agent.get(withAction('update-profile'));
      expect(started.headers['location']).toBe(callbackWith('update-profile', 'error'));
    } finally {
      await fresh.close();
    }
  });

  test('as JSON: the action as a StepDocument, then a DoneDocument with kcActionStatus', async () => {
    const started = await browser.agent.get(withAction('update-profile')).set(JSON_ACCEPT);
    expect(started.status).toBe(200);
    const profile = started.body as StepDocument;
    expect(profile).toMatchObject({ type: 'step', view: 'update-profile', execution: 'required-action/update-profile' });
    const done = await browser.agent.post(profile.actions.submit.href).set(JSON_ACCEPT).send({ ...profile.actions.submit.fields, firstName: 'Ann', lastName: 'Lee' });
    expect(done.status).toBe(200);
    expect(done.body).toEqual<DoneDocument>({ type: 'success', realm: 'main', redirectTo: callbackWith('update-profile', 'success'), kcActionStatus: 'success' });
  });

  test("the account page's edit link: update-profile, then back to the account page, which shows the new values", async () => {
    const account = (await browser.agent.get('/realms/main/account').set(JSON_ACCEPT).expect(200)).body as AccountDocument;
    expect(account.profile).toEqual([
      { name: 'firstName', label: 'First name', type: 'string', values: ['Ann'] },
      { name: 'lastName', label: 'Last name', type: 'string', values: ['Lee'] },
      { name: 'team', label: 'Team', type: 'string', values: [] },
    ]);
    expect(account.actions.editProfile).toEqual({ method: 'GET', href: '/realms/main/login?kc_action=update-profile' });

    const profile = await browser.follow(await startSignedIn(account.actions.editProfile!.href));
    const done = await browser.post(formTo(profile.text, '/login-actions/authenticate'), { firstName: 'Anna', lastName: 'Lee', team: 'blue' });
    expect(done.headers['location']).toBe('/realms/main/account?kc_action=update-profile&kc_action_status=success');
    const page = await browser.follow(done);
    expect(page.text).toContain('<div><dt>First name</dt><dd>Anna</dd></div>');
    expect(page.text).toContain('<div><dt>Team</dt><dd>blue</dd></div>');
  });

  test('a pending action that is also requested runs once and cannot be declined as a mere request', async () => {
    await t.users.addRequiredAction(annId, 'terms-and-conditions');
    const terms = await browser.follow(await startSignedIn(withAction('terms-and-conditions')));
    const declined = await browser.post(formTo(terms.text, '/login-actions/authenticate'), { decision: 'decline' });
    expect(declined.status).toBe(303);
    expect(declined.headers['location']).not.toContain(DEMO_REDIRECT);
    expect((await browser.follow(declined)).status).toBe(401);
    expect(await eventsOf('LOGIN_ERROR')).toEqual([expect.objectContaining({ error: 'action_cancelled' })]);
  });
});
