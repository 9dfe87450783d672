import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { FlowgateError } from '../errors';
import { open, seal } from '../security/sealed-box';
import type { Clock } from '../spi/services';
import { exclusive, inTransaction } from './connection-lock';
import { OidcSigningKeyEntity } from './entities/oidc-signing-key.entity';

/** The algorithms realms sign tokens with: RS256 (every client supports it) and ES256. */
export const SIGNING_ALGORITHMS = ['RS256', 'ES256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** A private signing key as the provider takes it (a JWK), with its schedule. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  /** The private JWK, `kid`, `alg` and `use` set. */
  readonly jwk: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  /** From when it signs (until a newer key of its algorithm does). */
  readonly signsFrom: number;
  /** When it stops being published; absent while it is the newest of its algorithm. */
  readonly retireAt?: number;
  /** Whether it is the key of its algorithm that signs now. */
  readonly signing: boolean;
}

/** A realm's published keys, and when that set next changes (a key starts signing or retires). */
export interface RealmKeys {
  /** Per algorithm the key that signs now first, then the others that are published. */
  readonly keys: readonly SigningKey[];
  /** When to read the keys again: the next `signsFrom` or `retireAt` after now; `Infinity` when none. */
  readonly changesAt: number;
}

/** How rotation schedules keys. */
export interface RotationTimes {
  /** Milliseconds a new key is published before it signs, so relying parties that cache the key set see it first. */
  readonly publishAheadMs: number;
  /** Milliseconds an old key stays published after it stops signing: the longest lifetime of a token it signed. */
  readonly keepAfterMs: number;
}

/**
 * The realms' token signing keys (table `oidc_signing_keys`). Keys are made on first use (one RS256
 * and one ES256 per realm) and kept sealed under the server secret. Rotation publishes the new key
 * at once, lets it sign after `publishAheadMs`, and keeps the old one published until every token it
 * signed has expired.
 */
export class SigningKeyStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly sealingKey: Buffer,
  ) {}

  /** The keys `realm` publishes now, making the first ones when it has none. */
  async published(realm: string): Promise<RealmKeys> {
    const now = this.clock.now();
    let rows = await this.rows(realm, now);
    const missing = SIGNING_ALGORITHMS.filter((alg) => !rows.some((r) => r.alg === alg));
    if (missing.length > 0) {
      await inTransaction(this.dataSource, async (manager) => {
        // Another node may have made them meanwhile: look again inside the transaction.
        const present = new Set((await manager.find(OidcSigningKeyEntity, { where: { realm } })).filter((r) => r.retireAt === null).map((r) => r.alg));
        for (const alg of missing) if (!present.has(alg)) await manager.insert(OidcSigningKeyEntity, this.newRow(realm, alg, now, now));
      });
      rows = await this.rows(realm, now);
    }
    return this.schedule(rows, now);
  }

  /**
   * Rotates every algorithm's key of `realm`: a new key, published now and signing after
   * `publishAheadMs`; the current one keeps signing until then and stays published `keepAfterMs`
   * longer. Returns the new keys' ids.
   */
  async rotate(realm: string, times: RotationTimes): Promise<string[]> {
    const now = this.clock.now();
    const signsFrom = now + Math.max(0, times.publishAheadMs);
    return inTransaction(this.dataSource, async (manager) => {
      const kids: string[] = [];
      for (const alg of SIGNING_ALGORITHMS) {
        await manager
          .createQueryBuilder()
          .update(OidcSigningKeyEntity)
          .set({ retireAt: signsFrom + Math.max(0, times.keepAfterMs) })
          .where('realm = :realm AND alg = :alg AND retire_at IS NULL', { realm, alg })
          .execute();
        const row = this.newRow(realm, alg, now, signsFrom);
        await manager.insert(OidcSigningKeyEntity, row);
        kids.push(row.kid);
      }
      return kids;
    });
  }

  private rows(realm: string, now: number): Promise<OidcSigningKeyEntity[]> {
    return exclusive(this.dataSource, () =>
      this.dataSource.manager
        .createQueryBuilder(OidcSigningKeyEntity, 'k')
        .where('k.realm = :realm AND (k.retire_at IS NULL OR k.retire_at > :now)', { realm, now })
        .orderBy('k.signs_from', 'DESC')
        .addOrderBy('k.kid', 'ASC')
        .getMany(),
    );
  }

  private schedule(rows: OidcSigningKeyEntity[], now: number): RealmKeys {
    const keys = rows.map((row) => this.toKey(row));
    // Per algorithm, the key signing now is the latest to start; at a tie (rotations within the same
    // millisecond) the one retired last (the newest of them is not retired at all).
    const rank = (k: Omit<SigningKey, 'signing'>) => [k.signsFrom, k.retireAt ?? Infinity, k.createdAt];
    const later = (a: Omit<SigningKey, 'signing'>, b: Omit<SigningKey, 'signing'>) => {
      const [x, y] = [rank(a), rank(b)];
      const i = x.findIndex((v, n) => v !== y[n]);
      return i >= 0 && x[i]! > y[i]!;
    };
    const signing = new Set<Omit<SigningKey, 'signing'>>();
    for (const alg of SIGNING_ALGORITHMS) {
      const started = keys.filter((k) => k.alg === alg && k.signsFrom <= now);
      const chosen = started.reduce<Omit<SigningKey, 'signing'> | undefined>((best, k) => (best === undefined || later(k, best) ? k : best), undefined);
      if (chosen) signing.add(chosen);
    }
    // The provider signs with the first key of an algorithm: the one signing now goes first.
    const ordered = [...keys.filter((k) => signing.has(k)), ...keys.filter((k) => !signing.has(k))].map((k) => ({ ...k, signing: signing.has(k) }));
    const times = keys.flatMap((k) => [k.signsFrom, k.retireAt ?? Infinity]).filter((t) => t > now);
    return { keys: ordered, changesAt: Math.min(Infinity, ...times) };
  }

  private toKey(row: OidcSigningKeyEntity): Omit<SigningKey, 'signing'> {
    if (!(SIGNING_ALGORITHMS as readonly string[]).includes(row.alg)) throw new FlowgateError('FG_SEALED_SECRET_INVALID', `key ${row.kid} has unknown algorithm ${row.alg}`);
    const jwk = JSON.parse(open(this.sealingKey, row.sealedJwk, aad(row.realm, row.kid))) as Record<string, unknown>;
    return {
      kid: row.kid,
      alg: row.alg as SigningAlgorithm,
      jwk,
      createdAt: row.createdAt,
      signsFrom: row.signsFrom,
      ...(row.retireAt !== null && { retireAt: row.retireAt }),
    };
  }

  private newRow(realm: string, alg: SigningAlgorithm, now: number, signsFrom: number): OidcSigningKeyEntity {
    const kid = randomBytes(12).toString('base64url');
    const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...pair.privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
    return { kid, realm, alg, sealedJwk: seal(this.sealingKey, JSON.stringify(jwk), aad(realm, kid)), createdAt: now, signsFrom, retireAt: null };
  }
}

function aad(realm: string, kid: string): string {
  return `signing-key:${realm}/${kid}`;
}
