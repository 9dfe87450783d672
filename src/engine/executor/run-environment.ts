import type { ErrorCode } from '../../errors';
import type { BruteForceProtector } from '../../spi/brute-force';
import type { Requester } from '../../spi/requester';
import type { UserProfile } from '../../spi/profile';
import type { PasskeyService, RelyingParty } from '../../spi/passkeys';
import type { Clock, EventService, MailSender, RateLimitService, SecretService, TokenService, UserService, UserSessionService } from '../../spi/services';
import { DEFAULT_BRUTE_FORCE_SETTINGS } from '../brute-force/brute-force-settings';
import type { AuthSessionState, KcActionStatus } from '../auth-session';
import type { RealmDefinition } from '../model';
import type { PluginRegistry } from '../plugin-registry';
import { profileValidatorFor } from '../profile/profile-validator';
import { withDefaultActions } from '../required-actions/realm-actions';
import type { ConfigCache } from './config-cache';
import type { InvokerLimits } from './plugin-invoker';
import { requesterOf } from './requester';
import type { EngineServices, PluginErrorListener, RequestInfo } from './types';

/** How a run ended: waiting for the person (the challenge is in the state), or finished. */
export type RunEnd =
  | { readonly type: 'challenge' }
  | { readonly type: 'success'; readonly userId: string; readonly kcActionStatus?: KcActionStatus }
  | { readonly type: 'failure'; readonly error: string; readonly message?: string; readonly code?: ErrorCode };

/** What every run shares, built once by the executor. */
export interface RunEnvironment extends InvokerLimits {
  readonly registry: PluginRegistry;
  readonly clock: Clock;
  readonly services: EngineServices;
  readonly configs: ConfigCache;
  readonly onPluginError?: PluginErrorListener;
}

/** The services one run lends the plugins it calls: made once per request, for its realm, client, locale and requester. */
export interface RunServices {
  readonly clock: Clock;
  readonly users: UserService;
  readonly tokens: TokenService;
  readonly events: EventService;
  readonly userSessions: UserSessionService;
  readonly rateLimits: RateLimitService;
  readonly secrets: SecretService;
  /** Email in the sign-in's realm and locale. */
  readonly mail: MailSender;
  /** The realm's per-user brute-force protection. */
  readonly bruteForce: BruteForceProtector;
  /** The realm's user profile. */
  readonly profile: UserProfile;
  /** Who sent the request: browser and network keys, the known device. */
  readonly requester: Requester;
  /** The realm's passkeys. */
  readonly passkeys: PasskeyService;
  /** The realm's relying party, worked out when a plugin first asks (most runs never do). */
  readonly relyingParty: () => RelyingParty;
}

/** The services of a run of `state`'s sign-in in `realm`, for `request`. */
export function runServices(env: RunEnvironment, state: AuthSessionState, realm: RealmDefinition, request: RequestInfo): RunServices {
  const name = state.realm;
  const secrets = env.services.secrets();
  return {
    clock: env.clock,
    // Users a plugin creates get the realm's default required actions, like any other new user.
    users: withDefaultActions(env.services.users(name), realm),
    tokens: env.services.tokens(name),
    events: env.services.events({ realm: name, clientId: state.clientId, ip: request.ip }),
    // A sign-in that must prove the person again sees no session, so single sign-on cannot answer it.
    userSessions: env.services.userSessions({ realm: name, browserSessionToken: state.reauthenticate === true ? undefined : request.browserSessionToken }),
    rateLimits: env.services.rateLimits(name),
    secrets,
    mail: env.services.mail({ realm: name, locale: state.locale ?? realm.settings.defaultLocale }),
    bruteForce: env.services.bruteForce(name, realm.settings.bruteForce ?? DEFAULT_BRUTE_FORCE_SETTINGS),
    profile: profileValidatorFor(realm.userProfile),
    requester: requesterOf(request, secrets),
    passkeys: env.services.passkeys(name),
    relyingParty: once(() => env.services.relyingParty(realm)),
  };
}

function once<T>(make: () => T): () => T {
  let value: { readonly v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}
