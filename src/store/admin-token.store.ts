import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { FlowgateError } from '../errors';
import { keyedHasher, randomId } from '../security';
import type { Clock, SecretService } from '../spi/services';
import { exclusive } from './connection-lock';
import { AdminApiTokenEntity } from './entities/admin-api-token.entity';
import { UserEntity } from './entities/user.entity';

/** Every admin API token starts with this, so secret scanners (and people) recognise one. */
const ADMIN_TOKEN_PREFIX = 'fgat_';

/** The `deriveKey` purpose of the key admin API tokens are hashed under. */
export const ADMIN_TOKEN_KEY_PURPOSE = 'admin-api-token';

const TOKEN_PATTERN = /^fgat_[A-Za-z0-9_-]{43}$/;
const HASH_PURPOSE = 'fgat';
/** How stale `lastUsedAt` may be: uses within this of the last recorded one only read. */
const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_NAME_LENGTH = 100;

/** An admin API token as listed: never its secret. */
export interface AdminApiTokenView {
  readonly id: string;
  readonly name: string;
  /** The admin it acts as, and their email. */
  readonly userId: string;
  readonly userEmail: string;
  readonly createdAt: number;
  /** Last use, to the minute; absent when never used. */
  readonly lastUsedAt?: number;
}

/**
 * Admin API tokens: `fgat_` and 256 random bits, shown once at creation. Stored as an HMAC under a
 * key derived from the server secret (`keyed-hash.ts`), looked up by that hash and compared in
 * constant time. Revoking deletes the row, so a revoked token is simply unknown.
 */
export class AdminTokenStore {
  private readonly hasher: SecretService;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    key: Buffer,
  ) {
    this.hasher = keyedHasher(key);
  }

  /** Creates a token acting as `userId`; the secret is returned this once and stored nowhere. */
  async create(input: { userId: string; name: string }): Promise<{ token: AdminApiTokenView; secret: string }> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
      throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', `a token name has 1 to ${MAX_NAME_LENGTH} characters`);
    }
    const secret = `${ADMIN_TOKEN_PREFIX}${randomId(32)}`;
    const row: AdminApiTokenEntity = {
      id: randomUUID(),
      name,
      userId: input.userId,
      tokenHash: this.hasher.keyedHash(HASH_PURPOSE, secret),
      createdAt: this.clock.now(),
      lastUsedAt: null,
    };
    const email = await exclusive(this.dataSource, async () => {
      const user = await this.dataSource.manager.findOne(UserEntity, { where: { id: input.userId } });
      if (!user) throw new FlowgateError('FG_USER_NOT_FOUND', 'a token needs an existing user');
      await this.dataSource.manager.insert(AdminApiTokenEntity, row);
      return user.email;
    });
    return { token: toView(row, email), secret };
  }

  /** Every token, newest first. */
  list(): Promise<AdminApiTokenView[]> {
    return exclusive(this.dataSource, async () => {
      const rows = await this.dataSource.manager
        .createQueryBuilder(AdminApiTokenEntity, 't')
        .innerJoinAndSelect('t.user', 'u')
        .orderBy('t.created_at', 'DESC')
        .addOrderBy('t.id', 'ASC')
        .getMany();
      return rows.map((r) => toView(r, r.user?.email ?? ''));
    });
  }

  /** Revokes a token at once; false when there is no such token. */
  revoke(id: string): Promise<boolean> {
    return exclusive(this.dataSource, async () => {
      const result = await this.dataSource.manager.delete(AdminApiTokenEntity, { id });
      return (result.affected ?? 0) > 0;
    });
  }

  /**
   * The token `secret` stands for, or undefined (malformed, unknown or revoked: never an
   * exception). Records the use, at most once a minute. Whether its user may still act as an
   * admin is the caller's to check.
   */
  authenticate(secret: string | undefined): Promise<{ tokenId: string; userId: string } | undefined> {
    if (typeof secret !== 'string' || !TOKEN_PATTERN.test(secret)) return Promise.resolve(undefined);
    const hash = this.hasher.keyedHash(HASH_PURPOSE, secret);
    const now = this.clock.now();
    return exclusive(this.dataSource, async () => {
      const row = await this.dataSource.manager.findOne(AdminApiTokenEntity, { where: { tokenHash: hash } });
      if (!row || !this.hasher.matches(HASH_PURPOSE, secret, row.tokenHash)) return undefined;
      if (row.lastUsedAt === null || now - row.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
        await this.dataSource.manager.update(AdminApiTokenEntity, { id: row.id }, { lastUsedAt: now });
      }
      return { tokenId: row.id, userId: row.userId };
    });
  }
}

function toView(row: AdminApiTokenEntity, userEmail: string): AdminApiTokenView {
  return {
    id: row.id,
    name: row.name,
    userId: row.userId,
    userEmail,
    createdAt: row.createdAt,
    ...(row.lastUsedAt !== null && { lastUsedAt: row.lastUsedAt }),
  };
}
