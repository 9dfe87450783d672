import { FlowHarness, type HarnessLogin, type TextDocument } from '../../../src/plugin-kit';
import { EMAIL_DOMAIN_MESSAGES, EMAIL_DOMAIN_REFUSED, EMAIL_DOMAIN_REFUSED_VIEW, plugins } from './index';

/** Flow and realm files: identify by email, then `executions`, as an admin writes them. */
function flows(executions: readonly object[]): TextDocument[] {
  const browser = { alias: 'browser', executions: [{ authenticator: 'identify-email', requirement: 'REQUIRED' }, ...executions] };
  return [
    { file: 'browser.json', text: JSON.stringify(browser) },
    { file: 'test.realm.json', text: JSON.stringify({ realm: 'test', bindings: { browser: 'browser' } }) },
  ];
}

/** A harness whose flow identifies by email, then checks the domain with `config`. */
function domainCheck(config: Record<string, unknown>): FlowHarness {
  return FlowHarness.fromFlows(flows([{ authenticator: 'email-domain', requirement: 'REQUIRED', config }]), { plugins });
}

async function signIn(harness: FlowHarness, email: string): Promise<HarnessLogin> {
  const login = await harness.start();
  await login.submit({ email });
  return login;
}

describe('email-domain', () => {
  test('deny: a listed domain gets the friendly page, alike with or without an account, and may start again', async () => {
    const harness = domainCheck({ mode: 'deny', domains: ['blocked.example'] });
    harness.users().add({ email: 'bob@blocked.example' });

    const known = await signIn(harness, 'bob@blocked.example');
    const unknown = await signIn(harness, 'eve@blocked.example');

    expect(known.challenge().view).toEqual({ view: EMAIL_DOMAIN_REFUSED_VIEW, model: { domain: 'blocked.example' }, fields: [] });
    expect(unknown.challenge().view).toEqual(known.challenge().view);
    expect(harness.events('LOGIN_ERROR').map((e) => e.error)).toEqual([EMAIL_DOMAIN_REFUSED, EMAIL_DOMAIN_REFUSED]);

    await known.submit({});
    expect(known.challenge()).toMatchObject({
      execution: 'browser/identify-email',
      view: { view: 'identify-email', messages: [{ kind: 'info', text: EMAIL_DOMAIN_MESSAGES.startAgain }] },
    });
    expect((await known.state()).userId).toBeUndefined();
  });

  test('deny: every other domain goes on', async () => {
    const harness = domainCheck({ mode: 'deny', domains: ['blocked.example'] });
    const ann = harness.users().add({ email: 'ann@example.com' });
    expect((await signIn(harness, 'Ann@Example.com')).last).toMatchObject({ type: 'success', userId: ann.id });
  });

  test.each([
    ['ann@example.com', true, 'success'],
    ['ann@eu.example.com', true, 'success'],
    ['ann@eu.example.com', false, EMAIL_DOMAIN_REFUSED_VIEW],
    ['ann@notexample.com', true, EMAIL_DOMAIN_REFUSED_VIEW],
    ['ann@example.com.evil.test', true, EMAIL_DOMAIN_REFUSED_VIEW],
  ])('allow example.com: %s, includeSubdomains %s -> %s', async (email, includeSubdomains, outcome) => {
    const harness = domainCheck({ domains: ['example.com'], includeSubdomains });
    harness.users().add({ email });
    expect((await signIn(harness, email)).view).toBe(outcome);
  });

  test('a config without domains, or with a domain in capitals or with an @, does not load', () => {
    for (const config of [{ mode: 'allow' }, { domains: ['Example.com'] }, { domains: ['@example.com'] }, { domains: [] }]) {
      expect(() => domainCheck(config)).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ code: 'FG_PLUGIN_CONFIG_INVALID' })] }));
    }
  });

  test('placed before any step asked for an address, it fails the sign-in as a setup mistake', async () => {
    const docs = flows([]);
    const browser = { alias: 'browser', executions: [{ authenticator: 'email-domain', requirement: 'REQUIRED', config: { domains: ['example.com'] } }] };
    const harness = FlowHarness.fromFlows([{ file: 'browser.json', text: JSON.stringify(browser) }, docs[1]!], { plugins });
    expect((await harness.start()).last).toMatchObject({ type: 'failure', error: 'no_email_address' });
  });
});

describe('condition-email-domain', () => {
  /** A harness whose flow refuses (deny-access) the people the condition matches. */
  function refusing(config: Record<string, unknown>): FlowHarness {
    const guarded = {
      requirement: 'CONDITIONAL',
      flow: {
        alias: 'refuse',
        executions: [
          { condition: 'condition-email-domain', requirement: 'REQUIRED', config },
          { authenticator: 'deny-access', requirement: 'REQUIRED' },
        ],
      },
    };
    return FlowHarness.fromFlows(flows([guarded]), { plugins });
  }

  test('matches a listed domain (and its subdomains), whether or not the address has an account', async () => {
    const harness = refusing({ domains: ['partner.example'] });
    const ann = harness.users().add({ email: 'ann@example.com' });
    harness.users().add({ email: 'pat@partner.example' });

    expect((await signIn(harness, 'pat@partner.example')).last).toMatchObject({ type: 'failure', error: 'access_denied' });
    expect((await signIn(harness, 'new@eu.partner.example')).last).toMatchObject({ type: 'failure', error: 'access_denied' });
    expect((await signIn(harness, 'ann@example.com')).last).toMatchObject({ type: 'success', userId: ann.id });
  });

  test('negated, matches every other domain', async () => {
    const harness = refusing({ domains: ['partner.example'], negate: true });
    const pat = harness.users().add({ email: 'pat@partner.example' });
    harness.users().add({ email: 'ann@example.com' });

    expect((await signIn(harness, 'pat@partner.example')).last).toMatchObject({ type: 'success', userId: pat.id });
    expect((await signIn(harness, 'ann@example.com')).last).toMatchObject({ type: 'failure', error: 'access_denied' });
  });
});
