import { createPluginContextFor } from './verify-email.test-kit';
import { maskEmail, verifyEmailAction } from '.';

describe('verify-email required action', () => {
  it('requires itself only for unverified addresses', async () => {
    for (const emailVerified of [true, false]) {
      const { ctx, required } = createPluginContextFor({ emailVerified });
      await verifyEmailAction.evaluateTriggers!(ctx.trigger);
      expect(required()).toBe(!emailVerified);
    }
  });

  it('sends one link per sign-in, to the account address, expiring with the link', async () => {
    const { ctx } = createPluginContextFor({ emailVerified: false });
    const first = await verifyEmailAction.challenge(ctx.action);
    await verifyEmailAction.challenge(ctx.action);
    expect(first).toMatchObject({ type: 'challenge', view: { view: 'verify-email', model: { email: 'a…@example.com', pollSeconds: 3 } } });
    expect(ctx.action.outbox.sent).toHaveLength(1);
    const mail = ctx.action.outbox.sent[0]!;
    expect(mail).toMatchObject({ to: 'ann@example.com', template: 'verify-email', userId: ctx.user.id, expiresAt: ctx.action.clock.now() + 43200 * 1000 });
    expect(String(mail.model!['link'])).toMatch(/^https:\/\/flowgate\.test\/realms\/test\/login-actions\/link\?key=[\w-]{43}$/);
  });

  it('approves a link for the current address and marks it verified; denies one for an address the account no longer has', async () => {
    const { ctx } = createPluginContextFor({ emailVerified: false });
    expect(await verifyEmailAction.onLink!(ctx.link({ subject: ctx.user.id, data: { email: 'old@example.com' } }))).toEqual({ type: 'deny', message: 'page.verifyEmail.linkStale' });
    expect((await ctx.action.users.findById(ctx.user.id))!.emailVerified).toBe(false);
    expect(await verifyEmailAction.onLink!(ctx.link({ subject: ctx.user.id, data: { email: 'ann@example.com' } }))).toEqual({ type: 'approve' });
    expect((await ctx.action.users.findById(ctx.user.id))!.emailVerified).toBe(true);
  });

  it('describes its link with the masked address', () => {
    expect(verifyEmailAction.describeLink!({ subject: 'u', data: { email: 'ann@example.com' } })).toEqual({ message: 'page.verifyEmail.linkConfirm', params: { email: 'a…@example.com' } });
    expect(maskEmail('not-an-address')).toBe('…');
  });
});
