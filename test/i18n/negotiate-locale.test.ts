import { negotiateLocale, parseAcceptLanguage } from '../../src/i18n';

const supported = ['en', 'de'];
const pick = (input: { uiLocales?: string; acceptLanguage?: string }, list = supported, fallback = 'en') =>
  negotiateLocale({ ...input, supported: list, fallback });

describe('negotiateLocale', () => {
  it('prefers ui_locales over Accept-Language', () => {
    expect(pick({ uiLocales: 'de', acceptLanguage: 'en' })).toBe('de');
  });

  it('takes the first supported ui_locales tag', () => {
    expect(pick({ uiLocales: 'fr  de en' })).toBe('de');
  });

  it('falls through to Accept-Language when no ui_locales tag is supported', () => {
    expect(pick({ uiLocales: 'fr it', acceptLanguage: 'de' })).toBe('de');
  });

  it('orders Accept-Language by q-value, keeping header order on ties', () => {
    expect(pick({ acceptLanguage: 'en;q=0.5, de;q=0.9' })).toBe('de');
    expect(pick({ acceptLanguage: 'fr, de;q=0.8, en;q=0.8' })).toBe('de');
    expect(parseAcceptLanguage('a;q=0.2, b, c;q=0.7, d;q=1')).toEqual(['b', 'd', 'c', 'a']);
  });

  it('treats q=0 as not acceptable', () => {
    expect(pick({ acceptLanguage: 'de;q=0, en;q=0.1' }, supported, 'de')).toBe('en');
    expect(pick({ acceptLanguage: 'de;q=0' }, ['de', 'fr'], 'fr')).toBe('fr');
  });

  it('matches a regional tag to its language (de-CH -> de), ignoring case', () => {
    expect(pick({ acceptLanguage: 'de-CH,fr;q=0.9' })).toBe('de');
    expect(pick({ uiLocales: 'DE-ch' })).toBe('de');
    expect(pick({ uiLocales: 'de-Latn-CH' })).toBe('de');
  });

  it('prefers an exact regional match, and falls back to a sibling region', () => {
    expect(pick({ uiLocales: 'de-AT' }, ['de', 'de-AT'])).toBe('de-AT');
    expect(pick({ uiLocales: 'en-GB' }, ['en-US', 'de'], 'de')).toBe('en-US');
  });

  it('returns the supported spelling', () => {
    expect(pick({ uiLocales: 'pt-br' }, ['en', 'pt-BR'])).toBe('pt-BR');
  });

  it('uses the fallback when nothing matches or nothing is asked', () => {
    expect(pick({ acceptLanguage: 'fr, it;q=0.5' })).toBe('en');
    expect(pick({})).toBe('en');
    expect(pick({ acceptLanguage: '*' }, supported, 'de')).toBe('de');
  });

  it('skips malformed tags and q-values', () => {
    expect(pick({ uiLocales: '!!! de' })).toBe('de');
    expect(pick({ acceptLanguage: 'en;q=abc, de;q=0.5' })).toBe('de');
    expect(pick({ acceptLanguage: 'en;q=2, de;q=0.5' })).toBe('de');
  });

  it('looks at a bounded number of tags from a huge header', () => {
    const header = `${Array.from({ length: 10_000 }, () => 'xx').join(',')},de`;
    expect(pick({ acceptLanguage: header })).toBe('en');
  });
});
