import {
  buildRealm,
  challenge,
  createRequiredActionContext,
  createTriggerContext,
  defineAuthenticator,
  defineRequiredAction,
  EMPTY_CONFIG_SCHEMA,
  FlowHarness,
  flow,
  InMemoryUsers,
  required,
  resolvePluginConfig,
  success,
} from '../../src/plugin-kit';
import { identifyEmailAuthenticator } from '../../authenticators/identify-email';

const ANN = 'ann@example.com';

/** Mails a link to the identified user and waits; `onLink` approves. */
const mailedLink = defineAuthenticator({
  id: 'mailed-link',
  displayName: 'Mailed link',
  helpText: 'Mails a link and waits for it.',
  requirements: ['REQUIRED'],
  requiresUser: true,
  configSchema: EMPTY_CONFIG_SCHEMA,
  async authenticate(ctx) {
    const link = await ctx.links.issue({ ttlSeconds: 600, subject: ctx.user!.id });
    await ctx.mail.send({ to: ctx.user!.email, template: 'mailed-link', model: { link: link.url }, userId: ctx.user!.id, expiresAt: link.expiresAt });
    return challenge({ view: 'mailed-link-wait', fields: [] });
  },
  action: () => challenge({ view: 'mailed-link-wait', fields: [] }),
  onLink: () => ({ type: 'approve' }),
});

/** A required action written with defineRequiredAction alone (no `kind`): asks once, then succeeds. */
const nudge = defineRequiredAction<{ readonly text: string }>({
  id: 'nudge',
  displayName: 'Nudge',
  helpText: 'Shows a notice once.',
  configSchema: { type: 'object', properties: { text: { type: 'string', description: 'What it says.', default: 'Hello' } } },
  evaluateTriggers: async (ctx) => {
    if (!ctx.user?.attributes['nudged']) await ctx.require();
  },
  challenge: (ctx) => challenge({ view: 'nudge', model: { text: ctx.config.text }, fields: [] }),
  process: async (ctx) => {
    await ctx.users.setAttribute(ctx.user!.id, 'nudged', ['yes']);
    return success();
  },
});

function linkHarness(): FlowHarness {
  const realm = buildRealm({ flows: [flow('browser', [required('identify-email'), required('mailed-link')])] });
  const harness = new FlowHarness({ realms: realm, plugins: [identifyEmailAuthenticator, mailedLink] });
  harness.users().add({ email: ANN });
  return harness;
}

describe('the flow harness for plugin authors', () => {
  test('reads the mail a plugin sent, and follows its link in the signing-in browser', async () => {
    const harness = linkHarness();
    const login = await harness.start();
    await login.submit({ email: ANN });
    expect(login.view).toBe('mailed-link-wait');

    expect(harness.mail()).toEqual([expect.objectContaining({ to: ANN, template: 'mailed-link', realm: 'test', locale: 'en' })]);
    expect(harness.mail('bob@example.com')).toEqual([]);
    const link = String(harness.lastMail(ANN)?.model?.['link']);

    expect(await login.confirmLink(link)).toMatchObject({ type: 'success' });
    expect(login.last).toMatchObject({ type: 'success' });
    await expect(login.confirmLink(link)).rejects.toMatchObject({ code: 'FG_LINK_USED' });
  });

  test('a link followed in another browser lets the waiting tab go on when it is next shown; an expired one is refused', async () => {
    const harness = linkHarness();
    const login = await harness.start();
    await login.submit({ email: ANN });
    expect(await login.confirmLink(String(harness.lastMail(ANN)?.model?.['link']), { sameBrowser: false })).toMatchObject({ type: 'approved-elsewhere' });
    expect(login.view).toBe('mailed-link-wait');
    expect(await login.current()).toMatchObject({ type: 'success' });

    const late = await harness.start();
    await late.submit({ email: ANN });
    harness.clock.advanceSeconds(601);
    await expect(late.confirmLink(String(harness.lastMail(ANN)?.model?.['link']))).rejects.toMatchObject({ code: 'FG_LINK_EXPIRED' });
  });

  test('takes a required action without its kind, and builds a realm that enables it', async () => {
    const realm = buildRealm({ flows: [flow('browser', [required('identify-email')])], requiredActions: [{ id: 'nudge', config: { text: 'Hi' } }] });
    expect(realm.requiredActions).toEqual([{ id: 'nudge', enabled: true, defaultAction: false, priority: 100, config: { text: 'Hi' } }]);
    const harness = new FlowHarness({ realms: realm, plugins: [identifyEmailAuthenticator, nudge] });
    const ann = harness.users().add({ email: ANN });
    const login = await harness.start();
    await login.submit({ email: ANN });

    expect(login.challenge()).toMatchObject({ execution: 'required-action/nudge', view: { view: 'nudge', model: { text: 'Hi' } } });
    expect(await login.submit({})).toMatchObject({ type: 'success', userId: ann.id });
  });

  test("fake contexts call one of a required action's handlers", async () => {
    const users = new InMemoryUsers([{ id: 'ann', email: ANN }]);
    const user = (await users.findById('ann'))!;
    const config = resolvePluginConfig(nudge);
    expect(config).toEqual({ text: 'Hello' });

    const trigger = createTriggerContext({ users, user, config, plugin: 'nudge' });
    await nudge.evaluateTriggers!(trigger);
    expect(trigger.required).toBe(true);
    expect((await users.findById('ann'))?.requiredActions).toEqual(['nudge']);

    const ctx = createRequiredActionContext({ users, user, config, form: {} });
    expect(await nudge.process(ctx)).toEqual(success());
    expect((await users.findById('ann'))?.attributes).toEqual({ nudged: ['yes'] });
    const again = createTriggerContext({ users, user: (await users.findById('ann'))!, config });
    await nudge.evaluateTriggers!(again);
    expect(again.required).toBe(false);
  });
});
