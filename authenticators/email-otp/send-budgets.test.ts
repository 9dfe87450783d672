import { identifyEmailAuthenticator } from '../identify-email';
import { buildRealm, flow, FlowHarness, required, type HarnessLogin, type KnownDevice, type RealmInput, type RequestInfo, type StepResult } from '../../src/plugin-kit';
import { emailOtpAuthenticator as plugin } from './email-otp.authenticator';
import { EMAIL_OTP_MESSAGES as M } from './messages';

/**
 * The send budgets and the guess lockout by requester (#19 item 2, decision 22), through email-otp:
 * magic-link shares the code (authenticators/shared), and test/http/known-devices.test.ts runs
 * magic-link over HTTP.
 */

const ANN = 'ann@example.com';

function harnessWith(config: Record<string, unknown>, settings: NonNullable<RealmInput['settings']> = {}): FlowHarness {
  const browser = flow('browser', [required('identify-email'), required('email-otp', { config })]);
  return new FlowHarness({ realms: buildRealm({ flows: [browser], settings }), plugins: [identifyEmailAuthenticator, plugin] });
}

/** A request from browser `browser` at `ip`, optionally a known device. */
const from = (browser: string, ip: string, knownDevice?: KnownDevice): RequestInfo => ({ browserId: browser, ip, ...(knownDevice && { knownDevice }) });

/** A sign-in for `email` by `requester`, up to the code page. */
async function ask(harness: FlowHarness, requester: RequestInfo, email = ANN): Promise<HarnessLogin> {
  const login = await harness.start(requester);
  await login.submit({ email }, requester);
  expect(login.view).toBe('email-otp');
  return login;
}

const refused = (result: StepResult): boolean => result.type === 'challenge' && (result.view.messages ?? []).some((m) => m.text === M.tooManySends);
const delivered = (harness: FlowHarness): number => harness.mail(ANN).length;
const codeOf = (harness: FlowHarness): string => String(harness.lastMail(ANN)?.model?.['code']);
const wrong = (code: string): string => code.replace(/\d/g, (d) => String((Number(d) + 1) % 10));

describe('send budgets per requester (#19 item 2)', () => {
  it('per browser: one browser gets maxSendsPerBrowserPerHour mails for an address; another on the same network still gets one', async () => {
    const harness = harnessWith({ maxSendsPerBrowserPerHour: 2 });
    harness.users().add({ email: ANN });
    await ask(harness, from('b1', '198.51.100.7'));
    await ask(harness, from('b1', '198.51.100.7'));
    expect(refused((await ask(harness, from('b1', '198.51.100.7'))).last)).toBe(true);
    expect(delivered(harness)).toBe(2);
    expect(harness.events('LOGIN_ERROR').map((e) => e.error)).toEqual(['rate_limited']);
    expect(refused((await ask(harness, from('b2', '198.51.100.7'))).last)).toBe(false);
    expect(delivered(harness)).toBe(3);
  });

  it('per network: fresh browsers on one IPv4 /24 or IPv6 /56 are held at maxSendsPerNetworkPerHour; another network is not', async () => {
    const harness = harnessWith({ maxSendsPerNetworkPerHour: 2 });
    harness.users().add({ email: ANN });
    for (const ip of ['198.51.100.1', '198.51.100.2']) await ask(harness, from(`b-${ip}`, ip));
    expect(refused((await ask(harness, from('b3', '::ffff:198.51.100.250'))).last)).toBe(true);
    for (const ip of ['2001:db8:0:100::1', '2001:db8:0:1ff:ffff::2']) await ask(harness, from(`b-${ip}`, ip));
    expect(refused((await ask(harness, from('b6', '2001:db8:0:1aa::9'))).last)).toBe(true);
    expect(delivered(harness)).toBe(4);
    expect(refused((await ask(harness, from('b7', '203.0.113.9'))).last)).toBe(false);
    expect(delivered(harness)).toBe(5);
  });

  it('per address: browsers on many networks together get at most maxSendsPerHour mails', async () => {
    const harness = harnessWith({ maxSendsPerHour: 4 });
    harness.users().add({ email: ANN });
    const results: boolean[] = [];
    for (let i = 0; i < 6; i++) results.push(refused((await ask(harness, from(`b${i}`, `10.0.${i}.1`))).last));
    expect(results).toEqual([false, false, false, false, true, true]);
    expect(delivered(harness)).toBe(4);
    // Other addresses have ceilings of their own.
    harness.users().add({ email: 'bob@example.com' });
    expect(refused((await ask(harness, from('b0', '10.0.0.1'), 'bob@example.com')).last)).toBe(false);
  });

  it("known device: its own budget, which strangers cannot spend; a device known for another account counts as unknown", async () => {
    const harness = harnessWith({ maxSendsPerHour: 3, maxSendsPerKnownDevicePerHour: 2 });
    const ann = harness.users().add({ email: ANN });
    for (let i = 0; i < 5; i++) await ask(harness, from(`stranger${i}`, `10.1.${i}.1`));
    expect(delivered(harness)).toBe(3);
    const device = { id: 'device-1', userId: ann.id };
    expect(refused((await ask(harness, from('b-other', '10.1.0.1', { id: 'device-2', userId: 'someone-else' }))).last)).toBe(true);
    expect(refused((await ask(harness, from('ann-laptop', '10.1.0.1', device))).last)).toBe(false);
    const login = await ask(harness, from('ann-laptop', '10.1.0.1', device));
    expect(delivered(harness)).toBe(5);
    expect(await login.submit({ code: codeOf(harness) }, from('ann-laptop', '10.1.0.1', device))).toMatchObject({ type: 'success', userId: ann.id });
    expect(refused((await ask(harness, from('ann-laptop2', '10.9.9.9', device))).last)).toBe(true);
  });
});

describe('the per-user guess lockout holds unknown devices only (#19 item 2)', () => {
  const lockAfterThree = { bruteForce: { enabled: true, failureFactor: 3, waitIncrementSeconds: 600, maxWaitSeconds: 900, maxDeltaTimeSeconds: 43200 } };

  it("strangers' wrong codes lock the account on unknown devices, while its known device still gets mail and signs in", async () => {
    const harness = harnessWith({}, lockAfterThree);
    const ann = harness.users().add({ email: ANN });
    for (let i = 0; i < 3; i++) {
      const stranger = from(`stranger${i}`, `10.2.${i}.1`);
      const login = await ask(harness, stranger);
      await login.submit({ code: wrong(codeOf(harness)) }, stranger);
    }
    const before = delivered(harness);
    const newDevice = from('ann-phone', '10.3.0.1');
    const locked = await ask(harness, newDevice);
    expect(delivered(harness)).toBe(before);
    expect(harness.events('LOGIN_ERROR').map((e) => e.error).at(-1)).toBe('locked');
    expect(await locked.submit({ code: codeOf(harness) }, newDevice)).toMatchObject({ type: 'challenge' });

    const knownDevice = from('ann-laptop', '10.3.0.1', { id: 'device-1', userId: ann.id });
    const login = await ask(harness, knownDevice);
    expect(delivered(harness)).toBe(before + 1);
    expect(await login.submit({ code: codeOf(harness) }, knownDevice)).toMatchObject({ type: 'success', userId: ann.id });
  });

  it("the known device's wrong codes are not counted against the account", async () => {
    const harness = harnessWith({}, lockAfterThree);
    const ann = harness.users().add({ email: ANN });
    const knownDevice = from('ann-laptop', '10.3.0.1', { id: 'device-1', userId: ann.id });
    for (let i = 0; i < 3; i++) {
      const login = await ask(harness, knownDevice);
      await login.submit({ code: wrong(codeOf(harness)) }, knownDevice);
    }
    const newDevice = from('ann-phone', '10.4.0.1');
    const login = await ask(harness, newDevice);
    expect(await login.submit({ code: codeOf(harness) }, newDevice)).toMatchObject({ type: 'success', userId: ann.id });
  });
});
