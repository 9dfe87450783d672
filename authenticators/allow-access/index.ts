export { ALLOW_ACCESS_ID, allowAccessAuthenticator } from './allow-access.authenticator';
