export { EMAIL_OTP_ID, emailOtpAuthenticator, SEND_LIMIT_NAME } from './email-otp.authenticator';
export { EMAIL_OTP_CONFIG_SCHEMA, type CodeAlphabet, type EmailOtpConfig } from './config';
export * from './messages';
