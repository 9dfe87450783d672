import { BASE_LOCALE } from '../spi/locale';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FlowgateError } from '../errors';

/**
 * One locale's messages: key to text with `{name}` placeholders. A `Map` rather than an object so
 * a key such as `constructor` or `__proto__` can never reach `Object.prototype`.
 */
export type MessageBundle = ReadonlyMap<string, string>;

/** Message bundles by canonical locale tag (`en`, `de`, `de-CH`). */
export type MessageBundles = ReadonlyMap<string, MessageBundle>;

/** The locale every lookup falls back to; its bundle must exist and holds every key. */
export { BASE_LOCALE } from '../spi/locale';

// Flat dotted keys: `email.magicLink.subject`. Nested objects are refused so a key has one spelling.
const KEY_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * Reads `<locale>.json` files from each directory, in order: a later directory (a theme) overrides
 * an earlier one key by key, so a theme ships only the messages it changes. Each file is a flat JSON
 * object of string values. A directory that does not exist, a malformed file, a file name that is
 * not a locale tag, and a result without an `en` bundle are boot errors (`FG_MESSAGE_BUNDLE_INVALID`).
 */
export function loadBundles(dirs: readonly string[]): MessageBundles {
  const bundles = new Map<string, Map<string, string>>();
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new FlowgateError('FG_MESSAGE_BUNDLE_INVALID', 'message directory does not exist', { file: dir });
    }
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const file = join(dir, name);
      const locale = canonicalLocale(name.slice(0, -'.json'.length), file);
      const target = bundles.get(locale) ?? new Map<string, string>();
      for (const [key, text] of readBundleFile(file)) target.set(key, text);
      bundles.set(locale, target);
    }
  }
  if (!bundles.has(BASE_LOCALE)) {
    throw new FlowgateError('FG_MESSAGE_BUNDLE_INVALID', `no ${BASE_LOCALE}.json in ${dirs.join(', ') || '(no directories)'}`);
  }
  return bundles;
}

/** Parses one bundle file into its entries, refusing anything but a flat object of strings. */
function readBundleFile(file: string): Array<[string, string]> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new FlowgateError('FG_MESSAGE_BUNDLE_INVALID', (err as Error).message, { file }, { cause: err });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new FlowgateError('FG_MESSAGE_BUNDLE_INVALID', 'must be a JSON object of messages', { file, path: '' });
  }
  const entries: Array<[string, string]> = [];
  for (const [key, text] of Object.entries(data)) {
    if (!KEY_PATTERN.test(key)) {
      throw new FlowgateError('FG_MESSAGE_BUNDLE_INVALID', `'${key}' is not a flat dotted message key`, { file, path: pointer(key) });
    }
    if (typeof text !== 'string') {
      throw new FlowgateError('FG_MESSAGE_BUNDLE_INVALID', 'a message must be a string', { file, path: pointer(key) });
    }
    entries.push([key, text]);
  }
  return entries;
}

function canonicalLocale(tag: string, file: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical !== undefined) return canonical;
  } catch {
    // fall through to the coded error
  }
  throw new FlowgateError('FG_MESSAGE_BUNDLE_INVALID', `file name '${tag}' is not a locale tag`, { file });
}

function pointer(key: string): string {
  return `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}
