export { passkeyAuthenticator } from './passkey.authenticator';
export { registerPasskeyAction } from './register-passkey.action';
export { CHALLENGE_PURPOSE, MAX_CREDENTIAL_JSON } from './ceremony';
export { PASSKEY_CONFIG_SCHEMA, REGISTER_PASSKEY_CONFIG_SCHEMA, type PasskeyConfig, type RegisterPasskeyConfig } from './config';
export * from './messages';
