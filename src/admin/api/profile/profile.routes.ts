import type { Response } from 'express';
import { DEFAULT_USER_PROFILE, type RealmDocument, type UserProfileConfig } from '../../../engine';
import { PROFILE_ATTRIBUTE_TYPES } from '../../../spi/profile';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import { changeRealmDocument, LOADER_CODES, REALM_PARAM, realmSnapshot, ref, requestBody, resourcePath, route, setVersion, type AdminRouteGroup } from '../kit';

/** A realm's user profile as the admin API answers it. */
export interface UserProfileDocument extends UserProfileConfig {
  /** Whether the realm writes its own profile; when not, it has the default (first and last name). */
  readonly custom: boolean;
  /** The realm's version. */
  readonly version: number;
}

// Shape only: the realm schema and the profile checks (through the loader) check the attributes, with their own codes.
const REPLACE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['attributes'],
  properties: { attributes: { type: 'array', description: 'Every attribute, in form order (realm.schema.json `userProfile`).' } },
} as const;
const PROFILE = { schema: ref('UserProfile'), etag: true } as const;

/**
 * The realm's user profile: read it (defaults filled in) and replace it as a whole. Versioned
 * with the realm; a replacement is loaded as boot loads the realm file's `userProfile`, and
 * refused with the loader's codes (`FG_REALM_SCHEMA`, `FG_PROFILE_ATTRIBUTE_RESERVED`,
 * `FG_DUPLICATE_PROFILE_ATTRIBUTE`, `FG_PROFILE_ATTRIBUTE_INVALID`) at the place in the body.
 * Values users already have are kept; the new rules apply to the next submission.
 */
export const profileGroup: AdminRouteGroup = {
  tag: 'user profile',
  routes: [
    route({
      method: 'get',
      path: '/realms/:realm/user-profile',
      summary: "The realm's user profile, defaults filled in",
      params: { realm: REALM_PARAM },
      response: { description: 'The profile', ...PROFILE },
      errors: ['FG_UNKNOWN_REALM'],
      async handler({ deps, res, params }) {
        sendProfile(res, await realmSnapshot(deps, params.realm));
      },
    }),
    route({
      method: 'put',
      path: '/realms/:realm/user-profile',
      summary: "Replaces the realm's user profile, checked exactly as the realm file's `userProfile`",
      params: { realm: REALM_PARAM },
      request: requestBody<{ attributes: unknown[] }>('UserProfileReplace', REPLACE_SCHEMA),
      response: { description: 'The profile now', ...PROFILE },
      ifMatch: 'required',
      errors: ['FG_UNKNOWN_REALM', ...LOADER_CODES],
      async handler({ deps, req, res, params: { realm }, body }) {
        const after = await changeRealmDocument(deps, req, res, {
          realm,
          action: 'user-profile.update',
          resource: resourcePath('realms', realm, 'user-profile'),
          change: (doc) => ({ doc: { ...doc, userProfile: body } as unknown as RealmDocument, rebase: { from: '/userProfile', to: '' } }),
          view: (snapshot) => snapshot.def.userProfile ?? DEFAULT_USER_PROFILE,
        });
        sendProfile(res, after);
      },
    }),
  ],
  schemas: {
    UserProfile: {
      type: 'object',
      additionalProperties: false,
      required: ['attributes', 'custom', 'version'],
      properties: {
        attributes: { type: 'array', items: ref('ProfileAttribute'), description: 'Every attribute, in form order.' },
        custom: { type: 'boolean', description: 'false: the realm has the default profile (first and last name, required).' },
        version: { type: 'integer', description: "The realm's version." },
      },
    },
    ProfileAttribute: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'type', 'required', 'validation', 'label'],
      properties: {
        name: { type: 'string', description: "The attribute's name on the user and its form field name, e.g. `firstName`." },
        type: { type: 'string', enum: [...PROFILE_ATTRIBUTE_TYPES] },
        required: { type: 'boolean' },
        validation: ref('ProfileValidation'),
        label: { type: 'object', additionalProperties: { type: 'string' }, description: 'The label by locale.' },
      },
    },
    ProfileValidation: {
      type: 'object',
      additionalProperties: false,
      description: '`minLength`, `maxLength`, `pattern`, `enum` (string); `min`, `max` (number).',
      properties: {
        minLength: { type: 'integer' },
        maxLength: { type: 'integer' },
        pattern: { type: 'string' },
        enum: { type: 'array', items: { type: 'string' } },
        min: { type: 'number' },
        max: { type: 'number' },
      },
    },
  },
};

function sendProfile(res: Response, snapshot: AdminRealmSnapshot): void {
  const document: UserProfileDocument = { attributes: (snapshot.def.userProfile ?? DEFAULT_USER_PROFILE).attributes, custom: snapshot.def.userProfile !== undefined, version: snapshot.version };
  setVersion(res, snapshot.version);
  res.json(document);
}
