import { resolvePluginConfig } from '../../src/plugin-kit';
import { MAGIC_LINK_ERRORS as E, MAGIC_LINK_MESSAGES as M, magicLinkAuthenticator as plugin, type MagicLinkConfig } from '.';
import { ANN, confirm, lastMail, loginErrors, magicLinkHarness, messageTexts, toWaitingPage, wrongCode } from './magic-link.test-kit';

describe('magic-link config', () => {
  it('fills in every documented default', () => {
    expect(resolvePluginConfig(plugin)).toEqual<MagicLinkConfig>({
      forceCreateUser: true,
      updateProfileOnCreate: false,
      linkLifetimeSeconds: 900,
      crossDevice: 'continue-original',
      includeCode: true,
      securityPhrase: false,
      resendCooldownSeconds: 60,
      maxSendsPerHour: 30,
      maxSendsPerBrowserPerHour: 5,
      maxSendsPerNetworkPerHour: 10,
      maxSendsPerKnownDevicePerHour: 10,
      revealUnknownEmail: false,
    });
    for (const [name, option] of Object.entries(plugin.configSchema.properties)) {
      expect([name, typeof option.description]).toEqual([name, 'string']);
    }
  });

  it('offers the three cross-device modes and refuses others', () => {
    for (const crossDevice of ['continue-original', 'sign-in-here', 'deny']) {
      expect(resolvePluginConfig(plugin, { crossDevice }).crossDevice).toBe(crossDevice);
    }
    expect(() => resolvePluginConfig(plugin, { crossDevice: 'anywhere' })).toThrow(expect.objectContaining({ code: 'FG_PLUGIN_CONFIG_INVALID' }));
    expect(() => resolvePluginConfig(plugin, { linkLifetimeSeconds: 30 })).toThrow(expect.objectContaining({ code: 'FG_PLUGIN_CONFIG_INVALID' }));
  });
});

describe('magic-link mail', () => {
  it('mails a link and a code for the waiting page, in the sign-in\'s locale, naming the realm by its display name', async () => {
    const harness = magicLinkHarness();
    const ann = harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    const view = login.challenge().view;
    expect(view.fields).toEqual([expect.objectContaining({ name: 'code', autocomplete: 'one-time-code', inputMode: 'numeric', required: false })]);
    expect(view.model).toMatchObject({ email: ANN, codeEntry: true, pollSeconds: 3, expiresAt: harness.clock.now() + 900_000, resendAvailableAt: harness.clock.now() + 60_000 });
    const mail = lastMail(harness);
    expect(mail.link).toMatch(/^https?:\/\/[^/]+\/realms\/main\/login-actions\/link\?key=[\w-]{43,}$/);
    expect(mail.code).toMatch(/^\d{6}$/);
    expect(mail.model).toMatchObject({ minutes: 15, realmDisplayName: 'Test realm' });
    expect(harness.services.outbox.sent).toEqual([expect.objectContaining({ to: ANN, template: 'magic-link', userId: ann.id, locale: 'en', expiresAt: harness.clock.now() + 900_000 })]);
    // Neither the code nor the link's key is on the page.
    expect(JSON.stringify(login.last)).not.toContain(mail.code);
    expect(JSON.stringify(login.last)).not.toContain(new URL(mail.link).searchParams.get('key'));
    expect(harness.events('CODE_SENT')).toEqual([expect.objectContaining({ userId: ann.id, details: { method: 'magic-link', resend: false, newUser: false } })]);
  });

  it('with includeCode off, mails only the link and the page takes no code', async () => {
    const harness = magicLinkHarness({ includeCode: false });
    harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    expect(login.challenge().view.fields).toEqual([]);
    expect(login.challenge().view.model).toMatchObject({ codeEntry: false });
    expect(lastMail(harness).code).toBeUndefined();
    // Whatever is posted without "resend", the page waits for the link.
    await login.submit({ code: '123456' });
    expect(messageTexts(login.last)).toContain(M.notYet);
    expect(loginErrors(harness)).toEqual([]);
  });

  it('with securityPhrase on, shows the same phrase on the page and in the mail', async () => {
    const harness = magicLinkHarness({ securityPhrase: true });
    harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    const phrase = login.challenge().view.model?.['securityPhrase'];
    expect(phrase).toMatch(/^[a-z]+ [a-z]+$/);
    expect(lastMail(harness).model['securityPhrase']).toBe(phrase);
    expect(login.challenge().view.messages).toContainEqual({ kind: 'info', text: M.phrase, params: { phrase } });
  });

  it('without securityPhrase, neither the page nor the mail has one', async () => {
    const harness = magicLinkHarness();
    harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    expect(login.challenge().view.model?.['securityPhrase']).toBeUndefined();
    expect(lastMail(harness).model['securityPhrase']).toBeUndefined();
  });
});

describe('magic-link code on the first device', () => {
  it('signs in with the code, marks the address verified, and the link no longer works', async () => {
    const harness = magicLinkHarness();
    const ann = harness.users().add({ email: ANN, emailVerified: false });
    const login = await toWaitingPage(harness);
    const { code } = lastMail(harness);
    expect(await login.submit({ code: code! })).toMatchObject({ type: 'success', userId: ann.id });
    expect((await harness.users().findById(ann.id))?.emailVerified).toBe(true);
    await expect(confirm(harness, login, 'same')).rejects.toMatchObject({ code: 'FG_LINK_USED' });
  });

  it('five wrong codes kill the code, and later tries are told so; a resend after the cooldown brings a working one', async () => {
    const harness = magicLinkHarness();
    harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    const code = lastMail(harness).code!;
    for (let i = 0; i < 4; i++) expect((await login.submit({ code: wrongCode(code) })).type).toBe('challenge');
    await login.submit({ code: wrongCode(code) });
    expect(messageTexts(login.last)).toContain(M.tooManyAttempts);
    await login.submit({ code: wrongCode(code) });
    expect(messageTexts(login.last)).toContain(M.tooManyAttempts);
    await login.submit({ code });
    expect(messageTexts(login.last)).toContain(M.tooManyAttempts);
    expect(messageTexts(login.last)).not.toContain(M.expiredCode);
    expect(loginErrors(harness)).toEqual([...Array(4).fill(E.invalidCode), ...Array(3).fill(E.tooManyAttempts)]);
    harness.clock.advanceSeconds(60);
    await login.submit({ action: 'resend' });
    expect((await login.submit({ code: lastMail(harness).code! })).type).toBe('success');
  });

  it('refuses an expired code', async () => {
    const harness = magicLinkHarness({ linkLifetimeSeconds: 60 });
    harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    harness.clock.advanceSeconds(60);
    await login.submit({ code: lastMail(harness).code! });
    expect(messageTexts(login.last)).toContain(M.expiredCode);
    expect(loginErrors(harness)).toEqual([E.expired]);
  });
});

describe('magic-link resend and send limits', () => {
  it('resends only after the cooldown, saying how long to wait; the new mail replaces the old link and code', async () => {
    const harness = magicLinkHarness({ resendCooldownSeconds: 60 });
    harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    const first = lastMail(harness);
    harness.clock.advanceSeconds(20);
    await login.submit({ action: 'resend' });
    expect(login.challenge().view.messages).toContainEqual({ kind: 'warning', text: M.resendWait, params: { seconds: 40 } });
    expect(harness.services.outbox.sent).toHaveLength(1);

    harness.clock.advanceSeconds(40);
    await login.submit({ action: 'resend' });
    expect(messageTexts(login.last)).toContain(M.resent);
    expect(harness.services.outbox.sent).toHaveLength(2);
    expect(harness.events('CODE_SENT').map((e) => e.details?.['resend'])).toEqual([false, true]);
    const second = lastMail(harness);
    expect(second.link).not.toBe(first.link);
    await expect(harness.executor.inspectLink('main', new URL(first.link).searchParams.get('key')!)).rejects.toMatchObject({ code: 'FG_LINK_USED' });
    if (first.code !== second.code) {
      await login.submit({ code: first.code! });
      expect(login.challenge().view.fieldErrors?.['code']).toBe(M.invalidCode);
    }
    expect((await login.submit({ code: second.code! })).type).toBe('success');
  });

  it('refuses mails past maxSendsPerHour without sending, says in how many minutes to retry, and records rate_limited', async () => {
    const harness = magicLinkHarness({ maxSendsPerHour: 2, resendCooldownSeconds: 0 });
    harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    await login.submit({ action: 'resend' });
    await login.submit({ action: 'resend' });
    expect(harness.services.outbox.sent).toHaveLength(2);
    expect(login.challenge().view.messages).toContainEqual({ kind: 'error', text: M.tooManySends, params: { minutes: 30 } });
    expect(loginErrors(harness)).toEqual([E.rateLimited]);
    // The limit is per address, across sign-ins.
    await toWaitingPage(harness);
    expect(harness.services.outbox.sent).toHaveLength(2);
  });
});

describe('magic-link enumeration: forceCreateUser off', () => {
  it('gives known and unknown addresses the same page and does the same work for both, mail included', async () => {
    const harness = magicLinkHarness({ forceCreateUser: false });
    harness.users().add({ email: ANN });
    const tokens = harness.services.tokens('main');
    const users = harness.users();
    const calls = { issue: jest.spyOn(tokens, 'issue'), revokeAll: jest.spyOn(tokens, 'revokeAll'), findByEmail: jest.spyOn(users, 'findByEmail') };
    const count = (): Record<string, number> => Object.fromEntries(Object.entries(calls).map(([name, spy]) => [name, spy.mock.calls.length]));

    const known = await toWaitingPage(harness);
    const afterKnown = count();
    const unknown = await toWaitingPage(harness, 'nobody@example.com');
    const forUnknown = Object.fromEntries(Object.entries(count()).map(([name, n]) => [name, n - afterKnown[name]!]));
    expect(forUnknown).toEqual(afterKnown);

    const shape = (view: ReturnType<typeof known.challenge>['view']): unknown => ({ ...view, model: { ...view.model, email: 'x' }, messages: view.messages?.map((m) => m.text) });
    expect(unknown.last.type).toBe(known.last.type);
    expect(shape(unknown.challenge().view)).toEqual(shape(known.challenge().view));
    // Both mails are written, only the known address's is delivered; the event differs (for the
    // admin). The unknown one is never signed in, by code or by link.
    expect(harness.mail().map((m) => m.to)).toEqual([ANN]);
    expect(harness.withheldMail().map((m) => [m.to, m.template])).toEqual([['nobody@example.com', harness.mail()[0]!.template]]);
    expect(Object.keys(harness.withheldMail()[0]!.model ?? {}).sort()).toEqual(Object.keys(harness.mail()[0]!.model ?? {}).sort());
    expect(harness.events('CODE_SENT')).toHaveLength(1);
    expect(loginErrors(harness)).toEqual([E.unknownUser]);
    for (let i = 0; i < 5; i++) await unknown.submit({ code: '000000' });
    expect(unknown.last.type).toBe('challenge');
    expect(await harness.users().findByEmail('nobody@example.com')).toBeUndefined();
  });

  it('with revealUnknownEmail, the step\'s own address page says no account has the address', async () => {
    // Without identify-email before it, magic-link asks for the address itself.
    const harness = magicLinkHarness({ forceCreateUser: false, revealUnknownEmail: true }, { identify: false });
    const login = await harness.start();
    expect(login.view).toBe('magic-link-email');
    await login.submit({ email: 'nobody@example.com' });
    expect(login.challenge().view.fieldErrors?.['email']).toBe(M.unknownEmail);
    expect(loginErrors(harness)).toEqual([E.unknownUser]);
    expect(harness.services.outbox.sent).toEqual([]);
  });
});
