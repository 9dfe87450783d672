import {
  buildRealm,
  challenge,
  condition,
  conditional,
  defineAuthenticator,
  defineCondition,
  defineRequiredAction,
  EMPTY_CONFIG_SCHEMA,
  FlowHarness,
  flow,
  required,
  success,
  type AuthenticatorDefinition,
  type FlowHarnessOptions,
  type HarnessPlugin,
  type RequiredActionDefinition,
  type RequiredActionOutcome,
} from '../../src/plugin-kit';
import { identifyEmailAuthenticator } from '../../authenticators/identify-email';

const ANN = 'ann@example.com';
// Short, so a hanging handler costs the test little; nothing here depends on how long anything takes.
const PLUGIN_TIMEOUT_MS = 25;

/** A promise that never settles: a handler stuck on a service that never answers. */
const never = <T>(): Promise<T> => new Promise<T>(() => {});

function step(id: string, handlers: Partial<AuthenticatorDefinition>): AuthenticatorDefinition {
  return defineAuthenticator({
    id,
    displayName: id,
    helpText: 'A test step.',
    requirements: ['REQUIRED'],
    requiresUser: false,
    configSchema: EMPTY_CONFIG_SCHEMA,
    authenticate: () => success(),
    ...handlers,
  });
}

function harness(flowSpecs: Parameters<typeof flow>[1], plugins: readonly HarnessPlugin[], options: Partial<FlowHarnessOptions> = {}): FlowHarness {
  const realm = options.realms ?? buildRealm({ flows: [flow('browser', [required('identify-email'), ...flowSpecs])] });
  const h = new FlowHarness({ pluginTimeoutMs: PLUGIN_TIMEOUT_MS, ...options, realms: realm, plugins: [identifyEmailAuthenticator, ...plugins] });
  h.users().add({ email: ANN });
  return h;
}

async function typeAddress(h: FlowHarness) {
  const login = await h.start();
  await login.submit({ email: ANN });
  return login;
}

/** Expects the sign-in to have failed as for a plugin that throws, with a timeout as the reported error. */
function expectTimedOut(h: FlowHarness, result: unknown, plugin: string, phase: string): void {
  expect(result).toMatchObject({ type: 'failure', error: 'plugin_error', code: 'FG_PLUGIN_ERROR' });
  expect(h.pluginErrors).toEqual([expect.objectContaining({ code: 'FG_PLUGIN_TIMEOUT', message: expect.stringContaining(phase) })]);
  expect(h.events('LOGIN_ERROR')).toEqual([expect.objectContaining({ error: 'plugin_error', details: expect.objectContaining({ plugin }) })]);
}

describe('a plugin handler that never settles', () => {
  test('authenticate: the step fails with FG_PLUGIN_ERROR, reported as FG_PLUGIN_TIMEOUT, and the sign-in can start again', async () => {
    let hang = true;
    const h = harness([required('slow')], [step('slow', { authenticate: () => (hang ? never() : success()) })]);
    const login = await typeAddress(h);
    expectTimedOut(h, login.last, 'slow', 'authenticate');
    expect((await login.state()).statuses['browser/slow']).toBe('FAILED');

    hang = false;
    await login.restart();
    expect(await login.submit({ email: ANN })).toMatchObject({ type: 'success' });
  });

  test('action: the answer fails the step the same way', async () => {
    const h = harness([required('slow')], [step('slow', { authenticate: () => challenge({ view: 'ask', fields: [] }), action: () => never() })]);
    const login = await typeAddress(h);
    expect(login.view).toBe('ask');
    expectTimedOut(h, await login.submit({}), 'slow', 'action');
  });

  test('configuredFor: the step fails instead of counting as "not set up"', async () => {
    const slow = { ...step('slow', {}), requiresUser: true, configuredFor: () => never<boolean>() };
    const h = harness([required('slow')], [slow]);
    expectTimedOut(h, (await typeAddress(h)).last, 'slow', 'configuredFor');
  });

  test('a condition: the flow fails instead of skipping the sub-flow it guards', async () => {
    const slow = defineCondition({ id: 'slow-condition', displayName: 'Slow', helpText: 'Never answers.', requiresUser: false, configSchema: EMPTY_CONFIG_SCHEMA, matches: () => never() });
    const h = harness([conditional(flow('guarded', [condition('slow-condition'), required('deny')]))], [slow, step('deny', {})]);
    expectTimedOut(h, (await typeAddress(h)).last, 'slow-condition', 'matches');
  });

  test.each<[string, Partial<Pick<RequiredActionDefinition, 'evaluateTriggers' | 'challenge'>>]>([
    ['evaluateTriggers', { evaluateTriggers: () => never<void>() }],
    ['challenge', { challenge: () => never<RequiredActionOutcome>() }],
  ])('a required action (%s): the sign-in fails before any session exists', async (phase, handlers) => {
    const action = defineRequiredAction({
      id: 'slow-action',
      displayName: 'Slow',
      helpText: 'Never answers.',
      configSchema: EMPTY_CONFIG_SCHEMA,
      evaluateTriggers: async (ctx) => ctx.require(),
      challenge: () => challenge({ view: 'slow', fields: [] }),
      process: () => success(),
      ...handlers,
    });
    const realm = buildRealm({ flows: [flow('browser', [required('identify-email')])], requiredActions: [{ id: 'slow-action' }] });
    const h = harness([], [action], { realms: realm });
    expectTimedOut(h, (await typeAddress(h)).last, 'slow-action', phase);
  });

  test('what it does once it settles late reaches the services, but not the sign-in, which already failed', async () => {
    let release: () => void = () => {};
    const late = new Promise<void>((resolve) => (release = resolve));
    let resumed = false;
    const h = harness(
      [required('late')],
      [
        step('late', {
          async authenticate(ctx) {
            await late;
            ctx.notes.set('after', true);
            ctx.setUser(undefined);
            resumed = true;
            return success();
          },
        }),
      ],
    );
    const login = await typeAddress(h);
    expect(login.last).toMatchObject({ type: 'failure', error: 'plugin_error' });
    const before = await login.state();

    release();
    await late;
    await new Promise((resolve) => setImmediate(resolve));

    expect(resumed).toBe(true);
    expect(await login.state()).toEqual(before);
    expect(await login.current()).toMatchObject({ type: 'failure', error: 'plugin_error', code: 'FG_PLUGIN_ERROR' });
  });

  test('a handler that settles in time is not affected by the limit', async () => {
    const h = harness([required('quick')], [step('quick', { authenticate: async () => success() })]);
    expect((await typeAddress(h)).last).toMatchObject({ type: 'success' });
    expect(h.pluginErrors).toEqual([]);
  });
});
