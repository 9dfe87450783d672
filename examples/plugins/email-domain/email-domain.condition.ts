import { defineCondition } from '../../../src/plugin-kit';
import { addressDomain, DOMAIN_LIST_PROPERTIES, isListed, type DomainListConfig } from './domains';

/** Plugin id of the "email domain is one of" condition. */
export const CONDITION_EMAIL_DOMAIN_ID = 'condition-email-domain';

/** Config of `condition-email-domain`. */
export interface ConditionEmailDomainConfig extends DomainListConfig {
  /** Inverts the result when there is an address. */
  readonly negate: boolean;
}

/**
 * Runs its CONDITIONAL sub-flow when the address being signed in has one of the listed domains:
 * the identified user's, else the one typed, so it can route people without an account too (a
 * partner domain to a stricter branch). Without any address it never matches, negated or not: an
 * unknown domain is not "another domain".
 */
export const conditionEmailDomain = defineCondition<ConditionEmailDomainConfig>({
  apiVersion: '1.1',
  id: CONDITION_EMAIL_DOMAIN_ID,
  displayName: 'Condition - email domain',
  helpText: 'Runs the sub-flow only if the email address being signed in has one of the listed domains (or, negated, none of them).',
  requiresUser: false,
  configSchema: {
    type: 'object',
    properties: {
      ...DOMAIN_LIST_PROPERTIES,
      negate: {
        type: 'boolean',
        title: 'Negate',
        description: 'Match when the domain is none of the listed ones instead. Default false. Without an address it never matches.',
        default: false,
      },
    },
    required: ['domains'],
    additionalProperties: false,
  },

  matches(ctx) {
    const domain = addressDomain(ctx.user, ctx.attemptedIdentifier);
    if (domain === undefined) return false;
    return isListed(domain, ctx.config) !== ctx.config.negate;
  },
});
