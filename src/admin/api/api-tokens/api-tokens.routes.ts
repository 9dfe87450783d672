import { Router } from 'express';
import { FlowgateError } from '../../../errors';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { bodyValidator } from '../body-validator';
import { jsonBody, pathParameter, ref, responses } from '../openapi';
import { pathParam, resourcePath } from '../params';
import { principalOf } from '../principal';

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
export function apiTokensGroup(deps: AdminApiDeps): AdminRouteGroup {
  const validateCreate = bodyValidator<{ name: string }>(CREATE_SCHEMA);
  const r = Router();
  r.get(
    '/tokens',
    handler(async (_req, res) => {
      res.json({ tokens: await deps.apiTokens.list() });
    }),
  );
  r.post(
    '/tokens',
    handler(async (req, res) => {
      const { name } = validateCreate(req);
      const actor = principalOf(res);
      const { token, secret } = await deps.apiTokens.create({ userId: actor.userId, name });
      await deps.audit.record({ actor, action: 'token.create', resource: resourcePath('tokens', token.id), after: token });
      res.status(201).json({ token, secret });
    }),
  );
  r.delete(
    '/tokens/:id',
    handler(async (req, res) => {
      const id = pathParam(req, 'id');
      const before = (await deps.apiTokens.list()).find((t) => t.id === id);
      if (!before || !(await deps.apiTokens.revoke(id))) throw new FlowgateError('FG_ADMIN_TOKEN_NOT_FOUND');
      await deps.audit.record({ actor: principalOf(res), action: 'token.revoke', resource: resourcePath('tokens', id), before });
      res.status(204).end();
    }),
  );
  return {
    router: r,
    openapi: {
      paths: {
        '/tokens': {
          get: { tags: ['tokens'], summary: 'Every API token (never their secrets)', responses: responses({ description: 'The tokens', schema: { type: 'object', properties: { tokens: { type: 'array', items: ref('ApiToken') } } } }) },
          post: {
            tags: ['tokens'],
            summary: 'Creates an API token acting as the caller; its secret is in this response only',
            requestBody: jsonBody(CREATE_SCHEMA),
            responses: responses({ status: 201, description: 'The token and its secret', schema: { type: 'object', properties: { token: ref('ApiToken'), secret: { type: 'string', description: '`fgat_…`: send it as `Authorization: Bearer <secret>`.' } } } }),
          },
        },
        '/tokens/{id}': {
          delete: { tags: ['tokens'], summary: 'Revokes a token at once', parameters: [pathParameter('id', 'The token id')], responses: responses({ status: 204, description: 'Revoked' }, 404) },
        },
      },
      schemas: {
        ApiToken: {
          type: 'object',
          required: ['id', 'name', 'userId', 'userEmail', 'createdAt'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            userId: { type: 'string' },
            userEmail: { type: 'string' },
            createdAt: { type: 'integer', description: 'ms since the epoch' },
            lastUsedAt: { type: 'integer', description: 'ms since the epoch, to the minute' },
          },
        },
      },
    },
  };
}
