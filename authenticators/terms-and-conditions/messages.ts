/** The screen this action shows (a theme template, and the step id JSON clients see). */
export const TERMS_VIEW = 'terms-and-conditions';

/** Form field the person's answer is submitted under: `accept` or `decline`. */
export const DECISION_FIELD = 'decision';

/** The values `DECISION_FIELD` takes. */
export const DECISIONS = { accept: 'accept', decline: 'decline' } as const;

/** The user attributes recording the version accepted last and when (reserved: no profile may let people set them). */
export { TERMS_ACCEPTED_AT_ATTRIBUTE, TERMS_ACCEPTED_VERSION_ATTRIBUTE } from '../../src/spi/reserved-attributes';

/** Message keys this action's page uses; its bundles in `messages/` define them. */
export const TERMS_MESSAGES = {
  /** Page heading. */
  title: 'page.termsAndConditions.title',
  /** The sentence above the terms. */
  intro: 'page.termsAndConditions.intro',
  /** Shows which version this is; params `{ version }`. */
  version: 'page.termsAndConditions.version',
  /** Label of the decision field. */
  fieldDecision: 'field.termsDecision',
  /** The accept button (and choice). */
  accept: 'page.termsAndConditions.accept',
  /** The decline button (and choice). */
  decline: 'page.termsAndConditions.decline',
  /** Field error: the form was sent without a decision. */
  decide: 'error.terms.decide',
  /** Shown when the terms changed while the page was open: the new ones are shown instead. */
  changed: 'page.termsAndConditions.changed',
} as const;
