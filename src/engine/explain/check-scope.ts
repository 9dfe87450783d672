import type { UserView } from '../../spi/services';
import type { AuthSessionState } from '../auth-session';
import type { ContextScope } from '../executor/plugin-context';
import type { RunServices } from '../executor/run-environment';
import type { FlowNode, RealmDefinition } from '../model';
import { profileValidatorFor } from '../profile/profile-validator';

/**
 * What a condition sees during an admin flow check: the example user, the flow's own config and
 * siblings, and no services. A check stores and sends nothing, so a service call fails, and a
 * condition that makes one fails as it would fail a sign-in that could not reach the service:
 * the check says so rather than guess what the service would have answered.
 */
export function checkScope(realm: RealmDefinition, flow: FlowNode, user: () => UserView | undefined): ContextScope {
  const now = Date.now();
  const state: AuthSessionState = {
    id: 'flow-check',
    rootId: 'flow-check',
    tabId: 'flow-check',
    realm: realm.name,
    slot: 'browser',
    flowAlias: flow.alias,
    locale: realm.settings.defaultLocale,
    statuses: {},
    selected: {},
    notes: {},
    step: 0,
    createdAt: now,
    expiresAt: now + realm.settings.loginTimeoutSeconds * 1000,
  };
  return {
    state,
    services: { ...noServices(), profile: profileValidatorFor(realm.userProfile) },
    links: () => failing('links') as ReturnType<ContextScope['links']>,
    get user() {
      return user();
    },
    setUser: () => refuse('setUser'),
    realmDisplayName: realm.displayName,
  };
}

function refuse(service: string): never {
  throw new Error(`a flow check uses no services (the plugin called ${service})`);
}

/** A service whose every method fails when called. */
function failing(service: string): object {
  return new Proxy({}, { get: (_target, member) => (typeof member === 'string' && member !== 'then' ? () => refuse(`${service}.${member}`) : undefined) });
}

/** Every service fails when used. */
function noServices(): Omit<RunServices, 'profile'> {
  const names: readonly Exclude<keyof RunServices, 'profile'>[] = ['clock', 'users', 'tokens', 'events', 'userSessions', 'rateLimits', 'secrets', 'mail', 'bruteForce', 'requester'];
  return Object.fromEntries(names.map((name) => [name, failing(name)])) as unknown as Omit<RunServices, 'profile'>;
}
