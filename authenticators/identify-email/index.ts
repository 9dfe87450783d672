export { IDENTIFY_EMAIL_ID, identifyEmailAuthenticator } from './identify-email.authenticator';
export * from './messages';
