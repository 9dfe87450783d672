import { MAGIC_LINK_ERRORS as E, MAGIC_LINK_MESSAGES as M } from '.';
import { ANN, confirm, lastKey, lastMail, loginErrors, magicLinkHarness, OTHER_BROWSER, toWaitingPage } from './magic-link.test-kit';

const NEW = 'new@example.com';

describe('magic-link: the link in the browser that asked', () => {
  it('signs in at once, marks the address verified, and the mail\'s code no longer works', async () => {
    const harness = magicLinkHarness();
    const ann = harness.users().add({ email: ANN, emailVerified: false });
    const login = await toWaitingPage(harness);
    expect(await confirm(harness, login, 'same')).toMatchObject({ type: 'success', authSessionId: login.id, userId: ann.id });
    expect((await harness.users().findById(ann.id))?.emailVerified).toBe(true);
    expect((await login.state()).notes['browser/magic-link']?.['mail']).toBeUndefined();
  });

  it('lets the flow go on after it: a later step still runs', async () => {
    const harness = magicLinkHarness({}, { after: 'email-otp' });
    harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    expect(await confirm(harness, login, 'same')).toMatchObject({ type: 'challenge', view: { view: 'email-otp' } });
  });

  it('is refused, and recorded, once used or expired; a made-up key records nothing', async () => {
    const harness = magicLinkHarness();
    harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    const key = lastKey(harness);
    await confirm(harness, login, 'same');
    await expect(harness.executor.confirmLink('main', key, {})).rejects.toMatchObject({ code: 'FG_LINK_USED' });

    const second = await toWaitingPage(harness);
    harness.clock.advanceSeconds(900);
    await expect(confirm(harness, second, 'same')).rejects.toMatchObject({ code: 'FG_LINK_EXPIRED' });
    await expect(harness.executor.confirmLink('main', 'x'.repeat(43), {})).rejects.toMatchObject({ code: 'FG_LINK_NOT_FOUND' });
    expect(harness.events('LOGIN_ERROR')).toEqual([
      expect.objectContaining({ realm: 'main', error: 'used', details: { link: true } }),
      expect.objectContaining({ realm: 'main', error: 'expired', details: { link: true } }),
    ]);
  });

  it('a link whose account no longer has the address proves nothing', async () => {
    const harness = magicLinkHarness();
    const ann = harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    // The account is replaced by another with the same address: the link named the first one.
    harness.users().remove(ann.id);
    harness.users().add({ email: ANN });
    expect(await confirm(harness, login, 'same')).toMatchObject({ type: 'denied', message: M.linkStale });
    expect(loginErrors(harness)).toEqual([E.staleLink]);
  });
});

describe('magic-link: the link opened in another browser (crossDevice)', () => {
  it('continue-original: the other browser is done; the waiting tab goes on when next shown', async () => {
    const harness = magicLinkHarness({ crossDevice: 'continue-original' });
    const ann = harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    expect(await confirm(harness, login, 'other')).toEqual({ type: 'approved-elsewhere', authSessionId: login.id });
    expect(await login.current()).toMatchObject({ type: 'success', authSessionId: login.id, userId: ann.id });
  });

  it('sign-in-here: the sign-in moves to the other browser, which is signed in; the waiting tab says so', async () => {
    const harness = magicLinkHarness({ crossDevice: 'sign-in-here' });
    const ann = harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    const { rootId } = await login.state();
    const result = await confirm(harness, login, 'other');
    expect(result).toMatchObject({ type: 'success', userId: ann.id });
    const moved = await harness.sessions.get(result.authSessionId);
    expect(moved).toMatchObject({ rootId: OTHER_BROWSER, realm: 'main', result: { type: 'success', userId: ann.id } });
    expect(moved!.id).not.toBe(login.id);
    expect(moved!.tabId).not.toBe((await login.state()).tabId);

    // The waiting tab (still its first browser's) ends with a coded explanation, and keeps nothing.
    const original = await login.state();
    expect(original).toMatchObject({ rootId, result: { type: 'failure', error: 'continued_elsewhere' } });
    expect(original.userId).toBeUndefined();
    expect(original.notes).toEqual({});
    expect(await login.current()).toMatchObject({ type: 'failure', code: 'FG_SIGN_IN_MOVED', error: 'continued_elsewhere' });
    // ... from where it may start again.
    expect((await login.restart()).type).toBe('challenge');
    expect(login.view).toBe('identify-email');
  });

  it('sign-in-here: the other browser gets the next step when the flow goes on', async () => {
    const harness = magicLinkHarness({ crossDevice: 'sign-in-here' }, { after: 'email-otp' });
    harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    const result = await confirm(harness, login, 'other');
    expect(result).toMatchObject({ type: 'challenge', view: { view: 'email-otp' } });
    expect(result.authSessionId).not.toBe(login.id);
    // The next step's mail belongs to the moved sign-in: its code signs in there.
    const code = String(harness.services.outbox.lastTo(ANN)?.model?.['code']);
    const step = result.type === 'challenge' ? result : undefined;
    expect(await harness.executor.submit(result.authSessionId, { execution: step!.execution, step: step!.step, form: { code } })).toMatchObject({ type: 'success' });
  });

  it('sign-in-here in the browser that asked is a plain sign-in there', async () => {
    const harness = magicLinkHarness({ crossDevice: 'sign-in-here' });
    harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    expect(await confirm(harness, login, 'same')).toMatchObject({ type: 'success', authSessionId: login.id });
  });

  it('deny: the other browser is refused and it is recorded; the waiting tab still waits and its code works', async () => {
    const harness = magicLinkHarness({ crossDevice: 'deny' });
    const ann = harness.users().add({ email: ANN });
    const login = await toWaitingPage(harness);
    const { code } = lastMail(harness);
    expect(await confirm(harness, login, 'other')).toEqual({ type: 'denied', authSessionId: login.id, message: M.linkWrongBrowser });
    expect(harness.events('LOGIN_ERROR')).toEqual([expect.objectContaining({ userId: ann.id, error: E.wrongBrowserDenied, details: { method: 'magic-link' } })]);
    expect((await login.current()).type).toBe('challenge');
    expect(login.view).toBe('magic-link');
    expect(await login.submit({ code: code! })).toMatchObject({ type: 'success', userId: ann.id });
  });
});

describe('magic-link sign-up (forceCreateUser)', () => {
  it('on: the link creates the verified account of an unknown address, recorded as REGISTER by magic-link', async () => {
    const harness = magicLinkHarness();
    const login = await toWaitingPage(harness, NEW);
    expect(await harness.users().findByEmail(NEW)).toBeUndefined();
    expect(lastMail(harness, NEW).model).toMatchObject({ link: expect.any(String) });
    const result = await confirm(harness, login, 'same', NEW);
    const created = await harness.users().findByEmail(NEW);
    expect(created).toMatchObject({ emailVerified: true, requiredActions: [] });
    expect(result).toMatchObject({ type: 'success', userId: created!.id });
    expect(harness.events('REGISTER')).toEqual([expect.objectContaining({ userId: created!.id, details: { method: 'magic-link' } })]);
    expect(harness.events('CODE_SENT')).toEqual([expect.objectContaining({ details: expect.objectContaining({ newUser: true }) })]);
  });

  it('on, with updateProfileOnCreate: the link leads into the update-profile page', async () => {
    const harness = magicLinkHarness({ updateProfileOnCreate: true });
    const login = await toWaitingPage(harness, NEW);
    expect(await confirm(harness, login, 'same', NEW)).toMatchObject({ type: 'challenge', view: { view: 'update-profile' } });
    expect(await harness.users().findByEmail(NEW)).toMatchObject({ requiredActions: ['update-profile'] });
  });

  it('on, with updateProfileOnCreate: the code leads into the update-profile page too', async () => {
    const harness = magicLinkHarness({ updateProfileOnCreate: true });
    const login = await toWaitingPage(harness, NEW);
    expect(await login.submit({ code: lastMail(harness, NEW).code! })).toMatchObject({ type: 'challenge', view: { view: 'update-profile' } });
    expect(harness.events('REGISTER')).toHaveLength(1);
  });

  it('on, with sign-in-here: the other browser gets the new account\'s update-profile page', async () => {
    const harness = magicLinkHarness({ updateProfileOnCreate: true, crossDevice: 'sign-in-here' });
    const login = await toWaitingPage(harness, NEW);
    const result = await confirm(harness, login, 'other', NEW);
    expect(result).toMatchObject({ type: 'challenge', view: { view: 'update-profile' } });
    expect((await harness.sessions.get(result.authSessionId))?.rootId).toBe(OTHER_BROWSER);
    expect(await login.current()).toMatchObject({ type: 'failure', code: 'FG_SIGN_IN_MOVED' });
  });

  it('on, an account made meanwhile for the address is signed in, not created twice', async () => {
    const harness = magicLinkHarness();
    const login = await toWaitingPage(harness, NEW);
    const made = harness.users().add({ email: NEW, emailVerified: false });
    expect(await confirm(harness, login, 'same', NEW)).toMatchObject({ type: 'success', userId: made.id });
    expect(harness.events('REGISTER')).toEqual([]);
  });

  it('off: an unknown address is not mailed, and even its (unsent) link would sign nobody up', async () => {
    const harness = magicLinkHarness({ forceCreateUser: false });
    const issue = jest.spyOn(harness.services.tokens('main'), 'issue');
    const login = await toWaitingPage(harness, NEW);
    expect(harness.services.outbox.sent).toEqual([]);
    const issued = await issue.mock.results[0]!.value;
    expect(await harness.executor.confirmLink('main', issued.secret, { browserId: (await login.state()).rootId })).toMatchObject({ type: 'denied', message: M.linkStale });
    expect(await harness.users().findByEmail(NEW)).toBeUndefined();
    expect(harness.events('REGISTER')).toEqual([]);
  });
});
