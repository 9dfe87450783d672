import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { Response } from 'express';
import { readCookie, secureCookies, sessionCookieName, sessionCookieOptions } from '../security';
import type { OidcDeps } from './oidc-deps';
import { buildProvider } from './provider-factory';

interface Built {
  readonly provider: Provider;
  /** When the realm's published keys next change (a key starts signing or retires): rebuild then. */
  readonly changesAt: number;
}

/**
 * One OpenID Connect provider per realm, built on first use and kept until its keys change
 * (rotation). Everything else a provider reads (clients, users, sessions) is looked up at use, so
 * an admin's change applies to the next request on every node without a rebuild.
 */
export class OidcProviders {
  private readonly built = new Map<string, Promise<Built>>();

  constructor(private readonly deps: OidcDeps) {}

  /** The provider of `realm` (which must exist). */
  async get(realm: string): Promise<Provider> {
    const now = Date.now();
    let entry = this.built.get(realm);
    if (entry !== undefined) {
      const built = await entry.catch(() => undefined);
      if (built !== undefined && built.changesAt > now) return built.provider;
      if (this.built.get(realm) === entry) this.built.delete(realm);
    }
    entry = this.built.get(realm);
    if (entry === undefined) {
      entry = this.build(realm);
      this.built.set(realm, entry);
    }
    return (await entry).provider;
  }

  /** Forgets the built providers (after a key rotation on this node, so the next request rebuilds at once). */
  invalidate(realm?: string): void {
    if (realm === undefined) this.built.clear();
    else this.built.delete(realm);
  }

  private async build(realm: string): Promise<Built> {
    const keys = await this.deps.keys.published(realm);
    const provider = buildProvider(this.deps, realm, keys);
    this.hook(provider, realm);
    return { provider, changesAt: keys.changesAt };
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
      if (route === 'end_session_confirm' && ctx.status === 303 && (ctx.oidc.params as { logout?: string } | undefined)?.logout) {
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
