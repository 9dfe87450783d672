import path from 'node:path';
import { challenge, defineAuthenticator } from '../../src/spi';
import { answerEmail, begin, MailState, resendMail, verifyCode, type MailProof } from '../shared';
import { MAGIC_LINK_CONFIG_SCHEMA, type MagicLinkConfig } from './config';
import { ACTION_FIELD, ACTIONS, MAGIC_LINK_EMAIL_VIEW, MAGIC_LINK_ERRORS as E, MAGIC_LINK_ID, MAGIC_LINK_MESSAGES as M, MAGIC_LINK_TEMPLATE, MAGIC_LINK_VIEW } from './messages';
import { crossBrowserLink, describeMagicLink, linkData, onMagicLink } from './on-link';
import { CODE_LENGTH, waitingView } from './views';

/** Name of the per-address send limit (counted per realm, keyed by the normalised address). */
export const SEND_LIMIT_NAME = 'magic-link.send';

/** Wrong codes after which a mail's code stops working (as email-otp's default). */
export const MAX_CODE_ATTEMPTS = 5;

/**
 * What the magic link does beyond the shared mail steps: each mail carries a link (and, with
 * `includeCode`, a 6-digit code); a used code revokes the mail's link.
 */
const MAGIC_LINK: MailProof<MagicLinkConfig> = {
  method: MAGIC_LINK_ID,
  template: MAGIC_LINK_TEMPLATE,
  emailView: MAGIC_LINK_EMAIL_VIEW,
  sendLimitName: SEND_LIMIT_NAME,
  messages: M,
  errors: E,
  lifetimeSeconds: (config) => config.linkLifetimeSeconds,
  maxAttempts: () => MAX_CODE_ATTEMPTS,
  codeFormat: (config) => (config.includeCode ? { length: CODE_LENGTH, alphabet: 'digits' } : undefined),
  waitingView,

  // A link for every mail, mailed or not (the request costs the same for every address). Its subject
  // is the address, so revoking by it kills every earlier link to the address, in any sign-in.
  async prepareMail(ctx, email, account) {
    await ctx.links.revokeAll(email);
    const link = await ctx.links.issue({ ttlSeconds: ctx.config.linkLifetimeSeconds, subject: email, data: { ...linkData(email, account?.id) } });
    return { link: link.url };
  },

  async codeUsed(ctx, email) {
    await ctx.links.revokeAll(email);
  },
};

/**
 * Signs in with a link mailed to the address (and, optionally, a code in the same mail). The address
 * is the one an earlier step identified (`identify-email`), else this step asks for it. Following the
 * link shows a confirmation page and changes nothing (mail scanners follow links); only its POST uses
 * the link up. In the browser that asked, the sign-in goes on at once; from another browser the
 * waiting tab goes on, or the sign-in moves to that browser, or the link is refused (`crossDevice`).
 * The flow continues after this step, so later steps (a second factor) still run. Unknown addresses
 * get the same page and no mail unless `forceCreateUser` signs them up; the account is then made
 * only when the mail is used.
 */
export const magicLinkAuthenticator = defineAuthenticator<MagicLinkConfig>({
  id: MAGIC_LINK_ID,
  failureReasons: Object.values(E),
  amr: 'email',
  displayName: 'Magic link',
  helpText: 'Mails a single-use sign-in link (and a code) to the address being signed in. Put it after identify-email, or alone (it then asks for the address).',
  requirements: ['REQUIRED', 'ALTERNATIVE', 'DISABLED'],
  requiresUser: false,
  views: [MAGIC_LINK_VIEW, MAGIC_LINK_EMAIL_VIEW],
  templatesDir: path.join(__dirname, 'templates'),
  messagesDir: path.join(__dirname, 'messages'),
  configSchema: MAGIC_LINK_CONFIG_SCHEMA,

  authenticate: (ctx) => begin(ctx, MAGIC_LINK),

  async action(ctx) {
    const state = new MailState(ctx.notes);
    if (state.stage === 'email') return answerEmail(ctx, MAGIC_LINK);
    const email = state.email;
    // Nothing in the notes means a page this step never showed: start it over.
    if (email === undefined) return begin(ctx, MAGIC_LINK);
    const action = ctx.form[ACTION_FIELD];
    if (action === ACTIONS.resend) return resendMail(ctx, MAGIC_LINK, email);
    // "I clicked the link" (or, without a code to type, anything else): an approval would have
    // moved the tab on before this was called.
    if (action === ACTIONS.continue || !ctx.config.includeCode) {
      return challenge(waitingView(ctx.config, email, state.mail, { messages: [{ kind: 'warning', text: M.notYet }] }));
    }
    return verifyCode(ctx, MAGIC_LINK, email);
  },

  onLink: onMagicLink,
  describeLink: describeMagicLink,
  crossBrowserLink,
});
