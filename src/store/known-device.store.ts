import type { DataSource } from 'typeorm';
import { randomId } from '../security/random-id';
import type { Clock } from '../spi/services';
import { exclusive } from './connection-lock';
import { KnownDeviceEntity } from './entities/known-device.entity';
import { runSql } from './sql';

/** A known device as the store returns it (#19 item 2): a browser that signed in as a user. */
export interface KnownDeviceRecord {
  /** The id the device cookie signs. */
  readonly id: string;
  readonly realm: string;
  readonly userId: string;
  /** Its first and last sign-in as the user (ms since the epoch). */
  readonly createdAt: number;
  readonly lastUsedAt: number;
  /** When it stops counting unless it signs in again. */
  readonly expiresAt: number;
  /** The browser's User-Agent at its last sign-in. */
  readonly userAgent?: string;
}

/** Bytes of a device id: 128 bits, like the browser id. */
export const DEVICE_ID_BYTES = 16;

/**
 * Most devices remembered per user; past it the least recently used is forgotten, so browsers that
 * drop their cookies (private windows) cannot grow a person's list without bound.
 */
const MAX_DEVICES_PER_USER = 20;

const MAX_USER_AGENT_LENGTH = 512;

/**
 * The known devices of every realm. A device counts while its row exists and has not expired; a
 * sign-in from it pushes its expiry back by the lifetime (sliding, like the cookie's max-age).
 * Every call is scoped to a realm and, where it changes something, to the user.
 */
export class KnownDeviceStore {
  private readonly lifetimeMs: number;

  /** `lifetimeSeconds`: how long a device counts after its last sign-in (the cookie's max-age). */
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    lifetimeSeconds: number,
  ) {
    this.lifetimeMs = lifetimeSeconds * 1000;
  }

  /**
   * The browser signed in as `userId`: the device `presentedId` names when it is a live device of
   * that user (its last use and expiry moved on), else a new one. `undefined` when the realm has no
   * such user (deleted meanwhile). A new device also forgets the user's expired ones and those past
   * `MAX_DEVICES_PER_USER`.
   */
  remember(realm: string, userId: string, presentedId: string | undefined, userAgent: string | undefined): Promise<KnownDeviceRecord | undefined> {
    const now = this.clock.now();
    const expiresAt = now + this.lifetimeMs;
    const agent = userAgent ? userAgent.slice(0, MAX_USER_AGENT_LENGTH) : null;
    // Once per sign-in, so constant SQL (see sql.ts) and no transaction: each statement checks the
    // user itself, and the pruning is idempotent, so nothing depends on two of them together.
    return exclusive(this.dataSource, async () => {
      if (presentedId !== undefined) {
        const { rows } = await runSql<DeviceRow>(
          this.dataSource,
          `UPDATE known_devices SET last_used_at = :now, expires_at = :expiresAt, user_agent = COALESCE(:agent, user_agent)
           WHERE id = :id AND realm = :realm AND user_id = :userId AND expires_at > :now
             AND EXISTS (SELECT 1 FROM users WHERE id = :userId AND realm = :realm)
           RETURNING ${DEVICE_COLUMNS}`,
          { now, expiresAt, agent, id: presentedId, realm, userId },
        );
        if (rows[0] !== undefined) return toRecord(fromRow(rows[0]));
      }
      const row: KnownDeviceEntity = { id: randomId(DEVICE_ID_BYTES), realm, userId, createdAt: now, lastUsedAt: now, expiresAt, userAgent: agent };
      const { affected } = await runSql(
        this.dataSource,
        `INSERT INTO known_devices (id, realm, user_id, created_at, last_used_at, expires_at, user_agent)
         SELECT :id, :realm, :userId, :createdAt, :lastUsedAt, :expiresAt, :userAgent FROM users WHERE id = :userId AND realm = :realm`,
        { ...row },
      );
      if (affected !== 1) return undefined;
      await runSql(
        this.dataSource,
        `DELETE FROM known_devices WHERE realm = :realm AND user_id = :userId AND (expires_at <= :now OR id NOT IN (
           SELECT id FROM known_devices WHERE realm = :realm AND user_id = :userId ORDER BY last_used_at DESC, id ASC LIMIT :keep))`,
        { realm, userId, now, keep: MAX_DEVICES_PER_USER },
      );
      return toRecord(row);
    });
  }

  /** The live device with this id in `realm`, if any. */
  find(realm: string, id: string): Promise<KnownDeviceRecord | undefined> {
    const now = this.clock.now();
    return exclusive(this.dataSource, async () => {
      const row = await this.dataSource.manager.findOne(KnownDeviceEntity, { where: { id, realm } });
      return row && row.expiresAt > now ? toRecord(row) : undefined;
    });
  }

  /** The user's live devices, most recently used first. */
  listForUser(realm: string, userId: string): Promise<KnownDeviceRecord[]> {
    const now = this.clock.now();
    return exclusive(this.dataSource, async () => {
      const rows = await this.dataSource.manager.find(KnownDeviceEntity, { where: { realm, userId }, order: { lastUsedAt: 'DESC', id: 'ASC' } });
      return rows.filter((row) => row.expiresAt > now).map(toRecord);
    });
  }

  /** Forgets the user's device `id` (its cookie counts for nothing from now on); false when the user had no such device. */
  revoke(realm: string, userId: string, id: string): Promise<boolean> {
    return exclusive(this.dataSource, async () => {
      const result = await this.dataSource.manager.delete(KnownDeviceEntity, { id, realm, userId });
      return (result.affected ?? 0) > 0;
    });
  }
}

/** The columns `remember` reads back, and their row (PostgreSQL returns bigints as strings). */
const DEVICE_COLUMNS = 'id, realm, user_id, created_at, last_used_at, expires_at, user_agent';

interface DeviceRow {
  id: string;
  realm: string;
  user_id: string;
  created_at: number | string;
  last_used_at: number | string;
  expires_at: number | string;
  user_agent: string | null;
}

function fromRow(row: DeviceRow): KnownDeviceEntity {
  return {
    id: row.id,
    realm: row.realm,
    userId: row.user_id,
    createdAt: Number(row.created_at),
    lastUsedAt: Number(row.last_used_at),
    expiresAt: Number(row.expires_at),
    userAgent: row.user_agent,
  };
}

function toRecord(row: KnownDeviceEntity): KnownDeviceRecord {
  return {
    id: row.id,
    realm: row.realm,
    userId: row.userId,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    ...(row.userAgent !== null && { userAgent: row.userAgent }),
  };
}
