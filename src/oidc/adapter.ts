import { oidcProviderLib } from './provider-lib';
import { AlreadyConsumed, type OidcModelAdapter, type OidcPayload } from '../store/oidc-adapter.store';
import { usesGeneratedSecret } from '../engine';
import { clientMetadata } from './client-metadata';
import type { OidcDeps } from './oidc-deps';

/**
 * The provider's storage for one realm: its rows in the shared database, except clients, which are
 * the realm's own (read at each lookup, so an admin's change applies at once; the provider keeps
 * a parsed client per distinct metadata).
 */
export function realmAdapterFactory(deps: OidcDeps, realm: string): (model: string) => OidcModelAdapter {
  return (model) => (model === 'Client' ? new RealmClients(deps, realm) : new ReplayAware(deps.adapters.adapter(realm, model)));
}

/** A code or refresh token used twice at once: the loser gets the RFC's `invalid_grant`, not a server error. */
class ReplayAware implements OidcModelAdapter {
  constructor(private readonly inner: OidcModelAdapter) {}
  upsert(id: string, payload: OidcPayload, expiresIn?: number) {
    return this.inner.upsert(id, payload, expiresIn);
  }
  find(id: string) {
    return this.inner.find(id);
  }
  findByUid(uid: string) {
    return this.inner.findByUid(uid);
  }
  findByUserCode(userCode: string) {
    return this.inner.findByUserCode(userCode);
  }
  async consume(id: string) {
    try {
      await this.inner.consume(id);
    } catch (err) {
      if (err instanceof AlreadyConsumed) throw new (oidcProviderLib().errors.InvalidGrant)(`${err.model === 'RefreshToken' ? 'refresh token' : 'authorization code'} already used`);
      throw err;
    }
  }
  destroy(id: string) {
    return this.inner.destroy(id);
  }
  revokeByGrantId(grantId: string) {
    return this.inner.revokeByGrantId(grantId);
  }
}

/** Clients come from the realm definition; nothing writes them through the provider. */
class RealmClients implements OidcModelAdapter {
  constructor(
    private readonly deps: OidcDeps,
    private readonly realm: string,
  ) {}

  async find(clientId: string): Promise<OidcPayload | undefined> {
    const realm = await this.deps.realms.getRealm(this.realm);
    const client = realm?.clients.find((c) => c.clientId === clientId);
    if (!client) return undefined;
    let secret: string | undefined;
    if (client.type === 'confidential') {
      secret = usesGeneratedSecret(client) ? await this.deps.clientSecrets.reveal(this.realm, clientId) : this.deps.env[client.secretEnv!];
      if (secret === '') secret = undefined;
    }
    return clientMetadata(client, secret);
  }

  async upsert(): Promise<void> {}
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}
