import type { DataSource } from 'typeorm';
import { exportRealm, loadDocuments, validateFlowSave, type TextDocument } from '../../../src/engine/loader';
import { PluginRegistry } from '../../../src/engine/plugin-registry';
import { DEFAULT_USER_PROFILE } from '../../../src/engine/profile';
import { registerBuiltins } from '../../../src/plugins/builtins';
import { TypeormRealmStore } from '../../../src/store/realm.store';
import { ManualClock, memoryDatabase } from '../../store/test-db';
import { doc, errorsOf, lineOf, where } from '../loader/loader-kit';

const browser = doc('browser.json', { alias: 'browser', executions: [{ authenticator: 'identify-email', requirement: 'REQUIRED' }] });
const TERMS = { version: '2025-01', text: { en: 'Be nice.', de: 'Seien Sie nett.' } };

function registry(): PluginRegistry {
  const r = new PluginRegistry();
  registerBuiltins(r);
  return r;
}

function realm(sections: Record<string, unknown>): TextDocument {
  return doc('main.realm.json', { realm: 'main', bindings: { browser: 'browser' }, ...sections });
}

const load = (realmDoc: TextDocument) => loadDocuments([browser, realmDoc], registry());
const errors = (realmDoc: TextDocument) => errorsOf(() => load(realmDoc));

describe('realm files: requiredActions', () => {
  test('entries get their defaults and come out in run order; configs stay as written', () => {
    const [main] = load(
      realm({
        requiredActions: {
          'update-profile': { defaultAction: true },
          'terms-and-conditions': { priority: 20, config: TERMS },
        },
      }),
    );
    expect(main?.requiredActions).toEqual([
      { id: 'terms-and-conditions', enabled: true, defaultAction: false, priority: 20, config: TERMS },
      { id: 'update-profile', enabled: true, defaultAction: true, priority: 100, config: undefined },
    ]);
    expect(Object.isFrozen(main?.requiredActions?.[0]?.config)).toBe(true);
  });

  test('a realm that lists none, and has no profile, has the same model as before', () => {
    const [main] = load(realm({}));
    expect(main).not.toHaveProperty('requiredActions');
    expect(main).not.toHaveProperty('userProfile');
  });

  test('an unknown id is FG_UNKNOWN_REQUIRED_ACTION at its key, with a suggestion; an authenticator id says what it is', () => {
    const realmDoc = realm({ requiredActions: { 'update-profil': {}, 'identify-email': {} } });
    const found = errors(realmDoc);
    expect(found.map(where)).toEqual([
      { code: 'FG_UNKNOWN_REQUIRED_ACTION', file: 'main.realm.json', path: '/requiredActions/update-profil', line: lineOf(realmDoc.text, '"update-profil"') },
      { code: 'FG_UNKNOWN_REQUIRED_ACTION', file: 'main.realm.json', path: '/requiredActions/identify-email', line: lineOf(realmDoc.text, '"identify-email": {') },
    ]);
    expect(found[0]?.message).toContain("'update-profile'");
    expect(found[1]?.message).toContain('authenticator');
  });

  test("a config the action's schema refuses is FG_PLUGIN_CONFIG_INVALID at the path into it, disabled actions included", () => {
    const realmDoc = realm({
      requiredActions: {
        'terms-and-conditions': { enabled: false, config: { version: 7, text: { de: 'nur deutsch' } } },
        'update-profile': { config: { colour: 'blue' } },
      },
    });
    expect(errors(realmDoc).map(where)).toEqual([
      { code: 'FG_PLUGIN_CONFIG_INVALID', file: 'main.realm.json', path: '/requiredActions/terms-and-conditions/config/version', line: lineOf(realmDoc.text, '"version"') },
      { code: 'FG_PLUGIN_CONFIG_INVALID', file: 'main.realm.json', path: '/requiredActions/terms-and-conditions/config/text/en', line: lineOf(realmDoc.text, '"text"') },
      { code: 'FG_PLUGIN_CONFIG_INVALID', file: 'main.realm.json', path: '/requiredActions/update-profile/config/colour', line: lineOf(realmDoc.text, '"colour"') },
    ]);
  });

  test('entries that break the realm schema are FG_REALM_SCHEMA at their path', () => {
    const realmDoc = realm({ requiredActions: { 'update-profile': { enabled: 'yes', priority: -1, order: 3 } } });
    expect(errors(realmDoc).map(where)).toEqual([
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/requiredActions/update-profile/enabled', line: lineOf(realmDoc.text, '"enabled"') },
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/requiredActions/update-profile/priority', line: lineOf(realmDoc.text, '"priority"') },
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/requiredActions/update-profile/order', line: lineOf(realmDoc.text, '"order"') },
    ]);
  });
});

describe('realm files: userProfile', () => {
  test('attributes get their defaults', () => {
    const [main] = load(realm({ userProfile: { attributes: [{ name: 'nickname' }, { name: 'age', type: 'number', label: { en: 'Age' } }] } }));
    expect(main?.userProfile).toEqual({
      attributes: [
        { name: 'nickname', type: 'string', required: false, validation: {}, label: {} },
        { name: 'age', type: 'number', required: false, validation: {}, label: { en: 'Age' } },
      ],
    });
  });

  test('permissions.view loads as written (left out, nothing is added); other viewers or permissions are FG_REALM_SCHEMA', () => {
    const [main] = load(realm({ userProfile: { attributes: [{ name: 'note', permissions: { view: ['admin'] } }, { name: 'nickname' }] } }));
    expect(main?.userProfile?.attributes.map((a) => a.permissions)).toEqual([{ view: ['admin'] }, undefined]);

    const realmDoc = realm({ userProfile: { attributes: [{ name: 'note', permissions: { view: ['owner'], edit: ['user'] } }] } });
    expect(errors(realmDoc).map(where)).toEqual([
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/userProfile/attributes/0/permissions/view/0', line: lineOf(realmDoc.text, '"owner"') },
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/userProfile/attributes/0/permissions/edit', line: lineOf(realmDoc.text, '"edit"') },
    ]);
  });

  test('the default profile is a valid userProfile section and loads as itself', () => {
    const [main] = load(realm({ userProfile: DEFAULT_USER_PROFILE }));
    expect(main?.userProfile).toEqual(DEFAULT_USER_PROFILE);
  });

  test('reserved, duplicate and contradictory attributes are refused with their codes and paths, all at once', () => {
    const realmDoc = realm({
      userProfile: {
        attributes: [
          { name: 'firstName' },
          { name: 'email' },
          { name: 'FirstName' },
          { name: 'zip', validation: { pattern: '(' } },
          { name: 'size', type: 'number', validation: { min: 10, max: 1 } },
        ],
      },
    });
    expect(errors(realmDoc).map(where)).toEqual([
      { code: 'FG_PROFILE_ATTRIBUTE_RESERVED', file: 'main.realm.json', path: '/userProfile/attributes/1/name', line: lineOf(realmDoc.text, '"email"') },
      { code: 'FG_DUPLICATE_PROFILE_ATTRIBUTE', file: 'main.realm.json', path: '/userProfile/attributes/2/name', line: lineOf(realmDoc.text, '"FirstName"') },
      { code: 'FG_PROFILE_ATTRIBUTE_INVALID', file: 'main.realm.json', path: '/userProfile/attributes/3/validation/pattern', line: lineOf(realmDoc.text, '"pattern"') },
      { code: 'FG_PROFILE_ATTRIBUTE_INVALID', file: 'main.realm.json', path: '/userProfile/attributes/4/validation/min', line: lineOf(realmDoc.text, '"min"') },
    ]);
  });

  test('roles and the terms acceptance cannot be profile attributes: FG_PROFILE_ATTRIBUTE_RESERVED at the name, with its line (#19)', () => {
    const realmDoc = realm({ userProfile: { attributes: [{ name: 'nickname' }, { name: 'roles' }, { name: 'TermsAcceptedVersion' }] } });
    const found = errorsOf(() => load(realmDoc));
    expect(found.map(where)).toEqual([
      { code: 'FG_PROFILE_ATTRIBUTE_RESERVED', file: 'main.realm.json', path: '/userProfile/attributes/1/name', line: lineOf(realmDoc.text, '"roles"') },
      { code: 'FG_PROFILE_ATTRIBUTE_RESERVED', file: 'main.realm.json', path: '/userProfile/attributes/2/name', line: lineOf(realmDoc.text, '"TermsAcceptedVersion"') },
    ]);
    expect(found[0]?.message).toContain("'roles'");
  });

  test('a malformed attribute is FG_REALM_SCHEMA at its path', () => {
    const realmDoc = realm({ userProfile: { attributes: [{ name: '1st name', type: 'date', colour: 'red', label: { English: 'x' } }] } });
    expect(errors(realmDoc).map(where)).toEqual([
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/userProfile/attributes/0/name', line: lineOf(realmDoc.text, '"name"') },
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/userProfile/attributes/0/type', line: lineOf(realmDoc.text, '"type"') },
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/userProfile/attributes/0/colour', line: lineOf(realmDoc.text, '"colour"') },
      { code: 'FG_REALM_SCHEMA', file: 'main.realm.json', path: '/userProfile/attributes/0/label/English', line: lineOf(realmDoc.text, '"English"') },
    ]);
  });
});

describe('realm sections: export and storage', () => {
  const sections = {
    requiredActions: { 'terms-and-conditions': { priority: 20, config: TERMS }, 'update-profile': { enabled: false, defaultAction: true } },
    userProfile: { attributes: [{ name: 'nickname', required: true, validation: { maxLength: 20 }, label: { en: 'Nickname' } }] },
  };

  test('exporting the realm and loading it again gives the same sections', () => {
    const [main] = load(realm(sections));
    const again = loadDocuments([browser, doc('main.realm.json', exportRealm(main!))], registry());
    expect(again[0]?.requiredActions).toEqual(main?.requiredActions);
    expect(again[0]?.userProfile).toEqual(main?.userProfile);
  });

  test('saving a flow through validateFlowSave keeps them', () => {
    const [main] = load(realm(sections));
    const saved = validateFlowSave(main!, { alias: 'other', executions: [{ authenticator: 'cookie', requirement: 'REQUIRED' }] }, registry());
    expect(saved.requiredActions).toEqual(main?.requiredActions);
    expect(saved.userProfile).toEqual(main?.userProfile);
  });

  describe('in the database', () => {
    let ds: DataSource;
    let store: TypeormRealmStore;

    beforeEach(async () => {
      ds = await memoryDatabase();
      store = new TypeormRealmStore(ds, new ManualClock());
    });
    afterEach(() => ds.destroy());

    test('they are stored with the realm and read back as loaded; a second import changes nothing', async () => {
      const [main] = load(realm(sections));
      expect(await store.importRealm(main!)).toEqual({ changed: true, version: 1 });

      const stored = await store.getRealm('main');
      expect(stored?.requiredActions).toEqual(main?.requiredActions);
      expect(stored?.userProfile).toEqual(main?.userProfile);
      expect(stored?.settings).toEqual(main?.settings);
      expect(Object.isFrozen(stored?.requiredActions?.[0])).toBe(true);
      expect(await store.importRealm(main!)).toEqual({ changed: false, version: 1 });
    });

    test('changing an action or the profile is a change of the realm', async () => {
      const [before] = load(realm(sections));
      await store.importRealm(before!);
      const [after] = load(realm({ ...sections, requiredActions: { ...sections.requiredActions, 'update-profile': { enabled: true } } }));

      expect(await store.importRealm(after!)).toEqual({ changed: true, version: 2 });
      expect((await store.getRealm('main'))?.requiredActions?.map((a) => [a.id, a.enabled])).toEqual([
        ['terms-and-conditions', true],
        ['update-profile', true],
      ]);
      const [without] = load(realm({}));
      expect(await store.importRealm(without!)).toEqual({ changed: true, version: 3 });
      const stored = await store.getRealm('main');
      expect(stored).not.toHaveProperty('requiredActions');
      expect(stored).not.toHaveProperty('userProfile');
    });
  });
});
