import { FlowgateError } from '../../../errors';
import type { PasskeyView } from '../../../spi/passkeys';
import { principalOf, REALM_PARAM, ref, resourcePath, route, type AdminRouteGroup } from '../kit';
import { requireUser } from './user-document';

const PARAMS = { realm: REALM_PARAM, id: 'The user id' };
const NOT_FOUND = ['FG_UNKNOWN_REALM', 'FG_USER_NOT_FOUND'] as const;

/** A passkey as the admin API shows it: what it is and when it was used, never its key. */
function passkeyDocument(p: PasskeyView): Record<string, unknown> {
  return {
    id: p.id,
    label: p.label,
    credentialId: p.credentialId,
    transports: [...p.transports],
    aaguid: p.aaguid,
    backedUp: p.backedUp,
    multiDevice: p.multiDevice,
    createdAt: p.createdAt,
    ...(p.lastUsedAt !== undefined && { lastUsedAt: p.lastUsedAt }),
  };
}

/**
 * A user's passkeys (#21): list them, and remove one (a lost or stolen device). A removed passkey
 * signs nobody in from then on; the person is told nothing and uses the mail methods.
 */
export const passkeysGroup: AdminRouteGroup = {
  tag: 'users',
  routes: [
    route({
      method: 'get',
      path: '/realms/:realm/users/:id/passkeys',
      summary: "A user's passkeys, newest first",
      params: PARAMS,
      response: { description: 'The passkeys', schema: ref('PasskeyList') },
      errors: NOT_FOUND,
      async handler({ deps, res, params }) {
        await requireUser(deps, params.realm, params.id);
        const passkeys = await deps.passkeys.listForUser(params.realm, params.id);
        res.json({ passkeys: passkeys.map(passkeyDocument) });
      },
    }),
    route({
      method: 'delete',
      path: '/realms/:realm/users/:id/passkeys/:passkey',
      summary: 'Removes one of the user\'s passkeys: it signs nobody in from then on',
      params: { ...PARAMS, passkey: 'The passkey id (its `id` in the list, not the credential id)' },
      response: { description: 'The passkeys left', schema: ref('PasskeyList') },
      errors: [...NOT_FOUND, 'FG_PASSKEY_NOT_FOUND'],
      async handler({ deps, res, params: { realm, id, passkey } }) {
        await requireUser(deps, realm, id);
        const before = await deps.passkeys.listForUser(realm, id);
        const gone = before.find((p) => p.id === passkey);
        if (!gone || !(await deps.passkeys.remove(realm, id, passkey))) throw new FlowgateError('FG_PASSKEY_NOT_FOUND');
        const after = before.filter((p) => p.id !== passkey).map(passkeyDocument);
        await deps.audit.record({
          actor: principalOf(res),
          action: 'user.passkey.remove',
          resource: resourcePath('realms', realm, 'users', id, 'passkeys', passkey),
          realm,
          before: passkeyDocument(gone),
          after: null,
        });
        await deps.events.forContext({ realm }).record({ type: 'REMOVE_CREDENTIAL', userId: id, details: { credentialType: 'passkey', from: 'admin' } });
        res.json({ passkeys: after });
      },
    }),
  ],
  schemas: {
    Passkey: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'label', 'credentialId', 'transports', 'aaguid', 'backedUp', 'multiDevice', 'createdAt'],
      properties: {
        id: { type: 'string' },
        label: { type: 'string', description: 'The name the person gave it.' },
        credentialId: { type: 'string', description: 'The WebAuthn credential id, base64url.' },
        transports: { type: 'array', items: { type: 'string' }, description: 'How browsers reach the authenticator (`internal`, `hybrid`, `usb`, ...).' },
        aaguid: { type: 'string', description: "The authenticator model's AAGUID (all zeros when it does not say)." },
        backedUp: { type: 'boolean', description: 'Whether the authenticator said the credential is backed up (synced).' },
        multiDevice: { type: 'boolean', description: 'Whether the credential may live on several devices.' },
        createdAt: { type: 'integer', description: 'When it was registered (ms since the epoch).' },
        lastUsedAt: { type: 'integer', description: 'When it last signed in (ms since the epoch); absent when never.' },
      },
    },
    PasskeyList: {
      type: 'object',
      additionalProperties: false,
      required: ['passkeys'],
      properties: { passkeys: { type: 'array', items: ref('Passkey') } },
    },
  },
};
