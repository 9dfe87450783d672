import { emailField, type ChallengeView, type ViewMessage } from '../../src/spi';
import type { EmailOtpConfig } from './config';
import type { StoredCode } from './code-state';
import { CODE_FIELD, EMAIL_FIELD, EMAIL_OTP_EMAIL_VIEW, EMAIL_OTP_MESSAGES as M, EMAIL_OTP_VIEW, RESEND_FIELD, RESEND_VALUE } from './messages';

/** What the code page shows beyond its form. */
export interface CodeViewOptions {
  readonly fieldError?: string;
  readonly messages?: readonly ViewMessage[];
}

/**
 * The code form. Its model tells JSON clients what the page says: the address, the code's format,
 * when it expires and when a resend is allowed (ms since the epoch, so a re-shown page stays right),
 * how to ask for a resend, and the security phrase when enabled.
 */
export function codeView(config: EmailOtpConfig, email: string, code: StoredCode | undefined, options: CodeViewOptions = {}): ChallengeView {
  const phrase = config.securityPhrase ? code?.phrase : undefined;
  const view: ChallengeView = {
    view: EMAIL_OTP_VIEW,
    model: {
      email,
      codeLength: config.length,
      alphabet: config.alphabet,
      ...(code && { expiresAt: code.expiresAt, resendAvailableAt: code.sentAt + config.resendCooldownSeconds * 1000 }),
      resend: { field: RESEND_FIELD, value: RESEND_VALUE },
      ...(phrase !== undefined && { securityPhrase: phrase }),
    },
    fields: [
      {
        name: CODE_FIELD,
        type: 'code',
        label: M.fieldCode,
        required: true,
        autocomplete: 'one-time-code',
        inputMode: config.alphabet === 'digits' ? 'numeric' : 'text',
        // Room for spaces or dashes people type between groups.
        maxLength: config.length * 2,
      },
    ],
    messages: [
      { kind: 'info', text: M.sent, params: { email } },
      ...(phrase !== undefined ? [{ kind: 'info' as const, text: M.phrase, params: { phrase } }] : []),
      ...(options.messages ?? []),
    ],
  };
  return options.fieldError === undefined ? view : { ...view, fieldErrors: { [CODE_FIELD]: options.fieldError } };
}

/** The address form, for flows where nothing asked for the address before this step. */
export function emailView(value: string | undefined, fieldError?: string): ChallengeView {
  const view: ChallengeView = {
    view: EMAIL_OTP_EMAIL_VIEW,
    fields: [emailField(M.fieldEmail, value)],
  };
  return fieldError === undefined ? view : { ...view, fieldErrors: { [EMAIL_FIELD]: fieldError } };
}
