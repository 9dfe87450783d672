/** Plugin id of the passkey authenticator, also the `method` detail of its events. */
export const PASSKEY_ID = 'passkey';

/** Plugin id (and `kc_action` value) of the required action that registers a passkey. */
export const REGISTER_PASSKEY_ID = 'register-passkey';

/** The sign-in page (a theme template, and the step id JSON clients see). */
export const PASSKEY_VIEW = 'passkey';

/** The page offering to register a passkey. */
export const REGISTER_PASSKEY_VIEW = 'register-passkey';

/** Form field carrying the browser's credential, as JSON (`PublicKeyCredential.toJSON()`). */
export const CREDENTIAL_FIELD = 'credential';

/** Form field naming the new passkey (register-passkey). */
export const LABEL_FIELD = 'label';

/** Form field of register-passkey's buttons: `register` (with a credential) or `skip`. */
export const ACTION_FIELD = 'action';

/** Values of `ACTION_FIELD`. */
export const ACTIONS = { register: 'register', skip: 'skip' } as const;

/**
 * Reasons recorded on LOGIN_ERROR events (and on UPDATE_CREDENTIAL_ERROR for registrations). The
 * person is told the same for each of them, so none says whether an account or a passkey exists.
 */
export const PASSKEY_ERRORS = {
  /** The credential field is not a WebAuthn credential in JSON. */
  malformed: 'malformed_credential',
  /** The challenge is unknown, expired, used, or belongs to another sign-in or step. */
  invalidChallenge: 'invalid_challenge',
  /** The ceremony ran on an origin the realm does not allow. */
  wrongOrigin: 'wrong_origin',
  /** The authenticator signed for another RP ID. */
  wrongRpId: 'wrong_rp_id',
  /** No passkey with this id in this realm (never registered, another realm's, or removed), or its user is disabled. */
  unknownCredential: 'unknown_credential',
  /** The passkey belongs to another user than the one this sign-in identified. */
  wrongUser: 'wrong_user',
  /** The signature, user verification or authenticator data do not verify. */
  invalidSignature: 'invalid_signature',
  /** The signature counter did not grow (a cloned authenticator, or a replayed assertion). */
  counterRegressed: 'counter_regressed',
  /** The registration did not verify (register-passkey). */
  invalidRegistration: 'invalid_registration',
  /** The passkey is registered already, or the user has the most passkeys allowed (register-passkey). */
  exists: 'credential_exists',
  /** No user is identified (register-passkey). */
  unknownUser: 'unknown_user',
} as const;

/** Message keys; the messages/ bundles define them. */
export const PASSKEY_MESSAGES = {
  /** The one error a person sees for every failed passkey sign-in. */
  failed: 'passkey.error.failed',
  /** The one error a person sees for every failed registration. */
  registrationFailed: 'passkey.error.registrationFailed',
  /** The passkey is registered already. */
  exists: 'passkey.error.exists',
  fieldCredential: 'passkey.field.credential',
  fieldLabel: 'passkey.field.label',
} as const;
