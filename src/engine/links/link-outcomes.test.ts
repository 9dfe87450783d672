import { challenge, defineAuthenticator, EMPTY_CONFIG_SCHEMA, type CrossBrowserLink, type LinkContext, type LinkOutcome } from '../../spi';
import { buildRealm, flow, required } from '../../testing/flow-builder';
import { FlowHarness } from '../../testing/flow-harness';

const ANN = 'ann@example.com';
const OTHER_BROWSER = 'BBBBBBBBBBBBBBBBBBBBBB';

/**
 * A step that mails nobody but issues one link (kept in `keys`) naming an address, and whose
 * `onLink` finds the account of that address, sets it as the flow's user and answers `decide()`;
 * it declares `mode` as what its links do in another browser.
 */
function signUpStep(decide: (ctx: LinkContext<Record<string, unknown>>) => LinkOutcome, mode: CrossBrowserLink = 'approve-waiting') {
  const keys: string[] = [];
  const plugin = defineAuthenticator({
    id: 'link-sign-up',
    displayName: 'Link sign-up',
    helpText: 'Proves an address by a link (engine tests).',
    requirements: ['REQUIRED'],
    requiresUser: false,
    configSchema: EMPTY_CONFIG_SCHEMA,
    async authenticate(ctx) {
      const link = await ctx.links.issue({ ttlSeconds: 600, subject: ANN, data: { email: ANN } });
      keys.push(new URL(link.url).searchParams.get('key')!);
      return challenge({ view: 'link-wait', fields: [] });
    },
    async onLink(ctx) {
      ctx.setUser(await ctx.users.findByEmail(String(ctx.link.data['email'])));
      return decide(ctx);
    },
    crossBrowserLink: () => mode,
  });
  const harness = new FlowHarness({ realms: buildRealm({ flows: [flow('browser', [required('link-sign-up')])] }), plugins: [plugin] });
  return { harness, keys };
}

describe('links: what onLink may decide beyond approve and deny', () => {
  it('a user set by an approving onLink becomes the flow\'s user', async () => {
    const { harness, keys } = signUpStep(() => ({ type: 'approve' }));
    const ann = harness.users().add({ email: ANN });
    const login = await harness.start();
    const { rootId } = await login.state();
    expect(await harness.executor.confirmLink('test', keys[0]!, { browserId: rootId })).toMatchObject({ type: 'success', userId: ann.id });
  });

  it('a user set by a denying onLink is not applied', async () => {
    const { harness, keys } = signUpStep(() => ({ type: 'deny', message: 'error.denied' }));
    harness.users().add({ email: ANN });
    const login = await harness.start();
    expect((await harness.executor.confirmLink('test', keys[0]!, { browserId: (await login.state()).rootId })).type).toBe('denied');
    expect((await login.state()).userId).toBeUndefined();
  });

  it('continueHere moves the sign-in to the confirming browser under new ids; the waiting tab is told', async () => {
    const { harness, keys } = signUpStep(() => ({ type: 'approve', continueHere: true }), 'continue-here');
    const ann = harness.users().add({ email: ANN });
    const login = await harness.start();
    expect(login.last).toMatchObject({ type: 'challenge' });
    expect(login.last).not.toHaveProperty('approvalNumber');
    const result = await harness.executor.confirmLink('test', keys[0]!, { browserId: OTHER_BROWSER });
    expect(result).toMatchObject({ type: 'success', userId: ann.id });
    expect(result.authSessionId).not.toBe(login.id);
    expect(await harness.sessions.get(result.authSessionId)).toMatchObject({ rootId: OTHER_BROWSER });
    expect(await login.current()).toMatchObject({ type: 'failure', error: 'continued_elsewhere', code: 'FG_SIGN_IN_MOVED' });
    // Its old page cannot go on either.
    await expect(harness.executor.submit(login.id, { execution: 'browser/link-sign-up', step: 1, form: {} })).rejects.toMatchObject({ code: 'FG_FLOW_FINISHED' });
  });

  it('continueHere in the signing-in browser, or with no browser to move to, does not move anything', async () => {
    for (const browserId of ['same', undefined] as const) {
      const { harness, keys } = signUpStep(() => ({ type: 'approve', continueHere: true }), 'continue-here');
      harness.users().add({ email: ANN });
      const login = await harness.start();
      const input = browserId === 'same' ? { browserId: (await login.state()).rootId } : {};
      const result = await harness.executor.confirmLink('test', keys[0]!, input);
      expect(result.authSessionId).toBe(login.id);
      // Nowhere to move to, and no number picked: the waiting tab is not approved (a plugin fault).
      expect(result).toMatchObject(browserId === 'same' ? { type: 'success' } : { type: 'failure', code: 'FG_PLUGIN_ERROR' });
    }
  });

  it('with the number picked, continueHere and no browser to move to approves the waiting tab', async () => {
    const { harness, keys } = signUpStep(() => ({ type: 'approve', continueHere: true }));
    harness.users().add({ email: ANN });
    const login = await harness.start();
    const choice = String((login.last as { approvalNumber?: number }).approvalNumber);
    expect(await harness.executor.confirmLink('test', keys[0]!, { choice })).toEqual({ type: 'approved-elsewhere', authSessionId: login.id });
  });
});
