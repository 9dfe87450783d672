import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { FlowgateError } from '../errors';
import { MAX_PASSKEY_LABEL_LENGTH, type NewPasskey, type PasskeyService, type PasskeyView } from '../spi/passkeys';
import type { Clock } from '../spi/services';
import { exclusive } from './connection-lock';
import { isUniqueViolation } from './db-errors';
import { PasskeyCredentialEntity } from './entities/passkey-credential.entity';

/**
 * Most passkeys one user may register: enough for every device and a security key or two, and a
 * bound on what one account can make the server store.
 */
export const MAX_PASSKEYS_PER_USER = 50;

/**
 * Users' passkeys in every realm (#21). Every call is scoped to a realm and, where it changes
 * something a person owns, to the user, so one realm never sees another's credentials.
 */
export class PasskeyStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The plugin-facing service of `realm`. */
  forRealm(realm: string): PasskeyService {
    return {
      findByCredentialId: (credentialId) => this.findByCredentialId(realm, credentialId),
      listForUser: (userId) => this.listForUser(realm, userId),
      add: (input) => this.add(realm, input),
      recordUse: (id, use) => this.recordUse(realm, id, use),
    };
  }

  findByCredentialId(realm: string, credentialId: string): Promise<PasskeyView | undefined> {
    return exclusive(this.dataSource, async () => {
      const row = await this.dataSource.manager.findOne(PasskeyCredentialEntity, { where: { credentialId, realm } });
      return row ? toView(row) : undefined;
    });
  }

  listForUser(realm: string, userId: string): Promise<PasskeyView[]> {
    return exclusive(this.dataSource, async () => {
      const rows = await this.dataSource.manager.find(PasskeyCredentialEntity, { where: { realm, userId }, order: { createdAt: 'DESC', id: 'ASC' } });
      return rows.map(toView);
    });
  }

  /** Stores a verified registration; `FG_PASSKEY_EXISTS` when its credential id is taken or the user has `MAX_PASSKEYS_PER_USER`. */
  add(realm: string, input: NewPasskey): Promise<PasskeyView> {
    const row: PasskeyCredentialEntity = {
      id: randomUUID(),
      realm,
      userId: input.userId,
      credentialId: input.credentialId,
      publicKey: input.publicKey,
      counter: input.counter,
      transports: [...input.transports],
      aaguid: input.aaguid,
      backedUp: input.backedUp,
      multiDevice: input.multiDevice,
      label: cleanLabel(input.label),
      createdAt: this.clock.now(),
      lastUsedAt: null,
    };
    return exclusive(this.dataSource, async () => {
      const count = await this.dataSource.manager.count(PasskeyCredentialEntity, { where: { realm, userId: input.userId } });
      if (count >= MAX_PASSKEYS_PER_USER) throw new FlowgateError('FG_PASSKEY_EXISTS', `the user already has ${MAX_PASSKEYS_PER_USER} passkeys`);
      try {
        await this.dataSource.manager.insert(PasskeyCredentialEntity, row);
      } catch (err) {
        if (isUniqueViolation(err)) throw new FlowgateError('FG_PASSKEY_EXISTS', undefined, undefined, { cause: err });
        throw err;
      }
      return toView(row);
    });
  }

  /**
   * One conditional UPDATE, so of two sign-ins racing with one counter value only one wins: the
   * counter must grow, unless the authenticator keeps none (both zero, as synced passkeys do).
   */
  recordUse(realm: string, id: string, use: { counter: number; backedUp: boolean }): Promise<boolean> {
    return exclusive(this.dataSource, async () => {
      const result = await this.dataSource.manager
        .createQueryBuilder()
        .update(PasskeyCredentialEntity)
        .set({ counter: use.counter, backedUp: use.backedUp, lastUsedAt: this.clock.now() })
        .where('id = :id AND realm = :realm AND (sign_counter < :counter OR (sign_counter = 0 AND :counter = 0))', { id, realm, counter: use.counter })
        .execute();
      return (result.affected ?? 0) > 0;
    });
  }

  /** Renames the user's passkey `id`; `FG_PASSKEY_NOT_FOUND` when the user has no such passkey. */
  rename(realm: string, userId: string, id: string, label: string): Promise<PasskeyView> {
    return exclusive(this.dataSource, async () => {
      const result = await this.dataSource.manager.update(PasskeyCredentialEntity, { id, realm, userId }, { label: cleanLabel(label) });
      const row = (result.affected ?? 0) > 0 ? await this.dataSource.manager.findOne(PasskeyCredentialEntity, { where: { id } }) : null;
      if (!row) throw new FlowgateError('FG_PASSKEY_NOT_FOUND');
      return toView(row);
    });
  }

  /** Removes the user's passkey `id` (it can sign in no more); false when the user had no such passkey. */
  remove(realm: string, userId: string, id: string): Promise<boolean> {
    return exclusive(this.dataSource, async () => {
      const result = await this.dataSource.manager.delete(PasskeyCredentialEntity, { id, realm, userId });
      return (result.affected ?? 0) > 0;
    });
  }
}

/** A label as stored: trimmed, control characters dropped, cut to the limit; never empty. */
export function cleanLabel(label: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = label.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_PASSKEY_LABEL_LENGTH).trim();
  return clean === '' ? 'Passkey' : clean;
}

function toView(row: PasskeyCredentialEntity): PasskeyView {
  return {
    id: row.id,
    realm: row.realm,
    userId: row.userId,
    credentialId: row.credentialId,
    publicKey: row.publicKey,
    counter: row.counter,
    transports: [...row.transports],
    aaguid: row.aaguid,
    backedUp: row.backedUp,
    multiDevice: row.multiDevice,
    label: row.label,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt ?? undefined,
  };
}
