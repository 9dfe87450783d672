import {
  checkUserProfile,
  DEFAULT_USER_PROFILE,
  profileLabel,
  ProfileValidator,
  type ProfileAttribute,
  type UserProfileConfig,
} from '../../../src/engine/profile';

const attr = (name: string, overrides: Partial<ProfileAttribute> = {}): ProfileAttribute => ({
  name,
  type: 'string',
  required: false,
  validation: {},
  label: {},
  ...overrides,
});

const profile = (...attributes: ProfileAttribute[]): UserProfileConfig => ({ attributes });

describe('ProfileValidator', () => {
  const validator = new ProfileValidator(
    profile(
      attr('firstName', { required: true, validation: { maxLength: 5 } }),
      attr('nickname', { validation: { minLength: 2, pattern: '[a-z]+' } }),
      attr('country', { validation: { enum: ['DE', 'FR'] } }),
      attr('backupEmail', { type: 'email' }),
      attr('age', { type: 'number', validation: { min: 0, max: 150 } }),
      attr('newsletter', { type: 'boolean' }),
      attr('adult', { type: 'boolean', required: true }),
    ),
  );
  const valid = { firstName: 'Ann', adult: 'true' };

  test('valid input comes out normalised, with [] for optional attributes left empty', () => {
    expect(validator.validate({ ...valid, firstName: '  Ann ', backupEmail: ' Ann@Example.COM ', age: '042.50', newsletter: 'on' })).toEqual({
      ok: true,
      values: {
        firstName: ['Ann'],
        nickname: [],
        country: [],
        backupEmail: ['ann@example.com'],
        age: ['42.5'],
        newsletter: ['true'],
        adult: ['true'],
      },
    });
  });

  test.each([
    ['a required value sent as nothing', { firstName: undefined }, 'firstName', { key: 'error.profile.required' }],
    ['a required value blank', { firstName: '   ' }, 'firstName', { key: 'error.profile.required' }],
    ['too long, counted in characters', { firstName: 'Annabel' }, 'firstName', { key: 'error.profile.tooLong', params: { max: 5 } }],
    ['too short', { nickname: 'a' }, 'nickname', { key: 'error.profile.tooShort', params: { min: 2 } }],
    ['not matching the whole pattern', { nickname: 'ann1' }, 'nickname', { key: 'error.profile.pattern' }],
    ['not one of the choices', { country: 'de' }, 'country', { key: 'error.profile.notAllowed' }],
    ['not an email', { backupEmail: 'ann@' }, 'backupEmail', { key: 'error.profile.invalidEmail' }],
    ['not a number', { age: '12abc' }, 'age', { key: 'error.profile.invalidNumber' }],
    ['an infinite number', { age: '1e400' }, 'age', { key: 'error.profile.invalidNumber' }],
    ['below min', { age: '-1' }, 'age', { key: 'error.profile.tooSmall', params: { min: 0 } }],
    ['above max', { age: '151' }, 'age', { key: 'error.profile.tooLarge', params: { max: 150 } }],
    ['neither yes nor no', { newsletter: 'maybe' }, 'newsletter', { key: 'error.profile.invalidBoolean' }],
    ['a required box not ticked', { adult: '' }, 'adult', { key: 'error.profile.required' }],
    ['a line break', { firstName: 'A\nB' }, 'firstName', { key: 'error.profile.invalidCharacters' }],
    ['a bidi override', { firstName: 'A\u202EB' }, 'firstName', { key: 'error.profile.invalidCharacters' }],
    ['a value that is not text', { firstName: ['Ann'] }, 'firstName', { key: 'error.profile.invalidCharacters' }],
  ])('refuses %s with a keyed error on that field', (_label, input, field, error) => {
    expect(validator.validate({ ...valid, ...input })).toEqual({ ok: false, errors: { [field]: error } });
  });

  test('reports one error per failing field, all at once', () => {
    // firstName is not sent at all: a missing field counts as empty.
    const result = validator.validate({ nickname: 'x', age: 'old', adult: 'true' });
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors)).toEqual(['firstName', 'nickname', 'age']);
  });

  test('ignores fields the profile does not declare: no form can set other attributes', () => {
    const result = validator.validate({ ...valid, termsAcceptedVersion: 'v9', email: 'eve@example.com', __proto__: 'x' });
    expect(result.ok && Object.keys(result.values).sort()).toEqual(['adult', 'age', 'backupEmail', 'country', 'firstName', 'newsletter', 'nickname']);
  });

  test('partial mode checks only what was sent (an API update of some attributes)', () => {
    expect(validator.validate({ age: '30' }, { partial: true })).toEqual({ ok: true, values: { age: ['30'] } });
    expect(validator.validate({ firstName: '' }, { partial: true })).toEqual({ ok: false, errors: { firstName: { key: 'error.profile.required' } } });
  });

  test('API clients may send numbers and booleans as such', () => {
    expect(validator.validate({ ...valid, age: 7, adult: true, newsletter: false })).toMatchObject({ ok: true, values: { age: ['7'], adult: ['true'], newsletter: ['false'] } });
  });

  test('a string longer than the global cap is refused even without maxLength', () => {
    const open = new ProfileValidator(profile(attr('bio', { validation: { maxLength: 2048 } }), attr('motto')));
    expect(open.validate({ bio: 'x'.repeat(2049) })).toMatchObject({ ok: false, errors: { bio: { key: 'error.profile.tooLong', params: { max: 2048 } } } });
    expect(open.validate({ motto: 'x'.repeat(256) })).toMatchObject({ ok: false, errors: { motto: { params: { max: 255 } } } });
  });

  test('the default profile asks for first and last name', () => {
    const defaults = new ProfileValidator();
    expect(defaults.attributes.map((a) => [a.name, a.required])).toEqual([
      ['firstName', true],
      ['lastName', true],
    ]);
    expect(defaults.validate({ firstName: 'Ann', lastName: 'Lee' })).toEqual({ ok: true, values: { firstName: ['Ann'], lastName: ['Lee'] } });
    expect(Object.isFrozen(DEFAULT_USER_PROFILE.attributes[0])).toBe(true);
  });
});

describe('visibleToUser', () => {
  test('keeps the attributes whose permissions.view includes user, or that have none; checks and writes only those', () => {
    const full = new ProfileValidator(
      profile(attr('a'), attr('b', { required: true, permissions: { view: ['admin'] } }), attr('c', { permissions: { view: ['user'] } }), attr('d', { permissions: {} }), attr('e', { permissions: { view: [] } })),
    );
    const mine = full.visibleToUser();
    expect(mine.attributes.map((a) => a.name)).toEqual(['a', 'c', 'd']);
    expect(mine.validate({ a: 'x', b: 'forged' })).toEqual({ ok: true, values: { a: ['x'], c: [], d: [] } });
    expect(full.visibleToUser()).toBe(mine);
  });

  test('leaves out a reserved attribute that reached it unchecked (a realm stored before the name was reserved)', () => {
    const unchecked = new ProfileValidator(profile(attr('nickname'), attr('roles'), attr('termsAcceptedVersion')));
    expect(unchecked.attributes.map((a) => a.name)).toEqual(['nickname']);
    const result = unchecked.validate({ nickname: 'ann', roles: 'admin', termsAcceptedVersion: '2099' });
    expect(result).toEqual({ ok: true, values: { nickname: ['ann'] } });
  });

  test('is the validator itself when the person may see everything', () => {
    const all = new ProfileValidator(DEFAULT_USER_PROFILE);
    expect(all.visibleToUser()).toBe(all);
  });
});

describe('checkUserProfile', () => {
  test('the default profile is sound', () => {
    expect(checkUserProfile(DEFAULT_USER_PROFILE)).toEqual([]);
  });

  test('reserved names are refused, whatever their case', () => {
    expect(checkUserProfile(profile(attr('Email'), attr('termsAcceptedVersion'), attr('ok'), attr('ID'))).map((p) => [p.code, p.path])).toEqual([
      ['FG_PROFILE_ATTRIBUTE_RESERVED', '/attributes/0/name'],
      ['FG_PROFILE_ATTRIBUTE_RESERVED', '/attributes/1/name'],
      ['FG_PROFILE_ATTRIBUTE_RESERVED', '/attributes/3/name'],
    ]);
  });

  test('every attribute Flowgate decides access or keeps state by is reserved: roles and the terms acceptance', () => {
    expect(checkUserProfile(profile(attr('roles'), attr('ROLES'), attr('termsAcceptedAt'), attr('rolesNote'))).map((p) => [p.code, p.path])).toEqual([
      ['FG_PROFILE_ATTRIBUTE_RESERVED', '/attributes/0/name'],
      ['FG_PROFILE_ATTRIBUTE_RESERVED', '/attributes/1/name'],
      ['FG_DUPLICATE_PROFILE_ATTRIBUTE', '/attributes/1/name'],
      ['FG_PROFILE_ATTRIBUTE_RESERVED', '/attributes/2/name'],
    ]);
    expect(checkUserProfile(profile(attr('roles')))[0]?.detail).toContain("'roles'");
  });

  test('a name used twice, ignoring case, is refused at the second', () => {
    expect(checkUserProfile(profile(attr('nickname'), attr('NickName'))).map((p) => [p.code, p.path])).toEqual([
      ['FG_DUPLICATE_PROFILE_ATTRIBUTE', '/attributes/1/name'],
    ]);
  });

  test('rules that contradict each other or do not suit the type are refused at the rule', () => {
    const problems = checkUserProfile(
      profile(
        attr('a', { validation: { minLength: 5, maxLength: 2 } }),
        attr('b', { type: 'number', validation: { min: 3, max: 1, pattern: 'x' } }),
        attr('c', { validation: { pattern: 'a)|(b' } }),
        attr('d', { type: 'boolean', validation: { maxLength: 3 } }),
        attr('e', { validation: { pattern: '[A-Z]+', enum: ['OK', 'no', ' OK'] } }),
      ),
    );
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['FG_PROFILE_ATTRIBUTE_INVALID', '/attributes/0/validation/minLength'],
      ['FG_PROFILE_ATTRIBUTE_INVALID', '/attributes/1/validation/pattern'],
      ['FG_PROFILE_ATTRIBUTE_INVALID', '/attributes/1/validation/min'],
      ['FG_PROFILE_ATTRIBUTE_INVALID', '/attributes/2/validation/pattern'],
      ['FG_PROFILE_ATTRIBUTE_INVALID', '/attributes/3/validation/maxLength'],
      ['FG_PROFILE_ATTRIBUTE_INVALID', '/attributes/4/validation/enum/1'],
      ['FG_PROFILE_ATTRIBUTE_INVALID', '/attributes/4/validation/enum/2'],
    ]);
  });
});

describe('profileLabel', () => {
  const city = attr('city', { label: { en: 'City', de: 'Stadt', 'pt-BR': 'Cidade' } });

  test.each([
    ['de', 'Stadt'],
    ['de-CH', 'Stadt'],
    ['pt-BR', 'Cidade'],
    ['fr', 'City'],
  ])('in %s is %s', (locale, label) => {
    expect(profileLabel(city, locale)).toBe(label);
  });

  test('falls back to any label, then to the name', () => {
    expect(profileLabel(attr('city', { label: { fr: 'Ville' } }), 'de')).toBe('Ville');
    expect(profileLabel(attr('city'), 'de')).toBe('city');
  });
});
