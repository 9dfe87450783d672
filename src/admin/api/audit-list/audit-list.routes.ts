import { pagingParams, TIME_RANGE_PARAMS, type QueryParam } from '../list-query';
import { ref, route, type AdminRouteGroup } from '../kit';

const AUDIT_QUERY = {
  realm: { type: 'string', maxLength: 100, description: 'Only changes to this realm (its settings, flows, clients, users, ...).' },
  actor: { type: 'string', maxLength: 100, description: "Only changes made by this administrator (their user id in realm `admin`)." },
  resource: { type: 'string', maxLength: 512, description: 'Only changes to this resource, or, ending in `/`, to anything under it (`realms/main/users/`).' },
  ...TIME_RANGE_PARAMS,
  ...pagingParams(1000),
} as const satisfies Record<string, QueryParam>;

/** The admin audit: who changed what, when, before and after; newest first. */
export const auditListGroup: AdminRouteGroup = {
  tag: 'audit',
  routes: [
    route({
      method: 'get',
      path: '/audit',
      summary: 'Changes made through the admin API, newest first, filtered by realm, administrator, resource and time',
      query: AUDIT_QUERY,
      response: { description: 'The audit entries', schema: ref('AuditEntryList') },
      async handler({ deps, res, query }) {
        res.json({ entries: await deps.audit.list(query) });
      },
    }),
  ],
  schemas: {
    AuditEntry: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'time', 'actorId', 'actorEmail', 'via', 'action', 'resource'],
      properties: {
        id: { type: 'string' },
        time: { type: 'integer', description: 'ms since the epoch' },
        actorId: { type: 'string', description: "The administrator's user id in realm `admin`." },
        actorEmail: { type: 'string', description: 'Their email at the time.' },
        via: { type: 'string', enum: ['session', 'token'] },
        tokenId: { type: 'string', description: 'The API token used, for changes made with one.' },
        action: { type: 'string', description: 'What was done, e.g. `user.update`, `flow.create`.' },
        resource: { type: 'string', description: 'What it was done to, e.g. `realms/main/users/<id>`.' },
        realm: { type: 'string' },
        before: { description: 'The resource before (absent for a creation).' },
        after: { description: 'The resource after (absent for a deletion).' },
      },
    },
    AuditEntryList: { type: 'object', additionalProperties: false, required: ['entries'], properties: { entries: { type: 'array', items: ref('AuditEntry') } } },
  },
};
