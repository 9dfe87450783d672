import { createAuthenticatorContext, InMemoryUsers } from '../../src/plugin-kit';
import type { ChallengeView, FormField, Outcome } from '../../src/spi';
import { identifyEmailAuthenticator as plugin } from './identify-email.authenticator';
import { EMAIL_FIELD, IDENTIFY_EMAIL_MESSAGES, IDENTIFY_EMAIL_VIEW, INVALID_EMAIL_ERROR } from './messages';

function viewOf(outcome: Outcome): ChallengeView {
  if (outcome.type !== 'challenge' && outcome.type !== 'failure-challenge') throw new Error(`expected a view, got ${outcome.type}`);
  return outcome.view;
}

function emailField(view: ChallengeView): FormField {
  const field = view.fields?.find((f) => f.name === EMAIL_FIELD);
  if (!field) throw new Error('no email field');
  return field;
}

function seededUsers(): InMemoryUsers {
  return new InMemoryUsers([
    { id: 'ann', email: 'ann@example.com' },
    { id: 'jose', email: 'jos\u00e9@example.org' },
    { id: 'off', email: 'off@example.com', enabled: false },
  ]);
}

describe('identify-email authenticate', () => {
  it('asks for one email field', async () => {
    const view = viewOf(await plugin.authenticate(createAuthenticatorContext()));
    expect(view.view).toBe(IDENTIFY_EMAIL_VIEW);
    expect(view.fields).toEqual([
      {
        name: 'email',
        type: 'email',
        label: IDENTIFY_EMAIL_MESSAGES.fieldEmail,
        required: true,
        autocomplete: 'email',
        inputMode: 'email',
        maxLength: 254,
      },
    ]);
    expect(view.fieldErrors).toBeUndefined();
  });

  it('pre-fills the login hint, normalised', async () => {
    const ctx = createAuthenticatorContext({ authSession: { loginHint: ' Ann@Example.COM ' } });
    expect(emailField(viewOf(await plugin.authenticate(ctx))).value).toBe('ann@example.com');
  });

  it('pre-fills the attempted identifier when there is no hint', async () => {
    const ctx = createAuthenticatorContext({ attemptedIdentifier: 'bob@example.com' });
    expect(emailField(viewOf(await plugin.authenticate(ctx))).value).toBe('bob@example.com');
  });

  it('prefers the login hint to the attempted identifier', async () => {
    const ctx = createAuthenticatorContext({ authSession: { loginHint: 'hint@example.com' }, attemptedIdentifier: 'typed@example.com' });
    expect(emailField(viewOf(await plugin.authenticate(ctx))).value).toBe('hint@example.com');
  });

  it('ignores a hint that is not an address', async () => {
    for (const loginHint of ['lt:0c1e', '<script>@x', 'a'.repeat(10_000) + '@example.com']) {
      const ctx = createAuthenticatorContext({ authSession: { loginHint } });
      expect(emailField(viewOf(await plugin.authenticate(ctx))).value).toBeUndefined();
    }
    const fallback = createAuthenticatorContext({ authSession: { loginHint: 'not-an-email' }, attemptedIdentifier: 'typed@example.com' });
    expect(emailField(viewOf(await plugin.authenticate(fallback))).value).toBe('typed@example.com');
  });

  it('identifies nobody before the form is answered', async () => {
    const ctx = createAuthenticatorContext({ users: seededUsers(), authSession: { loginHint: 'ann@example.com' } });
    await plugin.authenticate(ctx);
    expect(ctx.recorded.setUser).toEqual([]);
    expect(ctx.recorded.setAttemptedIdentifier).toEqual([]);
  });
});

describe('identify-email action', () => {
  it.each([
    ['no @', 'ann.example.com'],
    ['two @', 'ann@b@example.com'],
    ['no local part', '@example.com'],
    ['no dot in the domain', 'ann@localhost'],
    ['inner whitespace', 'ann lee@example.com'],
    ['control character', 'ann\u0000@example.com'],
    ['line break', 'ann@example.com\r\nBcc: eve@example.com'],
    ['255 characters', 'a'.repeat(243) + '@example.com'],
  ])('refuses an address with %s, keeping what was typed', async (_label, typed) => {
    const ctx = createAuthenticatorContext({ users: seededUsers(), form: { email: typed } });
    const outcome = await plugin.action!(ctx);
    expect(outcome.type).toBe('failure-challenge');
    expect(outcome).toMatchObject({ error: INVALID_EMAIL_ERROR });
    const view = viewOf(outcome);
    expect(view.view).toBe(IDENTIFY_EMAIL_VIEW);
    expect(view.fieldErrors).toEqual({ email: IDENTIFY_EMAIL_MESSAGES.invalidEmail });
    expect(emailField(view).value).toBe(typed.slice(0, 254));
    expect(ctx.recorded.setUser).toEqual([]);
    expect(ctx.recorded.setAttemptedIdentifier).toEqual([]);
  });

  it('refuses a 10,000-character input and echoes no more than the field allows', async () => {
    const typed = 'a'.repeat(10_000) + '@example.com';
    const outcome = await plugin.action!(createAuthenticatorContext({ form: { email: typed } }));
    expect(outcome.type).toBe('failure-challenge');
    expect(emailField(viewOf(outcome)).value).toBe('a'.repeat(254));
  });

  it('never cuts a surrogate pair in half when echoing', async () => {
    const typed = 'a'.repeat(253) + '\u{1F600}' + '@example.com';
    const value = emailField(viewOf(await plugin.action!(createAuthenticatorContext({ form: { email: typed } })))).value;
    expect(value).toBe('a'.repeat(253));
  });

  it.each([
    ['missing', {}],
    ['empty', { email: '' }],
    ['blank', { email: '   ' }],
  ])('asks for the address when it is %s', async (_label, form: Record<string, string>) => {
    const outcome = await plugin.action!(createAuthenticatorContext({ form }));
    expect(outcome).toMatchObject({ type: 'failure-challenge', error: INVALID_EMAIL_ERROR });
    expect(viewOf(outcome).fieldErrors).toEqual({ email: IDENTIFY_EMAIL_MESSAGES.emailRequired });
  });

  it('identifies a known user and records the normalised address', async () => {
    const ctx = createAuthenticatorContext({ users: seededUsers(), form: { email: '  ANN@example.com ' } });
    expect(await plugin.action!(ctx)).toEqual({ type: 'success' });
    expect(ctx.user?.id).toBe('ann');
    expect(ctx.attemptedIdentifier).toBe('ann@example.com');
  });

  it('matches a decomposed, upper-case spelling to the stored address', async () => {
    const ctx = createAuthenticatorContext({ users: seededUsers(), form: { email: 'JOSE\u0301@EXAMPLE.ORG' } });
    expect(await plugin.action!(ctx)).toEqual({ type: 'success' });
    expect(ctx.user?.id).toBe('jose');
    expect(ctx.attemptedIdentifier).toBe('jos\u00e9@example.org');
  });

  it('gives the same answer for a known, an unknown and a disabled account', async () => {
    const answers = [];
    for (const email of ['ann@example.com', 'nobody@example.com', 'off@example.com']) {
      const ctx = createAuthenticatorContext({ users: seededUsers(), form: { email } });
      answers.push({ outcome: await plugin.action!(ctx), attempted: ctx.recorded.setAttemptedIdentifier, setUserCalls: ctx.recorded.setUser.length });
    }
    expect(answers.map((a) => a.outcome)).toEqual([{ type: 'success' }, { type: 'success' }, { type: 'success' }]);
    expect(answers.map((a) => a.attempted)).toEqual([['ann@example.com'], ['nobody@example.com'], ['off@example.com']]);
    expect(answers.map((a) => a.setUserCalls)).toEqual([1, 1, 1]);
  });

  it('clears a previously identified user when the address is unknown', async () => {
    const users = seededUsers();
    const ctx = createAuthenticatorContext({ users, user: (await users.findById('ann'))!, form: { email: 'nobody@example.com' } });
    expect(await plugin.action!(ctx)).toEqual({ type: 'success' });
    expect(ctx.recorded.setUser).toEqual([undefined]);
    expect(ctx.user).toBeUndefined();
  });

  it('does not identify a disabled account', async () => {
    const ctx = createAuthenticatorContext({ users: seededUsers(), form: { email: 'off@example.com' } });
    await plugin.action!(ctx);
    expect(ctx.user).toBeUndefined();
  });
});
