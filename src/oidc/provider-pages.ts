import type { Request, Response } from 'express';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { ActionLink } from '../http/contracts';
import { sendError } from '../http/error-response';
import { localeOf } from '../http/request-state';
import { permitFormActionTo } from '../http/middleware/security-headers';
import { renderPage, sendPage } from '../http/respond';
import { accountUrl } from '../http/login-urls';
import type { OidcDeps } from './oidc-deps';

/** What the provider's error carries to its page (RFC 6749 §4.1.2.1 names). */
interface ProviderErrorOut {
  readonly error?: string;
  readonly error_description?: string;
}

/**
 * The provider's own pages, drawn with Flowgate's theme: its error page (a request that cannot be
 * answered at the app's redirect URI: unknown client, unregistered `redirect_uri`, …) and the
 * RP-initiated logout's confirmation. Both are drawn by the login pages' own renderer, so they
 * look, translate and are protected (CSP nonce, no-store) like every other page; the error page
 * takes over the response from the provider's framework (`ctx.respond = false`).
 */
export function providerPages(deps: OidcDeps, realm: string) {
  const express = (ctx: KoaContextWithOIDC) => ({ req: ctx.req as Request, res: ctx.res as Response });
  return {
    async renderError(ctx: KoaContextWithOIDC, out: ProviderErrorOut, error: unknown): Promise<void> {
      const { req, res } = express(ctx);
      ctx.respond = false;
      const server = ctx.status >= 500;
      if (server) deps.logger.error({ err: error, realm }, 'OpenID Connect provider error');
      sendError(req, res, deps, {
        code: server ? 'FG_INTERNAL_ERROR' : 'FG_OIDC_REQUEST_INVALID',
        status: server ? 500 : ctx.status,
        ...(!server && out.error !== undefined && { reason: out.error }),
        ...(!server && out.error_description !== undefined && { messageKey: 'error.oidc.requestInvalid', messageParams: { detail: out.error_description } }),
      });
    },
    logout: {
      /**
       * Unlike the other pages, the provider sends this one (`ctx.body`): it stores the
       * confirmation's state and sets its session cookie after this returns, which a response
       * already sent would refuse. Confirming answers with a 303 to the app's post-logout URI
       * (registered: the provider checked it), a hop Chrome checks against this page's
       * `form-action`, so that origin is allowed here.
       */
      async logoutSource(ctx: KoaContextWithOIDC): Promise<void> {
        const { req, res } = express(ctx);
        const postLogoutUri = (ctx.oidc.params as { post_logout_redirect_uri?: string } | undefined)?.post_logout_redirect_uri;
        if (postLogoutUri !== undefined) permitFormActionTo(req, res, postLogoutUri);
        const state = (ctx.oidc.session as unknown as { state?: { secret?: string } }).state;
        const action = ctx.oidc.urlFor('end_session_confirm');
        const signOut: ActionLink = { method: 'POST', href: new URL(action).pathname, fields: { xsrf: state?.secret ?? '', logout: 'yes' } };
        ctx.type = 'html';
        ctx.body = renderPage(res, deps.renderer, 'logout-confirm', { signOut, cancel: { method: 'GET', href: accountUrl(realm) } }, localeOf(res));
      },
      async postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
        const { res } = express(ctx);
        ctx.respond = false;
        sendPage(res, deps.renderer, 'logged-out', { signIn: { method: 'GET', href: accountUrl(realm) } }, localeOf(res));
      },
    },
  };
}
