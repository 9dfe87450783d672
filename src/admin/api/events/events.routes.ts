import { REALM_PARAM, realmSnapshot, ref, route, type AdminRouteGroup } from '../kit';
import { pagingParams, TIME_RANGE_PARAMS, windowLimit, type QueryParam } from '../list-query';

/** The most events the store returns in one query, and so the deepest page. */
const EVENT_QUERY_CAP = 1000;

const EVENT_QUERY = {
  type: { type: 'string', maxLength: 100, description: 'Only events of this type, e.g. `LOGIN`, `LOGIN_ERROR`, `LOGOUT`.' },
  user: { type: 'string', maxLength: 100, description: 'Only events about this user id.' },
  client: { type: 'string', maxLength: 255, description: 'Only events of this client id.' },
  ...TIME_RANGE_PARAMS,
  ...pagingParams(EVENT_QUERY_CAP),
} as const satisfies Record<string, QueryParam>;

/** A realm's events (sign-ins, failures, sign-outs, required actions), newest first. */
export const eventsGroup: AdminRouteGroup = {
  tag: 'events',
  routes: [
    route({
      method: 'get',
      path: '/realms/:realm/events',
      summary: "A realm's events, newest first, filtered by type, user, client and time",
      params: { realm: REALM_PARAM },
      query: EVENT_QUERY,
      response: { description: 'The events', schema: ref('EventList') },
      errors: ['FG_UNKNOWN_REALM'],
      async handler({ deps, res, params: { realm }, query: q }) {
        await realmSnapshot(deps, realm);
        const first = q.first ?? 0;
        const max = q.max ?? 100;
        const events = await deps.events.query({
          realm,
          ...(q.type !== undefined && { type: q.type }),
          ...(q.user !== undefined && { userId: q.user }),
          ...(q.client !== undefined && { clientId: q.client }),
          ...(q.from !== undefined && { from: q.from }),
          ...(q.to !== undefined && { to: q.to }),
          limit: windowLimit(first, max, EVENT_QUERY_CAP),
        });
        res.json({ events: events.slice(first, first + max) });
      },
    }),
  ],
  schemas: {
    Event: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'realm', 'type', 'time'],
      properties: {
        id: { type: 'string' },
        realm: { type: 'string' },
        type: { type: 'string', description: '`LOGIN`, `LOGIN_ERROR`, `LOGOUT`, `UPDATE_PROFILE`, ...' },
        userId: { type: 'string' },
        clientId: { type: 'string' },
        ip: { type: 'string' },
        error: { type: 'string', description: 'Why it failed, for `*_ERROR` events.' },
        details: { type: 'object', description: 'What else the engine recorded (the flow, the step, ...).' },
        time: { type: 'integer', description: 'ms since the epoch' },
      },
    },
    EventList: { type: 'object', additionalProperties: false, required: ['events'], properties: { events: { type: 'array', items: ref('Event') } } },
  },
};
