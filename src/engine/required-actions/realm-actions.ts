import type { UserService, UserView } from '../../spi/services';
import type { RealmDefinition, RequiredActionSettings } from '../model';

/** Prefix of the `execution` of a required action's page: `required-action/<id>`. */
export const REQUIRED_ACTION_EXECUTION_PREFIX = 'required-action/';

/** The `execution` a required action's page carries, e.g. `required-action/update-profile`. */
export function requiredActionExecutionId(actionId: string): string {
  return `${REQUIRED_ACTION_EXECUTION_PREFIX}${actionId}`;
}

/** The action id of a required-action `execution`, or `undefined` for any other execution id. */
export function requiredActionIdOf(executionId: string | undefined): string | undefined {
  return executionId?.startsWith(REQUIRED_ACTION_EXECUTION_PREFIX) ? executionId.slice(REQUIRED_ACTION_EXECUTION_PREFIX.length) : undefined;
}

/** Orders required-action settings as they run: priority, lower first, then id. */
export function sortRequiredActions<T extends Pick<RequiredActionSettings, 'id' | 'priority'>>(actions: readonly T[]): T[] {
  return [...actions].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The realm's settings for action `id`, if it lists it. */
export function actionSettings(realm: RealmDefinition, id: string): RequiredActionSettings | undefined {
  return realm.requiredActions?.find((a) => a.id === id);
}

/** The realm's enabled actions, in the order they run. */
export function enabledActions(realm: RealmDefinition): RequiredActionSettings[] {
  return sortRequiredActions((realm.requiredActions ?? []).filter((a) => a.enabled));
}

/**
 * Makes the realm's default actions (enabled, `defaultAction: true`) pending on a new user, and
 * returns their ids. Every path that creates users calls it: the engine's `users.create` for
 * plugins (see `withDefaultActions`), registration, the admin API.
 */
export async function assignDefaultActions(users: UserService, realm: RealmDefinition, userId: string): Promise<string[]> {
  const ids = enabledActions(realm)
    .filter((a) => a.defaultAction)
    .map((a) => a.id);
  for (const id of ids) await users.addRequiredAction(userId, id);
  return ids;
}

/**
 * `users` whose `create` also assigns the realm's default actions, so a user a plugin creates on
 * the fly (a magic link to a new address) gets them like any other new user. The returned view
 * lists them as pending.
 */
export function withDefaultActions(users: UserService, realm: RealmDefinition): UserService {
  if (!enabledActions(realm).some((a) => a.defaultAction)) return users;
  return {
    findById: (id) => users.findById(id),
    findByEmail: (email) => users.findByEmail(email),
    markEmailVerified: (userId) => users.markEmailVerified(userId),
    setAttribute: (userId, name, values) => users.setAttribute(userId, name, values),
    addRequiredAction: (userId, actionId) => users.addRequiredAction(userId, actionId),
    removeRequiredAction: (userId, actionId) => users.removeRequiredAction(userId, actionId),
    async create(input): Promise<UserView> {
      const created = await users.create(input);
      const assigned = await assignDefaultActions(users, realm, created.id);
      return { ...created, requiredActions: [...new Set([...created.requiredActions, ...assigned])] };
    },
  };
}
