import { CLIENT_GRANT_TYPES, CLIENT_TYPES, type ClientGrantType, type ClientTokenLifetimes, type ClientType } from '../../../engine';
import { ref } from '../kit';

/**
 * The admin API's client bodies and documents. Bodies are checked for shape only: what a value
 * may be is the realm schema's and the loader's business (`FG_REALM_SCHEMA`,
 * `FG_REDIRECT_URI_REFUSED`, `FG_WEB_ORIGIN_INVALID`, ...), at the body's path, so an admin save
 * refuses exactly what a realm file would.
 */

const URIS = { type: 'array', items: { type: 'string' }, uniqueItems: true, maxItems: 100 } as const;

/** The options of a client a body may set; each left out takes the realm schema's default. */
const SETTINGS = {
  redirectUris: { ...URIS, description: 'Where sign-ins may return: absolute http(s) URIs, compared exactly.' },
  flowOverrides: { type: 'object', additionalProperties: { type: 'string' }, description: 'Flow alias by slot, instead of the realm binding.' },
  type: { type: 'string', enum: [...CLIENT_TYPES], description: '`public` (PKCE, no secret; default) or `confidential` (authenticates with its secret).' },
  postLogoutRedirectUris: { ...URIS, description: 'Where RP-initiated logout may return: absolute http(s) URIs, compared exactly.' },
  webOrigins: { ...URIS, description: 'Origins (scheme://host[:port]) whose scripts may call the token endpoints (CORS).' },
  grantTypes: { type: 'array', items: { type: 'string', enum: [...CLIENT_GRANT_TYPES] }, uniqueItems: true, description: '`client_credentials` needs a confidential client.' },
  consentRequired: { type: 'boolean', description: 'Whether people are asked to consent (default false).' },
  backchannelLogoutUri: { type: 'string', description: 'Where logout tokens are posted when a session ends.' },
  secretEnv: { type: 'string', description: 'Confidential clients: the environment variable holding the secret; then Flowgate generates none.' },
  tokenLifetimes: {
    type: 'object',
    additionalProperties: false,
    description: "Seconds; a lifetime left out is the server's default.",
    properties: { accessTokenSeconds: { type: 'integer' }, idTokenSeconds: { type: 'integer' }, refreshTokenSeconds: { type: 'integer' } },
  },
} as const;

/** A client's settings as a body sends them. */
export interface ClientSettingsBody {
  redirectUris: string[];
  flowOverrides?: Record<string, string>;
  type?: ClientType;
  postLogoutRedirectUris?: string[];
  webOrigins?: string[];
  grantTypes?: ClientGrantType[];
  consentRequired?: boolean;
  backchannelLogoutUri?: string;
  secretEnv?: string;
  tokenLifetimes?: ClientTokenLifetimes;
}

export const CREATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['clientId', 'redirectUris'],
  properties: { clientId: { type: 'string', minLength: 1, maxLength: 255 }, ...SETTINGS },
} as const;

/** A PUT replaces every setting: one left out goes back to its default. */
export const UPDATE_SCHEMA = { type: 'object', additionalProperties: false, required: ['redirectUris'], properties: SETTINGS } as const;

export const CLIENT_SCHEMAS = {
  Client: {
    type: 'object',
    additionalProperties: false,
    description: 'A client, every default filled in.',
    required: ['clientId', 'redirectUris', 'flowOverrides', 'type', 'postLogoutRedirectUris', 'webOrigins', 'grantTypes', 'consentRequired', 'tokenLifetimes', 'hasSecret'],
    properties: {
      clientId: { type: 'string' },
      redirectUris: { type: 'array', items: { type: 'string' } },
      flowOverrides: ref('FlowOverrides'),
      type: SETTINGS.type,
      postLogoutRedirectUris: { type: 'array', items: { type: 'string' } },
      webOrigins: { type: 'array', items: { type: 'string' } },
      grantTypes: SETTINGS.grantTypes,
      consentRequired: { type: 'boolean' },
      backchannelLogoutUri: { type: 'string' },
      secretEnv: SETTINGS.secretEnv,
      tokenLifetimes: SETTINGS.tokenLifetimes,
      hasSecret: { type: 'boolean', description: 'Whether Flowgate keeps a generated secret for the client (never the secret itself).' },
      secret: {
        type: 'string',
        description: 'Only in the answer to the create or update that gave a confidential client its secret: store it now, it is never shown again.',
      },
      version: { type: 'integer', description: "The realm's version." },
    },
  },
  ClientList: {
    type: 'object',
    additionalProperties: false,
    required: ['clients', 'version'],
    properties: { clients: { type: 'array', items: ref('Client') }, version: { type: 'integer', description: "The realm's version." } },
  },
  ClientSecret: {
    type: 'object',
    additionalProperties: false,
    required: ['clientId', 'secret'],
    properties: {
      clientId: { type: 'string' },
      secret: { type: 'string', description: 'The new secret: store it now, it is never shown again.' },
    },
  },
  FlowOverrides: {
    type: 'object',
    additionalProperties: false,
    description: "The flow a client's sign-ins run instead of the realm's binding, by slot.",
    properties: { browser: { type: 'string' }, 'direct-grant': { type: 'string' } },
  },
} as const;
