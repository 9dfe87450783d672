/**
 * What a plugin asks the engine to show. A view is data, never HTML: the engine renders it with
 * the theme's handlebars template named by `view` for browsers, or returns it as JSON to API
 * clients, so every flow can be stepped through both ways.
 */

/** The input types a form field may have. They map to `<input type>` and to JSON clients' widgets. */
export type FormFieldType = 'text' | 'email' | 'code' | 'hidden' | 'checkbox' | 'select' | 'textarea';

/** One field of the form a challenge asks the person to fill in. */
export interface FormField {
  /** The form key the value is submitted under, e.g. `email`. */
  name: string;
  /** The kind of input; `code` is a one-time code (numeric keyboard, `autocomplete="one-time-code"`). */
  type: FormFieldType;
  /** Message key of the field's label in the theme's message bundles, e.g. `field.email`. */
  label: string;
  /**
   * The label's text when it does not come from the message bundles (e.g. a realm's profile
   * attribute, labelled in the realm config): shown instead of translating `label`.
   */
  labelText?: string;
  /** Whether the form may not be submitted without this field. */
  required?: boolean;
  /** The value to pre-fill (e.g. the login hint). Never put secrets here. */
  value?: string;
  /** HTML `autocomplete` token, e.g. `email`, `one-time-code`. */
  autocomplete?: string;
  /** HTML `inputmode` hint, e.g. `numeric` for codes. */
  inputMode?: 'text' | 'numeric' | 'email';
  /** Upper bound on the value's length; the engine also enforces it before the plugin sees the form. */
  maxLength?: number;
  /** Choices of a `select` field: submitted value and message key of its label. */
  options?: Array<{ value: string; label: string; labelText?: string }>;
}

/** A message shown above the form. `text` is a message key; `params` fill its placeholders. */
export interface ViewMessage {
  /** How the message is styled and announced (`error` is announced to screen readers at once). */
  kind: 'info' | 'success' | 'warning' | 'error';
  /** Message key in the theme's bundles, e.g. `error.invalidEmail`. */
  text: string;
  /** Values for the key's `{placeholders}`. */
  params?: Record<string, string | number>;
}

/** A challenge: which screen to show and what it needs. */
export interface ChallengeView {
  /** The template (and JSON step) id, e.g. `identify-email`, `magic-link-sent`. Names the screen, not the plugin. */
  view: string;
  /** Data the template may use. Must be JSON-serialisable; it is sent as is to JSON clients. */
  model?: Record<string, unknown>;
  /** The form fields, in display order. An empty list means the screen has no input (a notice). */
  fields?: FormField[];
  /** Errors per field name, as message keys; rendered next to the field and announced. */
  fieldErrors?: Record<string, string>;
  /** Messages shown above the form. */
  messages?: ViewMessage[];
}

/**
 * What a step offers on the page of another step of its flow, so the person may answer it from
 * there: WebAuthn conditional mediation, where the address field of `identify-email` lists saved
 * passkeys and choosing one signs in by the passkey step. The engine asks for it (`offer`) while it
 * shows a sibling's challenge and renders it with that page; a post answering it goes to the
 * offering step's `action`, which the engine then selects as "try another way" would. Since plugin
 * API 1.5.
 */
export interface StepOffer {
  /** What the page's script needs, e.g. `{ publicKey }` (request options). JSON; sent as is to JSON clients. */
  model: Record<string, unknown>;
  /** The fields the answer carries (hidden, filled by the script), checked as a view's fields are. */
  fields: FormField[];
  /**
   * A token the engine appends to the `autocomplete` of the page's identifier field (the one whose
   * autocomplete is `email` or `username`), e.g. `webauthn`, which makes the browser offer saved
   * passkeys there.
   */
  autocomplete?: string;
  /** Scripts served by Flowgate (paths under `/static/`) that run the offer on the page, in order. */
  scripts: string[];
}
