/**
 * Where an outbox message is in its life:
 * - `pending`: waiting for its next attempt (`nextAttemptAt`);
 * - `sending`: claimed by a worker (`claimedAt`); if that worker dies, it is reclaimed after the lease;
 * - `sent`: the transport accepted it (`sentAt`, `providerMessageId`);
 * - `failed`: refused for good, attempts exhausted or expired (`lastError`); an admin may retry it;
 * - `withheld`: rendered and kept but never to be delivered: the mail an address without an account
 *   would have got, written so that asking for one takes the same work as for a known address.
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'withheld';

/** Every outbox status, for validating filters. */
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'sent', 'failed', 'withheld'];

/** An outbox message without its bodies, as lists show it. Times are ms since the epoch. */
export interface OutboxMessageSummary {
  readonly id: string;
  readonly realm: string;
  /** The user the mail is about, when known. */
  readonly userId: string | null;
  /** The `From` header, e.g. `Flowgate <no-reply@example.com>`. */
  readonly from: string;
  /** The recipient's address. */
  readonly to: string;
  /** The message type, e.g. `test-message`. */
  readonly template: string;
  /** The locale it was rendered in. */
  readonly locale: string;
  readonly subject: string;
  readonly status: OutboxStatus;
  /** Delivery attempts started so far (a claim counts, so a crash mid-send counts too). */
  readonly attempts: number;
  /** When a `pending` message is due. */
  readonly nextAttemptAt: number;
  /** After this time the message is no longer worth sending (its link has expired); `null` = never. */
  readonly expiresAt: number | null;
  /** When a worker claimed it (status `sending`), else the last claim or `null`. */
  readonly claimedAt: number | null;
  /** Why the last attempt failed; `null` when none did. */
  readonly lastError: string | null;
  /** The transport that delivered it: `smtp` or `dev-outbox`. */
  readonly transport: string | null;
  /** The Message-ID the transport reported. */
  readonly providerMessageId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly sentAt: number | null;
}

/**
 * An outbox message with its bodies. The bodies may hold live sign-in links, so once the message is
 * sent through a real transport they are erased (`null`); the dev outbox keeps them, being the mailbox.
 */
export interface OutboxMessage extends OutboxMessageSummary {
  readonly htmlBody: string | null;
  readonly textBody: string | null;
}
