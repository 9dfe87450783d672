import { uiModule, type UiModule } from './ui-module';

// What the user forms make of the realm's user profile (admin-ui/js/profile-fields.js), apart from the DOM.
let pf: UiModule;
beforeAll(async () => {
  pf = await uiModule('profile-fields.js');
});

const attr = (over: Record<string, unknown>) => ({ name: 'nickname', type: 'string', required: false, validation: {}, label: {}, ...over });

test("a field is labelled in English, else in the attribute's first language, else by its name", () => {
  expect(pf.labelOf(attr({ label: { de: 'Spitzname', en: 'Nickname' } }))).toBe('Nickname');
  expect(pf.labelOf(attr({ label: { de: 'Spitzname' } }))).toBe('Spitzname');
  expect(pf.labelOf(attr({ label: {} }))).toBe('nickname');
});

test('the hint under a field says what the profile requires', () => {
  expect(pf.rulesOf(attr({ required: true, validation: { minLength: 2, maxLength: 20 } }))).toBe('Required. At least 2 characters. At most 20 characters.');
  expect(pf.rulesOf(attr({ type: 'number', validation: { min: 0, max: 130 } }))).toBe('Optional. At least 0. At most 130.');
  expect(pf.rulesOf(attr({ validation: { enum: ['red', 'blue'] } }))).toBe('Optional. One of: red, blue.');
});

test('the control follows the type, a list for a fixed set of values', () => {
  expect(['boolean', 'number', 'email', 'string'].map((type) => pf.controlKind(attr({ type })))).toEqual(['checkbox', 'number', 'email', 'text']);
  expect(pf.controlKind(attr({ validation: { enum: ['red'] } }))).toBe('select');
  expect(pf.controlKind(attr({ type: 'boolean', validation: { enum: ['true'] } }))).toBe('checkbox');
});

describe('the attributes body', () => {
  const inputs = [
    { attr: attr({ name: 'firstName' }), current: 'Ann', input: ' Anna ' },
    { attr: attr({ name: 'lastName' }), current: 'Example', input: 'Example' },
    { attr: attr({ name: 'nickname' }), current: 'annie', input: '' },
    { attr: attr({ name: 'age', type: 'number' }), current: undefined, input: '' },
    { attr: attr({ name: 'newsletter', type: 'boolean' }), current: undefined, input: false },
    { attr: attr({ name: 'terms', type: 'boolean' }), current: 'false', input: true },
  ];

  test('a creation sends every field: texts trimmed, an empty one as null, a checkbox as a boolean', () => {
    expect(pf.attributesBody(inputs, false)).toEqual({ firstName: 'Anna', lastName: 'Example', nickname: null, age: null, newsletter: false, terms: true });
  });

  test('an edit sends only what changed, so values stored under older rules are not checked again', () => {
    expect(pf.attributesBody(inputs, true)).toEqual({ firstName: 'Anna', nickname: null, terms: true });
  });
});
