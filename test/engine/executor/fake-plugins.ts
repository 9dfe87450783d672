import {
  challenge,
  defineAuthenticator,
  defineCondition,
  EMPTY_CONFIG_SCHEMA,
  failureChallenge,
  success,
  type AuthenticatorContext,
  type AuthenticatorDefinition,
  type ConditionContext,
  type ConditionDefinition,
  type Outcome,
  type UserView,
} from '../../../src/spi';

/** How often each handler of a fake plugin was called. */
export interface Calls {
  authenticate: number;
  action: number;
  matches: number;
}

type Handler = (ctx: AuthenticatorContext<Record<string, unknown>>) => Outcome | Promise<Outcome>;

/** A fake authenticator whose handlers the test writes, counting calls. */
export function fakeAuthenticator(
  id: string,
  behaviour: {
    authenticate: Handler;
    action?: Handler;
    requiresUser?: boolean;
    configuredFor?: (user: UserView) => boolean | Promise<boolean>;
    configSchema?: AuthenticatorDefinition['configSchema'];
  },
): AuthenticatorDefinition & { calls: Calls } {
  const calls: Calls = { authenticate: 0, action: 0, matches: 0 };
  const action = behaviour.action;
  return Object.assign(
    defineAuthenticator({
      id,
      displayName: `Fake ${id}`,
      helpText: 'A fake step for engine tests.',
      requirements: ['REQUIRED', 'ALTERNATIVE', 'DISABLED'],
      requiresUser: behaviour.requiresUser ?? false,
      ...(behaviour.configuredFor && { configuredFor: behaviour.configuredFor }),
      configSchema: behaviour.configSchema ?? EMPTY_CONFIG_SCHEMA,
      authenticate(ctx) {
        calls.authenticate++;
        return behaviour.authenticate(ctx);
      },
      ...(action && {
        action(ctx: AuthenticatorContext<Record<string, unknown>>) {
          calls.action++;
          return action(ctx);
        },
      }),
    }),
    { calls },
  );
}

/** A step that always reports the same outcome without asking anything (e.g. `attempted()`). */
export function fixed(id: string, outcome: Outcome, options: { requiresUser?: boolean } = {}) {
  return fakeAuthenticator(id, { authenticate: () => outcome, ...options });
}

/** A view with one field. */
export const viewOf = (view: string, field = 'value') => ({ view, fields: [{ name: field, type: 'text' as const, label: `field.${field}` }] });

/**
 * Identify by email: shows view `identify`, then on `email` sets the user when one exists and
 * succeeds; an unknown email is re-asked with `unknown_user` (failure-challenge).
 */
export function identify(id = 'identify') {
  return fakeAuthenticator(id, {
    authenticate: () => challenge(viewOf('identify', 'email')),
    action: async (ctx) => {
      const email = ctx.form.email ?? '';
      ctx.setAttemptedIdentifier(email);
      const user = await ctx.users.findByEmail(email);
      if (!user) return failureChallenge('unknown_user', { ...viewOf('identify', 'email'), fieldErrors: { email: 'error.unknownUser' } });
      ctx.setUser(user);
      return success();
    },
  });
}

/**
 * A code step needing a user: shows view `<id>`, succeeds on `value` = `code`, else re-asks with
 * `invalid_code`. `configured` says which users have it set up (all by default).
 */
export function codeStep(id: string, code = '123456', configured?: (user: UserView) => boolean) {
  return fakeAuthenticator(id, {
    requiresUser: true,
    ...(configured && { configuredFor: configured }),
    authenticate: () => challenge(viewOf(id)),
    action: (ctx) => (ctx.form.value === code ? success() : failureChallenge('invalid_code', { ...viewOf(id), fieldErrors: { value: 'error.invalidCode' } })),
  });
}

/** A fake condition answering `answer` (or computing it), counting calls. */
export function fakeCondition(
  id: string,
  answer: boolean | ((ctx: ConditionContext<Record<string, unknown>>) => unknown),
  options: { requiresUser?: boolean } = {},
): ConditionDefinition & { calls: Calls } {
  const calls: Calls = { authenticate: 0, action: 0, matches: 0 };
  return Object.assign(
    defineCondition({
      id,
      displayName: `Fake ${id}`,
      helpText: 'A fake condition for engine tests.',
      requiresUser: options.requiresUser ?? false,
      configSchema: EMPTY_CONFIG_SCHEMA,
      matches(ctx) {
        calls.matches++;
        return (typeof answer === 'function' ? answer(ctx) : answer) as boolean;
      },
    }),
    { calls },
  );
}
