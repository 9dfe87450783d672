import { Router, type RequestHandler } from 'express';
import { loadRealm, noStore, pageLocale } from '../http/middleware/realm';
import type { RealmSource } from '../engine';
import { PROTOCOL_PREFIX, REGISTRATIONS_PATH } from './keycloak-routes';
import type { OidcProviders } from './providers';

/** Discovery, under the issuer as everywhere. */
const DISCOVERY_PATH = '/.well-known/openid-configuration';

/**
 * Mounts the realms' providers at Keycloak's paths: `/realms/<realm>/.well-known/openid-configuration`
 * and `/realms/<realm>/protocol/openid-connect/*`. An unknown realm is the usual 404 page. The
 * provider is told the public URL's scheme and host (as a proxy would), so every URL it writes is
 * the issuer's, whatever address the request came to. Keycloak's `registrations` path is the
 * authorization endpoint with `prompt=create`.
 */
export function protocolRoutes(providers: OidcProviders, realms: RealmSource, publicUrl: string): Router {
  const publicOrigin = new URL(publicUrl);
  // Every other path under a realm is the login pages': leave this router at once.
  const onlyProtocol: RequestHandler = (req, _res, next) => next(req.path === DISCOVERY_PATH || req.path.startsWith(`${PROTOCOL_PREFIX}/`) ? undefined : 'router');
  const handOver: RequestHandler = async (req, res) => {
    const provider = await providers.get(String(req.params.realm));
    if (req.path === REGISTRATIONS_PATH) {
      const query = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1 || req.url.length));
      const prompts = new Set((query.get('prompt') ?? '').split(' ').filter((p) => p !== ''));
      prompts.add('create');
      query.set('prompt', [...prompts].join(' '));
      req.url = `${PROTOCOL_PREFIX}/auth?${query.toString()}`;
    }
    req.headers['x-forwarded-proto'] = publicOrigin.protocol.slice(0, -1);
    req.headers['x-forwarded-host'] = publicOrigin.host;
    delete req.headers['x-forwarded-port'];
    provider.callback()(req, res);
  };
  const r = Router({ mergeParams: true });
  const realm = loadRealm(realms);
  r.use('/realms/:realm', onlyProtocol, noStore, realm, pageLocale, handOver);
  return r;
}
