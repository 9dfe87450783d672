export { MAGIC_LINK_ID, magicLinkAuthenticator } from './magic-link.authenticator';
export { MAGIC_LINK_CONFIG_SCHEMA, type CrossDeviceMode, type MagicLinkConfig } from './config';
export * from './messages';
