import type { ConfigSchema } from '../../src/spi';
import { SEND_BUDGET_PROPERTIES, type SendBudgetConfig } from '../shared/send-budget';
import type { CodeAlphabet } from '../shared/otp-code';

export type { CodeAlphabet };

/** The execution's config, defaults filled in (see `EMAIL_OTP_CONFIG_SCHEMA` for each option). */
export interface EmailOtpConfig extends SendBudgetConfig {
  readonly length: number;
  readonly alphabet: CodeAlphabet;
  readonly codeLifetimeSeconds: number;
  readonly maxAttempts: number;
  readonly resendCooldownSeconds: number;
  readonly forceCreateUser: boolean;
  readonly updateProfileOnCreate: boolean;
  readonly securityPhrase: boolean;
  readonly revealUnknownEmail: boolean;
}

/** The config schema: every option documented, every one defaulted. */
export const EMAIL_OTP_CONFIG_SCHEMA: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    length: {
      type: 'integer',
      title: 'Code length',
      description: 'Characters in a code. Default 6; between 4 and 10. Each extra character makes guessing ten (digits) or thirty-one (alphanumeric) times harder.',
      default: 6,
      minimum: 4,
      maximum: 10,
    },
    alphabet: {
      type: 'string',
      title: 'Code alphabet',
      description: '`digits` (default; numeric keyboard on phones) or `alphanumeric`: capital letters and digits without look-alikes (no 0, O, 1, I, L), typed in any case.',
      enum: ['digits', 'alphanumeric'],
      default: 'digits',
    },
    codeLifetimeSeconds: {
      type: 'integer',
      title: 'Code lifetime (seconds)',
      description: 'How long a code works after it is sent. Default 600 (10 minutes); between 60 and 3600. The sign-in\'s own timeout still applies.',
      default: 600,
      minimum: 60,
      maximum: 3600,
    },
    maxAttempts: {
      type: 'integer',
      title: 'Attempts per code',
      description: 'Wrong entries after which a code stops working and a new one must be sent; every later try, the right code too, is told there were too many wrong codes. Default 5; between 1 and 10. A resend keeps the count of the code it replaces.',
      default: 5,
      minimum: 1,
      maximum: 10,
    },
    resendCooldownSeconds: {
      type: 'integer',
      title: 'Resend cooldown (seconds)',
      description: 'Seconds after a code is sent before another may be asked for. Default 30; between 0 and 3600.',
      default: 30,
      minimum: 0,
      maximum: 3600,
    },
    ...SEND_BUDGET_PROPERTIES,
    forceCreateUser: {
      type: 'boolean',
      title: 'Create unknown users',
      description: 'Mail codes to addresses without an account too, and create the account (email verified) when the code is entered: sign-up on first use. Default false: unknown addresses get the same page but no mail.',
      default: false,
    },
    updateProfileOnCreate: {
      type: 'boolean',
      title: 'Ask new users for their profile',
      description: 'With `forceCreateUser`, make `update-profile` pending on accounts created here, so new people fill in their name. Default false.',
      default: false,
    },
    securityPhrase: {
      type: 'boolean',
      title: 'Security phrase',
      description: 'Show a random two-word phrase on the page and in the mail, so people can check that the mail belongs to the sign-in in front of them. Default false.',
      default: false,
    },
    revealUnknownEmail: {
      type: 'boolean',
      title: 'Reveal unknown addresses',
      description: 'Without `forceCreateUser`, tell people that no account has the address they typed. Default false: turning it on lets anyone find out who has an account.',
      default: false,
    },
  },
};
