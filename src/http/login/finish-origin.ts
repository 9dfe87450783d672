import type { Request, Response } from 'express';
import { permitFormActionTo } from '../middleware/security-headers';

/** Where a sign-in ends, as far as a page's forms are concerned: its client's redirect URI, if any. */
export interface SignInEnd {
  readonly redirectUri?: string | undefined;
}

/**
 * Marks this response as one whose form can finish `signIn`: a step of it, the confirmation page of
 * a link back into it (in any browser: a link can move the sign-in there), or the POST's answer.
 * A finished sign-in answers the POST with a 303 to the client's redirect URI, and Chrome checks
 * that hop against the `form-action` of the page that posted, so that page must allow the redirect
 * URI's origin, else the browser stops on the last hop with the sign-in done. Every such page gets
 * its origin from here, and only its own client's: a sign-in without a client ends on this server.
 */
export function allowFinishAtClient(req: Request, res: Response, signIn: SignInEnd): void {
  if (signIn.redirectUri !== undefined) permitFormActionTo(req, res, signIn.redirectUri);
}
