import type { Notes } from '../../src/spi';
import type { HashedCode } from './otp-code';

/** The code of this sign-in, as kept in the execution's notes (this tab only). Never the code itself. */
export interface StoredCode extends HashedCode {
  /** When it stops working (ms since the epoch). */
  readonly expiresAt: number;
  /** When it was made (ms since the epoch), for the resend cooldown. */
  readonly sentAt: number;
  /**
   * Whether it was mailed. An unknown address (without `forceCreateUser`) or a locked user gets a
   * code that was never sent, so the pages behave the same; such a code never signs anyone in.
   */
  readonly delivered: boolean;
  /** The security phrase shown with it, when enabled. */
  readonly phrase?: string;
}

// Note keys. The address the codes go to; the current code; wrong entries of the current code (a
// resend keeps them); which page is showing; when the last code was made (kept when the code dies,
// so the resend cooldown still holds).
const EMAIL = 'email';
const SENT_AT = 'sentAt';
const CODE = 'code';
const ATTEMPTS = 'attempts';
const STAGE = 'stage';

/** Which page of this step is showing: the address form or the code form. */
export type Stage = 'email' | 'code';

/** Typed access to the step's notes. */
export class CodeState {
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

  get code(): StoredCode | undefined {
    return this.notes.get<StoredCode>(CODE);
  }

  set code(code: StoredCode | undefined) {
    this.notes.set(CODE, code);
  }

  /** When the last code was made (ms since the epoch), even if it is gone. */
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

  /** Forgets the code and its count (used, or the address changed). */
  clearCode(): void {
    this.code = undefined;
    this.attempts = 0;
  }
}
