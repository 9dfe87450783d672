/** One email as a transport sends it: rendered, addressed, with the outbox id it came from. */
export interface OutgoingMail {
  /** The outbox message id; transports derive the Message-ID from it, so a re-send after a crash carries the same one. */
  readonly id: string;
  /** The `From` header. */
  readonly from: string;
  /** The recipient's address (one per message). */
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/**
 * What a send attempt came to. An outage is an outcome here, not an exception: the worker turns
 * `permanent: false` into a retry with backoff and `permanent: true` into `failed`.
 */
export type SendResult =
  | { readonly ok: true; /** The Message-ID the message went out with. */ readonly messageId: string }
  | {
      readonly ok: false;
      /** True when retrying cannot help (the server said 5xx: unknown mailbox, refused content, ...). */
      readonly permanent: boolean;
      /** What went wrong, for the outbox and the admin; never contains the message body. */
      readonly reason: string;
    };

/** Where the delivery worker hands messages over to. */
export interface MailTransport {
  /** Recorded on each sent message, e.g. `smtp`, `dev-outbox`. */
  readonly name: string;
  /**
   * Whether the outbox keeps a sent message's bodies. Only the dev outbox does (the table is its
   * mailbox); otherwise bodies are erased after delivery because they may hold live sign-in links.
   */
  readonly keepsSentBodies: boolean;
  /** Sends one message. Should not throw; a throw counts as a temporary failure. */
  send(mail: OutgoingMail): Promise<SendResult>;
  /** Releases connections. Called once, after the worker stopped. */
  close(): Promise<void>;
}
