/** The locale every message and every localised text falls back to. */
export const BASE_LOCALE = 'en';

/**
 * Where a lookup in `locale` looks, most specific first, ending with English: `de-CH` gives
 * `['de-CH', 'de', 'en']`. A tag that is not a locale gives `['en']`.
 */
export function localeChain(locale: string): string[] {
  let canonical = BASE_LOCALE;
  try {
    canonical = Intl.getCanonicalLocales(locale)[0] ?? BASE_LOCALE;
  } catch {
    // an unusable tag just means English
  }
  const chain: string[] = [];
  const subtags = canonical.split('-');
  for (let n = subtags.length; n > 0; n--) chain.push(subtags.slice(0, n).join('-'));
  if (!chain.includes(BASE_LOCALE)) chain.push(BASE_LOCALE);
  return chain;
}

/**
 * Which key of a text given by locale (`{ "en": "…", "de": "…" }`, as config options marked
 * `x-localized` are) to show in `locale`: the locale, its shorter forms, then English; `undefined`
 * when none of them has a non-empty text.
 */
export function localizedKey(texts: Readonly<Record<string, string>>, locale: string): string | undefined {
  return localeChain(locale).find((candidate) => Object.hasOwn(texts, candidate) && texts[candidate] !== '');
}
