import * as path from 'node:path';
import {
  challenge,
  defineRequiredAction,
  DEFAULT_PROFILE_MAX_LENGTH,
  EMPTY_CONFIG_SCHEMA,
  isReservedAttributeName,
  MAX_EMAIL_LENGTH,
  MAX_PROFILE_VALUE_LENGTH,
  success,
} from '../../src/spi';
import type { ChallengeView, FormField, ProfileAttribute, ProfileFieldError, RequiredActionContext, UserProfile, UserView } from '../../src/spi';
import { UPDATE_PROFILE_MESSAGES, UPDATE_PROFILE_VIEW } from './messages';

// The runner only runs actions for an identified user; without one there is nothing to do.
const UNKNOWN_USER = 'unknown_user';

/** Plugin id of the update-profile required action (also its `kc_action` value). */
export const UPDATE_PROFILE_ID = 'update-profile';

// What browsers may fill in for the usual names (HTML `autocomplete` tokens).
const AUTOCOMPLETE: Readonly<Record<string, string>> = { firstName: 'given-name', lastName: 'family-name' };

/**
 * Asks the person for their profile, as the realm's user profile (`userProfile` in the realm file)
 * declares it: one field per attribute the person may see (`permissions.view`), labelled in the
 * page's locale, pre-filled with what the account has. What is sent is checked by the profile's
 * validator; a field that fails shows its error and the form again. Only those attributes are
 * written, and only those that changed. Keycloak's UPDATE_PROFILE; assign it by default to have people created by a magic link
 * give their name on first sign-in.
 */
export const updateProfileAction = defineRequiredAction({
  id: UPDATE_PROFILE_ID,
  failureReasons: [UNKNOWN_USER],
  eventType: 'UPDATE_PROFILE',
  displayName: 'Update profile',
  helpText: "Asks the person to fill in their profile (the realm's user-profile attributes) before they are signed in.",
  views: [UPDATE_PROFILE_VIEW],
  templatesDir: path.join(__dirname, 'templates'),
  messagesDir: path.join(__dirname, 'messages'),
  configSchema: EMPTY_CONFIG_SCHEMA,

  challenge(ctx) {
    const profile = ctx.profile.visibleToUser();
    const current = Object.fromEntries(profile.attributes.map((a) => [a.name, ctx.user?.attributes[a.name]?.[0]]));
    return challenge(profileView(ctx, profile, current));
  },

  async process(ctx) {
    const user = ctx.user;
    // The runner only runs actions for an identified user; without one there is nothing to update.
    if (!user) return { type: 'failure', error: UNKNOWN_USER };
    const profile = ctx.profile.visibleToUser();
    const checked = profile.validate(ctx.form);
    if (!checked.ok) {
      const typed = Object.fromEntries(profile.attributes.map((a) => [a.name, ctx.form[a.name]]));
      return challenge(profileView(ctx, profile, typed, checked.errors));
    }
    for (const [name, values] of Object.entries(checked.values)) {
      // The profile never holds a reserved name (refused at load, left out by the validator); a
      // realm's UserProfile from elsewhere is not trusted with roles or an acceptance either.
      if (isReservedAttributeName(name)) continue;
      if (!sameValues(user.attributes[name], values)) await ctx.users.setAttribute(user.id, name, [...values]);
    }
    return success();
  },
});


/** The profile form: the fields in profile order, `values` pre-filled, `errors` shown by field. */
function profileView(
  ctx: RequiredActionContext<unknown>,
  profile: UserProfile,
  values: Readonly<Record<string, string | undefined>>,
  errors?: Readonly<Record<string, ProfileFieldError>>,
): ChallengeView {
  const view: ChallengeView = {
    view: UPDATE_PROFILE_VIEW,
    model: { email: ctx.user?.email ?? null },
    fields: profile.attributes.map((attribute) => field(attribute, profile.label(attribute, ctx.authSession.locale), values[attribute.name])),
    messages: accountMessage(ctx.user),
  };
  // The page's error summary lists the field errors; no separate message is needed.
  return errors ? { ...view, fieldErrors: Object.fromEntries(Object.entries(errors).map(([name, error]) => [name, error.key])) } : view;
}

/**
 * One attribute's field. Its label text is the profile's, in the page's locale: the realm file,
 * not a bundle, names custom attributes. `label` keeps a stable key-like name for JSON clients.
 */
function field(attribute: ProfileAttribute, labelText: string, value: string | undefined): FormField {
  const rules = attribute.validation;
  const base: FormField = {
    name: attribute.name,
    type: 'text',
    label: `profile.${attribute.name}`,
    labelText,
    required: attribute.required,
  };
  const filled = value === undefined || value === '' ? {} : { value };
  switch (attribute.type) {
    case 'boolean':
      return { ...base, type: 'checkbox', ...(value === 'true' && { value: 'true' }) };
    case 'email':
      return { ...base, type: 'email', autocomplete: 'email', inputMode: 'email', maxLength: Math.min(rules.maxLength ?? MAX_EMAIL_LENGTH, MAX_EMAIL_LENGTH), ...filled };
    case 'number':
      return { ...base, inputMode: 'numeric', maxLength: 64, ...filled };
    case 'string': {
      const maxLength = Math.min(rules.maxLength ?? DEFAULT_PROFILE_MAX_LENGTH, MAX_PROFILE_VALUE_LENGTH);
      const autocomplete = Object.hasOwn(AUTOCOMPLETE, attribute.name) ? { autocomplete: AUTOCOMPLETE[attribute.name] } : {};
      if (rules.enum) return { ...base, type: 'select', options: rules.enum.map((choice) => ({ value: choice, label: choice, labelText: choice })), ...filled };
      return { ...base, maxLength, ...autocomplete, ...filled };
    }
  }
}

function accountMessage(user: UserView | undefined): ChallengeView['messages'] {
  return user ? [{ kind: 'info', text: UPDATE_PROFILE_MESSAGES.account, params: { email: user.email } }] : [];
}

function sameValues(stored: readonly string[] | undefined, next: readonly string[]): boolean {
  const current = stored ?? [];
  return current.length === next.length && current.every((v, i) => v === next[i]);
}
