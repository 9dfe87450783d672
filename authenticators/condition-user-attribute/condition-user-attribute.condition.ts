import { defineCondition } from '../../src/spi';

/** Plugin id of the "user attribute" condition. */
export const CONDITION_USER_ATTRIBUTE_ID = 'condition-user-attribute';

/** Config of `condition-user-attribute`. */
export interface ConditionUserAttributeConfig {
  /** Name of the profile attribute to check. */
  readonly attribute: string;
  /** The value that makes it match. */
  readonly expectedValue: string;
  /** Inverts the result for an identified user. */
  readonly negate: boolean;
}

/**
 * Keycloak's `conditional-user-attribute`: matches when any value of the user's attribute equals
 * `expectedValue` exactly (case and all), or, with `negate`, when none does.
 *
 * Without an identified user it never matches, `negate` or not: "not known to have the attribute"
 * is not "known not to have it". Otherwise a negated check ("department is not `sales`") would hold
 * for a person nobody has identified yet and open the branch it guards to them.
 */
export const conditionUserAttribute = defineCondition<ConditionUserAttributeConfig>({
  id: CONDITION_USER_ATTRIBUTE_ID,
  displayName: 'Condition - user attribute',
  helpText: 'Runs the sub-flow only if the identified user has an attribute with the given value (or, negated, does not).',
  requiresUser: true,
  configSchema: {
    type: 'object',
    properties: {
      attribute: {
        type: 'string',
        title: 'Attribute',
        description: 'Name of the user profile attribute to check, e.g. `department`. Required.',
        minLength: 1,
        maxLength: 255,
      },
      expectedValue: {
        type: 'string',
        title: 'Expected value',
        description: 'The value that makes the condition match, compared exactly (case-sensitive) with each of the attribute\'s values. Required.',
        maxLength: 1024,
      },
      negate: {
        type: 'boolean',
        title: 'Negate',
        description:
          'Inverts the result: match when no value equals the expected one (including when the user lacks the attribute). ' +
          'Default false. A flow without an identified user never matches, even negated.',
        default: false,
      },
    },
    required: ['attribute', 'expectedValue'],
    additionalProperties: false,
  },

  matches(ctx) {
    const user = ctx.user;
    if (!user) return false;
    const { attribute, expectedValue, negate } = ctx.config;
    // Own properties only: an attribute named `constructor` or `__proto__` must not reach Object.prototype.
    const values = Object.hasOwn(user.attributes, attribute) ? user.attributes[attribute] : undefined;
    const found = Array.isArray(values) && values.includes(expectedValue);
    return negate ? !found : found;
  },
});
