export { COOKIE_ID, cookieAuthenticator } from './cookie.authenticator';
