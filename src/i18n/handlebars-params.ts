import Handlebars from 'handlebars';
import type { MessageParams } from './translate';

/**
 * The hash of a template's `{{t "key" name=value}}` call as message params: strings and numbers
 * (and already-escaped SafeStrings, as text) pass; anything else is dropped rather than printed
 * as `[object Object]`. Shared by the page and email renderers.
 */
export function scalarParams(values: Readonly<Record<string, unknown>>): MessageParams {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    else if (value instanceof Handlebars.SafeString) params[name] = value.toString();
  }
  return params;
}
