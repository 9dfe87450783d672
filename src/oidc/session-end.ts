import type { OidcDeps } from './oidc-deps';
import type { OidcProviders } from './providers';

/** A provider session's payload, the parts read here. */
interface SessionPayload {
  readonly accountId?: string;
  readonly authorizations?: Record<string, { readonly grantId?: string; readonly sid?: string }>;
}

/**
 * When Flowgate sessions end (signed out on the account page, revoked in the admin API, their user
 * disabled), the provider sessions that mirror them end too: their grants are revoked (every code,
 * access and refresh token issued under them), each client with a back-channel logout URI is told
 * (OpenID Connect Back-Channel Logout), and the session row goes. A client that cannot be reached
 * is logged, not retried: its tokens are already dead.
 */
export function endLinkedProviderSessions(deps: OidcDeps, providers: OidcProviders) {
  return async (realm: string, userSessionIds: readonly string[]): Promise<void> => {
    const uids = await deps.adapters.linkedSessions(realm, userSessionIds);
    if (uids.length === 0) return;
    const grants = deps.adapters.adapter(realm, 'Grant');
    for (const uid of uids) {
      const payload = (await deps.adapters.storedPayload(realm, 'Session', { uid })) as SessionPayload | undefined;
      if (!payload) continue;
      for (const [clientId, { grantId, sid }] of Object.entries(payload.authorizations ?? {})) {
        if (grantId !== undefined) {
          await grants.revokeByGrantId(grantId);
          await deps.adapters.delete(realm, { model: 'Grant', id: grantId });
        }
        if (payload.accountId !== undefined && sid !== undefined) await notifyClient(deps, providers, realm, clientId, payload.accountId, sid);
      }
      await deps.adapters.delete(realm, { model: 'Session', uid });
    }
  };
}

async function notifyClient(deps: OidcDeps, providers: OidcProviders, realm: string, clientId: string, accountId: string, sid: string): Promise<void> {
  try {
    const provider = await providers.get(realm);
    const client = (await provider.Client.find(clientId)) as unknown as { backchannelLogoutUri?: string; backchannelLogout(sub: string, sid: string): Promise<void> } | undefined;
    if (!client?.backchannelLogoutUri) return;
    await client.backchannelLogout(accountId, sid);
  } catch (err) {
    deps.logger.warn({ err, realm, clientId }, 'back-channel logout failed');
  }
}
