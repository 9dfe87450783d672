export { EMAIL_OTP_ID, emailOtpAuthenticator } from './email-otp.authenticator';
export { EMAIL_OTP_CONFIG_SCHEMA, type CodeAlphabet, type EmailOtpConfig } from './config';
export * from './messages';
