import type { OutboxMessage, OutboxMessageSummary, OutboxStatus } from './outbox-message';

/** A message to store, already rendered (fields as in `OutboxMessage`). */
export interface NewOutboxMessage {
  /** A fresh `crypto.randomUUID()`. */
  readonly id: string;
  readonly realm: string;
  readonly userId: string | null;
  /** The `From` header. */
  readonly from: string;
  /** The recipient, normalised. */
  readonly to: string;
  readonly template: string;
  readonly locale: string;
  readonly subject: string;
  readonly htmlBody: string;
  readonly textBody: string;
  /** After this it is not sent (ms since the epoch); `null` = never. */
  readonly expiresAt: number | null;
  /** Now: it is due at once. */
  readonly createdAt: number;
  /** `pending` (the default) to deliver it, `withheld` to only keep it. */
  readonly status?: 'pending' | 'withheld';
}

/** Which messages `list` returns. */
export interface OutboxFilter {
  /** Only this realm's messages. Default: every realm. */
  readonly realm?: string;
  /** Only messages in this status. Default: any. */
  readonly status?: OutboxStatus;
  /** At most this many, newest first. Default 50, at most 500. */
  readonly limit?: number;
}

/** The outcome a worker records for a message it holds. */
export type DeliveryRecord =
  | { readonly kind: 'sent'; readonly transport: string; readonly providerMessageId: string; readonly keepBodies: boolean }
  | { readonly kind: 'retry'; readonly nextAttemptAt: number; readonly error: string }
  | { readonly kind: 'failed'; readonly error: string };

/** Result of `retry`. */
export type RetryResult = 'retried' | 'not_found' | 'not_failed';

/** How many messages `list` returns when no limit is given. */
export const DEFAULT_LIST_LIMIT = 50;
/** The most messages one `list` call returns, whatever limit is asked for. */
export const MAX_LIST_LIMIT = 500;

/**
 * The outbox's storage: what the mail service and the delivery worker need of it. The store
 * implements it on the database (`src/store/outbox.repository.ts`); mail never imports the store.
 */
export interface OutboxStore {
  /** Stores a new message as `pending`, due at `createdAt` (or as `withheld`, never due). */
  insert(message: NewOutboxMessage): Promise<void>;
  /** Ids of up to `limit` messages that may be claimed at `now`, oldest due first. */
  findClaimable(now: number, leaseMs: number, limit: number): Promise<string[]>;
  /**
   * Claims a message for one delivery attempt: `sending`, `claimedAt = now`, `attempts + 1`, owned by
   * `claimToken`. Returns the claimed message, or `undefined` when it is not claimable any more
   * (someone else took it, or it changed).
   */
  claim(id: string, now: number, leaseMs: number, claimToken: string): Promise<OutboxMessage | undefined>;
  /**
   * Claims the oldest due message (as `claim` does) other than those in `exclude` (messages this
   * worker is still sending); `undefined` when none is left. Workers on other nodes claiming at the
   * same moment each get a different message (on PostgreSQL `FOR UPDATE SKIP LOCKED`: they never
   * wait for each other nor fight over one row).
   */
  claimNext(now: number, leaseMs: number, claimToken: string, exclude: readonly string[]): Promise<OutboxMessage | undefined>;
  /**
   * Records the outcome of the attempt held under `claimToken`. Returns false (and changes nothing)
   * when the claim was lost: the lease ran out and another worker took the message over.
   */
  record(id: string, claimToken: string, now: number, outcome: DeliveryRecord): Promise<boolean>;
  /** Messages without their bodies, newest first. */
  list(filter?: OutboxFilter): Promise<OutboxMessageSummary[]>;
  /** One message with its bodies (which are `null` after delivery through a real transport). */
  get(id: string): Promise<OutboxMessage | undefined>;
  /** Puts a `failed` message back to `pending`, due at `now`, with its attempts reset. */
  retry(id: string, now: number): Promise<RetryResult>;
  /**
   * Deletes `sent`, `failed` and `withheld` messages last changed before `before` (ms since the
   * epoch); returns how many. Failed and withheld messages keep their bodies, so pruning them also
   * removes old links.
   */
  purgeFinished(before: number): Promise<number>;
}
