export { VERIFY_EMAIL_ID, verifyEmailAction, type VerifyEmailConfig } from './verify-email.action';
export { maskEmail } from './mask-email';
export * from './messages';
