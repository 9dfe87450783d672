export { CONDITION_USER_ATTRIBUTE_ID, conditionUserAttribute } from './condition-user-attribute.condition';
export type { ConditionUserAttributeConfig } from './condition-user-attribute.condition';
