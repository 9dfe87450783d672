import type { Notes } from '../../src/spi';
import type { HashedCode } from '../email-otp/otp-code';

/** The mail of this sign-in, as kept in the execution's notes (this tab only). Never the link or the code. */
export interface SentMail {
  /** When its link and code stop working (ms since the epoch). */
  readonly expiresAt: number;
  /** When it was sent (ms since the epoch). */
  readonly sentAt: number;
  /**
   * Whether it was mailed. An unknown address (without `forceCreateUser`) or a locked user gets a
   * mail that was never sent, so the pages behave the same; its code never signs anyone in.
   */
  readonly delivered: boolean;
  /** The hash of its code, when it carries one. */
  readonly code?: HashedCode;
  /** The security phrase shown with it, when enabled. */
  readonly phrase?: string;
}

/** Which page of this step is showing: the address form or the waiting page. */
export type Stage = 'email' | 'sent';

// Note keys: the address; the current mail; wrong codes typed for it; which page is showing; when
// the last mail went out (kept when the mail dies, so the resend cooldown still holds).
const EMAIL = 'email';
const MAIL = 'mail';
const ATTEMPTS = 'attempts';
const STAGE = 'stage';
const SENT_AT = 'sentAt';

/** Typed access to the step's notes. */
export class MailState {
  constructor(private readonly notes: Notes) {}

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

  get sentAt(): number | undefined {
    return this.notes.get<number>(SENT_AT);
  }

  set sentAt(at: number | undefined) {
    this.notes.set(SENT_AT, at);
  }

  get attempts(): number {
    return this.notes.get<number>(ATTEMPTS) ?? 0;
  }

  set attempts(attempts: number) {
    this.notes.set(ATTEMPTS, attempts > 0 ? attempts : undefined);
  }

  /** Forgets the code of the current mail and its count (used, or dead); the mail's other facts stay. */
  dropCode(): void {
    const mail = this.mail;
    if (mail?.code) {
      const { code: _dropped, ...rest } = mail;
      this.mail = rest;
    }
    this.attempts = 0;
  }
}
