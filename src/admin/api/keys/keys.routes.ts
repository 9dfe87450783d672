import { FlowgateError } from '../../../errors';
import { rotateRealmKeys } from '../../../oidc/key-rotation';
import { principalOf, REALM_PARAM, ref, requestBody, resourcePath, route, type AdminRouteGroup } from '../kit';

type RotateBody = { publishAheadSeconds?: number };

const ROTATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    publishAheadSeconds: {
      type: 'integer',
      minimum: 0,
      maximum: 86400,
      description: 'Seconds the new keys are published before they sign (default 600), so relying parties that cache the key set see them first; 0 signs at once.',
    },
  },
} as const;

/**
 * A realm's token signing keys: list what is published (never a private part) and rotate. The new
 * keys are published at once and sign after `publishAheadSeconds`; the old ones stay published until
 * every token they signed has expired.
 */
export const keysGroup: AdminRouteGroup = {
  tag: 'keys',
  routes: [
    route({
      method: 'get',
      path: '/realms/:realm/keys',
      summary: "The realm's published signing keys, the ones signing now first",
      params: { realm: REALM_PARAM },
      response: { description: 'The keys', schema: ref('SigningKeyList') },
      errors: ['FG_UNKNOWN_REALM'],
      async handler({ deps, res, params: { realm } }) {
        if (!(await deps.realms.getRealm(realm))) throw new FlowgateError('FG_UNKNOWN_REALM', `'${realm}'`);
        const { keys } = await deps.signingKeys.published(realm);
        const now = deps.clock.now();
        res.json({
          keys: keys.map((k) => ({
            kid: k.kid,
            alg: k.alg,
            createdAt: k.createdAt,
            signsFrom: k.signsFrom,
            ...(k.retireAt !== undefined && { retireAt: k.retireAt }),
            status: k.signing ? 'signing' : k.signsFrom > now ? 'next' : 'retiring',
          })),
        });
      },
    }),
    route({
      method: 'post',
      path: '/realms/:realm/keys/rotate',
      summary: "Rotates the realm's signing keys (RS256 and ES256)",
      params: { realm: REALM_PARAM },
      request: requestBody<RotateBody>('KeyRotation', ROTATE_SCHEMA),
      response: { description: 'The new keys', schema: ref('RotatedKeys') },
      errors: ['FG_UNKNOWN_REALM'],
      async handler({ deps, res, params: { realm }, body }) {
        const def = await deps.realms.getRealm(realm);
        if (!def) throw new FlowgateError('FG_UNKNOWN_REALM', `'${realm}'`);
        const kids = await rotateRealmKeys(deps.signingKeys, def, body.publishAheadSeconds);
        deps.keysRotated(realm);
        await deps.audit.record({ actor: principalOf(res), action: 'keys.rotate', resource: resourcePath('realms', realm, 'keys'), realm, after: { kids } });
        res.json({ kids });
      },
    }),
  ],
  schemas: {
    SigningKey: {
      type: 'object',
      additionalProperties: false,
      required: ['kid', 'alg', 'createdAt', 'signsFrom', 'status'],
      properties: {
        kid: { type: 'string' },
        alg: { type: 'string', enum: ['RS256', 'ES256'] },
        createdAt: { type: 'integer', description: 'When it was made (ms since the epoch).' },
        signsFrom: { type: 'integer', description: 'From when it signs (ms since the epoch).' },
        retireAt: { type: 'integer', description: 'When it stops being published (ms since the epoch); absent while it is the newest.' },
        status: { type: 'string', enum: ['signing', 'next', 'retiring'], description: '`signing` signs now; `next` is published and signs later; `retiring` is published for the tokens it signed.' },
      },
    },
    SigningKeyList: { type: 'object', additionalProperties: false, required: ['keys'], properties: { keys: { type: 'array', items: ref('SigningKey') } } },
    RotatedKeys: { type: 'object', additionalProperties: false, required: ['kids'], properties: { kids: { type: 'array', items: { type: 'string' } } } },
  },
};
