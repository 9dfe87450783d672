import type { ConfigSchema } from '../../src/spi';

/** The passkey authenticator's config (see `PASSKEY_CONFIG_SCHEMA` for each option). */
export interface PasskeyConfig {
  readonly userVerification: 'required' | 'preferred';
  readonly timeoutSeconds: number;
  readonly allowCredentialsForKnownUser: boolean;
}

/** How long the browser may take over a ceremony, and the challenge lives, by default. */
export const DEFAULT_TIMEOUT_SECONDS = 300;

const userVerification = {
  type: 'string',
  title: 'User verification',
  description:
    'Whether the authenticator must verify the person (fingerprint, face, PIN): `required` (the default) makes the passkey a whole sign-in on its own; `preferred` accepts presence alone (a tap), which proves only possession of the device. Keep `required` when the passkey is a first factor.',
  enum: ['required', 'preferred'],
  default: 'required',
} as const;

const timeoutSeconds = {
  type: 'integer',
  title: 'Timeout (seconds)',
  description: 'How long the browser waits for the authenticator, and how long a challenge stays usable. Default 300 (5 minutes, the WebAuthn recommendation); between 30 and 600.',
  minimum: 30,
  maximum: 600,
  default: DEFAULT_TIMEOUT_SECONDS,
} as const;

export const PASSKEY_CONFIG_SCHEMA: ConfigSchema = {
  type: 'object',
  properties: {
    userVerification,
    timeoutSeconds,
    allowCredentialsForKnownUser: {
      type: 'boolean',
      title: 'Offer a known user\'s passkeys',
      description:
        'After an earlier step identified the person (identify-email), ask only for their own passkeys and skip this step when they have none. This tells whoever types an address whether that account has a passkey (as Keycloak does). Off, the step asks anyone for any passkey and checks it is theirs, so it says nothing; people without a passkey then use "try another way". Default on.',
      default: true,
    },
  },
  additionalProperties: false,
};

/** register-passkey's config (see `REGISTER_PASSKEY_CONFIG_SCHEMA`). */
export interface RegisterPasskeyConfig {
  readonly when: 'once' | 'until-registered';
  readonly skippable: boolean;
  readonly userVerification: 'required' | 'preferred';
  readonly attestation: 'none' | 'direct';
  readonly timeoutSeconds: number;
}

export const REGISTER_PASSKEY_CONFIG_SCHEMA: ConfigSchema = {
  type: 'object',
  properties: {
    when: {
      type: 'string',
      title: 'When to offer',
      description:
        '`until-registered` (the default): at every sign-in of someone who has no passkey, until they have one. `once`: at the first sign-in without a passkey only; skipping it is final (the account page still adds one).',
      enum: ['once', 'until-registered'],
      default: 'until-registered',
    },
    skippable: {
      type: 'boolean',
      title: 'Skippable',
      description: 'Whether the person may skip registering and sign in without a passkey. Default on; off, nobody without a passkey finishes signing in until they made one.',
      default: true,
    },
    userVerification,
    attestation: {
      type: 'string',
      title: 'Attestation',
      description: '`none` (the default): the authenticator\'s make is not asked for, so no privacy-sensitive attestation is collected. `direct` asks for it (stored only as the AAGUID); Flowgate does not check it against a metadata service.',
      enum: ['none', 'direct'],
      default: 'none',
    },
    timeoutSeconds,
  },
  additionalProperties: false,
};
