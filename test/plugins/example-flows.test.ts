import path from 'node:path';
import { FlowHarness } from '../../src/plugin-kit';
import { plugins as choosingDisplayName } from '../../examples/plugins/choose-display-name';
import { plugins as checkingEmailDomains } from '../../examples/plugins/email-domain';

/**
 * The example flow and realm of examples/plugins/flows, with the example plugins and the built-ins,
 * run in memory as the server would run them: partners prove their address with a code, other
 * addresses get a link or a code, listed throw-away domains are refused before any mail goes out,
 * and everyone without a display name chooses one.
 */
const FLOWS = path.join(__dirname, '..', '..', 'examples', 'plugins', 'flows');

function harness(): FlowHarness {
  return FlowHarness.fromFlows(FLOWS, { plugins: [...checkingEmailDomains, ...choosingDisplayName] });
}

describe('the example flows', () => {
  test('a partner proves the address with the mailed code, then chooses a display name', async () => {
    const h = harness();
    const pat = h.users().add({ email: 'pat@partner.example' });
    const login = await h.start();
    await login.submit({ email: 'pat@partner.example' });
    expect(login.challenge().execution).toBe('browser/forms/partners/email-otp');

    const code = String(h.lastMail('pat@partner.example')?.model?.['code']);
    await login.submit({ code });
    expect(login.challenge()).toMatchObject({ execution: 'required-action/choose-display-name' });
    expect(await login.submit({ displayName: 'Pat' })).toMatchObject({ type: 'success', userId: pat.id });
  });

  test('other addresses go to the sign-in methods', async () => {
    const h = harness();
    h.users().add({ email: 'ann@example.com' });
    const login = await h.start();
    await login.submit({ email: 'ann@example.com' });
    expect(login.challenge().execution).toMatch(/^browser\/forms\/others\/methods\//);
    expect(h.mail('ann@example.com')).toHaveLength(1);
  });

  test('a throw-away domain is refused before anything is mailed', async () => {
    const h = harness();
    h.users().add({ email: 'eve@mailinator.com' });
    const login = await h.start();
    await login.submit({ email: 'eve@mailinator.com' });
    expect(login.challenge().view).toMatchObject({ view: 'email-domain-refused', model: { domain: 'mailinator.com' } });
    expect(h.mail()).toEqual([]);
  });
});
