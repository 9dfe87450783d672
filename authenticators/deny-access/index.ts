export { ACCESS_DENIED_ERROR, ACCESS_DENIED_MESSAGE, DENY_ACCESS_ID, denyAccessAuthenticator } from './deny-access.authenticator';
export type { DenyAccessConfig } from './deny-access.authenticator';
