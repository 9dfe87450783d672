import type { RealmSource, ResourceServer } from '../engine';
import { DEFAULT_LIFETIMES } from './lifetimes';
import { oidcProviderLib, type KoaContextWithOIDC } from './provider-lib';

/**
 * The realm's resource servers (`settings.resourceServers`) as the provider's resource indicators
 * (RFC 8707): an app that names one with `resource` gets a signed JWT access token for it
 * (RFC 9068, `typ: at+jwt`, `aud` = the identifier), carrying the scopes of that API it asked for.
 * An unknown identifier is `invalid_target`. Without `resource`, access tokens stay opaque.
 */
export function resourceIndicators(realms: RealmSource, realm: string) {
  const find = async (identifier: string): Promise<ResourceServer | undefined> => (await realms.getRealm(realm))?.settings.resourceServers?.find((r) => r.identifier === identifier);
  return {
    enabled: true,
    // No resource asked for: none (an opaque token for userinfo).
    defaultResource: () => undefined,
    // The token request may leave `resource` out: the one granted at authorization applies.
    useGrantedResource: () => true,
    async getResourceServerInfo(_ctx: KoaContextWithOIDC, identifier: string) {
      const server = await find(identifier);
      if (!server) throw new (oidcProviderLib().errors.InvalidTarget)(`'${identifier}' is not a resource server of this realm`);
      return {
        scope: server.scopes.join(' '),
        audience: server.identifier,
        // None set: the clients' default access-token lifetime.
        accessTokenTTL: server.accessTokenSeconds ?? DEFAULT_LIFETIMES.accessTokenSeconds,
        accessTokenFormat: 'jwt' as const,
        jwt: { sign: { alg: 'RS256' as const } },
      };
    },
  };
}

/** Adds to a first-party grant the scopes of each requested resource server that it asked for. */
export async function grantResourceScopes(realms: RealmSource, realm: string, ctx: KoaContextWithOIDC, grant: { addResourceScope(resource: string, scope: string): unknown }): Promise<void> {
  const requested = (ctx.oidc.params as Record<string, unknown>).resource;
  const resources = (Array.isArray(requested) ? requested : [requested]).filter((r): r is string => typeof r === 'string');
  if (resources.length === 0) return;
  const servers = (await realms.getRealm(realm))?.settings.resourceServers ?? [];
  const asked = ctx.oidc.requestParamScopes;
  for (const resource of resources) {
    const server = servers.find((s) => s.identifier === resource);
    if (!server) continue; // the provider refuses it with invalid_target
    const scopes = server.scopes.filter((s) => asked.has(s));
    grant.addResourceScope(resource, scopes.join(' '));
  }
}
