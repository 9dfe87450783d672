import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { FlowgateError } from '../errors';
import type { Clock, EventInput, EventService } from '../spi/services';
import { exclusive } from './connection-lock';
import { EventEntity } from './entities/event.entity';
import { runSql } from './sql';

/** Who and where an event happened, fixed for one request. */
export interface EventContext {
  realm: string;
  clientId?: string;
  ip?: string;
}

/** A recorded event, as the admin reads it. */
export interface StoredEvent {
  readonly id: string;
  readonly realm: string;
  readonly type: string;
  readonly userId?: string;
  readonly clientId?: string;
  readonly ip?: string;
  readonly error?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  /** ms since the epoch. */
  readonly time: number;
}

/** What to read. Every field but `realm` narrows the result. */
export interface EventFilter {
  realm: string;
  type?: string;
  userId?: string;
  clientId?: string;
  /** Earliest time, inclusive (ms since the epoch). */
  from?: number;
  /** Latest time, exclusive (ms since the epoch). */
  to?: number;
  /** At most this many, newest first. Default 100, capped at 1000. */
  limit?: number;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** Events on typeorm. */
export class EventStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** An event recorder for one request's realm, client and address. */
  forContext(context: EventContext): EventService {
    const { realm, clientId, ip } = context;
    return {
      record: async (event: EventInput) => {
        const row = {
          id: randomUUID(),
          realm,
          type: event.type,
          userId: event.userId ?? null,
          clientId: clientId ?? null,
          ip: ip ?? null,
          error: event.error ?? null,
          // The `details` column is typeorm's simple-json: JSON text.
          details: event.details === undefined || event.details === null ? null : JSON.stringify(event.details),
          time: this.clock.now(),
        };
        // Several per sign-in: a constant statement (see sql.ts), not one compiled per time value.
        await exclusive(this.dataSource, () =>
          runSql(this.dataSource, 'INSERT INTO events (id, realm, type, user_id, client_id, ip, error, details, time) VALUES (:id, :realm, :type, :userId, :clientId, :ip, :error, :details, :time)', row),
        );
      },
    };
  }

  /** Events matching `filter`, newest first (same-millisecond events in no defined order). */
  async query(filter: EventFilter): Promise<StoredEvent[]> {
    const limit = filter.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', 'limit must be a positive integer');
    const query = this.dataSource.manager
      .createQueryBuilder(EventEntity, 'e')
      .where('e.realm = :realm', { realm: filter.realm })
      .orderBy('e.time', 'DESC')
      .take(Math.min(limit, MAX_LIMIT));
    if (filter.type !== undefined) query.andWhere('e.type = :type', { type: filter.type });
    if (filter.userId !== undefined) query.andWhere('e.user_id = :userId', { userId: filter.userId });
    if (filter.clientId !== undefined) query.andWhere('e.client_id = :clientId', { clientId: filter.clientId });
    if (filter.from !== undefined) query.andWhere('e.time >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('e.time < :to', { to: filter.to });
    const rows = await exclusive(this.dataSource, () => query.getMany());
    return rows.map(toStoredEvent);
  }
}

function toStoredEvent(row: EventEntity): StoredEvent {
  return {
    id: row.id,
    realm: row.realm,
    type: row.type,
    time: row.time,
    ...(row.userId !== null && { userId: row.userId }),
    ...(row.clientId !== null && { clientId: row.clientId }),
    ...(row.ip !== null && { ip: row.ip }),
    ...(row.error !== null && { error: row.error }),
    ...(row.details !== null && { details: row.details }),
  };
}
