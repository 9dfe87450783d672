import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { Response } from 'express';
import { readCookie, secureCookies, sessionCookieName, sessionCookieOptions } from '../security';
import type { OidcDeps } from './oidc-deps';
import { buildProvider } from './provider-factory';

interface Built {
  readonly provider: Provider;
  /** The keys it was built with, as a comparable text (ids and schedule). */
  readonly keys: string;
  /** When the realm's published keys next change by themselves (a key starts signing or retires). */
  readonly changesAt: number;
  /** When to look at the stored keys again (a rotation on another node). */
  checkAt: number;
}

/** How often a node looks for keys rotated elsewhere (another node, the CLI): once a minute. */
export const KEY_RECHECK_MS = 60_000;

/**
 * One OpenID Connect provider per realm, built on first use and kept while its keys stay the
 * same. Everything else a provider reads (clients, users, sessions) is looked up at use, so an
 * admin's change applies to the next request on every node without a rebuild; keys are looked at
 * again every `KEY_RECHECK_MS` and when the schedule says one starts signing or retires.
 */
export class OidcProviders {
  private readonly built = new Map<string, Promise<Built>>();

  constructor(private readonly deps: OidcDeps) {}

  /** The provider of `realm` (which must exist). */
  async get(realm: string): Promise<Provider> {
    const now = Date.now();
    const entry = this.built.get(realm);
    const current = entry === undefined ? undefined : await entry.catch(() => undefined);
    if (current !== undefined && current.changesAt > now && current.checkAt > now) return current.provider;
    if (this.built.get(realm) !== entry) return this.get(realm);
    const next = this.build(realm, current);
    this.built.set(realm, next);
    return (await next).provider;
  }

  /** Forgets the built providers (after a key rotation on this node, so the next request sees it at once). */
  invalidate(realm?: string): void {
    if (realm === undefined) this.built.clear();
    else this.built.delete(realm);
  }

  private async build(realm: string, previous: Built | undefined): Promise<Built> {
    const published = await this.deps.keys.published(realm);
    const keys = JSON.stringify(published.keys.map((k) => [k.kid, k.signsFrom, k.retireAt]));
    const checkAt = Date.now() + KEY_RECHECK_MS;
    if (previous !== undefined && previous.keys === keys && published.changesAt === previous.changesAt) return { ...previous, checkAt };
    const provider = buildProvider(this.deps, realm, published);
    this.hook(provider, realm);
    return { provider, keys, changesAt: published.changesAt, checkAt };
  }

  /** What Flowgate adds around the provider's own routes. */
  private hook(provider: Provider, realm: string): void {
    provider.use(async (ctx, next) => {
      await next();
      const route = ctx.oidc?.route;
      if (route === 'introspection' && ctx.status === 200) {
        const clientId = ctx.oidc.client?.clientId;
        await this.deps.events
          .forContext({ realm, ...(clientId !== undefined && { clientId }), ...(ctx.ip !== undefined && { ip: ctx.ip }) })
          .record({ type: 'INTROSPECT_TOKEN', details: { active: (ctx.body as { active?: boolean } | undefined)?.active === true } });
      }
      if (route === 'resume' && (ctx.status === 302 || ctx.status === 303)) withActionStatus(ctx as KoaContextWithOIDC);
      // RP-initiated logout that the person confirmed ends the Flowgate session too: one session.
      // Only a signed-in provider session was confirmed by the person (the provider asks only then):
      // a logout request for a browser the app never signed in must not sign it out of Flowgate.
      const confirmed = (ctx.oidc?.session as { accountId?: string } | undefined)?.accountId !== undefined;
      if (route === 'end_session_confirm' && ctx.status === 303 && confirmed && (ctx.oidc.params as { logout?: string } | undefined)?.logout) {
        const token = readCookie(ctx.req, sessionCookieName(realm));
        if (token !== undefined) await this.deps.userSessions.revokeByToken(realm, token);
        (ctx.res as Response).clearCookie(sessionCookieName(realm), sessionCookieOptions(realm, secureCookies(this.deps.config.publicUrl)));
      }
    });
  }
}

/**
 * Keycloak's application-initiated actions: the redirect back to the app carries
 * `kc_action_status` (and the action) next to the code. The app must not take it as proof: the
 * person can edit the URL.
 */
function withActionStatus(ctx: KoaContextWithOIDC): void {
  const interaction = ctx.oidc.entities.Interaction as unknown as { params?: { kc_action?: string }; result?: { flowgate?: { kcActionStatus?: string } } } | undefined;
  const status = interaction?.result?.flowgate?.kcActionStatus;
  const action = interaction?.params?.kc_action;
  const location = ctx.response.get('location');
  if (status === undefined || action === undefined || location === '') return;
  const url = new URL(location);
  url.searchParams.set('kc_action', action);
  url.searchParams.set('kc_action_status', status);
  ctx.redirect(url.href);
  ctx.status = 303;
}
