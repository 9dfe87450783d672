import type { DataSource, FindOptionsSelect, Repository } from 'typeorm';
import type { DeliveryRecord, NewOutboxMessage, OutboxFilter, OutboxStore, RetryResult } from '../mail/outbox-store';
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from '../mail/outbox-store';
import type { OutboxMessage, OutboxMessageSummary, OutboxStatus } from '../mail/outbox-message';
import { exclusive } from './connection-lock';
import { OutboxMessageEntity } from './entities/outbox-message.entity';
import { runSql } from './sql';

const MAX_ERROR_LENGTH = 1000;

// Everything but the bodies (and the claim token).
const SUMMARY_FIELDS = [
  'id', 'realm', 'userId', 'from', 'to', 'template', 'locale', 'subject', 'status', 'attempts', 'nextAttemptAt', 'expiresAt',
  'claimedAt', 'lastError', 'transport', 'providerMessageId', 'createdAt', 'updatedAt', 'sentAt',
] as const satisfies ReadonlyArray<keyof OutboxMessageSummary>;
const SUMMARY_SELECT: FindOptionsSelect<OutboxMessageEntity> = Object.fromEntries(SUMMARY_FIELDS.map((field) => [field, true]));

// A message is up for grabs when it is pending and due, or when the worker that claimed it has not
// reported back within the lease (it crashed or hung). Used both to find and to claim, so a claim
// only succeeds on a message that is still up for grabs.
const CLAIMABLE =
  "((status = 'pending' AND next_attempt_at <= :now) OR (status = 'sending' AND claimed_at <= :staleBefore))";

/** A message's columns as `claim` reads them back (all but the claim token), and their row. */
const MESSAGE_COLUMNS =
  'id, realm, user_id, sender, recipient, template, locale, subject, html_body, text_body, status, attempts, next_attempt_at, expires_at, ' +
  'claimed_at, last_error, transport, provider_message_id, created_at, updated_at, sent_at';

interface MessageRow {
  id: string;
  realm: string;
  user_id: string | null;
  sender: string;
  recipient: string;
  template: string;
  locale: string;
  subject: string;
  html_body: string | null;
  text_body: string | null;
  status: OutboxStatus;
  attempts: number | string;
  next_attempt_at: number | string;
  expires_at: number | string | null;
  claimed_at: number | string | null;
  last_error: string | null;
  transport: string | null;
  provider_message_id: string | null;
  created_at: number | string;
  updated_at: number | string;
  sent_at: number | string | null;
}

/**
 * The outbox table's queries. Every state change is one conditional UPDATE, never read-then-write,
 * so any number of workers in any number of processes can share the table: of two workers claiming a
 * message one gets it, and a worker whose claim was taken over cannot overwrite the new holder's result.
 * On SQLite each statement runs through the store's connection lock, so it never lands inside another
 * caller's open transaction.
 */
export class OutboxRepository implements OutboxStore {
  private readonly repo: Repository<OutboxMessageEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(OutboxMessageEntity);
  }

  /** Stores a new message as `pending`, due at `createdAt` (or as `withheld`, never due). */
  async insert(message: NewOutboxMessage): Promise<void> {
    // One per mail: constant SQL (see sql.ts), not a statement compiled for each time value.
    await this.run(() =>
      runSql(
        this.dataSource,
        `INSERT INTO mail_outbox (id, realm, user_id, sender, recipient, template, locale, subject, html_body, text_body, status, attempts,
           next_attempt_at, expires_at, claimed_at, claim_token, last_error, transport, provider_message_id, created_at, updated_at, sent_at)
         VALUES (:id, :realm, :userId, :from, :to, :template, :locale, :subject, :htmlBody, :textBody, :status, 0,
           :createdAt, :expiresAt, NULL, NULL, NULL, NULL, NULL, :createdAt, :createdAt, NULL)`,
        { ...message, status: message.status ?? 'pending' },
      ),
    );
  }

  /** Ids of up to `limit` messages that may be claimed at `now`, oldest due first. */
  async findClaimable(now: number, leaseMs: number, limit: number): Promise<string[]> {
    // Polled about once per mail: constant SQL (see sql.ts), not a statement compiled per time.
    const { rows } = await this.run(() =>
      runSql<{ id: string }>(this.dataSource, `SELECT id FROM mail_outbox WHERE ${CLAIMABLE} ORDER BY next_attempt_at LIMIT :limit`, {
        now,
        staleBefore: now - leaseMs,
        limit,
      }),
    );
    return rows.map((r) => r.id);
  }

  /**
   * Claims a message for one delivery attempt: `sending`, `claimedAt = now`, `attempts + 1`, owned by
   * `claimToken`. Returns the claimed message, or `undefined` when it is not claimable any more
   * (someone else took it, or it changed).
   */
  async claim(id: string, now: number, leaseMs: number, claimToken: string): Promise<OutboxMessage | undefined> {
    // The claimed row comes back from the UPDATE itself (RETURNING): no second read.
    const { rows } = await this.run(() =>
      runSql<MessageRow>(
        this.dataSource,
        `UPDATE mail_outbox SET status = 'sending', claimed_at = :now, claim_token = :claimToken, attempts = attempts + 1, updated_at = :now
         WHERE id = :id AND ${CLAIMABLE} RETURNING ${MESSAGE_COLUMNS}`,
        { id, now, staleBefore: now - leaseMs, claimToken },
      ),
    );
    return rows.length === 1 ? fromRow(rows[0]!) : undefined;
  }

  async claimNext(now: number, leaseMs: number, claimToken: string, exclude: readonly string[]): Promise<OutboxMessage | undefined> {
    if (this.dataSource.options.type !== 'postgres') {
      // SQLite has one writer at a time anyway: find, then claim conditionally (another process
      // may have taken it in between; then the next one).
      for (const id of await this.findClaimable(now, leaseMs, exclude.length + 10)) {
        if (exclude.includes(id)) continue;
        const claimed = await this.claim(id, now, leaseMs, claimToken);
        if (claimed) return claimed;
      }
      return undefined;
    }
    // One statement: pick the oldest due row nobody holds a lock on (SKIP LOCKED), claim it. A
    // node that dies mid-delivery leaves `sending` with its claimed_at: CLAIMABLE gives it to
    // another node once the lease has passed.
    const params = { now, staleBefore: now - leaseMs, claimToken, exclude: exclude.length > 0 ? [...exclude] : [''] };
    const result = await this.repo
      .createQueryBuilder()
      .update()
      .set({ status: 'sending', claimedAt: now, claimToken, attempts: () => 'attempts + 1', updatedAt: now })
      .where(
        `id = (SELECT m.id FROM mail_outbox m WHERE ${CLAIMABLE.replace(/\b(status|next_attempt_at|claimed_at)\b/g, 'm.$1')} AND m.id NOT IN (:...exclude)
          ORDER BY m.next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)`,
      )
      .setParameters(params)
      .returning(['id'])
      .execute();
    const [row] = result.raw as Array<{ id: string }>;
    if (!row) return undefined;
    const claimed = await this.repo.findOneBy({ id: row.id, claimToken });
    return claimed ? toMessage(claimed) : undefined;
  }

  /**
   * Records the outcome of the attempt held under `claimToken`. Returns false (and changes nothing)
   * when the claim was lost: the lease ran out and another worker took the message over.
   */
  async record(id: string, claimToken: string, now: number, outcome: DeliveryRecord): Promise<boolean> {
    if (outcome.kind === 'sent') {
      // Bodies may carry live sign-in links: once delivered, the outbox has no reason to keep them.
      const bodies = outcome.keepBodies ? '' : ', html_body = NULL, text_body = NULL';
      const sent = await this.run(() =>
        runSql(
          this.dataSource,
          `UPDATE mail_outbox SET claim_token = NULL, updated_at = :now, status = 'sent', sent_at = :now, transport = :transport,
             provider_message_id = :providerMessageId, last_error = NULL${bodies} WHERE id = :id AND status = 'sending' AND claim_token = :claimToken`,
          { now, transport: outcome.transport, providerMessageId: outcome.providerMessageId, id, claimToken },
        ),
      );
      return sent.affected === 1;
    }
    const base = { claimToken: null, updatedAt: now };
    const set =
      outcome.kind === 'retry'
        ? { ...base, status: 'pending' as const, nextAttemptAt: outcome.nextAttemptAt, lastError: truncate(outcome.error) }
        : { ...base, status: 'failed' as const, lastError: truncate(outcome.error) };
    const result = await this.run(() =>
      this.repo
        .createQueryBuilder()
        .update()
        .set(set)
        .where("id = :id AND status = 'sending' AND claim_token = :claimToken", { id, claimToken })
        .execute(),
    );
    return result.affected === 1;
  }

  /** Messages without their bodies, newest first. */
  async list(filter: OutboxFilter = {}): Promise<OutboxMessageSummary[]> {
    const asked = Number.isFinite(filter.limit) ? Math.trunc(filter.limit!) : DEFAULT_LIST_LIMIT;
    const limit = Math.min(Math.max(asked, 1), MAX_LIST_LIMIT);
    const where: { realm?: string; status?: OutboxStatus } = {};
    if (filter.realm !== undefined) where.realm = filter.realm;
    if (filter.status !== undefined) where.status = filter.status;
    const rows = await this.run(() =>
      this.repo.find({ select: SUMMARY_SELECT, where, order: { createdAt: 'DESC', id: 'DESC' }, take: limit }),
    );
    // Plain objects: entity instances carry every declared field, bodies included (as undefined).
    return rows.map((row) => Object.fromEntries(SUMMARY_FIELDS.map((field) => [field, row[field]])) as unknown as OutboxMessageSummary);
  }

  /** One message with its bodies (which are `null` after delivery through a real transport). */
  async get(id: string): Promise<OutboxMessage | undefined> {
    const row = await this.run(() => this.repo.findOneBy({ id }));
    return row ? toMessage(row) : undefined;
  }

  /** Puts a `failed` message back to `pending`, due at `now`, with its attempts reset. */
  async retry(id: string, now: number): Promise<RetryResult> {
    const result = await this.run(() =>
      this.repo
        .createQueryBuilder()
        .update()
        .set({ status: 'pending', attempts: 0, nextAttemptAt: now, claimedAt: null, claimToken: null, lastError: null, updatedAt: now })
        .where("id = :id AND status = 'failed'", { id })
        .execute(),
    );
    if (result.affected === 1) return 'retried';
    return (await this.get(id)) === undefined ? 'not_found' : 'not_failed';
  }

  /**
   * Deletes `sent`, `failed` and `withheld` messages last changed before `before` (ms since the
   * epoch); returns how many. Failed and withheld messages keep their bodies, so pruning them also
   * removes old links.
   */
  async purgeFinished(before: number): Promise<number> {
    const result = await this.run(() =>
      this.repo
        .createQueryBuilder()
        .delete()
        .where("status IN ('sent', 'failed', 'withheld') AND updated_at < :before", { before })
        .execute(),
    );
    return result.affected ?? 0;
  }

  private run<T>(work: () => Promise<T>): Promise<T> {
    return exclusive(this.dataSource, work);
  }
}

/** The row as callers see it: the claim token is the workers' business. */
function toMessage(row: OutboxMessageEntity): OutboxMessage {
  const { claimToken: _claimToken, ...message } = row;
  return message;
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/** A row of MESSAGE_COLUMNS as callers see it; PostgreSQL returns bigints as strings. */
function fromRow(row: MessageRow): OutboxMessage {
  const time = (value: number | string | null) => (value === null ? null : Number(value));
  return {
    id: row.id,
    realm: row.realm,
    userId: row.user_id,
    from: row.sender,
    to: row.recipient,
    template: row.template,
    locale: row.locale,
    subject: row.subject,
    htmlBody: row.html_body,
    textBody: row.text_body,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    expiresAt: time(row.expires_at),
    claimedAt: time(row.claimed_at),
    lastError: row.last_error,
    transport: row.transport,
    providerMessageId: row.provider_message_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    sentAt: time(row.sent_at),
  };
}
