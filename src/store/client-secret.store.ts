import { In, Not, type DataSource, type EntityManager } from 'typeorm';
import { usesGeneratedSecret, type ClientDefinition } from '../engine';
import { openSealed, randomId, seal } from '../security';
import type { Clock } from '../spi/services';
import { exclusive, inTransaction } from './connection-lock';
import { ClientSecretEntity } from './entities/client-secret.entity';

/** The `deriveKey` purpose of the key client secrets are sealed under. */
export const CLIENT_SECRET_KEY_PURPOSE = 'client-secrets';

/** Random bytes of a generated client secret (256 bits; 43 base64url characters). */
const SECRET_BYTES = 32;

/**
 * The secrets Flowgate generates for confidential clients. Each is shown once, when it is made,
 * and kept sealed (`sealed-box.ts`) under `deriveKey(serverSecret, 'client-secrets')`, bound to
 * `client-secret:<realm>/<clientId>`, so a row copied to another client does not open there. The
 * OpenID Connect provider reads it back with `reveal` to check what a client sends.
 */
export class ClientSecretStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly key: Buffer,
  ) {}

  /** Makes a new secret for the client, replacing any it had, and returns it: the only time it is shown. */
  async generate(realm: string, clientId: string): Promise<string> {
    const secret = randomId(SECRET_BYTES);
    const row: ClientSecretEntity = { realm, clientId, sealedSecret: seal(this.key, secret, aad(realm, clientId)), createdAt: this.clock.now() };
    await inTransaction(this.dataSource, async (manager) => {
      await manager.delete(ClientSecretEntity, { realm, clientId });
      await manager.insert(ClientSecretEntity, row);
    });
    return secret;
  }

  /**
   * The client's secret, or `undefined` when it has none. Fails with `FG_SEALED_SECRET_INVALID`
   * when the stored value does not open (another server secret, or a changed row).
   */
  async reveal(realm: string, clientId: string): Promise<string | undefined> {
    const row = await exclusive(this.dataSource, () => this.dataSource.manager.findOne(ClientSecretEntity, { where: { realm, clientId } }));
    return row ? openSealed(this.key, row.sealedSecret, aad(realm, clientId)) : undefined;
  }

  /** Whether the client has a generated secret (without opening it). */
  async hasSecret(realm: string, clientId: string): Promise<boolean> {
    return exclusive(this.dataSource, () => this.dataSource.manager.exists(ClientSecretEntity, { where: { realm, clientId } }));
  }

  /** Of `clientIds`, those that have a generated secret. */
  async withSecrets(realm: string, clientIds: readonly string[]): Promise<Set<string>> {
    if (clientIds.length === 0) return new Set();
    const rows = await exclusive(this.dataSource, () => this.dataSource.manager.find(ClientSecretEntity, { where: { realm }, select: { clientId: true } }));
    const wanted = new Set(clientIds);
    return new Set(rows.map((r) => r.clientId).filter((id) => wanted.has(id)));
  }

  /** Forgets the client's secret (nothing happens when it has none). */
  async remove(realm: string, clientId: string): Promise<void> {
    await exclusive(this.dataSource, () => this.dataSource.manager.delete(ClientSecretEntity, { realm, clientId }));
  }
}

/**
 * Deletes, inside a realm write, the stored secrets no client of `realm` uses any more: of clients
 * that are gone, became public or now read their secret from `secretEnv`. Run by every write of a
 * realm's clients (boot import, admin API), so a secret never outlives its use.
 */
export async function deleteUnusedSecrets(manager: EntityManager, realm: string, clients: readonly ClientDefinition[]): Promise<void> {
  const used = clients.filter(usesGeneratedSecret).map((c) => c.clientId);
  await manager.delete(ClientSecretEntity, used.length === 0 ? { realm } : { realm, clientId: Not(In(used)) });
}

// The realm and client the sealed value belongs to, authenticated with it.
function aad(realm: string, clientId: string): string {
  return `client-secret:${realm}/${clientId}`;
}
