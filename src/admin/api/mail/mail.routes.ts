import { Router } from 'express';
import { FlowgateError } from '../../../errors';
import { MAX_LIST_LIMIT, OUTBOX_STATUSES, type OutboxMessage, type OutboxMessageSummary } from '../../../mail';
import type { AdminApiDeps, AdminRouteGroup } from '../admin-deps';
import { handler } from '../admin-errors';
import { listQuery, pagingParams, queryParameters, windowLimit, type QueryParam } from '../events/list-query';
import { pathParameter, ref, responses } from '../openapi';
import { pathParam, resourcePath } from '../params';
import { principalOf } from '../principal';

const MAIL_QUERY = {
  realm: { type: 'string', maxLength: 100, description: "Only this realm's messages." },
  status: { type: 'enum', values: OUTBOX_STATUSES, description: 'Only messages in this status.' },
  ...pagingParams(MAX_LIST_LIMIT),
} as const satisfies Record<string, QueryParam>;

/**
 * The mail outbox: list (newest first, without bodies), read one (with its bodies while the
 * outbox still has them: always with the dev outbox, until delivery with a real transport), and
 * retry a failed one. Bodies may hold live sign-in links; only administrators get here.
 */
export function mailGroup(deps: AdminApiDeps): AdminRouteGroup {
  const parseQuery = listQuery(MAIL_QUERY);
  const r = Router();

  r.get(
    '/mail',
    handler(async (req, res) => {
      const q = parseQuery(req);
      const first = q.first ?? 0;
      const max = q.max ?? 100;
      const messages = await deps.outbox.list({
        ...(q.realm !== undefined && { realm: q.realm }),
        ...(q.status !== undefined && { status: q.status as OutboxMessageSummary['status'] }),
        limit: windowLimit(first, max, MAX_LIST_LIMIT),
      });
      res.json({ messages: messages.slice(first, first + max) });
    }),
  );

  r.get(
    '/mail/:id',
    handler(async (req, res) => {
      res.json(await findMessage(deps, pathParam(req, 'id')));
    }),
  );

  r.post(
    '/mail/:id/retry',
    handler(async (req, res) => {
      const id = pathParam(req, 'id');
      const before = await findMessage(deps, id);
      const result = await deps.outbox.retry(id, deps.clock.now());
      if (result === 'not_found') throw new FlowgateError('FG_MAIL_NOT_FOUND');
      if (result === 'not_failed') throw new FlowgateError('FG_MAIL_NOT_RETRYABLE', `the message is ${(await findMessage(deps, id)).status}`);
      const after = await findMessage(deps, id);
      await deps.audit.record({ actor: principalOf(res), action: 'mail.retry', resource: resourcePath('mail', id), realm: before.realm, before: summaryOf(before), after: summaryOf(after) });
      res.json(summaryOf(after));
    }),
  );

  return { router: r, openapi: OPENAPI };
}

async function findMessage(deps: AdminApiDeps, id: string): Promise<OutboxMessage> {
  const message = await deps.outbox.get(id);
  if (!message) throw new FlowgateError('FG_MAIL_NOT_FOUND');
  return message;
}

// The audit keeps no bodies: they may hold sign-in links, and the audit keeps everything forever.
function summaryOf(message: OutboxMessage): OutboxMessageSummary {
  const { htmlBody: _html, textBody: _text, ...summary } = message;
  return summary;
}

const ID = pathParameter('id', 'The message id');
const OPENAPI: AdminRouteGroup['openapi'] = {
  paths: {
    '/mail': {
      get: {
        tags: ['mail'],
        summary: 'Outbox messages, newest first, without their bodies',
        parameters: queryParameters(MAIL_QUERY),
        responses: responses({ description: 'The messages', schema: { type: 'object', required: ['messages'], properties: { messages: { type: 'array', items: ref('OutboxMessageSummary') } } } }),
      },
    },
    '/mail/{id}': {
      get: { tags: ['mail'], summary: 'One message with its bodies (null once delivered through a real transport)', parameters: [ID], responses: responses({ description: 'The message', schema: ref('OutboxMessage') }, 404) },
    },
    '/mail/{id}/retry': {
      post: {
        tags: ['mail'],
        summary: 'Sends a failed message again: back to pending, due now, attempts reset',
        parameters: [ID],
        responses: responses({ description: 'The message, pending', schema: ref('OutboxMessageSummary') }, 404, 409),
      },
    },
  },
  schemas: {
    OutboxMessageSummary: {
      type: 'object',
      required: ['id', 'realm', 'from', 'to', 'template', 'locale', 'subject', 'status', 'attempts', 'createdAt', 'updatedAt'],
      properties: {
        id: { type: 'string' },
        realm: { type: 'string' },
        userId: { type: ['string', 'null'] },
        from: { type: 'string', description: 'The From header.' },
        to: { type: 'string', description: 'The recipient.' },
        template: { type: 'string', description: 'The kind of message, e.g. `magic-link`.' },
        locale: { type: 'string' },
        subject: { type: 'string' },
        status: { type: 'string', enum: [...OUTBOX_STATUSES] },
        attempts: { type: 'integer' },
        nextAttemptAt: { type: 'integer' },
        expiresAt: { type: ['integer', 'null'], description: 'After this it is not sent (its link has expired).' },
        claimedAt: { type: ['integer', 'null'] },
        lastError: { type: ['string', 'null'], description: 'Why the last attempt failed.' },
        transport: { type: ['string', 'null'], description: '`smtp` or `dev-outbox`.' },
        providerMessageId: { type: ['string', 'null'] },
        createdAt: { type: 'integer', description: 'ms since the epoch' },
        updatedAt: { type: 'integer', description: 'ms since the epoch' },
        sentAt: { type: ['integer', 'null'] },
      },
    },
    OutboxMessage: {
      allOf: [
        ref('OutboxMessageSummary'),
        {
          type: 'object',
          properties: {
            htmlBody: { type: ['string', 'null'], description: 'The HTML body as stored; render it only sandboxed.' },
            textBody: { type: ['string', 'null'], description: 'The plain-text body as stored.' },
          },
        },
      ],
    },
  },
};
