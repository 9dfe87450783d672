/**
 * What the steps that prove an address by mail (`email-otp`, `magic-link`) share: their notes, the
 * address page, sending and resending, checking a typed code, one-time codes, security phrases, and
 * signing in (or signing up) whoever proved an address. Not a plugin: each plugin folder imports it
 * and says in a `MailProof` only what it does differently.
 */
export * from './address-steps';
export * from './mail-proof';
export * from './mail-state';
export * from './otp-code';
export * from './proved-address';
export * from './security-phrase';
export * from './send-budget';
export * from './send-mail';
export * from './verify-code';
