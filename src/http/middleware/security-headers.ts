import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { stateOf } from '../request-state';

/**
 * The login pages' security headers (helmet). The Content-Security-Policy allows only this
 * origin's scripts (plus inline ones carrying the response's nonce), styles and images, no
 * plugins, no `<base>`, no framing (clickjacking), and forms that post here.
 *
 * `form-action` needs care: Chrome applies it to every redirect that follows a form submission,
 * so when a sign-in POST answers with a 303 to the client's redirect URI, the client's origin must
 * be allowed too, or the browser stops on the last hop. `permitFormActionTo` adds an origin;
 * which pages get the client's (those whose forms may end that way, and the redirect itself) is
 * decided in one place, `allowFinishAtClient` (`src/http/login/finish-origin.ts`).
 */
export function securityHeaders(options: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives() },
    referrerPolicy: { policy: 'no-referrer' }, // step URLs carry tab ids
    strictTransportSecurity: options.https ? { maxAge: 31536000, includeSubDomains: false } : false,
    xFrameOptions: { action: 'deny' },
  });
}

// Evaluated per response, so the nonce and the allowed form targets are this request's.
// helmet types them on node's classes; express's response is one, with `locals`.
const nonce = (_req: IncomingMessage, res: ServerResponse): string => `'nonce-${stateOf(res as Response).nonce}'`;
const formTargets = (_req: IncomingMessage, res: ServerResponse): string => ["'self'", ...stateOf(res as Response).formActionOrigins].join(' ');

function cspDirectives() {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", nonce],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: [formTargets],
  };
}

const csp = helmet.contentSecurityPolicy({ useDefaults: false, directives: cspDirectives() });

/**
 * Lets forms of this response lead to `url`'s origin (an http(s) URL; anything else is ignored)
 * and rewrites the CSP header accordingly. Call it before the response is sent.
 */
export function permitFormActionTo(req: Request, res: Response, url: string): void {
  const origin = httpOrigin(url);
  const state = stateOf(res);
  if (origin === undefined || state.formActionOrigins.includes(origin)) return;
  state.formActionOrigins.push(origin);
  csp(req, res, () => undefined);
}

/** The origin of an http(s) URL, or undefined. */
function httpOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}
