import type { Request, Response } from 'express';
import type { PageContext, PageRenderer } from './contracts';
import { stateOf } from './request-state';

/**
 * Whether the caller wants JSON: an `Accept` that prefers `application/json` to HTML. Browsers
 * (and a missing or `*\/*` Accept) get HTML.
 */
export function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/** The facts every page gets: its locale, the response's CSP nonce, the realm when there is one. */
function pageContext(res: Response, locale: string): PageContext {
  const { nonce, realm } = stateOf(res);
  return {
    locale,
    nonce,
    ...(realm && { realm: { name: realm.name, displayName: realm.displayName }, locales: realm.settings.supportedLocales }),
  };
}

/** Renders page `name` for this response (its nonce, realm and `locale`), without sending it. */
export function renderPage(res: Response, renderer: PageRenderer, name: string, model: Readonly<Record<string, unknown>>, locale: string): string {
  return renderer.render(name, model, pageContext(res, locale));
}

/** Renders page `name` and sends it with `status`. */
export function sendPage(res: Response, renderer: PageRenderer, name: string, model: Readonly<Record<string, unknown>>, locale: string, status = 200): void {
  res.status(status).type('html').send(renderPage(res, renderer, name, model, locale));
}

/** Sends a JSON document with `status`. */
export function sendJson(res: Response, document: unknown, status = 200): void {
  res.status(status).json(document);
}

/** A 303 See Other: after a POST the browser follows it with a GET, so a refresh never re-posts. */
export function seeOther(res: Response, location: string): void {
  res.redirect(303, location);
}
