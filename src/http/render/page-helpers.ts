import Handlebars from 'handlebars';
import { scalarParams } from '../../i18n/handlebars-params';
import { FlowgateError } from '../../errors';
import type { MessageParams, Translator } from '../../i18n';

/**
 * What one render shares with the template functions, passed as handlebars data (`@flowgate`), so
 * no model key can shadow it and concurrent renders never share it.
 */
export interface RenderState {
  /** Lookup in the page's locale (strict in tests). */
  readonly t: Translator;
  /** Whether a message key exists in the page's locale chain. */
  readonly hasMessage: (key: string) => boolean;
  /** The locale the page is written in. */
  readonly lang: string;
  /** Text of the page's `{{#h1}}` as escaped HTML, set while the page renders; the layout's `<title>`. */
  title?: string;
}

/** The handlebars data key the render state travels under. */
export const RENDER_STATE_KEY = 'flowgate';

// A path on this server: one leading slash, not `//host` or `/\host` (both leave the origin in browsers).
const LOCAL_PATH = /^\/(?![/\\])[^\s\\]*$/;

/**
 * Registers the template functions every login page may use:
 * - `{{t "key" name=value}}` / `{{t key params}}`: a message in the page's locale, placeholders filled
 *   from the hash and/or a params object; escaped like any value.
 * - `{{tOr key fallback}}`: the message when the bundles have `key`, else `fallback` as given (for
 *   admin-named sub-flows that have no message).
 * - `{{#h1}}...{{/h1}}`: the page's one `<h1>`; its text also becomes the document `<title>`.
 * - `{{localPath href}}`: `href` if it is a path on this server, else the render fails
 *   (`FG_PAGE_LINK_INVALID`): a link built from untrusted input must never lead elsewhere.
 * - `{{inputType type}}`: the `<input type>` of a `FormField` type (`code` -> `text`).
 * - `{{formatDate value}}` / `{{isoDate value}}`: a date in the page's locale and the model's
 *   `timeZone` (default UTC, zone shown), and as ISO 8601 for `<time datetime>`.
 * - `eq`, `and`, `or`, `not`, `nonEmpty` (an object with keys or a non-empty array), `concat`,
 *   `hasKind list kind` (whether a list of messages has one of that `kind`),
 *   `json value` (the value as JSON text, for a data attribute a page's script reads).
 */
export function registerPageHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('t', (key: unknown, ...rest: unknown[]) => {
    const options = rest.pop() as Handlebars.HelperOptions;
    const positional = rest[0];
    const params = {
      ...(isRecord(positional) ? scalarParams(positional) : {}),
      ...scalarParams(options.hash as Record<string, unknown>),
    };
    return stateOf(options).t(String(key), params);
  });
  hb.registerHelper('tOr', (key: unknown, fallback: unknown, options: Handlebars.HelperOptions) => {
    const state = stateOf(options);
    return typeof key === 'string' && state.hasMessage(key) ? state.t(key) : String(fallback ?? '');
  });
  hb.registerHelper('h1', function (this: unknown, options: Handlebars.HelperOptions) {
    const inner = options.fn(this);
    const state = stateOf(options);
    // `inner` is escaped HTML; without its tags (and any stray `<` of a theme's own markup) it is escaped text for <title>.
    state.title ??= inner.replace(/<[^>]*>/g, '').replace(/</g, '&lt;').replace(/\s+/g, ' ').trim();
    return new hb.SafeString(`<h1 class="fg-title">${inner}</h1>`);
  });
  hb.registerHelper('localPath', (href: unknown) => {
    if (typeof href !== 'string' || !LOCAL_PATH.test(href)) {
      throw new FlowgateError('FG_PAGE_LINK_INVALID', `${JSON.stringify(String(href)).slice(0, 200)} is not a path on this server`);
    }
    return href;
  });
  hb.registerHelper('inputType', (type: unknown) => (type === 'code' ? 'text' : String(type)));
  hb.registerHelper('formatDate', (value: unknown, options: Handlebars.HelperOptions) => {
    const date = toDate(value);
    if (date === undefined) return '';
    const root = (options.data as { root?: { timeZone?: unknown } }).root;
    return dateFormat(stateOf(options).lang, root?.timeZone).format(date);
  });
  hb.registerHelper('isoDate', (value: unknown) => toDate(value)?.toISOString() ?? '');
  // A value as JSON text, for a data attribute a page's script reads (escaped like any value).
  hb.registerHelper('json', (value: unknown) => JSON.stringify(value ?? null));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hb.registerHelper('not', (value: unknown) => !value);
  hb.registerHelper('nonEmpty', (value: unknown) => (Array.isArray(value) ? value.length > 0 : isRecord(value) && Object.keys(value).length > 0));
  hb.registerHelper('hasKind', (list: unknown, kind: unknown) => Array.isArray(list) && list.some((item) => isRecord(item) && item.kind === kind));
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map((a) => String(a ?? '')).join(''));
}

function stateOf(options: Handlebars.HelperOptions): RenderState {
  const state = (options.data as Record<string, unknown> | undefined)?.[RENDER_STATE_KEY] as RenderState | undefined;
  // Only the renderer calls templates; a template run without state is a bug in the caller.
  if (state === undefined) throw new Error('page template rendered without its render state');
  return state;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The values usable as message placeholders: strings and numbers (and SafeStrings, as text). */

function toDate(value: unknown): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  return date !== undefined && !Number.isNaN(date.getTime()) ? date : undefined;
}

function dateFormat(lang: string, timeZone: unknown): Intl.DateTimeFormat {
  // dateStyle/timeStyle cannot show the zone; the parts can, and a date without its zone misleads.
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
  if (typeof timeZone === 'string' && timeZone !== '') {
    try {
      return new Intl.DateTimeFormat(lang, { ...options, timeZone });
    } catch {
      // an unknown zone falls back to UTC rather than failing the page
    }
  }
  return new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' });
}
