import type { ChallengeView } from '../../src/spi';
import { CODE_FIELD, type SentMail, type WaitingViewOptions } from '../shared';
import type { EmailOtpConfig } from './config';
import { EMAIL_OTP_MESSAGES as M, EMAIL_OTP_VIEW, RESEND_FIELD, RESEND_VALUE } from './messages';

/**
 * The code form. Its model tells JSON clients what the page says: the address, the code's format,
 * when it expires and when a resend is allowed (ms since the epoch, so a re-shown page stays right),
 * how to ask for a resend, and the security phrase when enabled.
 */
export function codeView(config: EmailOtpConfig, email: string, mail: SentMail | undefined, options: WaitingViewOptions = {}): ChallengeView {
  const phrase = config.securityPhrase ? mail?.phrase : undefined;
  const view: ChallengeView = {
    view: EMAIL_OTP_VIEW,
    model: {
      email,
      codeLength: config.length,
      alphabet: config.alphabet,
      ...(mail && { expiresAt: mail.expiresAt, resendAvailableAt: mail.sentAt + config.resendCooldownSeconds * 1000 }),
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
