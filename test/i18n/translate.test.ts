import { codeOf } from '../support/error-code';
import { createTranslator, localeChain, placeholdersOf, translate, type MessageBundles } from '../../src/i18n';

const bundles: MessageBundles = new Map([
  ['en', new Map([['greet', 'Hello {name}'], ['only.en', 'English only'], ['two', '{a} and {b}']])],
  ['de', new Map([['greet', 'Hallo {name}'], ['two', '{b} und {a}']])],
  ['de-CH', new Map([['greet', 'Grüezi {name}']])],
]);


describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate(bundles, 'de', 'greet', { name: 'Ada' })).toBe('Hallo Ada');
    expect(translate(bundles, 'de', 'two', { a: 1, b: 2 })).toBe('2 und 1');
  });

  it('falls back from region to language to English', () => {
    expect(localeChain('de-CH')).toEqual(['de-CH', 'de', 'en']);
    expect(translate(bundles, 'de-CH', 'greet', { name: 'Ada' })).toBe('Grüezi Ada');
    expect(translate(bundles, 'de-AT', 'greet', { name: 'Ada' })).toBe('Hallo Ada');
    expect(translate(bundles, 'de', 'only.en')).toBe('English only');
    expect(translate(bundles, 'fr', 'greet', { name: 'Ada' })).toBe('Hello Ada');
    expect(translate(bundles, 'not a locale', 'greet', { name: 'Ada' })).toBe('Hello Ada');
  });

  it('inserts values as text, once: no escaping, no second expansion', () => {
    expect(translate(bundles, 'en', 'greet', { name: '<b>{name}</b> & co' })).toBe('Hello <b>{name}</b> & co');
  });

  it('renders an unknown key as the key, and throws in strict mode', () => {
    expect(translate(bundles, 'en', 'no.such.key')).toBe('no.such.key');
    expect(codeOf(() => translate(bundles, 'en', 'no.such.key', {}, { strict: true }))).toBe('FG_UNKNOWN_MESSAGE_KEY');
  });

  it('leaves an unfilled placeholder visible, and throws in strict mode', () => {
    expect(translate(bundles, 'en', 'greet')).toBe('Hello {name}');
    expect(codeOf(() => translate(bundles, 'en', 'greet', {}, { strict: true }))).toBe('FG_MESSAGE_PARAM_MISSING');
  });

  it('never reads placeholder values from Object.prototype', () => {
    const proto: MessageBundles = new Map([['en', new Map([['p', '{constructor}{toString}']])]]);
    expect(translate(proto, 'en', 'p')).toBe('{constructor}{toString}');
    expect(translate(proto, 'en', 'toString')).toBe('toString');
  });

  it('binds a locale with createTranslator', () => {
    const t = createTranslator(bundles, 'de-CH', { strict: true });
    expect(t('greet', { name: 'Ada' })).toBe('Grüezi Ada');
    expect(t('only.en')).toBe('English only');
    expect(codeOf(() => t('nope'))).toBe('FG_UNKNOWN_MESSAGE_KEY');
  });

  it('lists placeholders', () => {
    expect(placeholdersOf('{b} {a} {b} {not valid} {}')).toEqual(['a', 'b']);
  });
});
