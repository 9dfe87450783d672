import type { KoaContextWithOIDC, Provider } from 'oidc-provider';
import type { OidcDeps } from './oidc-deps';

/** Keycloak's event types for what happens at the token, introspection and logout endpoints. */
const GRANT_EVENTS: Readonly<Record<string, string>> = {
  authorization_code: 'CODE_TO_TOKEN',
  refresh_token: 'REFRESH_TOKEN',
  client_credentials: 'CLIENT_LOGIN',
};

/**
 * Records the provider's events in the realm's event store, with Keycloak's names: a token
 * issued (`CODE_TO_TOKEN`, `REFRESH_TOKEN`, `CLIENT_LOGIN`) or refused (the same with `_ERROR`
 * and the RFC error as the reason), `LOGIN_ERROR` for an authorization request that cannot be
 * answered, `INTROSPECT_TOKEN`, and `LOGOUT` for RP-initiated logout. The
 * provider emits synchronously; a failure to record is logged, never thrown into its request.
 */
export function recordProviderEvents(provider: Provider, deps: OidcDeps, realm: string): void {
  const record = (ctx: KoaContextWithOIDC, type: string, extra: { userId?: string; error?: string; details?: Record<string, unknown> }) => {
    const clientId = ctx.oidc?.client?.clientId;
    void deps.events
      .forContext({ realm, ...(clientId !== undefined && { clientId }), ...(ctx.ip !== undefined && { ip: ctx.ip }) })
      .record({ type, ...(extra.userId !== undefined && { userId: extra.userId }), ...(extra.error !== undefined && { error: extra.error }), ...(extra.details && { details: extra.details }) })
      .catch((err: unknown) => deps.logger.error({ err, realm, type }, 'could not record an OpenID Connect event'));
  };
  const grantType = (ctx: KoaContextWithOIDC) => String((ctx.oidc?.params as Record<string, unknown> | undefined)?.grant_type ?? '');
  const accountOf = (ctx: KoaContextWithOIDC): string | undefined => {
    const entities = ctx.oidc?.entities as Record<string, { accountId?: string } | undefined> | undefined;
    return entities?.AuthorizationCode?.accountId ?? entities?.RefreshToken?.accountId ?? entities?.Account?.accountId;
  };

  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const type = GRANT_EVENTS[grantType(ctx)];
    if (type !== undefined) record(ctx, type, { ...(accountOf(ctx) !== undefined && { userId: accountOf(ctx) }) });
  });
  provider.on('grant.error', (ctx: KoaContextWithOIDC, error: { error?: string }) => {
    const type = GRANT_EVENTS[grantType(ctx)] ?? 'CODE_TO_TOKEN';
    record(ctx, `${type}_ERROR`, { error: error.error ?? 'server_error' });
  });
  // A request the app sent that could not be answered (unknown client, unregistered redirect URI, …): Keycloak's LOGIN_ERROR.
  provider.on('authorization.error', (ctx: KoaContextWithOIDC, error: { error?: string }) => record(ctx, 'LOGIN_ERROR', { error: error.error ?? 'server_error', details: { from: 'authorization' } }));
  provider.on('introspection.error', (ctx: KoaContextWithOIDC, error: { error?: string }) => record(ctx, 'INTROSPECT_TOKEN_ERROR', { error: error.error ?? 'server_error' }));
  provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
    const accountId = (ctx.oidc?.session as { accountId?: string } | undefined)?.accountId;
    record(ctx, 'LOGOUT', { ...(accountId !== undefined && { userId: accountId }), details: { from: 'end_session' } });
  });
}
