import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { ChallengeView, StepOffer, ViewMessage } from '../../src/spi';
import { MAX_CREDENTIAL_JSON } from './ceremony';
import { ACTION_FIELD, ACTIONS, CREDENTIAL_FIELD, LABEL_FIELD, PASSKEY_MESSAGES as M, PASSKEY_VIEW, REGISTER_PASSKEY_VIEW } from './messages';
import { MAX_PASSKEY_LABEL_LENGTH } from '../../src/spi';

/** The credential field: hidden in pages (their script fills it), the one input JSON clients send. */
const credentialField = {
  name: CREDENTIAL_FIELD,
  type: 'hidden' as const,
  label: M.fieldCredential,
  required: false,
  maxLength: MAX_CREDENTIAL_JSON,
};

/**
 * The sign-in page. Its model carries `publicKey`, the options document for
 * `navigator.credentials.get()` (`PublicKeyCredentialRequestOptionsJSON`): a native app hands it to
 * the platform's passkey API and posts the credential's JSON as `credential`. `discoverable` says
 * whether any passkey of the realm will do (no user known yet).
 */
export function signInView(options: PublicKeyCredentialRequestOptionsJSON, messages: ViewMessage[] = []): ChallengeView {
  return {
    view: PASSKEY_VIEW,
    model: { publicKey: options, discoverable: (options.allowCredentials ?? []).length === 0, credentialField: CREDENTIAL_FIELD },
    fields: [credentialField],
    messages,
  };
}

/**
 * The page offering a passkey after sign-in. Its model carries `publicKey`, the options document
 * for `navigator.credentials.create()`, and `skippable`; the form takes `credential` and `label`
 * (`action=register`), or `action=skip`.
 */
export function registerView(options: PublicKeyCredentialCreationOptionsJSON, skippable: boolean, label: string, messages: ViewMessage[] = []): ChallengeView {
  return {
    view: REGISTER_PASSKEY_VIEW,
    model: {
      publicKey: options,
      skippable,
      email: options.user.name,
      credentialField: CREDENTIAL_FIELD,
      register: { field: ACTION_FIELD, value: ACTIONS.register },
      ...(skippable && { skip: { field: ACTION_FIELD, value: ACTIONS.skip } }),
    },
    fields: [
      { name: LABEL_FIELD, type: 'text', label: M.fieldLabel, required: false, maxLength: MAX_PASSKEY_LABEL_LENGTH, autocomplete: 'off', ...(label && { value: label }) },
      credentialField,
    ],
    messages,
  };
}

/** The scripts that run a passkey ceremony on a page: the WebAuthn library, then Flowgate's glue. */
export const PASSKEY_SCRIPTS = ['/static/simplewebauthn-browser.js', '/static/passkey.js'];

/**
 * The offer on the page before anyone is identified (conditional UI): the browser lists saved
 * passkeys in the address field's autofill (`autocomplete="email webauthn"`); choosing one posts its
 * credential to this step. The model is `publicKey` (request options, any passkey of the realm)
 * and `mediation: 'conditional'`.
 */
export function conditionalOffer(options: PublicKeyCredentialRequestOptionsJSON): StepOffer {
  return { model: { publicKey: options, mediation: 'conditional' }, fields: [credentialField], autocomplete: 'webauthn', scripts: [...PASSKEY_SCRIPTS] };
}
