import { randomBytes } from 'node:crypto';
/**
 * Fake plugin contexts for unit-testing one plugin in isolation, without an engine or a database:
 *
 * ```ts
 * const users = new InMemoryUsers([{ email: 'ann@example.com' }]);
 * const ctx = createAuthenticatorContext({ users, form: { email: 'Ann@Example.com' } });
 * expect(await myAuthenticator.action!(ctx)).toEqual(success());
 * expect(ctx.user?.email).toBe('ann@example.com');
 * ```
 *
 * Every service is in memory and every call a plugin makes is recorded in `ctx.recorded`. These
 * are test doubles: the token fake keeps secrets in clear and none of them is safe for production.
 * Whole flows are tested with the engine's harness instead.
 */

import { bruteForceProtector, DEFAULT_BRUTE_FORCE_SETTINGS, linkService, linkUrl, ManualClock, MemoryBruteForceStore, PluginRegistry, profileValidatorFor, type UserProfileConfig } from '../engine';
import { FlowgateError } from '../errors';
import type { AuthenticatorDefinition } from '../spi/authenticator';
import type { ConditionDefinition } from '../spi/condition';
import type { RequiredActionContext, RequiredActionDefinition, RequiredActionTriggerContext } from '../spi/required-action';
import type {
  AuthenticatorContext,
  AuthSessionInfo,
  ConditionContext,
  ExecutionInfo,
  PluginContext,
  SiblingExecution,
} from '../spi/context';
import type { Clock, EventInput, EventService, RateLimitService, SecretService, TokenService, UserSessionService, UserSessionView, UserView } from '../spi/services';
import { MemoryRateLimitStore } from '../ratelimit/memory-rate-limit.store';
import { RateLimiter } from '../ratelimit/rate-limiter.service';
import { keyedHasher } from '../security/keyed-hash';
import type { BruteForceProtector } from '../spi/brute-force';
import type { PasskeyService, RelyingParty } from '../spi/passkeys';
import { InMemoryPasskeys } from './in-memory-passkeys';
import type { Requester } from '../spi/requester';
import { FIXED_NOW, InMemoryMail, InMemoryNotes, InMemoryTokens, InMemoryUsers, TEST_PUBLIC_URL } from './in-memory-services';

export * from './in-memory-services';
export { ManualClock } from '../engine';

/** Everything a plugin did through a fake context, in call order. */
export interface RecordedCalls {
  /** Each `setUser` argument (`undefined` for a clear). */
  readonly setUser: (UserView | undefined)[];
  /** Each `setAttemptedIdentifier` argument. */
  readonly setAttemptedIdentifier: (string | undefined)[];
  /** Each recorded event. */
  readonly events: EventInput[];
}

/** What a fake context is built from. Everything is optional. */
export interface FakeContextOptions<C> {
  /** The config as the plugin receives it. Pass it through `resolvePluginConfig` to get the schema's defaults. */
  config?: C;
  /** The realm's users; an empty `InMemoryUsers` by default. */
  users?: InMemoryUsers;
  /** The user identified so far. */
  user?: UserView;
  /** The identifier typed or hinted so far. */
  attemptedIdentifier?: string;
  /** Overrides of the authentication-session facts (`id`, `realm`, `locale`, `loginHint`, ...). */
  authSession?: Partial<AuthSessionInfo>;
  /** Overrides of the execution facts (`id`, `requirement`, `flowAlias`). */
  execution?: Partial<ExecutionInfo>;
  /** Notes the execution kept on earlier requests. */
  notes?: Record<string, unknown>;
  /** Defaults to a `ManualClock` at `FIXED_NOW`; pass your own to move time between calls. */
  clock?: Clock;
  /** The browser's valid user session (SSO), if any. */
  userSession?: UserSessionView;
  /** Rate limits the plugin sees; a fresh in-memory limiter on the context's clock by default. */
  rateLimits?: RateLimitService;
  /** Keyed hashes the plugin sees; a hasher with a fresh random key by default. */
  secrets?: SecretService;
  /** Defaults to an `InMemoryTokens` on the context's clock. */
  tokens?: TokenService;
  /** Where sent mail is kept; a fresh `InMemoryMail` by default (see `ctx.outbox`). */
  mail?: InMemoryMail;
  /** The plugin id links are issued for (namespaces their subjects). Default `test-plugin`. */
  plugin?: string;
  /** Brute-force protection; an in-memory one with the default settings on the context's clock by default. */
  bruteForce?: BruteForceProtector;
  /** The realm's user profile (`userProfile` of a realm file, defaults filled in); the default profile (first and last name) when absent. */
  profile?: UserProfileConfig;
  /** Who sends the request; by default browser `test-browser`, network `192.0.2.0/24`, no known device. */
  requester?: Partial<Requester>;
  /** The `amr` values a trigger context reports (`evaluateTriggers`); none by default. */
  amr?: readonly string[];
  /** The realm's passkeys; a fresh `InMemoryPasskeys` on the context's clock by default. */
  passkeys?: PasskeyService;
  /** The relying party; by default RP ID `flowgate.test`, origin `TEST_PUBLIC_URL`. */
  relyingParty?: RelyingParty;
}

/** The services and recordings every fake context exposes, beside the plugin-facing members. */
export interface FakeExtras {
  /** The users the context looks up, to add or remove some between calls. */
  readonly users: InMemoryUsers;
  /** The execution's notes; `entries()` shows what the plugin kept. */
  readonly notes: InMemoryNotes;
  /** What the plugin did through the context. */
  readonly recorded: RecordedCalls;
  /** The mail the plugin sent (`outbox.sent`). */
  readonly outbox: InMemoryMail;
  /** The tokens behind `tokens` and `links` (links are tokens of purpose `link`). */
  readonly tokens: TokenService;
}

/** A fake authenticator context: `user` and `attemptedIdentifier` follow the plugin's own calls. */
export type FakeAuthenticatorContext<C> = AuthenticatorContext<C> & FakeExtras;

/** A fake condition context. */
export type FakeConditionContext<C> = ConditionContext<C> & FakeExtras;

/** A fake context of a required action's `challenge` or `process`. */
export type FakeRequiredActionContext<C> = RequiredActionContext<C> & FakeExtras;

/** A fake context of a required action's `evaluateTriggers`; `required` tells whether it called `require()`. */
export type FakeTriggerContext<C> = RequiredActionTriggerContext<C> & FakeExtras & { readonly required: boolean };

function basePluginContext<C>(options: FakeContextOptions<C>, state: { user?: UserView; attemptedIdentifier?: string }): PluginContext<C> & FakeExtras {
  const clock = options.clock ?? new ManualClock(FIXED_NOW);
  const recorded: RecordedCalls = { setUser: [], setAttemptedIdentifier: [], events: [] };
  const events: EventService = {
    record: async (event) => {
      recorded.events.push(event);
    },
  };
  const userSessions: UserSessionService = { current: async () => options.userSession };
  const rateLimits = options.rateLimits ?? new RateLimiter(new MemoryRateLimitStore(), clock);
  const authSession: AuthSessionInfo = { id: 'auth-session-1', realm: 'test', locale: 'en', ...options.authSession };
  const execution: ExecutionInfo = { id: 'test-flow/execution', requirement: 'REQUIRED', flowAlias: 'test-flow', ...options.execution };
  const tokens = options.tokens ?? new InMemoryTokens(clock);
  const outbox = options.mail ?? new InMemoryMail();
  return {
    config: (options.config ?? {}) as Readonly<C>,
    authSession,
    execution,
    get user() {
      return state.user;
    },
    get attemptedIdentifier() {
      return state.attemptedIdentifier;
    },
    notes: new InMemoryNotes(options.notes),
    profile: profileValidatorFor(options.profile),
    users: options.users ?? new InMemoryUsers([], authSession.realm, clock),
    tokens,
    events,
    clock,
    userSessions,
    rateLimits,
    secrets: options.secrets ?? keyedHasher(randomBytes(32)),
    mail: outbox.sender({ realm: authSession.realm, locale: authSession.locale }),
    links: linkService({
      tokens,
      authSessionId: authSession.id,
      execution: execution.id,
      plugin: options.plugin ?? 'test-plugin',
      locale: authSession.locale,
      linkUrl: (secret) => linkUrl(TEST_PUBLIC_URL, authSession.realm, secret),
    }),
    bruteForce: options.bruteForce ?? bruteForceProtector(new MemoryBruteForceStore(), clock, authSession.realm, DEFAULT_BRUTE_FORCE_SETTINGS),
    requester: { browser: 'test-browser', network: '192.0.2.0/24', knownDevice: undefined, ...options.requester },
    passkeys: options.passkeys ?? new InMemoryPasskeys(authSession.realm, clock),
    relyingParty: options.relyingParty ?? { id: new URL(TEST_PUBLIC_URL).hostname, name: authSession.realmDisplayName ?? authSession.realm, origins: [TEST_PUBLIC_URL] },
    outbox,
    recorded,
  };
}

/** Builds a fake context for an authenticator's `authenticate` or `action` (pass `form` for the latter). */
export function createAuthenticatorContext<C = Record<string, unknown>>(
  options: FakeContextOptions<C> & { form?: Record<string, string> } = {},
): FakeAuthenticatorContext<C> {
  const state = { user: options.user, attemptedIdentifier: options.attemptedIdentifier };
  const base = basePluginContext(options, state);
  // Assigning onto `base` (not spreading it) keeps its `user`/`attemptedIdentifier` getters live.
  return Object.assign(base, {
    form: Object.freeze({ ...options.form }),
    setUser(user: UserView | undefined): void {
      base.recorded.setUser.push(user);
      state.user = user;
    },
    setAttemptedIdentifier(identifier: string | undefined): void {
      base.recorded.setAttemptedIdentifier.push(identifier);
      state.attemptedIdentifier = identifier;
    },
  });
}

/** A sibling execution for a condition's context; `configured` answers `configuredFor` (a set of user ids, or a fixed answer). */
export function sibling(authenticator: string, requirement: SiblingExecution['requirement'], configured: boolean | ReadonlySet<string>): SiblingExecution {
  return {
    authenticator,
    requirement,
    configuredFor: async (user) => (typeof configured === 'boolean' ? configured : configured.has(user.id)),
  };
}

/** Builds a fake context for a condition's `matches`. */
export function createConditionContext<C = Record<string, unknown>>(
  options: FakeContextOptions<C> & { siblings?: readonly SiblingExecution[] } = {},
): FakeConditionContext<C> {
  const base = basePluginContext(options, { user: options.user, attemptedIdentifier: options.attemptedIdentifier });
  return Object.assign(base, { siblings: options.siblings ?? [] });
}

/**
 * Builds a fake context for a required action's `challenge` or `process` (pass `form` for the
 * latter). The engine always runs an action for an identified user: pass `user`.
 */
export function createRequiredActionContext<C = Record<string, unknown>>(
  options: FakeContextOptions<C> & { form?: Record<string, string> } = {},
): FakeRequiredActionContext<C> {
  const base = basePluginContext(options, { user: options.user, attemptedIdentifier: options.attemptedIdentifier });
  return Object.assign(base, { form: Object.freeze({ ...options.form }) });
}

/**
 * Builds a fake context for a required action's `evaluateTriggers`. `require()` adds the action
 * (`options.plugin`, default `test-plugin`) to the user's pending actions in `users`, as the
 * engine does, and sets `required`.
 */
export function createTriggerContext<C = Record<string, unknown>>(options: FakeContextOptions<C> = {}): FakeTriggerContext<C> {
  const base = basePluginContext(options, { user: options.user, attemptedIdentifier: options.attemptedIdentifier });
  let required = false;
  const ctx = Object.assign(base, {
    amr: Object.freeze([...(options.amr ?? [])]),
    async require(): Promise<void> {
      required = true;
      if (options.user) await base.users.addRequiredAction(options.user.id, options.plugin ?? 'test-plugin');
    },
  });
  // A getter, not a copied value (Object.assign would read it once): it follows the plugin's calls.
  return Object.defineProperty(ctx, 'required', { get: () => required, enumerable: true }) as FakeTriggerContext<C>;
}

/**
 * Validates `config` against the plugin's schema exactly as the engine does at load (unknown options
 * refused, defaults filled in, result frozen). Throws `FG_PLUGIN_CONFIG_INVALID` listing the problems.
 */
export function resolvePluginConfig<C>(
  plugin: AuthenticatorDefinition<C> | ConditionDefinition<C> | RequiredActionDefinition<C>,
  config: Record<string, unknown> = {},
): Readonly<C> {
  const registry = new PluginRegistry();
  let registered;
  if ('matches' in plugin) {
    registry.registerCondition(plugin);
    registered = registry.condition(plugin.id)!;
  } else if ('process' in plugin) {
    registry.registerRequiredAction(plugin);
    registered = registry.requiredAction(plugin.id)!;
  } else {
    registry.registerAuthenticator(plugin);
    registered = registry.authenticator(plugin.id)!;
  }
  const result = registry.resolveConfig(registered, config);
  if (!result.ok) {
    throw new FlowgateError('FG_PLUGIN_CONFIG_INVALID', result.problems.map((p) => `${p.path || '/'}: ${p.message}`).join('; '));
  }
  return result.config as Readonly<C>;
}
