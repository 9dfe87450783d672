import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AdminAudit, AdminAuditEntry, AdminAuditFilter, AdminAuditRecord } from './admin-audit';
import { FlowgateError } from '../errors';
import type { Clock } from '../spi/services';
import { exclusive } from './connection-lock';
import { asRow } from './entities/columns';
import { AdminAuditEntryEntity } from './entities/admin-audit-entry.entity';

const DEFAULT_MAX = 100;
const MAX_MAX = 1000;

/** The admin audit on typeorm: one row per change, listed newest first (entries of one millisecond in no defined order). */
export class AdminAuditStore implements AdminAudit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(entry: AdminAuditRecord): Promise<void> {
    const row: AdminAuditEntryEntity = {
      id: randomUUID(),
      time: this.clock.now(),
      actorId: entry.actor.userId,
      actorEmail: entry.actor.email,
      via: entry.actor.via,
      tokenId: entry.actor.tokenId ?? null,
      action: entry.action,
      resource: entry.resource.slice(0, 512),
      realm: entry.realm ?? null,
      // JSON copies: what is stored is what the resource was now, whatever the caller does later.
      before: entry.before === undefined ? null : structuredClone(entry.before),
      after: entry.after === undefined ? null : structuredClone(entry.after),
    };
    await exclusive(this.dataSource, () => this.dataSource.manager.insert(AdminAuditEntryEntity, asRow(row)));
  }

  async list(filter: AdminAuditFilter): Promise<AdminAuditEntry[]> {
    const max = filter.max ?? DEFAULT_MAX;
    const first = filter.first ?? 0;
    if (!Number.isInteger(max) || max < 1) throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', 'max must be a positive integer');
    if (!Number.isInteger(first) || first < 0) throw new FlowgateError('FG_STORE_INVALID_ARGUMENT', 'first must be a non-negative integer');
    const query = this.dataSource.manager.createQueryBuilder(AdminAuditEntryEntity, 'a');
    if (filter.realm !== undefined) query.andWhere('a.realm = :realm', { realm: filter.realm });
    if (filter.actor !== undefined) query.andWhere('a.actor_id = :actor', { actor: filter.actor });
    if (filter.resource !== undefined) {
      if (filter.resource.endsWith('/')) query.andWhere("a.resource LIKE :prefix ESCAPE '\\'", { prefix: `${escapeLike(filter.resource)}%` });
      else query.andWhere('a.resource = :resource', { resource: filter.resource });
    }
    if (filter.from !== undefined) query.andWhere('a.time >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('a.time < :to', { to: filter.to });
    // The id breaks ties so that paging over entries of one millisecond is stable.
    query.orderBy('a.time', 'DESC').addOrderBy('a.id', 'DESC').skip(first).take(Math.min(max, MAX_MAX));
    const rows = await exclusive(this.dataSource, () => query.getMany());
    return rows.map(toEntry);
  }
}

function toEntry(row: AdminAuditEntryEntity): AdminAuditEntry {
  return {
    id: row.id,
    time: row.time,
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    via: row.via === 'token' ? 'token' : 'session',
    ...(row.tokenId !== null && { tokenId: row.tokenId }),
    action: row.action,
    resource: row.resource,
    ...(row.realm !== null && { realm: row.realm }),
    ...(row.before !== null && { before: row.before }),
    ...(row.after !== null && { after: row.after }),
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
