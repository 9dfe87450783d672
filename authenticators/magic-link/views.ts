import { emailField, type ChallengeView, type ViewMessage } from '../../src/spi';
import { mailsCode, type MagicLinkConfig } from './config';
import type { SentMail } from './mail-state';
import { ACTION_FIELD, ACTIONS, CODE_FIELD, EMAIL_FIELD, MAGIC_LINK_EMAIL_VIEW, MAGIC_LINK_MESSAGES as M, MAGIC_LINK_VIEW } from './messages';

/** Length of the code in the mail (digits). */
export const CODE_LENGTH = 6;

/**
 * Seconds between the waiting page's checks of the sign-in's status endpoint, so a link approved on
 * another device moves the tab on by itself. The page reloads only when the status changed, so a
 * code being typed is never lost; without script, "I clicked the link" moves on at once.
 */
export const POLL_SECONDS = 3;

/** What the waiting page shows beyond its form. */
export interface WaitingViewOptions {
  readonly fieldError?: string;
  readonly messages?: readonly ViewMessage[];
}

/**
 * The "check your inbox" page. Its model tells JSON clients what the page says: the address, when
 * the mail expires and when a resend is allowed (ms since the epoch, so a re-shown page stays right),
 * the buttons (`action=resend`, `action=continue`), whether a code may be typed, how often to poll,
 * and the security phrase when enabled. It is the same for known and unknown addresses.
 */
export function waitingView(config: MagicLinkConfig, email: string, mail: SentMail | undefined, options: WaitingViewOptions = {}): ChallengeView {
  const withCode = mailsCode(config);
  const phrase = config.securityPhrase ? mail?.phrase : undefined;
  const view: ChallengeView = {
    view: MAGIC_LINK_VIEW,
    model: {
      email,
      ...(mail && { expiresAt: mail.expiresAt, resendAvailableAt: mail.sentAt + config.resendCooldownSeconds * 1000 }),
      actionField: ACTION_FIELD,
      resend: { field: ACTION_FIELD, value: ACTIONS.resend },
      continue: { field: ACTION_FIELD, value: ACTIONS.continue },
      codeEntry: withCode,
      pollSeconds: POLL_SECONDS,
      ...(phrase !== undefined && { securityPhrase: phrase }),
    },
    fields: withCode
      ? [
          {
            name: CODE_FIELD,
            type: 'code',
            label: M.fieldCode,
            // Not required: the same form's other buttons send no code.
            required: false,
            autocomplete: 'one-time-code',
            inputMode: 'numeric',
            // Room for spaces or dashes people type between groups.
            maxLength: CODE_LENGTH * 2,
          },
        ]
      : [],
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
    view: MAGIC_LINK_EMAIL_VIEW,
    fields: [emailField(M.fieldEmail, value)],
  };
  return fieldError === undefined ? view : { ...view, fieldErrors: { [EMAIL_FIELD]: fieldError } };
}
