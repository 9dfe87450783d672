import type { UserView } from '../spi/services';

/** Claims each standard scope releases (OpenID Connect Core §5.4); `sub` always. */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  profile: ['name', 'given_name', 'family_name', 'locale'],
} as const;

/** The user attributes the standard claims come from (the shipped user profile's names). */
const ATTRIBUTE_CLAIMS = { given_name: 'firstName', family_name: 'lastName', locale: 'locale' } as const;

/**
 * Every claim Flowgate knows about `user`; the provider keeps those the granted scopes release.
 * `sub` is the user's id: stable across email changes, never reused.
 */
export function userClaims(user: UserView): Record<string, unknown> {
  const first = (name: string): string | undefined => {
    const value = user.attributes[name]?.[0]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const given = first(ATTRIBUTE_CLAIMS.given_name);
  const family = first(ATTRIBUTE_CLAIMS.family_name);
  const locale = first(ATTRIBUTE_CLAIMS.locale);
  const name = [given, family].filter((v) => v !== undefined).join(' ');
  return {
    sub: user.id,
    email: user.email,
    email_verified: user.emailVerified,
    ...(name !== '' && { name }),
    ...(given !== undefined && { given_name: given }),
    ...(family !== undefined && { family_name: family }),
    ...(locale !== undefined && { locale }),
  };
}
