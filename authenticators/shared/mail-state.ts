import type { Notes } from '../../src/spi';
import type { HashedCode } from './otp-code';

/**
 * Why a mail's code stopped working before it was used: it ran out of time (`expired`), or
 * `maxAttempts` wrong codes were typed against it (`attempts`). Kept so later tries are told what
 * really happened: after too many wrong codes, "expired" would send people looking at the clock.
 */
export type CodeEnd = 'expired' | 'attempts';

/** The current mail of a sign-in, as kept in the execution's notes (this tab only). Never the code or a link. */
export interface SentMail {
  /** When it was sent (ms since the epoch). */
  readonly sentAt: number;
  /** When its code (and link) stop working (ms since the epoch). */
  readonly expiresAt: number;
  /**
   * Whether it was mailed. An unknown address (without `forceCreateUser`) or a locked user gets a
   * mail that was never sent, so the pages behave the same; its code never signs anyone in.
   */
  readonly delivered: boolean;
  /** The hash of its code while the code works (gone once used, expired or guessed at too often). */
  readonly code?: HashedCode;
  /** Why `code` is gone, once it stopped working unused. */
  readonly codeEnd?: CodeEnd;
  /** The security phrase shown with it, when enabled. */
  readonly phrase?: string;
}

/** Which page of the step is showing: the address form, or the page that waits for the mail to be used. */
export type Stage = 'email' | 'sent';

// Note keys: the address; the current mail; wrong codes typed (a new mail keeps the count unless it
// was used up, so resending buys no guesses); which page is showing; when the last mail went out
// (kept when the mail dies, so the resend cooldown still holds).
const EMAIL = 'email';
const MAIL = 'mail';
const ATTEMPTS = 'attempts';
const STAGE = 'stage';
const SENT_AT = 'sentAt';

/** Typed access to the notes of a step that proves an address by mail. */
export class MailState {
  constructor(private readonly notes: Notes) {}

  /** The address the mails go to. */
  get email(): string | undefined {
    return this.notes.get<string>(EMAIL);
  }

  set email(email: string | undefined) {
    this.notes.set(EMAIL, email);
  }

  get stage(): Stage | undefined {
    return this.notes.get<Stage>(STAGE);
  }

  set stage(stage: Stage | undefined) {
    this.notes.set(STAGE, stage);
  }

  get mail(): SentMail | undefined {
    return this.notes.get<SentMail>(MAIL);
  }

  set mail(mail: SentMail | undefined) {
    this.notes.set(MAIL, mail);
  }

  /** When the last mail went out (ms since the epoch), even if it is gone. */
  get sentAt(): number | undefined {
    return this.notes.get<number>(SENT_AT);
  }

  set sentAt(at: number | undefined) {
    this.notes.set(SENT_AT, at);
  }

  /** Wrong codes typed so far. */
  get attempts(): number {
    return this.notes.get<number>(ATTEMPTS) ?? 0;
  }

  set attempts(attempts: number) {
    this.notes.set(ATTEMPTS, attempts > 0 ? attempts : undefined);
  }

  /** Kills the current mail's code for `why`; the mail's other facts (expiry, phrase) stay for the page. */
  dropCode(why: CodeEnd): void {
    const mail = this.mail;
    if (mail?.code) {
      const { code: _dropped, ...rest } = mail;
      this.mail = { ...rest, codeEnd: why };
    }
  }

  /** The mail was used (its code, or its link): nothing of it may sign in again, and the count starts over. */
  spend(): void {
    this.mail = undefined;
    this.attempts = 0;
  }

  /** Another address: the mail and the count of the previous one are forgotten. */
  changeAddress(email: string): void {
    if (this.email !== email) this.spend();
    this.email = email;
  }
}
