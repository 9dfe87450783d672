import { uiModule, type UiModule } from './ui-module';

// The config forms' logic (admin-ui/js/schema-values.js), apart from the DOM.
let sv: UiModule;
beforeAll(async () => {
  sv = await uiModule('schema-values.js');
});

const SCHEMA = {
  type: 'object',
  required: ['domains', 'mode'],
  properties: {
    enabled: { type: 'boolean', default: true },
    mode: { enum: ['allow', 'deny'] },
    attempts: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
    ratio: { type: ['number', 'null'], exclusiveMinimum: 0 },
    title: { type: 'string', title: 'Page title', description: 'Shown above the form', minLength: 2, pattern: '^[A-Z]' },
    domains: { type: 'array', items: { type: 'string', maxLength: 10 }, minItems: 1 },
    text: { type: 'object', 'x-localized': true, required: ['en'], additionalProperties: { type: 'string', maxLength: 5 } },
    extra: { type: 'object' },
    picks: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
  },
};
const field = (name: string) => sv.fieldsOf(SCHEMA).find((f: { name: string }) => f.name === name);

describe('fieldsOf', () => {
  test('gives a field per property, in the schema order, with its kind, title, help and whether it is required', () => {
    expect(sv.fieldsOf(SCHEMA).map((f: { name: string; kind: string; required: boolean }) => [f.name, f.kind, f.required])).toEqual([
      ['enabled', 'boolean', false],
      ['mode', 'enum', true],
      ['attempts', 'integer', false],
      ['ratio', 'number', false],
      ['title', 'string', false],
      ['domains', 'string-list', true],
      ['text', 'localized', false],
      ['extra', 'json', false],
      ['picks', 'json', false],
    ]);
    expect(field('title')).toMatchObject({ title: 'Page title', description: 'Shown above the form' });
    expect(field('mode').title).toBe('mode');
  });

  test('a schema without properties (or none at all) gives no fields', () => {
    expect(sv.fieldsOf({ type: 'object' })).toEqual([]);
    expect(sv.fieldsOf(undefined)).toEqual([]);
  });
});

describe('displayValue and describeValue', () => {
  test('show the saved value, else the default, as the control holds it', () => {
    expect(sv.displayValue(field('enabled'), undefined)).toBe(true);
    expect(sv.displayValue(field('enabled'), false)).toBe(false);
    expect(sv.displayValue(field('attempts'), undefined)).toBe('3');
    expect(sv.displayValue(field('domains'), ['a.example', 'b.example'])).toBe('a.example\nb.example');
    expect(sv.displayValue(field('extra'), { a: 1 })).toBe('{\n  "a": 1\n}');
    expect(sv.displayValue(field('text'), { en: 'Hi', de: 'Hallo' })).toEqual({ en: 'Hi', de: 'Hallo' });
    expect(sv.displayValue(field('text'), undefined)).toEqual({});
    expect(sv.displayValue(field('ratio'), null)).toBe('');
  });

  test('describe a value in words for a read-only step, marking defaults', () => {
    expect(sv.describeValue(field('enabled'), undefined)).toBe('Yes (default)');
    expect(sv.describeValue(field('enabled'), false)).toBe('No');
    expect(sv.describeValue(field('title'), undefined)).toBe('Not set');
    expect(sv.describeValue(field('domains'), [])).toBe('None');
    expect(sv.describeValue(field('text'), { en: 'Hi' })).toBe('English: Hi');
  });
});

describe('locales', () => {
  test("a localized field has a box for the realm's locales, then those its schema and its value name", () => {
    expect(sv.localesOf(field('text'), ['de', 'fr'], { it: 'Ciao' })).toEqual(['de', 'fr', 'en', 'it']);
    expect(sv.localesOf({ ...field('text'), schema: { type: 'object' } }, [], {})).toEqual(['en']);
  });

  test("a locale's name is in its own language; an unusable code stays as it is", () => {
    expect(sv.localeName('de')).toBe('Deutsch');
    expect(sv.localeName('not a locale')).toBe('not a locale');
  });
});

describe('parseField', () => {
  const parse = (name: string, raw: unknown) => sv.parseField(field(name), raw);

  test('numbers: whole numbers for integers, within the bounds', () => {
    expect(parse('attempts', ' 4 ')).toEqual({ value: 4 });
    expect(parse('attempts', '4.5')).toEqual({ error: 'Enter a whole number.' });
    expect(parse('attempts', 'x')).toEqual({ error: 'Enter a number.' });
    expect(parse('attempts', '0')).toEqual({ error: 'At least 1.' });
    expect(parse('attempts', '11')).toEqual({ error: 'At most 10.' });
    expect(parse('ratio', '0')).toEqual({ error: 'More than 0.' });
    expect(parse('ratio', '0.5')).toEqual({ value: 0.5 });
  });

  test('empty: the default applies, unless the field is required and has none', () => {
    expect(parse('attempts', '')).toEqual({ value: undefined });
    expect(parse('mode', '  ')).toEqual({ error: 'Required.' });
  });

  test('enums, strings and lists of strings are checked as their schema says', () => {
    expect(parse('mode', 'deny')).toEqual({ value: 'deny' });
    expect(parse('mode', 'maybe')).toEqual({ error: 'One of: allow, deny.' });
    expect(parse('title', 'A')).toEqual({ error: 'At least 2 characters.' });
    expect(parse('title', 'ab')).toEqual({ error: 'Does not match the pattern ^[A-Z].' });
    expect(parse('title', 'Ab')).toEqual({ value: 'Ab' });
    expect(parse('domains', 'a.example\n\n b.example ')).toEqual({ value: ['a.example', 'b.example'] });
    expect(parse('domains', 'ok.example\nmuch-too-long.example')).toEqual({ error: 'Line 2: At most 10 characters.' });
    expect(sv.parseField({ ...field('title'), schema: { type: 'string', format: 'email' } }, 'nope')).toEqual({ error: 'Enter an email address.' });
  });

  test('anything else is JSON', () => {
    expect(parse('extra', '{"a": [1]}')).toEqual({ value: { a: [1] } });
    expect(parse('extra', '{a}')).toEqual({ error: 'Not valid JSON.' });
  });

  test('a checkbox is its state', () => {
    expect(parse('enabled', true)).toEqual({ value: true });
    expect(parse('enabled', undefined)).toEqual({ value: false });
  });

  test('a text by locale leaves out empty texts, needs the locales its schema requires, and names the locale of a problem', () => {
    expect(parse('text', { en: ' Hi ', de: '' })).toEqual({ value: { en: 'Hi' } });
    expect(parse('text', { en: '', de: 'Hallo' })).toEqual({ error: 'Required.', part: 'en' });
    expect(parse('text', { en: 'Hi', de: 'Zu lang' })).toEqual({ error: 'At most 5 characters.', part: 'de' });
    expect(parse('text', { en: '', de: '' })).toEqual({ value: undefined });
  });
});

describe('collectConfig', () => {
  test('sends what differs from the defaults (and defaults the saved config had), and lists every bad field', () => {
    const fields = sv.fieldsOf(SCHEMA);
    const raws = { enabled: true, mode: 'allow', attempts: '3', ratio: '', title: '', domains: 'a.example', text: { en: 'Hi' }, extra: '', picks: '' };
    expect(sv.collectConfig(fields, raws, {})).toEqual({ config: { mode: 'allow', domains: ['a.example'], text: { en: 'Hi' } }, errors: [] });
    expect(sv.collectConfig(fields, raws, { attempts: 3, gone: 'x' }).config).toEqual({ mode: 'allow', attempts: 3, domains: ['a.example'], text: { en: 'Hi' } });
    const bad = sv.collectConfig(fields, { ...raws, mode: '', attempts: 'x', text: { en: '' } }, {});
    expect(bad.errors).toEqual([
      { name: 'mode', error: 'Required.', part: undefined },
      { name: 'attempts', error: 'Enter a number.', part: undefined },
    ]);
  });
});
