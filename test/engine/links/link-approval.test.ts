import { challenge, defineAuthenticator, EMPTY_CONFIG_SCHEMA, type CrossBrowserLink } from '../../../src/spi';
import type { PluginDefinition } from '../../../src/engine/plugin-registry';
import { buildRealm, flow, required } from '../../../src/testing/flow-builder';
import { FlowHarness } from '../../../src/testing/flow-harness';
import { fixed, identify } from '../executor/fake-plugins';
import { ANN, expectCode, keyOf, lastKey, linkStep, linkStepHarness, numberOf, signInAnn, verifyEmailHarness } from './link-kit';

const OTHER = 'another-browser-id-0000';

describe('links approved from another browser: number matching', () => {
  it('the waiting tab shows a two-digit number; another browser is offered it among two other numbers, the same on every look', async () => {
    const step = linkStep();
    const harness = linkStepHarness(step);
    const login = await signInAnn(harness, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0');
    const number = Number(numberOf(login));
    expect(number).toBeGreaterThanOrEqual(10);
    expect(number).toBeLessThanOrEqual(99);
    expect(await login.current()).toMatchObject({ type: 'challenge', approvalNumber: number });

    const key = keyOf(step.issued[0]!);
    const preview = await harness.executor.inspectLink('test', key, { browserId: OTHER });
    expect(preview.choices).toHaveLength(3);
    expect(new Set(preview.choices).size).toBe(3);
    expect(preview.choices).toContain(number);
    for (const choice of preview.choices!) expect(choice >= 10 && choice <= 99).toBe(true);
    expect((await harness.executor.inspectLink('test', key, { browserId: OTHER })).choices).toEqual(preview.choices);
    const { createdAt } = await login.state();
    expect(preview.origin).toEqual({ startedAt: createdAt, userAgent: expect.stringContaining('Firefox/128.0') });
  });

  it('in the browser that asked: no numbers, no origin, and the link approves at once', async () => {
    const step = linkStep();
    const harness = linkStepHarness(step);
    const login = await signInAnn(harness);
    const { rootId } = await login.state();
    const preview = await harness.executor.inspectLink('test', keyOf(step.issued[0]!), { browserId: rootId });
    expect(preview.choices).toBeUndefined();
    expect(preview.origin).toBeUndefined();
    expect((await harness.executor.confirmLink('test', keyOf(step.issued[0]!), { browserId: rootId })).type).toBe('success');
  });

  it('the right number approves the waiting tab', async () => {
    const step = linkStep();
    const harness = linkStepHarness(step);
    const login = await signInAnn(harness);
    expect(await harness.executor.confirmLink('test', keyOf(step.issued[0]!), { browserId: OTHER, choice: numberOf(login) })).toEqual({ type: 'approved-elsewhere', authSessionId: login.id });
    expect((await login.current()).type).toBe('success');
  });

  it.each([
    ['a wrong number', (right: string) => String(right === '10' ? 11 : Number(right) - 1)],
    ['no number', () => undefined],
    ['not a number', () => '4x'],
  ])('%s spends the link, ends the waiting sign-in and records approval_mismatch; the plugin never sees it', async (_name, pick) => {
    const step = linkStep();
    const harness = linkStepHarness(step);
    const login = await signInAnn(harness);
    const key = keyOf(step.issued[0]!);
    const right = numberOf(login);
    const choice = pick(right);
    const result = await harness.executor.confirmLink('test', key, { browserId: OTHER, ...(choice !== undefined && { choice }) });
    expect(result).toMatchObject({ type: 'failure', error: 'approval_mismatch', code: 'FG_APPROVAL_MISMATCH' });
    expect(step.seen).toEqual([]);
    const ann = await harness.users().findByEmail(ANN);
    expect(harness.events('LOGIN_ERROR')).toEqual([expect.objectContaining({ userId: ann!.id, error: 'approval_mismatch', details: expect.objectContaining({ plugin: 'link-step' }) })]);
    expect(await login.current()).toMatchObject({ type: 'failure', error: 'approval_mismatch', code: 'FG_APPROVAL_MISMATCH' });
    await expectCode(harness.executor.confirmLink('test', key, { browserId: OTHER, choice: right }), 'FG_LINK_USED');
  });

  it("\"This wasn't me\" spends the link and ends the waiting sign-in, recorded; the plugin never sees it", async () => {
    const step = linkStep();
    const harness = linkStepHarness(step);
    const login = await signInAnn(harness);
    const key = keyOf(step.issued[0]!);
    const right = numberOf(login);
    await harness.executor.rejectLink('test', key, { browserId: OTHER, ip: '203.0.113.7' });
    expect(step.seen).toEqual([]);
    expect(harness.events('LOGIN_ERROR')).toEqual([expect.objectContaining({ error: 'sign_in_rejected', ip: '203.0.113.7' })]);
    expect(await login.current()).toMatchObject({ type: 'failure', error: 'sign_in_rejected', code: 'FG_SIGN_IN_REJECTED' });
    await expectCode(harness.executor.confirmLink('test', key, { browserId: OTHER, choice: right }), 'FG_LINK_USED');
    await expectCode(harness.executor.rejectLink('test', key), 'FG_LINK_USED');
  });

  it('the harness picks the number the tab shows, or the one it is told', async () => {
    const step = linkStep();
    const harness = linkStepHarness(step);
    const login = await signInAnn(harness);
    expect(await login.confirmLink(step.issued[0]!, { sameBrowser: false })).toMatchObject({ type: 'approved-elsewhere' });

    const other = linkStep();
    const second = linkStepHarness(other);
    const refused = await signInAnn(second);
    expect(await refused.confirmLink(other.issued[0]!, { sameBrowser: false, choice: '00' })).toMatchObject({ code: 'FG_APPROVAL_MISMATCH' });
  });
});

describe('links approved from another browser: what the plugin declares', () => {
  /** A link step declaring `mode` whose onLink approves the waiting tab regardless. */
  function declaring(mode: CrossBrowserLink | (() => never)) {
    const issued: string[] = [];
    const plugin = defineAuthenticator({
      id: 'link-step',
      displayName: 'Link step',
      helpText: 'Declares its cross-browser mode (engine tests).',
      requirements: ['REQUIRED'],
      requiresUser: true,
      configSchema: EMPTY_CONFIG_SCHEMA,
      async authenticate(ctx) {
        issued.push((await ctx.links.issue({ ttlSeconds: 600, subject: ctx.user!.id })).url);
        return challenge({ view: 'link-wait', fields: [] });
      },
      onLink: () => ({ type: 'approve' }),
      crossBrowserLink: typeof mode === 'function' ? mode : () => mode,
    });
    const realm = buildRealm({ flows: [flow('browser', [required('identify'), required('link-step'), required('after')])] });
    const harness = new FlowHarness({ realms: realm, plugins: [identify(), plugin as PluginDefinition, fixed('after', { type: 'success' })] });
    harness.users().add({ email: ANN });
    return { harness, issued };
  }

  it.each(['continue-here', 'refuse'] as const)('%s: no number anywhere, and an approval of the waiting tab anyway is a plugin fault', async (mode) => {
    const { harness, issued } = declaring(mode);
    const login = await signInAnn(harness);
    expect(login.last).not.toHaveProperty('approvalNumber');
    const key = keyOf(issued[0]!);
    expect((await harness.executor.inspectLink('test', key, { browserId: OTHER })).choices).toBeUndefined();
    expect(await harness.executor.confirmLink('test', key, { browserId: OTHER })).toMatchObject({ type: 'failure', code: 'FG_PLUGIN_ERROR' });
  });

  it('a declaration that throws counts as approve-waiting: the number is still asked for', async () => {
    const { harness, issued } = declaring(() => {
      throw new Error('broken');
    });
    const login = await signInAnn(harness);
    expect(numberOf(login)).toMatch(/^\d{2}$/);
    expect((await harness.executor.inspectLink('test', keyOf(issued[0]!), { browserId: OTHER })).choices).toHaveLength(3);
  });

  it("a required action's link (verify-email) approves its tab from another browser without a number: that tab already proved who it is", async () => {
    const harness = verifyEmailHarness();
    const login = await signInAnn(harness);
    expect(login.last).not.toHaveProperty('approvalNumber');
    const preview = await harness.executor.inspectLink('test', lastKey(harness), { browserId: OTHER });
    expect(preview.choices).toBeUndefined();
    expect(preview.origin).toBeDefined();
  });
});
