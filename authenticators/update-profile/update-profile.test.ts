import * as fs from 'node:fs';
import * as path from 'node:path';
import { FlowHarness, testAllow as allow } from '../../src/plugin-kit';
import { UPDATE_PROFILE_MESSAGES, UPDATE_PROFILE_VIEW, updateProfileAction } from '.';

const ANN = 'ann@example.com';


const PROFILE = {
  attributes: [
    { name: 'firstName', required: true, validation: { maxLength: 50 }, label: { en: 'First name', de: 'Vorname' } },
    { name: 'nickname', validation: { minLength: 2 }, label: { en: 'Nickname' } },
    { name: 'country', validation: { enum: ['DE', 'FR'] }, label: { en: 'Country', de: 'Land' } },
    { name: 'newsletter', type: 'boolean', label: { en: 'Newsletter' } },
  ],
};

/** A realm with update-profile enabled and `userProfile` (none at all for `null`). */
function harness(userProfile: unknown = PROFILE): FlowHarness {
  const realm = {
    realm: 'main',
    bindings: { browser: 'browser' },
    requiredActions: { 'update-profile': {} },
    ...(userProfile !== null && { userProfile }),
  };
  return FlowHarness.fromFlows(
    [
      { file: 'main.realm.json', text: JSON.stringify(realm) },
      {
        file: 'browser.json',
        text: JSON.stringify({
          alias: 'browser',
          executions: [
            { authenticator: 'identify-email', requirement: 'REQUIRED' },
            { authenticator: 'test-allow', requirement: 'REQUIRED' },
          ],
        }),
      },
    ],
    { plugins: [allow] },
  );
}

async function atProfilePage(h: FlowHarness, locale = 'en') {
  const login = await h.start({ locale });
  await login.submit({ email: ANN });
  expect(login.challenge()).toMatchObject({ execution: 'required-action/update-profile', view: { view: UPDATE_PROFILE_VIEW } });
  return login;
}

describe('update-profile', () => {
  test("renders the realm's profile as a form in the page's locale, pre-filled with the account's values", async () => {
    const h = harness();
    h.users().add({ email: ANN, requiredActions: ['update-profile'], attributes: { nickname: ['annie'], newsletter: ['true'], other: ['x'] } });

    const view = (await atProfilePage(h, 'de')).challenge().view;

    expect(view.fields).toEqual([
      { name: 'firstName', type: 'text', label: 'profile.firstName', labelText: 'Vorname', required: true, maxLength: 50, autocomplete: 'given-name' },
      { name: 'nickname', type: 'text', label: 'profile.nickname', labelText: 'Nickname', required: false, maxLength: 255, value: 'annie' },
      {
        name: 'country',
        type: 'select',
        label: 'profile.country',
        labelText: 'Land',
        required: false,
        options: [
          { value: 'DE', label: 'DE', labelText: 'DE' },
          { value: 'FR', label: 'FR', labelText: 'FR' },
        ],
      },
      { name: 'newsletter', type: 'checkbox', label: 'profile.newsletter', labelText: 'Newsletter', required: false, value: 'true' },
    ]);
    expect(view.model).toEqual({ email: ANN });
    expect(view.messages).toEqual([{ kind: 'info', text: UPDATE_PROFILE_MESSAGES.account, params: { email: ANN } }]);
    expect(view.fieldErrors).toBeUndefined();
  });

  test('without a userProfile in the realm, it asks for first and last name', async () => {
    const h = harness(null);
    h.users().add({ email: ANN, requiredActions: ['update-profile'] });

    const view = (await atProfilePage(h)).challenge().view;

    expect(view.fields?.map((f) => [f.name, f.labelText, f.required])).toEqual([
      ['firstName', 'First name', true],
      ['lastName', 'Last name', true],
    ]);
  });

  test('shows each invalid field with its error and what was typed, and saves nothing', async () => {
    const h = harness();
    const ann = h.users().add({ email: ANN, requiredActions: ['update-profile'] });
    const login = await atProfilePage(h);

    const result = await login.submit({ firstName: '', nickname: 'a', country: 'XX', newsletter: 'true' });

    expect(result).toMatchObject({ type: 'challenge', execution: 'required-action/update-profile' });
    const view = login.challenge().view;
    expect(view.fieldErrors).toEqual({
      firstName: UPDATE_PROFILE_MESSAGES.required,
      nickname: UPDATE_PROFILE_MESSAGES.tooShort,
      country: UPDATE_PROFILE_MESSAGES.notAllowed,
    });
    expect(view.fields?.map((f) => f.value)).toEqual([undefined, 'a', 'XX', 'true']);
    expect(view.messages).toEqual([{ kind: 'info', text: UPDATE_PROFILE_MESSAGES.account, params: { email: ANN } }]);
    expect((await h.users().findById(ann.id))?.attributes).toEqual({});
    expect(h.events('UPDATE_PROFILE')).toEqual([]);
  });

  test('saves the profile attributes, normalised, and only those; then the sign-in succeeds', async () => {
    const h = harness();
    const ann = h.users().add({ email: ANN, requiredActions: ['update-profile'], attributes: { nickname: ['old'], role: ['admin'] } });
    const login = await atProfilePage(h);

    const result = await login.submit({ firstName: '  Ann ', nickname: '', country: 'FR', termsAcceptedVersion: 'v9', role: 'owner' });

    expect(result).toMatchObject({ type: 'success', userId: ann.id });
    const saved = await h.users().findById(ann.id);
    expect(saved?.attributes).toEqual({ firstName: ['Ann'], country: ['FR'], newsletter: ['false'], role: ['admin'] });
    expect(saved?.requiredActions).toEqual([]);
    expect(h.events().map((e) => [e.type, e.userId, e.details])).toEqual([['UPDATE_PROFILE', ann.id, { flow: 'browser', requiredAction: 'update-profile' }]]);
  });

  test('an attribute the person may not view (permissions.view without user) is neither shown, nor asked for, nor written', async () => {
    const staffNote = { name: 'staffNote', required: true, label: { en: 'Staff note' }, permissions: { view: ['admin'] } };
    const h = harness({ attributes: [...PROFILE.attributes, staffNote] });
    const ann = h.users().add({ email: ANN, requiredActions: ['update-profile'], attributes: { staffNote: ['vip'] } });
    const login = await atProfilePage(h);
    expect(login.challenge().view.fields?.map((f) => f.name)).toEqual(['firstName', 'nickname', 'country', 'newsletter']);

    expect(await login.submit({ firstName: 'Ann', staffNote: 'forged' })).toMatchObject({ type: 'success' });
    expect((await h.users().findById(ann.id))?.attributes['staffNote']).toEqual(['vip']);
  });

  test('declares its view, templates and complete message bundles', () => {
    expect(updateProfileAction.views).toEqual([UPDATE_PROFILE_VIEW]);
    for (const view of updateProfileAction.views ?? []) {
      expect(fs.existsSync(path.join(updateProfileAction.templatesDir!, `${view}.hbs`))).toBe(true);
    }
    const bundle = (locale: string): Record<string, string> =>
      JSON.parse(fs.readFileSync(path.join(updateProfileAction.messagesDir!, `${locale}.json`), 'utf8')) as Record<string, string>;
    const en = bundle('en');
    const de = bundle('de');
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(en).sort()).toEqual([...new Set(Object.values(UPDATE_PROFILE_MESSAGES))].sort());
    // Field errors reach the page as bare keys: their texts cannot rely on placeholders.
    for (const [key, text] of [...Object.entries(en), ...Object.entries(de)]) {
      if (key.startsWith('error.')) expect({ key, text: /\{\w+\}/.test(text) }).toEqual({ key, text: false });
    }
  });
});
