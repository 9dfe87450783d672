import { TEST_PUBLIC_URL } from '../../../src/testing/plugin-context';
import { ANN, expectCode, keyOf, lastKey, linkStep, linkStepHarness, numberOf, signInAnn, verifyEmailHarness } from './link-kit';

describe('links back into a sign-in: verify-email', () => {
  it('mails an absolute single-use link once per sign-in and waits on the verify-email page', async () => {
    const harness = verifyEmailHarness();
    const login = await signInAnn(harness);
    expect(login.view).toBe('verify-email');
    await login.current();
    const sent = harness.services.outbox.sent;
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: ANN, template: 'verify-email', realm: 'test', locale: 'en' });
    const url = sent[0]!.model!['link'] as string;
    expect(url.startsWith(`${TEST_PUBLIC_URL}/realms/test/login-actions/link?key=`)).toBe(true);
    expect(sent[0]!.expiresAt).toBe(harness.clock.now() + 43200 * 1000);
  });

  it('inspecting a link changes nothing, however often', async () => {
    const harness = verifyEmailHarness();
    const login = await signInAnn(harness);
    const before = await login.state();
    for (let i = 0; i < 3; i++) {
      const preview = await harness.executor.inspectLink('test', lastKey(harness));
      expect(preview).toMatchObject({ realm: 'test', plugin: 'verify-email', description: { message: 'page.verifyEmail.linkConfirm', params: { email: 'a…@example.com' } } });
    }
    expect(await login.state()).toEqual(before);
    expect((await harness.users().findByEmail(ANN))!.emailVerified).toBe(false);
    expect(harness.events('VERIFY_EMAIL')).toHaveLength(0);
  });

  it('confirmed in the signing-in browser, verifies the address and finishes the sign-in', async () => {
    const harness = verifyEmailHarness();
    const login = await signInAnn(harness);
    const state = await login.state();
    const result = await harness.executor.confirmLink('test', lastKey(harness), { browserId: state.rootId });
    expect(result).toMatchObject({ type: 'success', authSessionId: login.id });
    const ann = (await harness.users().findByEmail(ANN))!;
    expect(ann.emailVerified).toBe(true);
    expect(ann.requiredActions).not.toContain('verify-email');
    expect(harness.events('VERIFY_EMAIL')).toHaveLength(1);
    expect((await login.current()).type).toBe('success');
  });

  it('of ten concurrent confirmations exactly one wins; the others are told the link is used', async () => {
    const harness = verifyEmailHarness();
    const login = await signInAnn(harness);
    const { rootId } = await login.state();
    const key = lastKey(harness);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => harness.executor.confirmLink('test', key, { browserId: rootId })));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) expect(lost.reason).toMatchObject({ code: 'FG_LINK_USED' });
    expect(harness.events('VERIFY_EMAIL')).toHaveLength(1);
  });

  it('confirmed in another browser, approves out of band; the waiting tab moves on when next shown', async () => {
    const harness = verifyEmailHarness();
    const login = await signInAnn(harness);
    const result = await harness.executor.confirmLink('test', lastKey(harness), { browserId: 'another-browser-id-0000' });
    expect(result).toEqual({ type: 'approved-elsewhere', authSessionId: login.id });
    expect((await harness.users().findByEmail(ANN))!.emailVerified).toBe(true);
    expect(harness.events('VERIFY_EMAIL')).toHaveLength(1);
    expect((await login.state()).result).toBeUndefined();
    expect(await login.current()).toMatchObject({ type: 'success', authSessionId: login.id });
    // The action ran once: refreshing again neither records it again nor changes the result.
    expect((await login.current()).type).toBe('success');
    expect(harness.events('VERIFY_EMAIL')).toHaveLength(1);
  });

  it('refuses a used link, an unknown one, and one whose sign-in is over', async () => {
    const harness = verifyEmailHarness();
    const login = await signInAnn(harness);
    const key = lastKey(harness);
    await harness.executor.confirmLink('test', key, { browserId: (await login.state()).rootId });
    await expectCode(harness.executor.confirmLink('test', key), 'FG_LINK_USED');
    await expectCode(harness.executor.inspectLink('test', key), 'FG_LINK_USED');
    await expectCode(harness.executor.inspectLink('test', 'x'.repeat(43)), 'FG_LINK_NOT_FOUND');
    await expectCode(harness.executor.inspectLink('other-realm', key), 'FG_UNKNOWN_REALM');
  });

  it('refuses an expired link on inspection and on confirmation', async () => {
    const harness = verifyEmailHarness({ linkLifetimeSeconds: 300 });
    await signInAnn(harness);
    const key = lastKey(harness);
    harness.clock.advanceSeconds(300);
    await expectCode(harness.executor.inspectLink('test', key), 'FG_LINK_EXPIRED');
    await expectCode(harness.executor.confirmLink('test', key), 'FG_LINK_EXPIRED');
    expect((await harness.users().findByEmail(ANN))!.emailVerified).toBe(false);
  });

  it('refuses a link whose sign-in timed out', async () => {
    const harness = verifyEmailHarness();
    await signInAnn(harness);
    harness.clock.advanceSeconds(1800);
    await expectCode(harness.executor.confirmLink('test', lastKey(harness)), 'FG_LINK_SIGN_IN_OVER');
    expect((await harness.users().findByEmail(ANN))!.emailVerified).toBe(false);
  });

  it('"continue" before verifying shows the page again; "resend" waits for the cooldown, then revokes the old link', async () => {
    const harness = verifyEmailHarness();
    const login = await signInAnn(harness);
    const first = lastKey(harness);
    await login.submit({ action: 'continue' });
    expect(login.challenge().view.messages?.map((m) => m.text)).toContain('page.verifyEmail.notYet');
    await login.submit({ action: 'resend' });
    expect(login.challenge().view.messages?.map((m) => m.text)).toContain('page.verifyEmail.resendWait');
    expect(harness.services.outbox.sent).toHaveLength(1);
    harness.clock.advanceSeconds(60);
    await login.submit({ action: 'resend' });
    expect(login.challenge().view.messages?.map((m) => m.text)).toContain('page.verifyEmail.resent');
    expect(harness.services.outbox.sent).toHaveLength(2);
    await expectCode(harness.executor.confirmLink('test', first), 'FG_LINK_USED');
    const result = await harness.executor.confirmLink('test', lastKey(harness), { browserId: (await login.state()).rootId });
    expect(result.type).toBe('success');
  });

  it('"continue" after the address was verified elsewhere succeeds', async () => {
    const harness = verifyEmailHarness();
    const login = await signInAnn(harness);
    await harness.users().markEmailVerified((await harness.users().findByEmail(ANN))!.id);
    expect((await login.submit({ action: 'continue' })).type).toBe('success');
  });

  it('does not ask people whose address is verified', async () => {
    const harness = verifyEmailHarness();
    await harness.users().markEmailVerified((await harness.users().findByEmail(ANN))!.id);
    const login = await signInAnn(harness);
    expect(login.view).toBe('success');
    expect(harness.services.outbox.sent).toHaveLength(0);
  });
});

describe('links back into a sign-in: an authenticator waiting for one', () => {
  it('approved in the same browser, the flow goes on at once; onLink sees its notes and only its own data', async () => {
    const step = linkStep();
    const harness = linkStepHarness(step);
    const login = await signInAnn(harness);
    expect(login.view).toBe('link-wait');
    const { rootId } = await login.state();
    const result = await harness.executor.confirmLink('test', keyOf(step.issued[0]!), { browserId: rootId });
    expect(result.type).toBe('success');
    const ann = (await harness.users().findByEmail(ANN))!;
    expect(step.seen).toEqual([{ subject: ann.id, data: { purpose: 'approve' }, sameBrowser: true, note: expect.any(String) }]);
  });

  it('approved elsewhere, the step counts as done and the tab goes on at its next refresh', async () => {
    const step = linkStep();
    const harness = linkStepHarness(step);
    const login = await signInAnn(harness);
    const result = await harness.executor.confirmLink('test', keyOf(step.issued[0]!), { choice: numberOf(login) });
    expect(result.type).toBe('approved-elsewhere');
    expect(step.seen[0]!.sameBrowser).toBe(false);
    expect((await login.state()).statuses['browser/link-step']).toBe('SUCCESS');
    expect((await login.current()).type).toBe('success');
  });

  it('a denied link leaves the step waiting, and the link is spent', async () => {
    const step = linkStep(() => ({ type: 'deny', message: 'error.denied' }));
    const harness = linkStepHarness(step);
    const login = await signInAnn(harness);
    const key = keyOf(step.issued[0]!);
    expect(await harness.executor.confirmLink('test', key, { choice: numberOf(login) })).toEqual({ type: 'denied', authSessionId: login.id, message: 'error.denied' });
    expect((await login.current()).type).toBe('challenge');
    expect(login.view).toBe('link-wait');
    await expectCode(harness.executor.confirmLink('test', key, {}), 'FG_LINK_USED');
  });

  it("the preview names the sign-in's locale (kept with the link, beyond the plugin's reach) and its client's redirect URI", async () => {
    const step = linkStep();
    const redirectUri = 'https://app.example.org/return';
    const harness = linkStepHarness(step, [{ clientId: 'app', redirectUris: [redirectUri] }]);
    const login = await harness.start({ locale: 'de', clientId: 'app', redirectUri });
    await login.submit({ email: ANN });
    // The step's own data tried to name another locale; the sign-in's wins, and onLink never sees it.
    expect(await harness.executor.inspectLink('test', keyOf(step.issued[0]!))).toMatchObject({ locale: 'de', redirectUri });
    await harness.executor.confirmLink('test', keyOf(step.issued[0]!), { choice: numberOf(login) });
    expect(step.seen[0]!.data).toEqual({ purpose: 'approve' });

    const plain = linkStep();
    const without = linkStepHarness(plain);
    await signInAnn(without);
    const preview = await without.executor.inspectLink('test', keyOf(plain.issued[0]!));
    expect(preview.locale).toBe('en');
    expect(preview.redirectUri).toBeUndefined();
  });

  it('a link of a step the sign-in has left is refused as over', async () => {
    const step = linkStep();
    const harness = linkStepHarness(step);
    const login = await signInAnn(harness);
    await login.restart();
    await expectCode(harness.executor.inspectLink('test', keyOf(step.issued[0]!)), 'FG_LINK_SIGN_IN_OVER');
  });
});
