import type { AuthenticatorContext, ChallengeView, UserView, ViewMessage } from '../../src/spi';
import type { SentMail } from './mail-state';
import type { CodeFormat } from './otp-code';
import type { ProvedAddressConfig } from './proved-address';
import type { SendBudgetConfig } from './send-budget';

/** The options every step that proves an address by mail has (see each plugin's schema for their documentation). */
export interface MailProofConfig extends ProvedAddressConfig, SendBudgetConfig {
  readonly resendCooldownSeconds: number;
  readonly securityPhrase: boolean;
  readonly revealUnknownEmail: boolean;
}

/** The message keys the shared steps show; each plugin's bundles define its own. */
export interface MailProofMessages {
  /** Label of the address field. */
  readonly fieldEmail: string;
  readonly emailRequired: string;
  readonly invalidEmail: string;
  /** Only with `revealUnknownEmail`. */
  readonly unknownEmail: string;
  /** Field error after the address was proved: it looks like another account's, so no account is made for it. */
  readonly confusableEmail: string;
  /** Field error: nothing typed. */
  readonly codeRequired: string;
  /** Field error: a wrong code (and what a locked user is told). */
  readonly invalidCode: string;
  /** Error: the code expired or is gone. */
  readonly expiredCode: string;
  /** Error: too many wrong codes, ask for a new mail. */
  readonly tooManyAttempts: string;
  /** Error: too many mails to this address this hour (param `minutes`). */
  readonly tooManySends: string;
  /** Success after a resend. */
  readonly resent: string;
  /** Warning: wait before resending (param `seconds`). */
  readonly resendWait: string;
}

/** The reasons the shared steps record on LOGIN_ERROR events (stable, snake_case; each plugin names its own). */
export interface MailProofErrors {
  readonly invalidEmail: string;
  readonly unknownUser: string;
  readonly confusableEmail: string;
  readonly invalidCode: string;
  readonly expired: string;
  readonly tooManyAttempts: string;
  readonly locked: string;
  readonly rateLimited: string;
}

/** What the waiting page shows beyond its form. */
export interface WaitingViewOptions {
  readonly fieldError?: string;
  readonly messages?: readonly ViewMessage[];
}

/**
 * A step that proves control of an address by mail, as the shared steps (`begin`, `sendMail`,
 * `verifyCode`, ...) see it: email-otp (a code) and magic-link (a link, and a code) are two of
 * these. Everything the two do alike lives in `authenticators/shared/`; each plugin says here only
 * what differs.
 */
export interface MailProof<C extends MailProofConfig> {
  /** The plugin id: the `method` of its events and of the accounts it creates. */
  readonly method: string;
  /** The mail type (`templates/email/<template>.{html,text}.hbs`). */
  readonly template: string;
  /** The view id of the page asking for the address, when no earlier step identified one. */
  readonly emailView: string;
  /** The prefix of the send budgets' names (`<plugin>.send`; see `spendSendBudget`). */
  readonly sendLimitName: string;
  readonly messages: MailProofMessages;
  readonly errors: MailProofErrors;
  /** How long a mail's code (and link) work, in seconds. */
  lifetimeSeconds(config: C): number;
  /** Wrong codes after which a mail's code stops working. */
  maxAttempts(config: C): number;
  /** The code mails carry, or `undefined` when they carry none. */
  codeFormat(config: C): CodeFormat | undefined;
  /** The page shown while the mail is out. */
  waitingView(config: C, email: string, mail: SentMail | undefined, options?: WaitingViewOptions): ChallengeView;
  /**
   * Called for every new mail, delivered or not, before it is queued: what else its template gets
   * (a link). Doing the same work for every address keeps requests for known and unknown ones alike.
   */
  prepareMail?(ctx: AuthenticatorContext<C>, email: string, account: UserView | undefined, mail: SentMail): Promise<Record<string, unknown>>;
  /** Called when the mail's code was used, before the sign-in goes on (revoke the mail's link). */
  codeUsed?(ctx: AuthenticatorContext<C>, email: string): Promise<void>;
}
