import { createHash } from 'node:crypto';
import type { Response } from 'express';
import type { RealmDefinition } from '../../../engine';
import { FlowgateError } from '../../../errors';
import type { UserView } from '../../../spi/services';
import { canonicalJson } from '../../../store/canonical-json';
import type { AdminApiDeps } from '../admin-deps';
import { realmSnapshot } from '../realm-changes';
import { setVersion } from '../versions';

/** A user as the admin API answers it: the account, its attributes, pending actions and version. */
export interface AdminUserDocument extends UserView {
  /** The version to send back in `If-Match` (also the ETag). */
  readonly version: number;
}

/**
 * A user's version: a number derived from everything the API shows of the user (SHA-256 of its
 * canonical JSON, first 48 bits). Users have no stored version counter, and a content version
 * needs none: any change to the user (by an admin, or by the person completing an action or
 * verifying their address) changes it, so a save based on an older read is refused. Two reads of
 * identical content share a version, which is harmless: there is nothing to overwrite.
 */
export function userVersion(user: UserView): number {
  const digest = createHash('sha256').update(canonicalJson(user)).digest('hex');
  // 48 bits: 15 decimal digits at most, the longest version `If-Match` takes.
  return Number.parseInt(digest.slice(0, 12), 16);
}

/** The document of `user`. */
export function userDocument(user: UserView): AdminUserDocument {
  return { ...user, version: userVersion(user) };
}

/** Answers `user` with its ETag. */
export function sendUser(res: Response, user: UserView, status = 200): void {
  const document = userDocument(user);
  setVersion(res, document.version);
  res.status(status).json(document);
}

/**
 * The user `id` of `realm`, with the realm: 404 `FG_UNKNOWN_REALM` without the realm, 404
 * `FG_USER_NOT_FOUND` without the user.
 */
export async function requireUser(deps: AdminApiDeps, realm: string, id: string): Promise<{ user: UserView; def: RealmDefinition }> {
  const { def } = await realmSnapshot(deps, realm);
  const user = await deps.users.forRealm(realm).findById(id);
  if (!user) throw new FlowgateError('FG_USER_NOT_FOUND', `user '${id.slice(0, 64)}' of realm '${realm}'`);
  return { user, def };
}

/** The OpenAPI schema of `AdminUserDocument`. */
export const USER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'realm', 'email', 'emailVerified', 'enabled', 'attributes', 'requiredActions', 'createdAt', 'version'],
  properties: {
    id: { type: 'string' },
    realm: { type: 'string' },
    email: { type: 'string' },
    emailVerified: { type: 'boolean' },
    enabled: { type: 'boolean', description: 'A disabled user cannot sign in and has no sessions.' },
    attributes: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'Every attribute, profile or not, by name.' },
    requiredActions: { type: 'array', items: { type: 'string' }, description: 'Ids of the required actions pending on the user.' },
    createdAt: { type: 'integer', description: 'ms since the epoch' },
    version: { type: 'integer', description: 'Send it back as `If-Match: W/"<version>"` to edit the user.' },
  },
} as const;
