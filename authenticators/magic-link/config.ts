import type { ConfigSchema } from '../../src/spi';
import { SEND_BUDGET_PROPERTIES, type SendBudgetConfig } from '../shared/send-budget';

/**
 * What a link opened in another browser than the one signing in does. `continue-original`: the
 * waiting tab is approved and goes on, once the number it shows is picked on the link's page;
 * `sign-in-here`: the sign-in moves to the browser that opened the link and finishes there;
 * `deny`: the link is refused there with an explanation.
 */
export type CrossDeviceMode = 'continue-original' | 'sign-in-here' | 'deny';

/** The execution's config, defaults filled in (see `MAGIC_LINK_CONFIG_SCHEMA` for each option). */
export interface MagicLinkConfig extends SendBudgetConfig {
  readonly forceCreateUser: boolean;
  readonly updateProfileOnCreate: boolean;
  readonly linkLifetimeSeconds: number;
  readonly crossDevice: CrossDeviceMode;
  readonly includeCode: boolean;
  readonly securityPhrase: boolean;
  readonly resendCooldownSeconds: number;
  readonly revealUnknownEmail: boolean;
}

/** The config schema: every option documented, every one defaulted. */
export const MAGIC_LINK_CONFIG_SCHEMA: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    forceCreateUser: {
      type: 'boolean',
      title: 'Create unknown users',
      description:
        'Mail addresses without an account too, and create the account (email verified) when the mail is used, by its link or its code: sign-up on first use. Default true. The account is made only once the mail proves the address, so addresses nobody controls never become accounts.',
      default: true,
    },
    updateProfileOnCreate: {
      type: 'boolean',
      title: 'Ask new users for their profile',
      description: 'Make `update-profile` pending on accounts created here, so new people fill in their name. Default false.',
      default: false,
    },
    linkLifetimeSeconds: {
      type: 'integer',
      title: 'Link lifetime (seconds)',
      description: 'How long the link (and the code) of a mail works. Default 900 (15 minutes); between 60 and 86400. The sign-in\'s own timeout still applies.',
      default: 900,
      minimum: 60,
      maximum: 86400,
    },
    crossDevice: {
      type: 'string',
      title: 'Link opened on another device',
      description:
        'What a link opened in another browser than the one that asked for it does. `continue-original` (default): the waiting page goes on signing in once the person picks, on the link\'s page, the number the waiting page shows (a wrong pick stops that sign-in), so one click on a mail never signs in a browser the person does not hold; the other browser is told it is done. `sign-in-here`: the sign-in moves to the browser that opened the link and finishes there, signed in as the account the link names, whoever asked for the mail (a forwarded mail signs its reader in); the waiting page then says the sign-in continued on another device. `deny`: the link is refused there with an explanation and only the code works elsewhere; the strictest, for mailboxes read on shared devices.',
      enum: ['continue-original', 'sign-in-here', 'deny'],
      default: 'continue-original',
    },
    includeCode: {
      type: 'boolean',
      title: 'Include a code',
      description: 'Also put a 6-digit one-time code in the mail, for typing on the waiting page (mail read on a phone, sign-in on a computer). Single use, 5 wrong tries kill it. Default true.',
      default: true,
    },
    securityPhrase: {
      type: 'boolean',
      title: 'Security phrase',
      description: 'Show a random two-word phrase on the waiting page and in the mail, so people can check that the mail belongs to the sign-in in front of them. Default false.',
      default: false,
    },
    resendCooldownSeconds: {
      type: 'integer',
      title: 'Resend cooldown (seconds)',
      description: 'Seconds after a mail is sent before another may be asked for. Default 60; between 0 and 3600.',
      default: 60,
      minimum: 0,
      maximum: 3600,
    },
    ...SEND_BUDGET_PROPERTIES,
    revealUnknownEmail: {
      type: 'boolean',
      title: 'Reveal unknown addresses',
      description: 'Without `forceCreateUser`, tell people that no account has the address they typed. Default false: unknown addresses get the same "check your inbox" page and no mail; turning it on lets anyone find out who has an account.',
      default: false,
    },
  },
};
