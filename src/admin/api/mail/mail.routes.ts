import { FlowgateError } from '../../../errors';
import { MAX_LIST_LIMIT, OUTBOX_STATUSES, type OutboxMessage, type OutboxMessageSummary } from '../../../mail';
import { principalOf, ref, resourcePath, route, type AdminApiDeps, type AdminRouteGroup } from '../kit';
import { pagingParams, windowLimit, type QueryParam } from '../list-query';

const MAIL_QUERY = {
  realm: { type: 'string', maxLength: 100, description: "Only this realm's messages." },
  status: { type: 'enum', values: OUTBOX_STATUSES, description: 'Only messages in this status.' },
  ...pagingParams(MAX_LIST_LIMIT),
} as const satisfies Record<string, QueryParam>;

const ID = 'The message id';
const SUMMARY_PROPERTIES = {
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
};
// Every field is there, `null` when it does not apply.
const SUMMARY_REQUIRED = Object.keys(SUMMARY_PROPERTIES);

/**
 * The mail outbox: list (newest first, without bodies), read one (with its bodies while the
 * outbox still has them: always with the dev outbox, until delivery with a real transport), and
 * retry a failed one. Bodies may hold live sign-in links; only administrators get here.
 */
export const mailGroup: AdminRouteGroup = {
  tag: 'mail',
  routes: [
    route({
      method: 'get',
      path: '/mail',
      summary: 'Outbox messages, newest first, without their bodies',
      query: MAIL_QUERY,
      response: { description: 'The messages', schema: ref('OutboxMessageList') },
      async handler({ deps, res, query: q }) {
        const first = q.first ?? 0;
        const max = q.max ?? 100;
        const messages = await deps.outbox.list({
          ...(q.realm !== undefined && { realm: q.realm }),
          ...(q.status !== undefined && { status: q.status as OutboxMessageSummary['status'] }),
          limit: windowLimit(first, max, MAX_LIST_LIMIT),
        });
        res.json({ messages: messages.slice(first, first + max) });
      },
    }),
    route({
      method: 'get',
      path: '/mail/:id',
      summary: 'One message with its bodies (null once delivered through a real transport)',
      params: { id: ID },
      response: { description: 'The message', schema: ref('OutboxMessage') },
      errors: ['FG_MAIL_NOT_FOUND'],
      async handler({ deps, res, params }) {
        res.json(await findMessage(deps, params.id));
      },
    }),
    route({
      method: 'post',
      path: '/mail/:id/retry',
      summary: 'Sends a failed message again: back to pending, due now, attempts reset',
      params: { id: ID },
      response: { description: 'The message, pending', schema: ref('OutboxMessageSummary') },
      errors: ['FG_MAIL_NOT_FOUND', 'FG_MAIL_NOT_RETRYABLE'],
      async handler({ deps, res, params: { id } }) {
        const before = await findMessage(deps, id);
        const result = await deps.outbox.retry(id, deps.clock.now());
        if (result === 'not_found') throw new FlowgateError('FG_MAIL_NOT_FOUND');
        if (result === 'not_failed') throw new FlowgateError('FG_MAIL_NOT_RETRYABLE', `the message is ${(await findMessage(deps, id)).status}`);
        const after = await findMessage(deps, id);
        await deps.audit.record({ actor: principalOf(res), action: 'mail.retry', resource: resourcePath('mail', id), realm: before.realm, before: summaryOf(before), after: summaryOf(after) });
        res.json(summaryOf(after));
      },
    }),
  ],
  schemas: {
    OutboxMessageSummary: { type: 'object', additionalProperties: false, required: SUMMARY_REQUIRED, properties: SUMMARY_PROPERTIES },
    OutboxMessage: {
      type: 'object',
      additionalProperties: false,
      required: [...SUMMARY_REQUIRED, 'htmlBody', 'textBody'],
      properties: {
        ...SUMMARY_PROPERTIES,
        htmlBody: { type: ['string', 'null'], description: 'The HTML body as stored; render it only sandboxed.' },
        textBody: { type: ['string', 'null'], description: 'The plain-text body as stored.' },
      },
    },
    OutboxMessageList: { type: 'object', additionalProperties: false, required: ['messages'], properties: { messages: { type: 'array', items: ref('OutboxMessageSummary') } } },
  },
};

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
