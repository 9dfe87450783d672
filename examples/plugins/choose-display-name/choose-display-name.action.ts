import path from 'node:path';
import { challenge, defineRequiredAction, success, type ChallengeView } from '../../../src/plugin-kit';
import { checkDisplayName, normalizeDisplayName, type DisplayNameRules } from './display-name-rules';

/** Plugin id of the "choose a display name" required action (also its `kc_action` value). */
export const CHOOSE_DISPLAY_NAME_ID = 'choose-display-name';

/** The page it shows. */
export const CHOOSE_DISPLAY_NAME_VIEW = 'choose-display-name';

/** The user attribute that holds the chosen name, and the form field it is typed in. */
export const DISPLAY_NAME_ATTRIBUTE = 'displayName';

/** Message keys of the page (`messages/<locale>.json`). */
export const DISPLAY_NAME_MESSAGES = {
  field: 'field.chooseDisplayName.displayName',
  /** The rules, shown above the field; params `{ min, max }`. */
  rules: 'page.chooseDisplayName.rules',
} as const;

/**
 * Asks people without a display name to choose one after they sign in, and keeps it in the user
 * attribute `displayName`: the name other people see, so it may not look like an email address
 * (that would publish one) or pass for staff (`reserved`). Runs once: it requires itself only for
 * users who have none. An application may ask for it again with `kc_action=choose-display-name`.
 */
export const chooseDisplayNameAction = defineRequiredAction<DisplayNameRules>({
  apiVersion: '1.1',
  id: CHOOSE_DISPLAY_NAME_ID,
  failureReasons: [],
  displayName: 'Choose a display name',
  helpText: 'Asks people who have no display name to choose one, the name others see; it may not look like an email address or a reserved name.',
  eventType: 'DISPLAY_NAME_CHOSEN',
  views: [CHOOSE_DISPLAY_NAME_VIEW],
  templatesDir: path.join(__dirname, 'templates'),
  messagesDir: path.join(__dirname, 'messages'),
  configSchema: {
    type: 'object',
    properties: {
      minLength: {
        type: 'integer',
        title: 'Shortest name',
        description: 'Fewest characters a name may have. Default 2.',
        minimum: 1,
        maximum: 50,
        default: 2,
      },
      maxLength: {
        type: 'integer',
        title: 'Longest name',
        description: 'Most characters a name may have. Default 40.',
        minimum: 1,
        maximum: 100,
        default: 40,
      },
      reserved: {
        type: 'array',
        title: 'Reserved names',
        description: 'Names nobody may choose, compared without regard to letter case, e.g. names that would pass for staff. Default `["admin", "administrator", "root", "security", "support"]`.',
        items: { type: 'string', minLength: 1, maxLength: 100 },
        maxItems: 1000,
        default: ['admin', 'administrator', 'root', 'security', 'support'],
      },
    },
    additionalProperties: false,
  },

  async evaluateTriggers(ctx) {
    if (ctx.user && !ctx.user.attributes[DISPLAY_NAME_ATTRIBUTE]?.[0]) await ctx.require();
  },

  challenge(ctx) {
    return challenge(nameView(ctx.config, ctx.user?.attributes[DISPLAY_NAME_ATTRIBUTE]?.[0]));
  },

  async process(ctx) {
    const name = normalizeDisplayName(ctx.form[DISPLAY_NAME_ATTRIBUTE] ?? '');
    const problem = checkDisplayName(name, ctx.config);
    if (problem) return challenge(nameView(ctx.config, name, problem));
    await ctx.users.setAttribute(ctx.user!.id, DISPLAY_NAME_ATTRIBUTE, [name]);
    return success();
  },
});

function nameView(rules: DisplayNameRules, value: string | undefined, error?: string): ChallengeView {
  return {
    view: CHOOSE_DISPLAY_NAME_VIEW,
    fields: [
      {
        name: DISPLAY_NAME_ATTRIBUTE,
        type: 'text',
        label: DISPLAY_NAME_MESSAGES.field,
        required: true,
        autocomplete: 'nickname',
        maxLength: rules.maxLength,
        ...(value ? { value } : {}),
      },
    ],
    messages: [{ kind: 'info', text: DISPLAY_NAME_MESSAGES.rules, params: { min: rules.minLength, max: rules.maxLength } }],
    ...(error !== undefined && { fieldErrors: { [DISPLAY_NAME_ATTRIBUTE]: error } }),
  };
}
