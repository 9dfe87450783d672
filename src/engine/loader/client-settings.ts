import realmSchema from '../../../flows/realm.schema.json';
import { deepFreeze } from '../../json/deep-freeze';
import type { Diagnostics } from '../../json/diagnostics';
import { joinPointer } from '../../json/json-pointer';
import type { JsonSource } from '../../json/json-source';
import { parseHttpUrl } from '../../util/http-url';
import type { ClientDefinition } from '../model';
import type { ClientDocument, WrittenClientDocument } from './flow-document';
import { redirectUriProblem } from './redirect-uri';

/**
 * A realm file's clients: what the loader checks beyond the schema, the model it builds, and the
 * document it exports back. The defaults of the OpenID Connect options are the schema's (the one
 * place they are written); the export leaves out every option at its default, so realm files and
 * exports written before these options existed read and write exactly as before.
 */

/**
 * The OpenID Connect options with a schema default: a realm file may leave them out, and the
 * export does when they are at it. (`flowOverrides` has a default too but is always written, as
 * it was before these options.)
 */
export const DEFAULTED_CLIENT_OPTIONS = ['type', 'postLogoutRedirectUris', 'webOrigins', 'grantTypes', 'consentRequired', 'tokenLifetimes'] as const;
export type DefaultedClientOption = (typeof DEFAULTED_CLIENT_OPTIONS)[number];

/** The schema's default of every client option that has one (frozen). */
export const CLIENT_DEFAULTS: Pick<ClientDefinition, DefaultedClientOption | 'flowOverrides'> = deepFreeze(
  Object.fromEntries(
    [...DEFAULTED_CLIENT_OPTIONS, 'flowOverrides' as const].map((key) => [key, realmSchema.definitions.client.properties[key].default]),
  ) as Pick<ClientDefinition, DefaultedClientOption | 'flowOverrides'>,
);

/**
 * Records every problem of client `client` (at `at`, e.g. `/clients/0`) the schema cannot see:
 * its redirect and post-logout redirect URIs (`redirectUriProblem`), its web origins, its
 * back-channel logout URI, and the options only a confidential client may use.
 */
export function checkClient(client: ClientDocument, at: string, source: JsonSource, diags: Diagnostics): void {
  const name = `client '${client.clientId}'`;
  for (const field of ['redirectUris', 'postLogoutRedirectUris'] as const) {
    client[field].forEach((uri, i) => {
      const problem = redirectUriProblem(uri);
      const what = field === 'redirectUris' ? 'redirect URI' : 'post-logout redirect URI';
      if (problem) diags.at('FG_REDIRECT_URI_REFUSED', `${what} of ${name} ${problem}`, source, joinPointer(at, field, i));
    });
  }
  client.webOrigins.forEach((origin, i) => {
    const problem = webOriginProblem(origin);
    if (problem) diags.at('FG_WEB_ORIGIN_INVALID', `web origin '${origin}' of ${name} ${problem}`, source, joinPointer(at, 'webOrigins', i));
  });
  if (client.backchannelLogoutUri !== undefined) {
    const problem = backchannelLogoutUriProblem(client.backchannelLogoutUri);
    if (problem) diags.at('FG_BACKCHANNEL_LOGOUT_URI_INVALID', `back-channel logout URI of ${name} ${problem}`, source, joinPointer(at, 'backchannelLogoutUri'));
  }
  if (client.type !== 'confidential') {
    const i = client.grantTypes.indexOf('client_credentials');
    // A public client cannot prove who it is, so it must not get tokens for itself.
    if (i >= 0) diags.at('FG_CLIENT_GRANT_NOT_ALLOWED', `${name} is public; client_credentials needs "type": "confidential"`, source, joinPointer(at, 'grantTypes', i));
    if (client.secretEnv !== undefined) diags.at('FG_CLIENT_SECRET_ENV_NOT_ALLOWED', `${name} is public and has no secret; secretEnv needs "type": "confidential"`, source, joinPointer(at, 'secretEnv'));
  }
}

/**
 * Why `value` is not a web origin, or `undefined` when it is: `scheme://host[:port]` over http(s),
 * exactly as browsers send it in `Origin` (no path, not even `/`, no query, fragment or
 * credentials), since CORS compares origins as strings.
 */
export function webOriginProblem(value: string): string | undefined {
  const parsed = parseHttpUrl(value);
  if ('problem' in parsed) return parsed.problem;
  if (parsed.url.origin !== value) return `must be an origin only (scheme://host[:port]), e.g. '${parsed.url.origin}'`;
  return undefined;
}

/** Why `value` cannot be a back-channel logout URI, or `undefined` when it can. */
export function backchannelLogoutUriProblem(value: string): string | undefined {
  if (/[\s#]/.test(value)) return 'must have no white space and no fragment (#)';
  const parsed = parseHttpUrl(value);
  return 'problem' in parsed ? parsed.problem : undefined;
}

/** The model of a checked client document (defaults already filled in by the schema). */
export function buildClient(c: ClientDocument): ClientDefinition {
  return {
    clientId: c.clientId,
    redirectUris: [...c.redirectUris],
    flowOverrides: { ...c.flowOverrides },
    type: c.type,
    postLogoutRedirectUris: [...c.postLogoutRedirectUris],
    webOrigins: [...c.webOrigins],
    grantTypes: [...c.grantTypes],
    consentRequired: c.consentRequired,
    ...(c.backchannelLogoutUri !== undefined && { backchannelLogoutUri: c.backchannelLogoutUri }),
    ...(c.secretEnv !== undefined && { secretEnv: c.secretEnv }),
    tokenLifetimes: { ...c.tokenLifetimes },
  };
}

/**
 * The realm-file entry of `client`: every option, but the OpenID Connect ones at their schema
 * default.
 */
export function exportClient(client: ClientDefinition): WrittenClientDocument {
  const doc: Record<string, unknown> = { clientId: client.clientId, redirectUris: [...client.redirectUris], flowOverrides: { ...client.flowOverrides } };
  for (const key of DEFAULTED_CLIENT_OPTIONS) {
    if (!sameJson(client[key], CLIENT_DEFAULTS[key])) doc[key] = structuredClone(client[key]);
  }
  if (client.backchannelLogoutUri !== undefined) doc['backchannelLogoutUri'] = client.backchannelLogoutUri;
  if (client.secretEnv !== undefined) doc['secretEnv'] = client.secretEnv;
  return doc as unknown as WrittenClientDocument;
}

/**
 * Whether the client authenticates with a secret Flowgate generates (and keeps sealed): a
 * confidential client that does not name `secretEnv`. Only such a client may have a stored secret.
 */
export function usesGeneratedSecret(client: Pick<ClientDefinition, 'type' | 'secretEnv'>): boolean {
  return client.type === 'confidential' && client.secretEnv === undefined;
}

/** A client with the defaults for every option `input` leaves out (tests, plugins' harnesses). */
export function clientWithDefaults(input: Pick<ClientDefinition, 'clientId'> & Partial<ClientDefinition>): ClientDefinition {
  return { redirectUris: [], ...structuredClone(CLIENT_DEFAULTS), ...input } as ClientDefinition;
}

// Values from JSON and the model: arrays in order, objects compared key by key.
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}
