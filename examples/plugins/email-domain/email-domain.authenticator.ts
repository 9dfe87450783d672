import path from 'node:path';
import { defineAuthenticator, failure, failureChallenge, reset, success, type ChallengeView } from '../../../src/plugin-kit';
import { addressDomain, DOMAIN_LIST_PROPERTIES, isListed, type DomainListConfig } from './domains';

/** Plugin id of the domain allow/deny list step. */
export const EMAIL_DOMAIN_ID = 'email-domain';

/** The page shown to someone whose address is not let in. */
export const EMAIL_DOMAIN_REFUSED_VIEW = 'email-domain-refused';

/** Reason recorded on the LOGIN_ERROR event when an address is refused. */
export const EMAIL_DOMAIN_REFUSED = 'email_domain_refused';

/** Message keys of the page (`messages/<locale>.json`). */
export const EMAIL_DOMAIN_MESSAGES = {
  /** Shown on the address page after "use another address". */
  startAgain: 'page.emailDomainRefused.startAgain',
  /** The refused page's button. */
  useAnother: 'page.emailDomainRefused.useAnother',
} as const;

/** Config of `email-domain`. */
export interface EmailDomainConfig extends DomainListConfig {
  /** `allow`: only the listed domains may sign in; `deny`: every domain but the listed ones. */
  readonly mode: 'allow' | 'deny';
}

/**
 * Lets only some email domains sign in (`allow`), or keeps some out (`deny`), with a friendly page
 * that names the domain and offers to start again with another address. Put it right after the
 * step that asks for the address and before any step that sends mail, so a refused address gets
 * none. It decides on the address typed, whether or not an account has it, so the page tells
 * nobody who has an account.
 */
export const emailDomainAuthenticator = defineAuthenticator<EmailDomainConfig>({
  apiVersion: '1.1',
  id: EMAIL_DOMAIN_ID,
  failureReasons: ['no_email_address', EMAIL_DOMAIN_REFUSED],
  displayName: 'Email domain allow/deny list',
  helpText: 'Lets only the listed email domains sign in, or keeps them out, with a page that explains it. Place it after the step that asks for the address.',
  requirements: ['REQUIRED', 'DISABLED'],
  requiresUser: false,
  views: [EMAIL_DOMAIN_REFUSED_VIEW],
  templatesDir: path.join(__dirname, 'templates'),
  messagesDir: path.join(__dirname, 'messages'),
  configSchema: {
    type: 'object',
    properties: {
      ...DOMAIN_LIST_PROPERTIES,
      mode: {
        type: 'string',
        title: 'Mode',
        description: '`allow`: only the listed domains may sign in. `deny`: every domain except the listed ones may. Default `allow`.',
        enum: ['allow', 'deny'],
        default: 'allow',
      },
    },
    required: ['domains'],
    additionalProperties: false,
  },

  authenticate(ctx) {
    const domain = addressDomain(ctx.user, ctx.attemptedIdentifier);
    // Misplaced in its flow (before any step asked for the address): a setup mistake, not a person's.
    if (domain === undefined) return failure('no_email_address');
    const listed = isListed(domain, ctx.config);
    if (ctx.config.mode === 'allow' ? listed : !listed) return success();
    return failureChallenge(EMAIL_DOMAIN_REFUSED, refusedView(domain));
  },

  // The refused page's only button: start again, so the person can type another address.
  action: () => reset(EMAIL_DOMAIN_MESSAGES.startAgain),
});

function refusedView(domain: string): ChallengeView {
  return { view: EMAIL_DOMAIN_REFUSED_VIEW, model: { domain }, fields: [] };
}
