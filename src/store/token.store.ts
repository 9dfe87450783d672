import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { FlowgateError } from '../errors';
import type { Clock, IssuedToken, TokenRecord, TokenRejection, TokenService } from '../spi/services';
import { exclusive } from './connection-lock';
import { SingleUseTokenEntity } from './entities/single-use-token.entity';
import { runSql } from './sql';
import { hashSecret, isWellFormedSecret, newSecret, sameHash } from './token-secret';

type TokenResult = { ok: true; token: TokenRecord } | { ok: false; reason: TokenRejection };

/** Single-use tokens on typeorm: hashed at rest, expiring, consumed by one conditional UPDATE. */
export class TokenStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The tokens of `realm`: a secret issued in one realm is unknown in every other. */
  forRealm(realm: string): TokenService {
    return new RealmTokens(this.dataSource, this.clock, realm);
  }

  /**
   * Deletes tokens, consumed or not, that expired more than `olderThanMs` ago, and returns how many.
   * Keeping them a while lets a late click still be told "already used" or "expired" rather than
   * "unknown".
   */
  async purgeExpired(olderThanMs: number): Promise<number> {
    if (!Number.isFinite(olderThanMs) || olderThanMs < 0) {
      throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', 'olderThanMs must be a non-negative number');
    }
    const cutoff = this.clock.now() - olderThanMs;
    return exclusive(this.dataSource, async () => {
      const result = await this.dataSource.manager
        .createQueryBuilder()
        .delete()
        .from(SingleUseTokenEntity)
        .where('expires_at < :cutoff', { cutoff })
        .execute();
      return affectedRows(result.affected);
    });
  }
}

class RealmTokens implements TokenService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly realm: string,
  ) {}

  async issue(input: { purpose: string; subject: string; ttlSeconds: number; data?: Record<string, unknown> }): Promise<IssuedToken> {
    checkText('purpose', input.purpose, 64);
    checkText('subject', input.subject, 255);
    if (!Number.isFinite(input.ttlSeconds) || input.ttlSeconds <= 0) {
      throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', 'ttlSeconds must be a positive number');
    }
    const secret = newSecret();
    const now = this.clock.now();
    const row: SingleUseTokenEntity = {
      id: randomUUID(),
      realm: this.realm,
      purpose: input.purpose,
      subject: input.subject,
      hash: hashSecret(secret),
      data: input.data ?? {},
      expiresAt: now + Math.round(input.ttlSeconds * 1000),
      consumedAt: null,
      createdAt: now,
    };
    await exclusive(this.dataSource, () =>
      runSql(
        this.dataSource,
        'INSERT INTO single_use_tokens (id, realm, purpose, subject, hash, data, expires_at, consumed_at, created_at) VALUES (:id, :realm, :purpose, :subject, :hash, :data, :expiresAt, NULL, :createdAt)',
        { ...row, data: JSON.stringify(row.data) },
      ),
    );
    return { id: row.id, secret, expiresAt: row.expiresAt };
  }

  inspect(purpose: string, secret: string): Promise<TokenResult> {
    if (!isWellFormedSecret(secret)) return Promise.resolve({ ok: false, reason: 'not_found' });
    const hash = hashSecret(secret);
    const now = this.clock.now();
    return exclusive(this.dataSource, async () => {
      const row = await this.find(this.dataSource.manager, hash, purpose);
      if (!row) return { ok: false, reason: 'not_found' };
      const rejection = rejectionOf(row, now);
      return rejection ? { ok: false, reason: rejection } : { ok: true, token: toRecord(row) };
    });
  }

  consume(purpose: string, secret: string): Promise<TokenResult> {
    if (!isWellFormedSecret(secret)) return Promise.resolve({ ok: false, reason: 'not_found' });
    const hash = hashSecret(secret);
    const now = this.clock.now();
    return exclusive(this.dataSource, async () => {
      const manager = this.dataSource.manager;
      // One statement decides: the database applies it to the row once, so of any number of
      // callers in any number of processes exactly one sees a changed row.
      const { affected } = await runSql(
        manager,
        'UPDATE single_use_tokens SET consumed_at = :now WHERE hash = :hash AND purpose = :purpose AND realm = :realm AND consumed_at IS NULL AND expires_at > :now',
        { hash, purpose, realm: this.realm, now },
      );
      const won = affected === 1;
      const row = await this.find(manager, hash, purpose);
      if (!row) return { ok: false, reason: 'not_found' };
      if (won) return { ok: true, token: toRecord(row) };
      // Lost: tell the caller why, from the row as it is now.
      return { ok: false, reason: rejectionOf(row, now) ?? 'consumed' };
    });
  }

  revokeAll(purpose: string, subject: string): Promise<number> {
    const now = this.clock.now();
    return exclusive(this.dataSource, async () => {
      const { affected } = await runSql(
        this.dataSource,
        'UPDATE single_use_tokens SET consumed_at = :now WHERE realm = :realm AND purpose = :purpose AND subject = :subject AND consumed_at IS NULL AND expires_at > :now',
        { realm: this.realm, purpose, subject, now },
      );
      return affected;
    });
  }

  private async find(manager: EntityManager, hash: string, purpose: string): Promise<SingleUseTokenEntity | undefined> {
    const row = await manager.findOne(SingleUseTokenEntity, { where: { hash } });
    // A token is only ever valid for its own purpose and realm; anything else is "not found", so a
    // caller cannot even learn that the secret exists elsewhere.
    if (!row || row.purpose !== purpose || row.realm !== this.realm || !sameHash(row.hash, hash)) return undefined;
    return row;
  }
}

function rejectionOf(row: SingleUseTokenEntity, now: number): TokenRejection | undefined {
  if (row.consumedAt !== null) return 'consumed';
  if (row.expiresAt <= now) return 'expired';
  return undefined;
}

function toRecord(row: SingleUseTokenEntity): TokenRecord {
  return {
    id: row.id,
    purpose: row.purpose,
    subject: row.subject,
    data: row.data,
    expiresAt: row.expiresAt,
    consumedAt: row.consumedAt,
  };
}

/** The driver must report affected rows: the single-winner guarantee rests on that count. */
function affectedRows(affected: number | null | undefined): number {
  if (typeof affected !== 'number') throw new FlowgateError('FG_DATABASE_DRIVER', 'no count of affected rows');
  return affected;
}

function checkText(what: string, value: string, max: number): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', `${what} must be 1 to ${max} characters`);
  }
}
