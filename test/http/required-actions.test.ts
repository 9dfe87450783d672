import fs from 'node:fs';
import type request from 'supertest';
import { loadFlowsDirectory } from '../../src/engine/loader';
import type { PluginRegistry } from '../../src/engine/plugin-registry';
import { TYPES } from '../../src/composition/container';
import type { DoneDocument, ErrorDocument, StepDocument } from '../../src/http/contracts';
import type { TypeormRealmStore } from '../../src/store';
import { flowsDirWith, REQUIRED_ACTIONS_FLOWS, REQUIRED_ACTIONS_PLUGINS, type RealmJson } from '../fixtures/required-actions';
import { createTestApp, type TestApp } from '../support/test-app';
import { DEMO_REDIRECT, JsonClient, TestBrowser, formTo, isStepRedirect, sessionCookieOf } from './http-kit';

// Realm `main` of the required-actions fixture: terms (priority 20, version 2025-01) before
// update-profile (priority 40, a default action); profile firstName (required, <= 20), lastName
// (required), team (blue | green, optional). Ann exists (made through the store: no default
// actions) and has update-profile pending; terms require themselves until she accepts 2025-01
// (the fixture's terms ask every account: askEveryone).
const ANN = 'ann@example.com';
const SIGN_UP_LOGIN = `/realms/main/login?client_id=sign-up&redirect_uri=${encodeURIComponent(DEMO_REDIRECT)}`;
const TERMS_STEP = 'execution=required-action%2Fterms-and-conditions';
const PROFILE_STEP = 'execution=required-action%2Fupdate-profile';

let t: TestApp;
let annId: string;
beforeEach(async () => {
  t = await createTestApp({ flowsDir: REQUIRED_ACTIONS_FLOWS, plugins: REQUIRED_ACTIONS_PLUGINS });
  annId = (await t.users.create({ email: ANN })).id;
  await t.users.addRequiredAction(annId, 'update-profile');
});
afterEach(() => t.close());

/** Signs in through email and code; returns the page (or redirect) that follows the code. */
async function throughCode(browser: TestBrowser, email = ANN, path?: string): Promise<request.Response> {
  const code = await browser.answer(await browser.start(path), { email });
  return browser.answer(code, { code: '000000' });
}

/** Re-imports realm `main` from a copy of the fixture that `change` edited, as an admin would. */
async function reimportRealm(change: (realm: RealmJson) => void): Promise<void> {
  const dir = flowsDirWith(change);
  try {
    const [realm] = loadFlowsDirectory(dir, t.container.get(TYPES.PluginRegistry));
    await t.container.get(TYPES.RealmStore).importRealm(realm!);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const eventsOf = (type: string) => t.events.query({ realm: 'main', type });

describe('pending required actions after a successful flow (HTML)', () => {
  test('terms (priority 20) then the profile (40), each page in turn, then the session and the events', async () => {
    const browser = new TestBrowser(t.app);
    const terms = await throughCode(browser);
    expect(terms.status).toBe(200);
    expect(terms.request.url).toContain(TERMS_STEP);
    expect(terms.text).toContain('<h1 class="fg-title">Terms and conditions</h1>');
    expect(terms.text).toContain('<p>Be kind to the service.</p>');
    expect(terms.text).toContain('Version 2025-01');
    // No user session until every action is done.
    expect(sessionCookieOf(terms)).toBeUndefined();

    const profile = await browser.answer(terms, { decision: 'accept' });
    expect(profile.status).toBe(200);
    expect(profile.request.url).toContain(PROFILE_STEP);
    expect(profile.text).toContain('Complete your profile');
    expect(profile.text).toContain(`Account: ${ANN}`);
    expect(profile.text).toContain('<label class="fg-label" for="field-firstName">First name</label>');
    expect(profile.text).toMatch(/<input[^>]*id="field-firstName"[^>]*autocomplete="given-name"/);
    expect(profile.text).toMatch(/<select[^>]*id="field-team"/);
    expect((await t.users.findById(annId))!.attributes['termsAcceptedVersion']).toEqual(['2025-01']);

    const done = await browser.post(formTo(profile.text, '/login-actions/authenticate'), { firstName: ' Ann ', lastName: 'Lee', team: 'green' });
    expect(done.status).toBe(303);
    expect(done.headers['location']).toBe(DEMO_REDIRECT);
    expect(sessionCookieOf(done)).toBeDefined();

    const ann = await t.users.findById(annId);
    expect(ann!.requiredActions).toEqual([]);
    expect(ann!.attributes).toMatchObject({ firstName: ['Ann'], lastName: ['Lee'], team: ['green'], termsAcceptedAt: [new Date(t.clock.now()).toISOString()] });
    const details = (requiredAction: string) => ({ flow: 'browser', requiredAction });
    expect(await eventsOf('TERMS_ACCEPTED')).toEqual([expect.objectContaining({ userId: annId, details: details('terms-and-conditions') })]);
    expect(await eventsOf('UPDATE_PROFILE')).toEqual([expect.objectContaining({ userId: annId, details: details('update-profile') })]);
    expect(await eventsOf('LOGIN')).toEqual([expect.objectContaining({ userId: annId })]);

    // The next sign-in asks for nothing: the terms are accepted, the profile is done.
    const again = await new TestBrowser(t.app).signIn(ANN);
    expect(again.headers['location']).toBe(DEMO_REDIRECT);
  });

  test('a refresh of an action page shows it again without running anything twice', async () => {
    const browser = new TestBrowser(t.app);
    const terms = await throughCode(browser);
    const profile = await browser.answer(terms, { decision: 'accept' });
    const refreshed = await browser.agent.get(profile.request.url.replace(/^https?:\/\/[^/]+/, ''));
    expect(refreshed.status).toBe(200);
    expect(refreshed.text).toContain('Complete your profile');
    expect(await eventsOf('TERMS_ACCEPTED')).toHaveLength(1);
  });
});

describe('the same sign-in as JSON', () => {
  test('terms, then the profile as StepDocuments; field errors as fieldErrors; then a DoneDocument', async () => {
    const client = new JsonClient(t.app);
    const first = await client.start();
    const code = (await client.submit(first, { email: ANN })).body as StepDocument;
    const termsRes = await client.submit(code, { code: '000000' });
    expect(termsRes.status).toBe(200);
    const terms = termsRes.body as StepDocument;
    expect(terms).toMatchObject({
      type: 'step',
      execution: 'required-action/terms-and-conditions',
      view: 'terms-and-conditions',
      model: { version: '2025-01', textLocale: 'en', paragraphs: ['Be kind to the service.', 'The service may change.'] },
      fields: [expect.objectContaining({ name: 'decision', type: 'select', options: [expect.objectContaining({ value: 'accept' }), expect.objectContaining({ value: 'decline' })] })],
    });
    expect(terms.alternatives).toEqual([]);
    expect(sessionCookieOf(termsRes)).toBeUndefined();

    const undecided = (await client.submit(terms, {})).body as StepDocument;
    expect(undecided.view).toBe('terms-and-conditions');
    expect(undecided.fieldErrors).toEqual({ decision: { key: 'error.terms.decide', text: 'Accept or decline the terms.' } });

    const profile = (await client.submit(undecided, { decision: 'accept' })).body as StepDocument;
    expect(profile).toMatchObject({ type: 'step', execution: 'required-action/update-profile', view: 'update-profile', model: { email: ANN } });
    expect(profile.fields.map((f) => [f.name, f.type, f.labelText, f.required])).toEqual([
      ['firstName', 'text', 'First name', true],
      ['lastName', 'text', 'Last name', true],
      ['team', 'select', 'Team', false],
    ]);

    const invalidRes = await client.submit(profile, { firstName: 'Ann\u202eLee', lastName: '', team: 'red' });
    expect(invalidRes.status).toBe(200);
    const invalid = invalidRes.body as StepDocument;
    expect(invalid.view).toBe('update-profile');
    expect(invalid.fieldErrors).toEqual({
      firstName: { key: 'error.profile.invalidCharacters', text: 'This contains characters that are not allowed, such as line breaks.' },
      lastName: { key: 'error.profile.required', text: 'Fill in this field.' },
      team: { key: 'error.profile.notAllowed', text: 'Choose one of the options.' },
    });
    // What was typed comes back, so the person corrects it instead of typing it all again.
    expect(invalid.fields.find((f) => f.name === 'team')?.value).toBe('red');

    const done = await client.submit(invalid, { firstName: 'Ann', lastName: 'Lee' });
    expect(done.status).toBe(200);
    expect(done.body).toEqual<DoneDocument>({ type: 'success', realm: 'main', redirectTo: DEMO_REDIRECT });
    expect(sessionCookieOf(done)).toBeDefined();
    expect((await t.users.findById(annId))!.attributes).toMatchObject({ firstName: ['Ann'], lastName: ['Lee'] });
  });
});

describe('profile validation', () => {
  test('errors re-render the page with per-field messages (aria-invalid, text, summary) and save nothing', async () => {
    const browser = new TestBrowser(t.app);
    const profile = await browser.answer(await throughCode(browser), { decision: 'accept' });
    const invalid = await browser.post(formTo(profile.text, '/login-actions/authenticate'), { firstName: 'Ann', lastName: '   ', team: 'blue' });
    expect(invalid.status).toBe(303);
    const page = await browser.follow(invalid);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Complete your profile');
    expect(page.text).toMatch(/<input[^>]*id="field-lastName"[^>]*aria-invalid="true" aria-describedby="field-lastName-error"/);
    expect(page.text).toContain('<p class="fg-field-error" id="field-lastName-error">');
    expect(page.text).toContain('Fill in this field.');
    expect(page.text).toContain('href="#field-lastName"');
    expect(page.text).not.toMatch(/id="field-firstName"[^>]*aria-invalid/);
    // The valid value typed stays in its field.
    expect(page.text).toMatch(/<input[^>]*id="field-firstName"[^>]*value="Ann"/);
    expect(sessionCookieOf(invalid)).toBeUndefined();

    const ann = await t.users.findById(annId);
    expect(ann!.attributes['firstName']).toBeUndefined();
    expect(ann!.attributes['team']).toBeUndefined();
    expect(ann!.requiredActions).toEqual(['update-profile']);
    expect(await eventsOf('UPDATE_PROFILE')).toEqual([]);
  });

  test('values a field cannot hold (a line break) are refused, and an account field is never written', async () => {
    const browser = new TestBrowser(t.app);
    const profile = await browser.answer(await throughCode(browser), { decision: 'accept' });
    const form = formTo(profile.text, '/login-actions/authenticate');
    const page = await browser.follow(await browser.post(form, { firstName: 'Ann\nLee', lastName: 'Lee' }));
    expect(page.text).toContain('This contains characters that are not allowed, such as line breaks.');

    const done = await browser.post(formTo(page.text, '/login-actions/authenticate'), { firstName: 'Ann', lastName: 'Lee', email: 'eve@example.com', termsAcceptedVersion: 'x' });
    expect(done.headers['location']).toBe(DEMO_REDIRECT);
    const ann = await t.users.findById(annId);
    expect(ann!.email).toBe(ANN);
    expect(ann!.attributes['termsAcceptedVersion']).toEqual(['2025-01']);
  });
});

describe('default, disabled and interrupted actions', () => {
  test('defaultAction: a user created during the flow gets update-profile and is asked for it', async () => {
    const browser = new TestBrowser(t.app);
    const terms = await throughCode(browser, 'new@example.com', SIGN_UP_LOGIN);
    expect(terms.request.url).toContain(TERMS_STEP);
    const created = await t.users.findByEmail('new@example.com');
    expect(created!.requiredActions).toContain('update-profile');

    const profile = await browser.answer(terms, { decision: 'accept' });
    expect(profile.text).toContain('Complete your profile');
    const done = await browser.post(formTo(profile.text, '/login-actions/authenticate'), { firstName: 'Nea', lastName: 'Ng' });
    expect(done.headers['location']).toBe(DEMO_REDIRECT);
    expect((await t.users.findById(created!.id))!.requiredActions).toEqual([]);
  });

  test('terms as a default action without askEveryone: a new account is asked, an existing one is not', async () => {
    await reimportRealm((realm) => {
      const terms = realm.requiredActions['terms-and-conditions']!;
      realm.requiredActions['terms-and-conditions'] = { ...terms, defaultAction: true, config: { ...(terms['config'] as object), askEveryone: false } };
    });
    const existing = await throughCode(new TestBrowser(t.app));
    expect(existing.request.url).toContain(PROFILE_STEP);

    const browser = new TestBrowser(t.app);
    const terms = await throughCode(browser, 'new@example.com', SIGN_UP_LOGIN);
    expect(terms.request.url).toContain(TERMS_STEP);
    expect((await t.users.findByEmail('new@example.com'))!.requiredActions).toEqual(expect.arrayContaining(['terms-and-conditions', 'update-profile']));
    expect((await t.users.findById(annId))!.requiredActions).toEqual(['update-profile']);
  });

  test('a disabled action pending on the user is skipped (and stays pending)', async () => {
    await reimportRealm((realm) => {
      realm.requiredActions['update-profile'] = { ...realm.requiredActions['update-profile'], enabled: false };
    });
    const browser = new TestBrowser(t.app);
    const terms = await throughCode(browser);
    expect(terms.request.url).toContain(TERMS_STEP);
    const done = await browser.post(formTo(terms.text, '/login-actions/authenticate'), { decision: 'accept' });
    expect(done.status).toBe(303);
    expect(done.headers['location']).toBe(DEMO_REDIRECT);
    expect(sessionCookieOf(done)).toBeDefined();
    expect((await t.users.findById(annId))!.requiredActions).toEqual(['update-profile']);
    expect(await eventsOf('UPDATE_PROFILE')).toEqual([]);
  });

  test('a disabled default action is not given to new users', async () => {
    await reimportRealm((realm) => {
      realm.requiredActions['update-profile'] = { ...realm.requiredActions['update-profile'], enabled: false };
    });
    const browser = new TestBrowser(t.app);
    await throughCode(browser, 'new@example.com', SIGN_UP_LOGIN);
    expect((await t.users.findByEmail('new@example.com'))!.requiredActions).toEqual(['terms-and-conditions']);
  });

  test('abandoned at the profile page: a new sign-in skips the accepted terms and shows the profile page again', async () => {
    const first = new TestBrowser(t.app);
    await first.answer(await throughCode(first), { decision: 'accept' });

    const second = new TestBrowser(t.app);
    const profile = await throughCode(second);
    expect(profile.status).toBe(200);
    expect(profile.request.url).toContain(PROFILE_STEP);
    expect(profile.text).toContain('Complete your profile');
    expect(await eventsOf('TERMS_ACCEPTED')).toHaveLength(1);
  });
});

describe('declining the terms', () => {
  test('ends the sign-in: error page, no session, TERMS_ACCEPTED_ERROR and LOGIN_ERROR; the profile is not asked', async () => {
    const browser = new TestBrowser(t.app);
    const terms = await throughCode(browser);
    const declined = await browser.post(formTo(terms.text, '/login-actions/authenticate'), { decision: 'decline' });
    expect(declined.status).toBe(303);
    expect(sessionCookieOf(declined)).toBeUndefined();
    const page = await browser.follow(declined);
    expect(page.status).toBe(401);
    expect(page.text).toContain('FG_LOGIN_FAILED');
    expect(page.text).not.toContain('Complete your profile');

    expect(await eventsOf('TERMS_ACCEPTED_ERROR')).toEqual([
      expect.objectContaining({ userId: annId, error: 'action_cancelled', details: { flow: 'browser', requiredAction: 'terms-and-conditions' } }),
    ]);
    expect(await eventsOf('LOGIN_ERROR')).toEqual([expect.objectContaining({ error: 'action_cancelled' })]);
    expect(await eventsOf('LOGIN')).toEqual([]);
    const ann = await t.users.findById(annId);
    expect(ann!.attributes['termsAcceptedVersion']).toBeUndefined();
    expect((await browser.agent.get('/realms/main/account')).status).toBe(303);
  });

  test('as JSON: an ErrorDocument with the reason', async () => {
    const client = new JsonClient(t.app);
    const code = (await client.submit(await client.start(), { email: ANN })).body as StepDocument;
    const terms = (await client.submit(code, { code: '000000' })).body as StepDocument;
    const declined = await client.submit(terms, { decision: 'decline' });
    expect(declined.status).toBe(401);
    expect(declined.body).toMatchObject<Partial<ErrorDocument>>({ type: 'error', code: 'FG_LOGIN_FAILED', reason: 'action_cancelled' });
    expect(sessionCookieOf(declined)).toBeUndefined();
  });
});

describe('terms re-acceptance', () => {
  test('a new version of the terms asks everyone again, and records the new version', async () => {
    const browser = new TestBrowser(t.app);
    const profile = await browser.answer(await throughCode(browser), { decision: 'accept' });
    await browser.post(formTo(profile.text, '/login-actions/authenticate'), { firstName: 'Ann', lastName: 'Lee' });
    expect((await new TestBrowser(t.app).signIn(ANN)).headers['location']).toBe(DEMO_REDIRECT);

    await reimportRealm((realm) => {
      const terms = realm.requiredActions['terms-and-conditions']!;
      terms['config'] = { ...(terms['config'] as object), version: '2025-06' };
    });
    t.clock.advance(60_000);
    const next = new TestBrowser(t.app);
    const terms = await throughCode(next);
    expect(terms.request.url).toContain(TERMS_STEP);
    expect(terms.text).toContain('Version 2025-06');
    const done = await next.post(formTo(terms.text, '/login-actions/authenticate'), { decision: 'accept' });
    expect(done.headers['location']).toBe(DEMO_REDIRECT);
    expect((await t.users.findById(annId))!.attributes).toMatchObject({
      termsAcceptedVersion: ['2025-06'],
      termsAcceptedAt: [new Date(t.clock.now()).toISOString()],
    });
    expect(await eventsOf('TERMS_ACCEPTED')).toHaveLength(2);
  });

  test('terms that change while their page is open are shown again, not taken as accepted', async () => {
    const browser = new TestBrowser(t.app);
    const terms = await throughCode(browser);
    await reimportRealm((realm) => {
      const config = realm.requiredActions['terms-and-conditions']!;
      config['config'] = { ...(config['config'] as object), version: '2025-06' };
    });
    const shownAgain = await browser.answer(terms, { decision: 'accept' });
    expect(shownAgain.status).toBe(200);
    expect(shownAgain.text).toContain('The terms changed while this page was open.');
    expect(shownAgain.text).toContain('Version 2025-06');
    expect((await t.users.findById(annId))!.attributes['termsAcceptedVersion']).toBeUndefined();
  });
});

describe('stale and forged posts on an action page', () => {
  test('the terms form sent again after it was answered is page-expired (409); the person continues at the profile', async () => {
    const browser = new TestBrowser(t.app);
    const terms = await throughCode(browser);
    const termsForm = formTo(terms.text, '/login-actions/authenticate');
    await browser.answer(terms, { decision: 'accept' });

    const stale = await browser.post(termsForm, { decision: 'decline' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('This page has expired');
    expect(await eventsOf('TERMS_ACCEPTED_ERROR')).toEqual([]);
    const continueLink = /href="([^"]*login-actions\/authenticate[^"]*)"/.exec(stale.text)?.[1];
    const resumed = await browser.agent.get(continueLink!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '='));
    expect(resumed.text).toContain('Complete your profile');
  });

  test('a form naming another execution than the action showing is page-expired', async () => {
    const browser = new TestBrowser(t.app);
    const terms = await throughCode(browser);
    const form = formTo(terms.text, '/login-actions/authenticate');
    const forged = await browser.post({ ...form, fields: { ...form.fields, execution: 'required-action/update-profile' } }, { firstName: 'Eve', lastName: 'Eve' });
    expect(forged.status).toBe(409);
    expect((await t.users.findById(annId))!.attributes['firstName']).toBeUndefined();
  });

  test('without the CSRF token the profile form is refused with 403 and nothing is saved', async () => {
    const browser = new TestBrowser(t.app);
    const profile = await browser.answer(await throughCode(browser), { decision: 'accept' });
    const { csrf, ...rest } = formTo(profile.text, '/login-actions/authenticate').fields;
    expect(csrf).toBeDefined();
    const action = formTo(profile.text, '/login-actions/authenticate').action;
    const refused = await browser.agent.post(action).type('form').send({ ...rest, firstName: 'Eve', lastName: 'Eve' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('FG_CSRF_INVALID');
    expect((await t.users.findById(annId))!.attributes['firstName']).toBeUndefined();
    // The page still works with the token.
    const done = await browser.post(formTo(profile.text, '/login-actions/authenticate'), { firstName: 'Ann', lastName: 'Lee' });
    expect(isStepRedirect(done)).toBe(false);
    expect(done.headers['location']).toBe(DEMO_REDIRECT);
  });
});
