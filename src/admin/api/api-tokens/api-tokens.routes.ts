import { FlowgateError } from '../../../errors';
import { principalOf, ref, requestBody, resourcePath, route, type AdminRouteGroup } from '../kit';

const CREATE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S', description: 'What the token is for, e.g. `ci deploy`.' } },
} as const;

/**
 * Admin API tokens for automation: create (the secret is in that one response and nowhere else),
 * list (never secrets), revoke. A token acts as the admin who created it.
 */
export const apiTokensGroup: AdminRouteGroup = {
  tag: 'tokens',
  routes: [
    route({
      method: 'get',
      path: '/tokens',
      summary: 'Every API token (never their secrets)',
      response: { description: 'The tokens', schema: ref('ApiTokenList') },
      async handler({ deps, res }) {
        res.json({ tokens: await deps.apiTokens.list() });
      },
    }),
    route({
      method: 'post',
      path: '/tokens',
      summary: 'Creates an API token acting as the caller; its secret is in this response only',
      request: requestBody<{ name: string }>('ApiTokenCreate', CREATE_SCHEMA),
      response: { status: 201, description: 'The token and its secret', schema: ref('CreatedApiToken') },
      async handler({ deps, res, body }) {
        const actor = principalOf(res);
        const { token, secret } = await deps.apiTokens.create({ userId: actor.userId, name: body.name });
        await deps.audit.record({ actor, action: 'token.create', resource: resourcePath('tokens', token.id), after: token });
        res.status(201).json({ token, secret });
      },
    }),
    route({
      method: 'delete',
      path: '/tokens/:id',
      summary: 'Revokes a token at once',
      params: { id: 'The token id' },
      response: { status: 204, description: 'Revoked' },
      errors: ['FG_ADMIN_TOKEN_NOT_FOUND'],
      async handler({ deps, res, params: { id } }) {
        const before = (await deps.apiTokens.list()).find((t) => t.id === id);
        if (!before || !(await deps.apiTokens.revoke(id))) throw new FlowgateError('FG_ADMIN_TOKEN_NOT_FOUND');
        await deps.audit.record({ actor: principalOf(res), action: 'token.revoke', resource: resourcePath('tokens', id), before });
        res.status(204).end();
      },
    }),
  ],
  schemas: {
    ApiToken: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name', 'userId', 'userEmail', 'createdAt'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        userId: { type: 'string', description: 'The administrator it acts as.' },
        userEmail: { type: 'string' },
        createdAt: { type: 'integer', description: 'ms since the epoch' },
        lastUsedAt: { type: 'integer', description: 'ms since the epoch, to the minute' },
      },
    },
    ApiTokenList: { type: 'object', additionalProperties: false, required: ['tokens'], properties: { tokens: { type: 'array', items: ref('ApiToken') } } },
    CreatedApiToken: {
      type: 'object',
      additionalProperties: false,
      required: ['token', 'secret'],
      properties: { token: ref('ApiToken'), secret: { type: 'string', description: '`fgat_…`: send it as `Authorization: Bearer <secret>`.' } },
    },
  },
};
