import path from 'node:path';
import { challenge, defineAuthenticator, emailField, EMPTY_CONFIG_SCHEMA, failureChallenge, success } from '../../src/spi';
import type { ChallengeView } from '../../src/spi';
import { isValidEmail, MAX_EMAIL_LENGTH, normalizeEmail } from '../../src/spi/email';
import { EMAIL_FIELD, IDENTIFY_EMAIL_MESSAGES, IDENTIFY_EMAIL_VIEW, INVALID_EMAIL_ERROR } from './messages';

/** Plugin id of the identify-by-email step. */
export const IDENTIFY_EMAIL_ID = 'identify-email';

/**
 * Asks for an email address and identifies the account it belongs to, if any. It proves nothing:
 * a later step (magic link, email code) does. Its answer is the same whether or not the account
 * exists, so the page cannot be used to find out who has one; a disabled account is treated as
 * no account, so no later step mails it or counts attempts against it.
 */
export const identifyEmailAuthenticator = defineAuthenticator({
  id: IDENTIFY_EMAIL_ID,
  failureReasons: [INVALID_EMAIL_ERROR],
  displayName: 'Identify by email',
  helpText: 'Asks for the email address and looks the account up, without revealing whether it exists. Put a step that proves control of the address after it.',
  requirements: ['REQUIRED', 'ALTERNATIVE', 'DISABLED'],
  requiresUser: false,
  views: [IDENTIFY_EMAIL_VIEW],
  templatesDir: path.join(__dirname, 'templates'),
  messagesDir: path.join(__dirname, 'messages'),
  configSchema: EMPTY_CONFIG_SCHEMA,

  authenticate(ctx) {
    // The client's hint wins (it names the account the application wants), then what was typed earlier.
    // Either is shown only if it is a plausible address: a hint is untrusted input from a URL.
    const prefill = [ctx.authSession.loginHint, ctx.attemptedIdentifier]
      .map((candidate) => (candidate === undefined ? '' : normalizeEmail(candidate)))
      .find(isValidEmail);
    return challenge(emailView(prefill));
  },

  async action(ctx) {
    const submitted: unknown = ctx.form[EMAIL_FIELD];
    const typed = typeof submitted === 'string' ? submitted : '';
    const email = normalizeEmail(typed);
    if (!isValidEmail(email)) {
      const error = email === '' ? IDENTIFY_EMAIL_MESSAGES.emailRequired : IDENTIFY_EMAIL_MESSAGES.invalidEmail;
      return failureChallenge(INVALID_EMAIL_ERROR, emailView(truncate(typed, MAX_EMAIL_LENGTH), error));
    }
    ctx.setAttemptedIdentifier(email);
    const user = await ctx.users.findByEmail(email);
    ctx.setUser(user?.enabled ? user : undefined);
    return success();
  },
});

function emailView(value: string | undefined, fieldError?: string): ChallengeView {
  const view: ChallengeView = {
    view: IDENTIFY_EMAIL_VIEW,
    fields: [emailField(IDENTIFY_EMAIL_MESSAGES.fieldEmail, value)],
  };
  return fieldError === undefined ? view : { ...view, fieldErrors: { [EMAIL_FIELD]: fieldError } };
}

/** Cuts what is echoed back to the field's own limit, never between the halves of a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
