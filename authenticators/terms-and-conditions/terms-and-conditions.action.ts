import * as path from 'node:path';
import { BASE_LOCALE, challenge, defineRequiredAction, localizedKey, success } from '../../src/spi';
import type { ChallengeView, ViewMessage } from '../../src/spi';
import {
  DECISION_FIELD,
  DECISIONS,
  TERMS_ACCEPTED_AT_ATTRIBUTE,
  TERMS_ACCEPTED_VERSION_ATTRIBUTE,
  TERMS_MESSAGES,
  TERMS_VIEW,
} from './messages';

// The runner only runs actions for an identified user; without one there is nothing to do.
const UNKNOWN_USER = 'unknown_user';

/** Plugin id of the terms-and-conditions required action (also its `kc_action` value). */
export const TERMS_AND_CONDITIONS_ID = 'terms-and-conditions';

/** The action's config (see `configSchema` for each option). */
export interface TermsConfig {
  readonly version: string;
  readonly text: Readonly<Record<string, string>>;
  readonly askEveryone: boolean;
}

// Note key: the version the page showed, so an answer to outdated terms is not taken as accepting new ones.
const SHOWN_VERSION = 'shownVersion';

/**
 * Shows the realm's terms and records that the person accepted them (`termsAcceptedVersion`,
 * `termsAcceptedAt` on the user). Who is asked: whoever has it pending (new accounts when it is a
 * default action, or an administrator gave it), whoever accepted an earlier version (a new version
 * asks them again), and, only with `askEveryone`, every account that has not accepted this
 * version. Declining ends the sign-in (`action_cancelled`); when an application merely asked for
 * it, the application is told `cancelled` instead. Keycloak's TERMS_AND_CONDITIONS, disabled
 * unless the realm lists it.
 */
export const termsAndConditionsAction = defineRequiredAction<TermsConfig>({
  id: TERMS_AND_CONDITIONS_ID,
  failureReasons: [UNKNOWN_USER],
  eventType: 'TERMS_ACCEPTED',
  displayName: 'Terms and conditions',
  helpText: 'Asks people to accept the realm\'s terms before they are signed in: those it is given to (as a default action, new accounts), and again whoever accepted an earlier version. Existing accounts that never accepted are asked only with "Ask everyone".',
  views: [TERMS_VIEW],
  templatesDir: path.join(__dirname, 'templates'),
  messagesDir: path.join(__dirname, 'messages'),
  configSchema: {
    type: 'object',
    properties: {
      version: {
        type: 'string',
        title: 'Version',
        description: 'The version of the terms, e.g. `2025-01`. People who accepted another version are asked again, so change it whenever the text changes in substance.',
        minLength: 1,
        maxLength: 100,
        pattern: '^\\S(.*\\S)?$',
      },
      text: {
        type: 'object',
        title: 'Text',
        description: 'The terms as plain text, one per locale (in a realm file an object such as `{ "en": "...", "de": "..." }`); English is required and shown when the page\'s locale has none. Blank lines separate paragraphs; no markup is interpreted.',
        'x-localized': true,
        properties: { en: { type: 'string', description: 'The terms in English.', minLength: 1, maxLength: 100000 } },
        required: ['en'],
        propertyNames: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
        additionalProperties: { type: 'string', minLength: 1, maxLength: 100000 },
      },
      askEveryone: {
        type: 'boolean',
        title: 'Ask everyone',
        description: 'Every account that has not accepted this version is asked at its next sign-in, accounts that existed before included. Off (the default), the terms go to those they are given to (as a default action: accounts created from now on) and, when the version changes, to everyone who accepted an earlier one.',
        default: false,
      },
    },
    required: ['version', 'text'],
  },

  async evaluateTriggers(ctx) {
    const accepted = ctx.user?.attributes[TERMS_ACCEPTED_VERSION_ATTRIBUTE]?.[0];
    if (!ctx.user || accepted === ctx.config.version) return;
    // Someone who never accepted any version is asked only when the realm wants everyone to accept:
    // enabling the terms as a default action must reach new accounts only, as in Keycloak.
    if (accepted !== undefined || ctx.config.askEveryone) await ctx.require();
  },

  challenge(ctx) {
    ctx.notes.set(SHOWN_VERSION, ctx.config.version);
    return challenge(termsView(ctx.config, ctx.authSession.locale));
  },

  async process(ctx) {
    const user = ctx.user;
    if (!user) return { type: 'failure', error: UNKNOWN_USER };
    if (ctx.notes.get<string>(SHOWN_VERSION) !== ctx.config.version) {
      // The terms changed while the page was open: the person has not seen what they would accept.
      ctx.notes.set(SHOWN_VERSION, ctx.config.version);
      return challenge(termsView(ctx.config, ctx.authSession.locale, { kind: 'warning', text: TERMS_MESSAGES.changed }));
    }
    const decision = ctx.form[DECISION_FIELD];
    if (decision === DECISIONS.decline) return { type: 'cancel' };
    if (decision !== DECISIONS.accept) {
      return challenge({ ...termsView(ctx.config, ctx.authSession.locale), fieldErrors: { [DECISION_FIELD]: TERMS_MESSAGES.decide } });
    }
    await ctx.users.setAttribute(user.id, TERMS_ACCEPTED_VERSION_ATTRIBUTE, [ctx.config.version]);
    await ctx.users.setAttribute(user.id, TERMS_ACCEPTED_AT_ATTRIBUTE, [new Date(ctx.clock.now()).toISOString()]);
    return success();
  },
});


/** The page: the terms in `locale` as paragraphs of plain text, and the accept / decline choice. */
function termsView(config: TermsConfig, locale: string, message?: ViewMessage): ChallengeView {
  return {
    view: TERMS_VIEW,
    model: { version: config.version, textLocale: textLocale(config, locale), paragraphs: paragraphs(textFor(config, locale)) },
    fields: [
      {
        name: DECISION_FIELD,
        type: 'select',
        label: TERMS_MESSAGES.fieldDecision,
        required: true,
        options: [
          { value: DECISIONS.accept, label: TERMS_MESSAGES.accept },
          { value: DECISIONS.decline, label: TERMS_MESSAGES.decline },
        ],
      },
    ],
    messages: [...(message ? [message] : []), { kind: 'info', text: TERMS_MESSAGES.version, params: { version: config.version } }],
  };
}

/** The locale whose text is shown: the page's, a shorter form of it, else English (always configured). */
function textLocale(config: TermsConfig, locale: string): string {
  return localizedKey(config.text, locale) ?? BASE_LOCALE;
}

function textFor(config: TermsConfig, locale: string): string {
  return config.text[textLocale(config, locale)] ?? '';
}

/** Plain text to paragraphs: split on blank lines, each trimmed; single line breaks stay inside a paragraph. */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
