import { localeChain } from '../spi/locale';
import { FlowgateError } from '../errors';
import { BASE_LOCALE, type MessageBundles } from './message-bundles';

/** Values for a message's `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** How lookups behave when something is missing. */
export interface TranslateOptions {
  /**
   * Throw instead of degrading: an unknown key throws `FG_UNKNOWN_MESSAGE_KEY` and a placeholder
   * without a value throws `FG_MESSAGE_PARAM_MISSING`. Default `false`: an unknown key renders as the
   * key itself and an unfilled placeholder stays as `{name}`, so a page never fails over a message.
   * Turn it on in tests.
   */
  readonly strict?: boolean;
}

/** A lookup bound to one locale, as templates receive it (`t`). */
export type Translator = (key: string, params?: MessageParams) => string;

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * The text of `key` in `locale` with its placeholders filled. Looks in `locale`, then in its
 * shorter forms (`de-CH` -> `de`), then in English. Values are inserted as plain text, in one pass
 * (a value containing `{x}` is not expanded again); escaping is the template's job.
 */
export function translate(
  bundles: MessageBundles,
  locale: string,
  key: string,
  params: MessageParams = {},
  options: TranslateOptions = {},
): string {
  return lookup(bundles, localeChain(locale), key, params, options.strict === true);
}

/** A `translate` bound to `locale`, with the fallback chain worked out once. */
export function createTranslator(bundles: MessageBundles, locale: string, options: TranslateOptions = {}): Translator {
  const chain = localeChain(locale);
  const strict = options.strict === true;
  return (key, params = {}) => lookup(bundles, chain, key, params, strict);
}

/** The placeholder names used in a message, sorted and without duplicates. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

export { localeChain } from '../spi/locale';

function lookup(bundles: MessageBundles, chain: readonly string[], key: string, params: MessageParams, strict: boolean): string {
  let text: string | undefined;
  for (const locale of chain) {
    text = bundles.get(locale)?.get(key);
    if (text !== undefined) break;
  }
  if (text === undefined) {
    if (strict) throw new FlowgateError('FG_UNKNOWN_MESSAGE_KEY', `'${key}' (looked in ${chain.join(', ')})`);
    return key;
  }
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    // Own properties only: a placeholder named `constructor` must not read Object.prototype.
    if (Object.hasOwn(params, name)) return String(params[name]);
    if (strict) throw new FlowgateError('FG_MESSAGE_PARAM_MISSING', `'{${name}}' of '${key}'`);
    return whole;
  });
}
