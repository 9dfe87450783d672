import type { DataSource } from 'typeorm';
import { gcraHit, type GcraHit, type GcraRule, type RateLimitStore } from '../ratelimit';
import { exclusive } from './connection-lock';
import { engineOf } from './data-source';

/*
 * GCRA's step (`gcraHit`) as one conditional upsert, so it is atomic across nodes: the row is
 * written only when the request conforms; RETURNING gives the new TAT, no row means refused.
 * Portable SQL: CASE instead of GREATEST/MAX, CASTs so PostgreSQL knows the parameters' types,
 * and parameters written `Pn`: `$n` on PostgreSQL, a plain `?` per use (bound again) on SQLite.
 */
const HIT = `INSERT INTO rate_limits (key, tat) VALUES (P1, CAST(P2 AS BIGINT) + CAST(P3 AS BIGINT))
ON CONFLICT (key) DO UPDATE
SET tat = (CASE WHEN rate_limits.tat > CAST(P2 AS BIGINT) THEN rate_limits.tat ELSE CAST(P2 AS BIGINT) END) + CAST(P3 AS BIGINT)
WHERE (CASE WHEN rate_limits.tat > CAST(P2 AS BIGINT) THEN rate_limits.tat ELSE CAST(P2 AS BIGINT) END) + CAST(P3 AS BIGINT) - CAST(P2 AS BIGINT) <= CAST(P4 AS BIGINT)
RETURNING tat`;

/**
 * Rate-limit state in the database (table `rate_limits`), shared by every node on it: N requests
 * spread over any number of nodes are limited as one budget. Used on PostgreSQL; a single SQLite
 * node keeps the in-process store (no write per request). Idle keys are deleted by `purgeIdle`.
 */
export class TypeormRateLimitStore implements RateLimitStore {
  private readonly postgres: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.postgres = engineOf(dataSource) === 'postgres';
  }

  async hit(key: string, rule: GcraRule, now: number): Promise<GcraHit> {
    const rows = await this.run<{ tat: number | string }>(HIT, [key, now, rule.intervalMs, rule.windowMs]);
    if (rows[0]) return { allowed: true, tat: Number(rows[0].tat) };
    // Refused: nothing changed. Report as gcraHit would from the stored TAT.
    const tat = await this.storedTat(key);
    const refused = gcraHit(tat, rule, now);
    return { allowed: false, tat: refused.allowed ? now : refused.tat };
  }

  async peek(key: string, now: number): Promise<number | undefined> {
    const tat = await this.storedTat(key);
    return tat !== undefined && tat > now ? tat : undefined;
  }

  async reset(key: string): Promise<void> {
    await this.run('DELETE FROM rate_limits WHERE key = P1', [key]);
  }

/** Deletes keys idle at `now` (their TAT is past: the same as absent); returns how many. Safe on every node at once. */
  async purgeIdle(now: number): Promise<number> {
    const result = await exclusive(this.dataSource, () =>
      this.dataSource.createQueryBuilder().delete().from('rate_limits').where('tat <= :now', { now }).execute(),
    );
    return result.affected ?? 0;
  }

  private async storedTat(key: string): Promise<number | undefined> {
    const [row] = await this.run<{ tat: number | string }>('SELECT tat FROM rate_limits WHERE key = P1', [key]);
    return row ? Number(row.tat) : undefined;
  }

  /** Runs `sql` with its `Pn` parameters in this engine's style. */
  private run<T>(sql: string, params: unknown[]): Promise<T[]> {
    const bound: unknown[] = [];
    const text = sql.replace(/P(\d)/g, (_m, n: string) => {
      if (this.postgres) return `$${n}`;
      bound.push(params[Number(n) - 1]);
      return '?';
    });
    return exclusive(this.dataSource, () => this.dataSource.query(text, this.postgres ? params : bound));
  }
}
