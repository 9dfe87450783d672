import type { ClientTokenLifetimes } from '../engine';

/**
 * Token lifetimes (seconds) when the client sets none: Keycloak's defaults. Access and ID tokens
 * are short (5 minutes) because they cannot be recalled; a refresh token lives as long as an idle
 * session may, and dies with the session anyway.
 */
export const DEFAULT_LIFETIMES: Required<ClientTokenLifetimes> = {
  accessTokenSeconds: 300,
  idTokenSeconds: 300,
  refreshTokenSeconds: 1800,
};

/** An authorization code is exchanged at once by the app's back end: one minute (RFC 6749 advises at most ten). */
export const AUTHORIZATION_CODE_SECONDS = 60;

/** Names of the client metadata that carry a client's lifetimes to the provider's (synchronous) TTL functions. */
export const LIFETIME_METADATA = {
  accessTokenSeconds: 'flowgate_access_token_ttl',
  idTokenSeconds: 'flowgate_id_token_ttl',
  refreshTokenSeconds: 'flowgate_refresh_token_ttl',
} as const;

/** A client's lifetime of `kind`, from its provider metadata. */
export function lifetimeOf(client: unknown, kind: keyof ClientTokenLifetimes): number {
  const value = (client as Record<string, unknown> | undefined)?.[LIFETIME_METADATA[kind]];
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : DEFAULT_LIFETIMES[kind];
}
