import type { ChallengeView } from '../../src/spi';
import { CODE_FIELD, type SentMail, type WaitingViewOptions } from '../shared';
import type { MagicLinkConfig } from './config';
import { ACTION_FIELD, ACTIONS, MAGIC_LINK_MESSAGES as M, MAGIC_LINK_VIEW } from './messages';

/** Length of the code in the mail (digits). */
export const CODE_LENGTH = 6;

/**
 * Seconds between the waiting page's checks of the sign-in's status endpoint, so a link approved on
 * another device moves the tab on by itself. The page reloads only when the status changed, so a
 * code being typed is never lost; without script, "I clicked the link" moves on at once.
 */
export const POLL_SECONDS = 3;

/**
 * The "check your inbox" page. Its model tells JSON clients what the page says: the address, when
 * the mail expires and when a resend is allowed (ms since the epoch, so a re-shown page stays right),
 * the buttons (`action=resend`, `action=continue`), whether a code may be typed, how often to poll,
 * and the security phrase when enabled. It is the same for known and unknown addresses.
 */
export function waitingView(config: MagicLinkConfig, email: string, mail: SentMail | undefined, options: WaitingViewOptions = {}): ChallengeView {
  const withCode = config.includeCode;
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
