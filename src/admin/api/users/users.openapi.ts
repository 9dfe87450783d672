import type { AdminRouteGroup } from '../admin-deps';
import { queryParameters } from '../events/list-query';
import { IF_MATCH, jsonBody, pathParameter, ref, responses } from '../openapi';
import { USER_SCHEMA } from './user-document';
import { CREATE_USER_SCHEMA, EDIT_USER_SCHEMA, USER_QUERY } from './users.schemas';

/** The users group's part of the OpenAPI document. */
export function usersOpenApi(): AdminRouteGroup['openapi'] {
  const realm = pathParameter('realm', 'The realm name');
  const id = pathParameter('id', 'The user id');
  const user = (description: string, status = 200): Parameters<typeof responses>[0] => ({ status, description, schema: ref('User'), versioned: true });
  return {
    paths: {
      '/realms/{realm}/users': {
        get: {
          tags: ['users'],
          summary: 'Searches users by email, attribute and enabled, ordered by email',
          parameters: [realm, ...queryParameters(USER_QUERY)],
          responses: responses({ description: 'The users', schema: { type: 'object', required: ['users'], properties: { users: { type: 'array', items: ref('User') } } } }, 404),
        },
        post: {
          tags: ['users'],
          summary: "Creates a user, checked against the realm's user profile; the realm's default required actions become pending",
          parameters: [realm],
          requestBody: jsonBody(CREATE_USER_SCHEMA),
          responses: responses(user('The new user', 201), 404, 409),
        },
      },
      '/realms/{realm}/users/{id}': {
        get: { tags: ['users'], summary: 'One user', parameters: [realm, id], responses: responses(user('The user'), 404) },
        patch: {
          tags: ['users'],
          summary: "Changes a user's email, verification or profile attributes (checked against the realm's user profile); the rest stays",
          parameters: [realm, id, IF_MATCH],
          requestBody: jsonBody(EDIT_USER_SCHEMA),
          responses: responses(user('The user now'), 404, 409, 428),
        },
        delete: {
          tags: ['users'],
          summary: 'Deletes a user with their sessions, attributes and pending actions (not the caller themself)',
          parameters: [realm, id],
          responses: responses({ status: 204, description: 'Deleted' }, 404, 409),
        },
      },
      '/realms/{realm}/users/{id}/disable': {
        post: {
          tags: ['users'],
          summary: 'Disables a user and ends all their sessions (and an administrator\'s API tokens); not the caller themself',
          parameters: [realm, id],
          responses: responses(user('The user now'), 404, 409),
        },
      },
      '/realms/{realm}/users/{id}/enable': {
        post: { tags: ['users'], summary: 'Enables a user again (ended sessions stay ended)', parameters: [realm, id], responses: responses(user('The user now'), 404) },
      },
    },
    schemas: { User: USER_SCHEMA },
  };
}
