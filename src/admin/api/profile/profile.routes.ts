import { Router, type Response } from 'express';
import { DEFAULT_USER_PROFILE, type RealmDocument, type UserProfileConfig } from '../../../engine';
import type { AdminRealmSnapshot } from '../../../store/realm-admin.store';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { bodyValidator } from '../body-validator';
import { IF_MATCH, jsonBody, pathParameter, ref, responses } from '../openapi';
import { realmParam, resourcePath } from '../params';
import { changeRealmDocument, realmSnapshot } from '../realm-changes';
import { setVersion } from '../versions';

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

/**
 * The realm's user profile: read it (defaults filled in) and replace it as a whole. Versioned
 * with the realm; a replacement is loaded as boot loads the realm file's `userProfile`, and
 * refused with the loader's codes (`FG_REALM_SCHEMA`, `FG_PROFILE_ATTRIBUTE_RESERVED`,
 * `FG_DUPLICATE_PROFILE_ATTRIBUTE`, `FG_PROFILE_ATTRIBUTE_INVALID`) at the place in the body.
 * Values users already have are kept; the new rules apply to the next submission.
 */
export function profileGroup(deps: AdminApiDeps): AdminRouteGroup {
  const validateReplace = bodyValidator<{ attributes: unknown[] }>(REPLACE_SCHEMA);
  const r = Router();

  r.get(
    '/realms/:realm/user-profile',
    handler(async (req, res) => {
      sendProfile(res, await realmSnapshot(deps, realmParam(req)));
    }),
  );

  r.put(
    '/realms/:realm/user-profile',
    handler(async (req, res) => {
      const realm = realmParam(req);
      const body = validateReplace(req);
      const after = await changeRealmDocument(deps, req, res, {
        realm,
        action: 'user-profile.update',
        resource: resourcePath('realms', realm, 'user-profile'),
        change: (doc) => ({ doc: { ...doc, userProfile: body } as unknown as RealmDocument, rebase: { from: '/userProfile', to: '' } }),
        view: (snapshot) => snapshot.def.userProfile ?? DEFAULT_USER_PROFILE,
      });
      sendProfile(res, after);
    }),
  );

  return { router: r, openapi: OPENAPI };
}

function sendProfile(res: Response, snapshot: AdminRealmSnapshot): void {
  const document: UserProfileDocument = { attributes: (snapshot.def.userProfile ?? DEFAULT_USER_PROFILE).attributes, custom: snapshot.def.userProfile !== undefined, version: snapshot.version };
  setVersion(res, snapshot.version);
  res.json(document);
}

const REALM = pathParameter('realm', 'The realm name');
const OPENAPI: AdminRouteGroup['openapi'] = {
  paths: {
    '/realms/{realm}/user-profile': {
      get: { tags: ['user profile'], summary: "The realm's user profile, defaults filled in", parameters: [REALM], responses: responses({ description: 'The profile', schema: ref('UserProfile'), versioned: true }, 404) },
      put: {
        tags: ['user profile'],
        summary: "Replaces the realm's user profile, checked exactly as the realm file's `userProfile`",
        parameters: [REALM, IF_MATCH],
        requestBody: jsonBody(REPLACE_SCHEMA),
        responses: responses({ description: 'The profile now', schema: ref('UserProfile'), versioned: true }, 404, 409, 428),
      },
    },
  },
  schemas: {
    UserProfile: {
      type: 'object',
      required: ['attributes', 'custom', 'version'],
      properties: {
        attributes: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'type', 'required', 'validation', 'label'],
            properties: {
              name: { type: 'string' },
              type: { type: 'string', enum: ['string', 'email', 'number', 'boolean'] },
              required: { type: 'boolean' },
              validation: { type: 'object', description: '`minLength`, `maxLength`, `pattern`, `enum` (string); `min`, `max` (number).' },
              label: { type: 'object', additionalProperties: { type: 'string' }, description: 'The label by locale.' },
            },
          },
        },
        custom: { type: 'boolean', description: 'false: the realm has the default profile (first and last name, required).' },
        version: { type: 'integer', description: "The realm's version." },
      },
    },
  },
};
