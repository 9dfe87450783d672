import * as fs from 'node:fs';
import * as path from 'node:path';
import { cookieAuthenticator } from '../cookie';
import { FIXED_NOW, FlowHarness, testAllow as allow } from '../../src/plugin-kit';
import { paragraphs, TERMS_MESSAGES, TERMS_VIEW, termsAndConditionsAction } from '.';

const ANN = 'ann@example.com';


const TEXT = {
  en: 'These are the terms.\n\nFirst rule: be nice.\nSecond rule: see the first.\n\n\n  Last words.  ',
  de: 'Das sind die Bedingungen.\r\n\r\nSeien Sie nett.',
};

/**
 * A realm with the terms enabled at `version` (and a cookie SSO step, for application-initiated
 * tests). `askEveryone` defaults to true here, so that a user made in the test is asked.
 */
function harness(version = 'v1', text: Record<string, string> = TEXT, askEveryone = true): FlowHarness {
  return FlowHarness.fromFlows(
    [
      {
        file: 'main.realm.json',
        text: JSON.stringify({
          realm: 'main',
          bindings: { browser: 'browser' },
          settings: { supportedLocales: ['en', 'de', 'fr'] },
          requiredActions: { 'terms-and-conditions': { config: { version, text, askEveryone } } },
        }),
      },
      {
        file: 'browser.json',
        text: JSON.stringify({
          alias: 'browser',
          executions: [
            { authenticator: 'cookie', requirement: 'ALTERNATIVE' },
            {
              flow: {
                alias: 'forms',
                executions: [
                  { authenticator: 'identify-email', requirement: 'REQUIRED' },
                  { authenticator: 'test-allow', requirement: 'REQUIRED' },
                ],
              },
              requirement: 'ALTERNATIVE',
            },
          ],
        }),
      },
    ],
    { plugins: [allow] },
  );
}

async function signIn(h: FlowHarness, locale = 'en') {
  const login = await h.start({ locale });
  await login.submit({ email: ANN });
  return login;
}

describe('terms-and-conditions', () => {
  test("with askEveryone, requires itself for a user who never accepted, and shows the terms in the page's locale as paragraphs", async () => {
    const h = harness();
    const ann = h.users().add({ email: ANN });

    const login = await signIn(h, 'de');

    expect(login.challenge().execution).toBe('required-action/terms-and-conditions');
    const view = login.challenge().view;
    expect(view.view).toBe(TERMS_VIEW);
    expect(view.model).toEqual({ version: 'v1', textLocale: 'de', paragraphs: ['Das sind die Bedingungen.', 'Seien Sie nett.'] });
    expect(view.fields).toEqual([
      {
        name: 'decision',
        type: 'select',
        label: TERMS_MESSAGES.fieldDecision,
        required: true,
        options: [
          { value: 'accept', label: TERMS_MESSAGES.accept },
          { value: 'decline', label: TERMS_MESSAGES.decline },
        ],
      },
    ]);
    expect(view.messages).toEqual([{ kind: 'info', text: TERMS_MESSAGES.version, params: { version: 'v1' } }]);
    expect((await h.users().findById(ann.id))?.requiredActions).toEqual(['terms-and-conditions']);
  });

  test('falls back to English when the page locale has no text', async () => {
    const h = harness();
    h.users().add({ email: ANN });

    const view = (await signIn(h, 'fr')).challenge().view;

    expect(view.model).toMatchObject({ textLocale: 'en', paragraphs: ['These are the terms.', 'First rule: be nice.\nSecond rule: see the first.', 'Last words.'] });
  });

  test('accepting records the version and the time, then the sign-in succeeds; the next sign-in asks nothing', async () => {
    const h = harness();
    const ann = h.users().add({ email: ANN });

    const login = await signIn(h);
    expect(await login.submit({ decision: 'accept' })).toMatchObject({ type: 'success', userId: ann.id });

    const user = await h.users().findById(ann.id);
    expect(user?.attributes).toEqual({ termsAcceptedVersion: ['v1'], termsAcceptedAt: [new Date(FIXED_NOW).toISOString()] });
    expect(user?.requiredActions).toEqual([]);
    expect(h.events().map((e) => [e.type, e.userId])).toEqual([['TERMS_ACCEPTED', ann.id]]);
    expect((await signIn(h)).last).toMatchObject({ type: 'success' });
  });

  test('a new version asks again, even those who accepted an older one', async () => {
    const h = harness('v2');
    h.users().add({ email: ANN, attributes: { termsAcceptedVersion: ['v1'] } });

    const login = await signIn(h);

    expect(login.challenge().view.model).toMatchObject({ version: 'v2' });
    await login.submit({ decision: 'accept' });
    expect(login.last).toMatchObject({ type: 'success' });
  });

  describe('without askEveryone (the default)', () => {
    test('an account that never accepted any version is not asked: enabling the terms reaches only those given them', async () => {
      const h = harness('v1', TEXT, false);
      const ann = h.users().add({ email: ANN });

      expect((await signIn(h)).last).toMatchObject({ type: 'success', userId: ann.id });
      expect((await h.users().findById(ann.id))?.requiredActions).toEqual([]);
    });

    test('given to the account (a default action at its creation, or by an administrator), it is shown', async () => {
      const h = harness('v1', TEXT, false);
      h.users().add({ email: ANN, requiredActions: ['terms-and-conditions'] });

      const login = await signIn(h);

      expect(login.challenge().execution).toBe('required-action/terms-and-conditions');
      expect(await login.submit({ decision: 'accept' })).toMatchObject({ type: 'success' });
    });

    test('a new version asks again those who accepted an older one', async () => {
      const h = harness('v2', TEXT, false);
      h.users().add({ email: ANN, attributes: { termsAcceptedVersion: ['v1'] } });

      expect((await signIn(h)).challenge().view.model).toMatchObject({ version: 'v2' });
    });
  });

  test('declining ends the sign-in with action_cancelled and records nothing on the user', async () => {
    const h = harness();
    const ann = h.users().add({ email: ANN });

    const login = await signIn(h);
    const result = await login.submit({ decision: 'decline' });

    expect(result).toMatchObject({ type: 'failure', error: 'action_cancelled' });
    expect(h.events().map((e) => [e.type, e.error])).toEqual([
      ['TERMS_ACCEPTED_ERROR', 'action_cancelled'],
      ['LOGIN_ERROR', 'action_cancelled'],
    ]);
    expect((await h.users().findById(ann.id))?.attributes).toEqual({});
  });

  test('an answer that is neither shows the terms again with an error on the decision', async () => {
    const h = harness();
    h.users().add({ email: ANN });
    const login = await signIn(h);

    await login.submit({ decision: 'maybe' });

    expect(login.challenge().view.fieldErrors).toEqual({ decision: TERMS_MESSAGES.decide });
  });

  test('terms that changed while the page was open are shown again, not accepted unseen', async () => {
    const h = harness('v1');
    const ann = h.users().add({ email: ANN });
    const login = await signIn(h);
    const realm = (await h.realms.getRealm('main'))!;
    h.realms.put({
      ...realm,
      requiredActions: realm.requiredActions?.map((a) => ({ ...a, config: { version: 'v2', text: { en: 'New terms.' } } })),
    });

    await login.submit({ decision: 'accept' });
    expect(login.challenge().view).toMatchObject({ model: { version: 'v2', paragraphs: ['New terms.'] }, messages: [{ kind: 'warning', text: TERMS_MESSAGES.changed }, expect.anything()] });
    expect((await h.users().findById(ann.id))?.attributes).toEqual({});

    await login.submit({ decision: 'accept' });
    expect((await h.users().findById(ann.id))?.attributes.termsAcceptedVersion).toEqual(['v2']);
  });

  test('asked for by an application, it is shown even when accepted; declining then still signs in, cancelled', async () => {
    const h = harness();
    const ann = h.users().add({ email: ANN, attributes: { termsAcceptedVersion: ['v1'] } });
    const browserSessionToken = h.services.createUserSession('main', ann.id);

    const login = await h.start({ browserSessionToken, requestedAction: 'terms-and-conditions' });
    expect(login.challenge().execution).toBe('required-action/terms-and-conditions');

    expect(await login.submit({ decision: 'decline' })).toMatchObject({ type: 'success', kcActionStatus: 'cancelled' });
  });

  test('paragraphs split on blank lines only, trimmed, empty ones dropped', () => {
    expect(paragraphs('a\n \nb\r\n\r\nc\nd\n\n\n')).toEqual(['a', 'b', 'c\nd']);
    expect(paragraphs('<b>not markup</b>')).toEqual(['<b>not markup</b>']);
  });

  test('declares its view, templates and complete message bundles', () => {
    expect(termsAndConditionsAction.views).toEqual([TERMS_VIEW]);
    expect(fs.existsSync(path.join(termsAndConditionsAction.templatesDir!, `${TERMS_VIEW}.hbs`))).toBe(true);
    const bundle = (locale: string): Record<string, string> =>
      JSON.parse(fs.readFileSync(path.join(termsAndConditionsAction.messagesDir!, `${locale}.json`), 'utf8')) as Record<string, string>;
    const en = bundle('en');
    expect(Object.keys(bundle('de')).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(en).sort()).toEqual(Object.values(TERMS_MESSAGES).sort());
  });
});
