import { PROFILE_MESSAGES } from '../../src/spi';

/** The screen this action shows (a theme template, and the step id JSON clients see). */
export const UPDATE_PROFILE_VIEW = 'update-profile';

/** Message keys this action's page uses; its bundles in `messages/` define them, with the validator's. */
export const UPDATE_PROFILE_MESSAGES = {
  /** Page heading. */
  title: 'page.updateProfile.title',
  /** The sentence under the heading. */
  intro: 'page.updateProfile.intro',
  /** Names the account whose profile this is; params `{ email }`. */
  account: 'page.updateProfile.account',
  /** The submit button. */
  submit: 'page.updateProfile.submit',
  ...PROFILE_MESSAGES,
} as const;
