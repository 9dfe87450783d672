export { CONDITION_USER_CONFIGURED_ID, conditionUserConfigured } from './condition-user-configured.condition';
