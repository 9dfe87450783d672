import type { DataSource } from 'typeorm';
import type { Clock } from '../spi/services';
import { exclusive, inTransaction } from './connection-lock';
import { OidcPayloadEntity } from './entities/oidc-payload.entity';
import { OidcSessionLinkEntity } from './entities/oidc-session-link.entity';
import { UserSessionEntity } from './entities/user-session.entity';

/** A provider row's payload, as oidc-provider hands it over (plain JSON). */
export type OidcPayload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; consumed?: number };

/** oidc-provider's storage contract for one model (AuthorizationCode, Session, Grant, …). */
export interface OidcModelAdapter {
  upsert(id: string, payload: OidcPayload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<OidcPayload | undefined>;
  findByUid(uid: string): Promise<OidcPayload | undefined>;
  findByUserCode(userCode: string): Promise<OidcPayload | undefined>;
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
}

/** Thrown by `consume` when another request consumed the row first; the provider's grant code turns it into `invalid_grant`. */
export class AlreadyConsumed extends Error {
  constructor(readonly model: string) {
    super(`${model} already consumed`);
  }
}

/** Models whose rows belong to a grant and go when it is revoked (oidc-provider's own adapters keep the same set). */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/** Models whose rows are used once: consuming them is one conditional UPDATE. */
const CONSUMABLE = new Set(['AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest', 'PushedAuthorizationRequest']);

/**
 * The OpenID Connect provider's rows on the same data source as everything else (table
 * `oidc_payloads`), one realm's at a time: a code or token of one realm is unknown to another.
 *
 * - A code or refresh token is consumed by one conditional UPDATE: of two requests racing with the
 *   same code, one wins and the other is told `AlreadyConsumed`, and the grant is revoked (a replay).
 * - A grant is revoked as a whole: every row carrying its id goes.
 * - A provider session whose Flowgate user session has ended (signed out, revoked, expired, its
 *   user disabled) is not found: the two are one session for the person.
 * - Expired rows are never returned and are deleted by `purgeExpired`.
 */
export class OidcAdapterStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The adapter for `model` of `realm`'s provider. */
  adapter(realm: string, model: string): OidcModelAdapter {
    return new RealmModelAdapter(this, realm, model);
  }

  /** Ties the provider session `sessionUid` of `realm` to the Flowgate user session `userSessionId` (replacing an older tie). */
  async linkSession(realm: string, sessionUid: string, userSessionId: string): Promise<void> {
    const now = this.clock.now();
    await exclusive(this.dataSource, async () => {
      await this.dataSource.manager.upsert(OidcSessionLinkEntity, { sessionUid, realm, userSessionId, createdAt: now }, ['sessionUid']);
    });
  }

  /** The provider sessions (uids) tied to these Flowgate sessions. */
  linkedSessions(realm: string, userSessionIds: readonly string[]): Promise<string[]> {
    if (userSessionIds.length === 0) return Promise.resolve([]);
    return exclusive(this.dataSource, async () => {
      const rows = await this.dataSource.manager
        .createQueryBuilder(OidcSessionLinkEntity, 'l')
        .where('l.realm = :realm AND l.user_session_id IN (:...ids)', { realm, ids: [...userSessionIds] })
        .getMany();
      return rows.map((r) => r.sessionUid);
    });
  }

  /** A row's payload as stored, whatever the state of the session it belongs to (for ending that session). */
  async storedPayload(realm: string, model: string, where: { id?: string; uid?: string }): Promise<OidcPayload | undefined> {
    const row = await this.row(realm, model, where);
    return row ? (JSON.parse(row.payload) as OidcPayload) : undefined;
  }

  /** Deletes expired rows and ties to ended sessions; returns how many rows went. */
  purgeExpired(): Promise<number> {
    const now = this.clock.now();
    return exclusive(this.dataSource, async () => {
      const payloads = await this.dataSource.manager.createQueryBuilder().delete().from(OidcPayloadEntity).where('expires_at IS NOT NULL AND expires_at <= :now', { now }).execute();
      const links = await this.dataSource.manager
        .createQueryBuilder()
        .delete()
        .from(OidcSessionLinkEntity)
        .where(`user_session_id NOT IN (SELECT s.id FROM user_sessions s WHERE s.revoked_at IS NULL AND s.idle_expires_at > :now AND s.max_expires_at > :now)`, { now })
        .execute();
      return (payloads.affected ?? 0) + (links.affected ?? 0);
    });
  }

  /** @internal the row of `model`/`id` in `realm`, unexpired. */
  async row(realm: string, model: string, where: { id?: string; uid?: string; userCode?: string }): Promise<OidcPayloadEntity | undefined> {
    const now = this.clock.now();
    return exclusive(this.dataSource, async () => {
      const row = await this.dataSource.manager.findOne(OidcPayloadEntity, { where: { realm, model, ...where } });
      if (!row || (row.expiresAt !== null && row.expiresAt <= now)) return undefined;
      return row;
    });
  }

  /** @internal whether a provider session row may still be used: its Flowgate session is active, when it has signed someone in. */
  async sessionAlive(realm: string, payload: OidcPayload): Promise<boolean> {
    if (typeof payload.accountId !== 'string' || typeof payload.uid !== 'string') return true;
    const now = this.clock.now();
    const uid = payload.uid;
    return exclusive(this.dataSource, async () => {
      const alive = await this.dataSource.manager
        .createQueryBuilder(OidcSessionLinkEntity, 'l')
        .innerJoin(UserSessionEntity, 's', 's.id = l.user_session_id')
        .where('l.session_uid = :uid AND l.realm = :realm AND s.user_id = :accountId', { uid, realm, accountId: payload.accountId })
        .andWhere('s.revoked_at IS NULL AND s.idle_expires_at > :now AND s.max_expires_at > :now', { now })
        .getCount();
      return alive > 0;
    });
  }

  /** @internal stores the row, expiring `expiresIn` seconds from now (never, without). */
  async write(row: Omit<OidcPayloadEntity, 'expiresAt'>, expiresIn: number | undefined): Promise<void> {
    const expiresAt = typeof expiresIn === 'number' && expiresIn > 0 ? this.clock.now() + expiresIn * 1000 : null;
    await exclusive(this.dataSource, async () => {
      await this.dataSource.manager.upsert(OidcPayloadEntity, { ...row, expiresAt }, ['model', 'id']);
    });
  }

  /** @internal marks the row consumed unless it already was; false when another request got there first. */
  async consume(realm: string, model: string, id: string): Promise<boolean> {
    const now = this.clock.now();
    return exclusive(this.dataSource, async () => {
      const result = await this.dataSource.manager
        .createQueryBuilder()
        .update(OidcPayloadEntity)
        .set({ consumedAt: now })
        .where('realm = :realm AND model = :model AND id = :id AND consumed_at IS NULL', { realm, model, id })
        .execute();
      return result.affected === 1;
    });
  }

  /** @internal */
  async delete(realm: string, where: { model?: string; id?: string; grantId?: string; uid?: string }): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      await manager.delete(OidcPayloadEntity, { realm, ...where });
    });
  }
}

class RealmModelAdapter implements OidcModelAdapter {
  constructor(
    private readonly store: OidcAdapterStore,
    private readonly realm: string,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: OidcPayload, expiresIn?: number): Promise<void> {
    await this.store.write({
      model: this.model,
      id,
      realm: this.realm,
      payload: JSON.stringify(payload),
      grantId: GRANTABLE.has(this.model) && typeof payload.grantId === 'string' ? payload.grantId : null,
      userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
      uid: typeof payload.uid === 'string' ? payload.uid : null,
      consumedAt: null,
    }, expiresIn);
  }

  find(id: string): Promise<OidcPayload | undefined> {
    return this.load({ id });
  }

  findByUid(uid: string): Promise<OidcPayload | undefined> {
    return this.load({ uid });
  }

  findByUserCode(userCode: string): Promise<OidcPayload | undefined> {
    return this.load({ userCode });
  }

  async consume(id: string): Promise<void> {
    if (!CONSUMABLE.has(this.model)) return;
    if (await this.store.consume(this.realm, this.model, id)) return;
    // Someone used it between the provider's check and now: a replay. Its grant goes, as the
    // provider does for a replay it sees itself.
    const row = await this.store.row(this.realm, this.model, { id });
    if (row?.grantId) await this.revokeByGrantId(row.grantId);
    throw new AlreadyConsumed(this.model);
  }

  destroy(id: string): Promise<void> {
    return this.store.delete(this.realm, { model: this.model, id });
  }

  revokeByGrantId(grantId: string): Promise<void> {
    return this.store.delete(this.realm, { grantId });
  }

  private async load(where: { id?: string; uid?: string; userCode?: string }): Promise<OidcPayload | undefined> {
    const row = await this.store.row(this.realm, this.model, where);
    if (!row) return undefined;
    const payload = JSON.parse(row.payload) as OidcPayload;
    if (row.consumedAt !== null) payload.consumed = Math.floor(row.consumedAt / 1000);
    if (this.model === 'Session' && !(await this.store.sessionAlive(this.realm, payload))) return undefined;
    return payload;
  }
}
