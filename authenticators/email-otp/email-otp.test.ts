import { identifyEmailAuthenticator } from '../identify-email';
import {
  buildRealm,
  createAuthenticatorContext,
  flow,
  FlowHarness,
  required,
  resolvePluginConfig,
  type HarnessLogin,
  type RealmInput,
  type StepResult,
} from '../../src/plugin-kit';
import { emailOtpAuthenticator as plugin } from './email-otp.authenticator';
import type { EmailOtpConfig } from './config';
import { EMAIL_OTP_MESSAGES as M } from './messages';
import { alphabetChars, hashCode, matchesCode, newCode, normalizeTypedCode } from '../shared/otp-code';

const ANN = 'ann@example.com';

/** A harness running identify-email then email-otp (with `config`), realm `main`. */
function harnessWith(config: Record<string, unknown> = {}, settings: NonNullable<RealmInput['settings']> = {}): FlowHarness {
  const browser = flow('browser', [required('identify-email'), required('email-otp', { config })]);
  return new FlowHarness({ realms: buildRealm({ flows: [browser], settings }), plugins: [identifyEmailAuthenticator, plugin] });
}

/** The code in the last mail to `to`. */
function mailedCode(harness: FlowHarness, to = ANN): string {
  const mail = harness.services.outbox.lastTo(to);
  if (!mail) throw new Error(`no mail to ${to}`);
  return String(mail.model?.['code']);
}

/** A code that is not `code` (same length, digits). */
function wrong(code: string): string {
  return code.replace(/\d/g, (d) => String((Number(d) + 1) % 10));
}

async function toCodePage(harness: FlowHarness, email = ANN): Promise<HarnessLogin> {
  const login = await harness.start();
  await login.submit({ email });
  expect(login.view).toBe('email-otp');
  return login;
}

function fieldErrorOf(result: StepResult): string | undefined {
  return result.type === 'challenge' ? result.view.fieldErrors?.['code'] : undefined;
}

function messageTexts(result: StepResult): string[] {
  return result.type === 'challenge' ? (result.view.messages ?? []).map((m) => m.text) : [];
}

function loginErrors(harness: FlowHarness): (string | undefined)[] {
  return harness.events('LOGIN_ERROR').map((e) => e.error);
}

describe('email-otp codes', () => {
  it('makes codes of the configured length from the configured alphabet', () => {
    for (let i = 0; i < 200; i++) {
      expect(newCode(6, 'digits')).toMatch(/^\d{6}$/);
      expect(newCode(10, 'alphanumeric')).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    }
    expect(alphabetChars('alphanumeric')).not.toMatch(/[01OIL]/);
  });

  it('keeps only a keyed hash, and matches only the right code', () => {
    const secrets = createAuthenticatorContext().secrets;
    const stored = hashCode(secrets, '123456');
    expect(JSON.stringify(stored)).not.toContain('123456');
    expect(matchesCode(secrets, '123456', stored)).toBe(true);
    expect(matchesCode(secrets, '123457', stored)).toBe(false);
    expect(matchesCode(secrets, '', stored)).toBe(false);
    // Another salt, another hash: the same code is not recognisable across sign-ins.
    expect(hashCode(secrets, '123456').hash).not.toBe(stored.hash);
    // Without the server-held key the stored row proves nothing: another key does not match.
    expect(matchesCode(createAuthenticatorContext().secrets, '123456', stored)).toBe(false);
  });

  it('reads what people type: spaces, dashes, full-width digits, lower case', () => {
    expect(normalizeTypedCode(' 123 456 ', 'digits')).toBe('123456');
    expect(normalizeTypedCode('123-456', 'digits')).toBe('123456');
    expect(normalizeTypedCode('１２３４５６', 'digits')).toBe('123456');
    expect(normalizeTypedCode('abc-def', 'alphanumeric')).toBe('ABCDEF');
    expect(normalizeTypedCode('  ', 'digits')).toBeUndefined();
  });
});

describe('email-otp config', () => {
  it('fills in every default', () => {
    expect(resolvePluginConfig(plugin)).toEqual<EmailOtpConfig>({
      length: 6,
      alphabet: 'digits',
      codeLifetimeSeconds: 600,
      maxAttempts: 5,
      resendCooldownSeconds: 30,
      maxSendsPerHour: 30,
      maxSendsPerBrowserPerHour: 5,
      maxSendsPerNetworkPerHour: 10,
      maxSendsPerKnownDevicePerHour: 10,
      forceCreateUser: false,
      updateProfileOnCreate: false,
      securityPhrase: false,
      revealUnknownEmail: false,
    });
  });

  it('documents every option and refuses out-of-range values', () => {
    for (const [name, option] of Object.entries(plugin.configSchema.properties)) {
      expect([name, typeof option.description]).toEqual([name, 'string']);
      expect([name, option.default]).not.toEqual([name, undefined]);
    }
    expect(() => resolvePluginConfig(plugin, { length: 3 })).toThrow(expect.objectContaining({ code: 'FG_PLUGIN_CONFIG_INVALID' }));
    expect(() => resolvePluginConfig(plugin, { alphabet: 'hex' })).toThrow(expect.objectContaining({ code: 'FG_PLUGIN_CONFIG_INVALID' }));
  });
});

describe('email-otp pages', () => {
  it('asks for the code with a one-time-code field and mails it in the sign-in\'s locale', async () => {
    const harness = harnessWith();
    const ann = harness.users().add({ email: ANN });
    const login = await toCodePage(harness);
    const view = login.challenge().view;
    expect(view.fields).toEqual([expect.objectContaining({ name: 'code', type: 'code', autocomplete: 'one-time-code', inputMode: 'numeric', required: true })]);
    expect(view.model).toMatchObject({ email: ANN, codeLength: 6, resend: { field: 'resend', value: 'true' } });
    expect(JSON.stringify(view)).not.toContain(mailedCode(harness));
    expect(harness.services.outbox.sent).toEqual([
      expect.objectContaining({ to: ANN, template: 'email-otp', userId: ann.id, locale: 'en', model: expect.objectContaining({ minutes: 10 }) }),
    ]);
    expect(harness.events('CODE_SENT')).toEqual([expect.objectContaining({ userId: ann.id })]);
  });

  it('asks for the address itself when nothing identified one, and then mails the code', async () => {
    const browser = flow('browser', [required('email-otp')]);
    const harness = new FlowHarness({ realms: buildRealm({ flows: [browser] }), plugins: [plugin] });
    const ann = harness.users().add({ email: ANN });
    const login = await harness.start();
    expect(login.view).toBe('email-otp-email');
    expect((await login.submit({ email: 'not an address' })).type).toBe('challenge');
    expect(fieldErrorOfEmail(login.last)).toBe(M.invalidEmail);
    await login.submit({ email: ' ANN@example.com ' });
    expect(login.view).toBe('email-otp');
    expect(await login.submit({ code: mailedCode(harness) })).toMatchObject({ type: 'success', userId: ann.id });
  });
});

function fieldErrorOfEmail(result: StepResult): string | undefined {
  return result.type === 'challenge' ? result.view.fieldErrors?.['email'] : undefined;
}

describe('email-otp sign-in', () => {
  it('signs in with the mailed code and marks the address verified', async () => {
    const harness = harnessWith();
    const ann = harness.users().add({ email: ANN, emailVerified: false });
    const login = await toCodePage(harness);
    expect(await login.submit({ code: mailedCode(harness) })).toMatchObject({ type: 'success', userId: ann.id });
    expect((await harness.users().findById(ann.id))?.emailVerified).toBe(true);
  });

  it('refuses a wrong code with a field error, records invalid_code, and still takes the right one', async () => {
    const harness = harnessWith();
    harness.users().add({ email: ANN });
    const login = await toCodePage(harness);
    const code = mailedCode(harness);
    expect(fieldErrorOf(await login.submit({ code: wrong(code) }))).toBe(M.invalidCode);
    expect(loginErrors(harness)).toEqual(['invalid_code']);
    expect((await login.submit({ code })).type).toBe('success');
  });

  it('asks again, without counting, when nothing was typed', async () => {
    const harness = harnessWith({ maxAttempts: 1 });
    harness.users().add({ email: ANN });
    const login = await toCodePage(harness);
    expect(fieldErrorOf(await login.submit({ code: '  ' }))).toBe(M.codeRequired);
    expect(loginErrors(harness)).toEqual([]);
    expect((await login.submit({ code: mailedCode(harness) })).type).toBe('success');
  });

  it('kills the code at the maxAttempts-th wrong entry: later tries, the right one too, are told too many wrong codes', async () => {
    const harness = harnessWith();
    harness.users().add({ email: ANN });
    const login = await toCodePage(harness);
    const code = mailedCode(harness);
    for (let i = 0; i < 4; i++) expect(fieldErrorOf(await login.submit({ code: wrong(code) }))).toBe(M.invalidCode);
    const fifth = await login.submit({ code: wrong(code) });
    expect(messageTexts(fifth)).toContain(M.tooManyAttempts);
    // A dead code does not lift the resend cooldown.
    await login.submit({ resend: 'true' });
    expect(messageTexts(login.last)).toContain(M.resendWait);
    expect(harness.services.outbox.sent).toHaveLength(1);
    await login.submit({ code: wrong(code) });
    expect(messageTexts(login.last)).toEqual([M.sent, M.tooManyAttempts]);
    expect(await login.submit({ code })).toMatchObject({ type: 'challenge' });
    expect(messageTexts(login.last)).toEqual([M.sent, M.tooManyAttempts]);
    // Still too many once the dead code's time is up too: that is what happened first.
    harness.clock.advanceSeconds(600);
    await login.submit({ code });
    expect(messageTexts(login.last)).toEqual([M.sent, M.tooManyAttempts]);
    expect(loginErrors(harness)).toEqual([...Array(4).fill('invalid_code'), ...Array(4).fill('too_many_attempts')]);
    // After the cooldown a new code works, with a fresh count (the dead code had used them all).
    harness.clock.advanceSeconds(30);
    await login.submit({ resend: 'true' });
    expect(await login.submit({ code: mailedCode(harness) })).toMatchObject({ type: 'success' });
  });

  it('refuses an expired code', async () => {
    const harness = harnessWith({ codeLifetimeSeconds: 60 });
    harness.users().add({ email: ANN });
    const login = await toCodePage(harness);
    harness.clock.advanceSeconds(60);
    await login.submit({ code: mailedCode(harness) });
    expect(messageTexts(login.last)).toContain(M.expiredCode);
    expect(loginErrors(harness)).toEqual(['expired_code']);
  });

  it('resends after the cooldown only; the new code replaces the old one and keeps the count', async () => {
    const harness = harnessWith();
    harness.users().add({ email: ANN });
    const login = await toCodePage(harness);
    const first = mailedCode(harness);
    for (let i = 0; i < 3; i++) await login.submit({ code: wrong(first) });

    await login.submit({ resend: 'true' });
    expect(login.last).toMatchObject({ type: 'challenge', view: { messages: expect.arrayContaining([expect.objectContaining({ text: M.resendWait, params: { seconds: 30 } })]) } });
    expect(harness.services.outbox.sent).toHaveLength(1);

    harness.clock.advanceSeconds(30);
    await login.submit({ resend: 'true' });
    expect(harness.services.outbox.sent).toHaveLength(2);
    const second = mailedCode(harness);
    expect(messageTexts(login.last)).toContain(M.resent);
    expect(harness.events('CODE_SENT').map((e) => e.details?.['resend'])).toEqual([false, true]);

    // The old code is dead; the count went on from 3: this 4th wrong entry is refused, the 5th kills the new code.
    if (first !== second) expect(fieldErrorOf(await login.submit({ code: first }))).toBe(M.invalidCode);
    else await login.submit({ code: wrong(second) });
    await login.submit({ code: wrong(second) });
    expect(messageTexts(login.last)).toContain(M.tooManyAttempts);
    await login.submit({ code: second });
    expect(login.last.type).toBe('challenge');
    expect(messageTexts(login.last)).toContain(M.tooManyAttempts);
  });

  it('gives an unknown address the same pages and events shape, mails nothing, and never signs it in', async () => {
    const harness = harnessWith();
    harness.users().add({ email: ANN });
    const known = await toCodePage(harness);
    const unknown = await toCodePage(harness, 'nobody@example.com');
    const shape = (login: HarnessLogin): unknown => {
      const { view } = login.challenge();
      return { ...view, model: { ...view.model, email: 'x', expiresAt: 0, resendAvailableAt: 0 }, messages: view.messages?.map((m) => m.text) };
    };
    expect(shape(unknown)).toEqual(shape(known));
    expect(harness.services.outbox.sent.map((m) => m.to)).toEqual([ANN]);
    for (let i = 0; i < 5; i++) await unknown.submit({ code: '000000' });
    expect(unknown.last.type).toBe('challenge');
    expect(await harness.users().findByEmail('nobody@example.com')).toBeUndefined();
    expect(harness.events('CODE_SENT')).toHaveLength(1);
  });

  it('with revealUnknownEmail, says that no account has the address', async () => {
    const browser = flow('browser', [required('email-otp', { config: { revealUnknownEmail: true } })]);
    const harness = new FlowHarness({ realms: buildRealm({ flows: [browser] }), plugins: [plugin] });
    const login = await harness.start();
    await login.submit({ email: 'nobody@example.com' });
    expect(fieldErrorOfEmail(login.last)).toBe(M.unknownEmail);
    expect(harness.services.outbox.sent).toEqual([]);
  });

  it('caps the codes mailed to one address per hour, across sign-ins', async () => {
    const harness = harnessWith({ maxSendsPerHour: 2 });
    harness.users().add({ email: ANN });
    await toCodePage(harness);
    await toCodePage(harness);
    const third = await toCodePage(harness);
    expect(messageTexts(third.last)).toContain(M.tooManySends);
    expect(harness.services.outbox.sent).toHaveLength(2);
    expect(loginErrors(harness)).toEqual(['rate_limited']);
  });
});

describe('email-otp sign-up (forceCreateUser)', () => {
  it('mails an unknown address and creates the account, verified, only when the code is entered', async () => {
    const harness = harnessWith({ forceCreateUser: true, updateProfileOnCreate: true });
    const login = await toCodePage(harness, 'new@example.com');
    expect(await harness.users().findByEmail('new@example.com')).toBeUndefined();
    const result = await login.submit({ code: mailedCode(harness, 'new@example.com') });
    const created = await harness.users().findByEmail('new@example.com');
    expect(created).toMatchObject({ emailVerified: true, requiredActions: ['update-profile'] });
    expect(harness.events('REGISTER')).toEqual([expect.objectContaining({ userId: created?.id, details: { method: 'email-otp' } })]);
    // update-profile is not in this harness's registry, so it is skipped and the sign-in finishes.
    expect(result).toMatchObject({ type: 'success', userId: created?.id });
  });
});

describe('email-otp security phrase', () => {
  it('shows the same phrase on the page and in the mail', async () => {
    const harness = harnessWith({ securityPhrase: true });
    harness.users().add({ email: ANN });
    const login = await toCodePage(harness);
    const phrase = login.challenge().view.model?.['securityPhrase'];
    expect(phrase).toMatch(/^[a-z]+ [a-z]+$/);
    expect(harness.services.outbox.lastTo(ANN)?.model?.['securityPhrase']).toBe(phrase);
    expect(login.challenge().view.messages).toContainEqual({ kind: 'info', text: M.phrase, params: { phrase } });
  });
});

describe('email-otp brute-force protection', () => {
  it('counts wrong codes per user across sign-ins, then refuses even the right code with the same answer', async () => {
    const harness = harnessWith({}, { bruteForce: { enabled: true, failureFactor: 3, waitIncrementSeconds: 60, maxWaitSeconds: 900, maxDeltaTimeSeconds: 43200 } });
    const ann = harness.users().add({ email: ANN });
    for (let i = 0; i < 3; i++) {
      const login = await toCodePage(harness);
      await login.submit({ code: wrong(mailedCode(harness)) });
    }
    // Locked: no code is mailed, the page is the same.
    const sent = harness.services.outbox.sent.length;
    const login = await toCodePage(harness);
    expect(harness.services.outbox.sent).toHaveLength(sent);
    // Even the last code mailed, typed in its own sign-in, is refused like a wrong one.
    const locked = await login.submit({ code: mailedCode(harness) });
    expect(fieldErrorOf(locked)).toBe(M.invalidCode);
    expect(loginErrors(harness).slice(-2)).toEqual(['locked', 'locked']);

    harness.clock.advanceSeconds(60);
    const after = await toCodePage(harness);
    expect(await after.submit({ code: mailedCode(harness) })).toMatchObject({ type: 'success', userId: ann.id });
  });
});

describe('email-otp on a fake context', () => {
  it('records nothing and mails nothing before an address is known', async () => {
    const ctx = createAuthenticatorContext<EmailOtpConfig>({ config: resolvePluginConfig(plugin) });
    expect(await plugin.authenticate(ctx)).toMatchObject({ type: 'challenge', view: { view: 'email-otp-email' } });
    expect(ctx.outbox.sent).toEqual([]);
    expect(ctx.recorded.events).toEqual([]);
  });
});
