export { magicLinkAuthenticator, MAX_CODE_ATTEMPTS, SEND_LIMIT_NAME } from './magic-link.authenticator';
export { MAGIC_LINK_CONFIG_SCHEMA, type CrossDeviceMode, type MagicLinkConfig } from './config';
export * from './messages';
