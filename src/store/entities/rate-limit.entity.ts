import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { timeColumn } from './columns';

/** Longest rate-limit key: `<limit name>:<HMAC-SHA-256, base64url>` (43 characters) with room for long limit names. */
export const RATE_LIMIT_KEY_LENGTH = 128;

/** One rate-limited key's GCRA state, shared by every node (see `TypeormRateLimitStore`). */
@Entity({ name: 'rate_limits' })
@Index('ix_rate_limits_tat', ['tat'])
export class RateLimitEntity {
  @PrimaryColumn({ name: 'key', type: 'varchar', length: RATE_LIMIT_KEY_LENGTH, primaryKeyConstraintName: 'pk_rate_limits' })
  key!: string;

  /** The theoretical arrival time (ms since the epoch); the key is idle once it is past. */
  @Column(timeColumn('tat'))
  tat!: number;
}
