import path from 'node:path';
import type { ErrorDocument, StepDocument } from '../../src/http/contracts';
import { describeWithSmtpApp } from '../support/smtp-app';
import { formTo, JsonClient, JSON_ACCEPT, TestBrowser, unescapeHtml } from './http-kit';

/** The shipped flows: the browser flow's address page asks first (`askFirst` on its methods). */
const SHIPPED_FLOWS = path.join(__dirname, '..', '..', 'flows');
const ANN = 'ann@example.com';
const LOGIN = '/realms/main/login';
const LINK = 'browser/forms/methods/magic-link';
const CODE = 'browser/forms/methods/email-otp';

describeWithSmtpApp('ask first: the address page offers link or code, and one sign-in sends one mail', { flowsDir: SHIPPED_FLOWS, plugins: [] }, (suite) => {
  const { mailsTo, nthMailTo } = suite;
  const codesSent = async () => (await suite.t.events.query({ realm: 'main', type: 'CODE_SENT' })).map((e) => e.details?.['method']);

  beforeEach(async () => {
    await suite.t.users.create({ email: ANN, emailVerified: true });
  });

  test('JSON: the step lists the choices; the code chosen with the address is the one mail, and it signs in (3 requests)', async () => {
    const client = new JsonClient(suite.t.app);
    const first = await client.start(LOGIN);
    expect(first).toMatchObject({ view: 'identify-email', choices: [{ id: LINK, label: 'Email me a sign-in link' }, { id: CODE, label: 'Email me a code' }] });

    const res = await client.submit(first, { email: ANN, choice: CODE });
    expect(res.status).toBe(200);
    const code = res.body as StepDocument;
    expect(code).toMatchObject({ view: 'email-otp', execution: CODE });
    expect(code.choices).toBeUndefined();
    const mail = await nthMailTo(ANN, 1);
    expect(mail.parsed.subject).toBe('Your sign-in code');
    const typed = /\b(\d{6})\b/.exec(mail.parsed.text ?? '')![1]!;
    const next = await client.submit(code, { code: typed });
    expect(next.body).toMatchObject({ type: 'step', view: 'register-passkey' });
    expect(await codesSent()).toEqual(['email-otp']);
    expect(mailsTo(ANN)).toHaveLength(1);
  });

  test('JSON: no choice runs the flow in order (the link), as before', async () => {
    const client = new JsonClient(suite.t.app);
    const res = await client.submit(await client.start(LOGIN), { email: ANN });
    expect(res.body).toMatchObject({ view: 'magic-link' });
    expect((await nthMailTo(ANN, 1)).parsed.subject).toBe('Your sign-in link');
    expect(await codesSent()).toEqual(['magic-link']);
  });

  test.each([['an unknown id', 'browser/forms/methods/nope'], ['the passkey (offered by conditional UI, not as a choice)', 'browser/forms/methods/passkey'], ['another level', 'browser/cookie']])(
    'JSON: %s is FG_CHOICE_NOT_OFFERED (400), and the sign-in stays where it was',
    async (_what, choice) => {
      const client = new JsonClient(suite.t.app);
      const first = await client.start(LOGIN);
      const bad = await client.submit(first, { email: ANN, choice });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject<Partial<ErrorDocument>>({ type: 'error', code: 'FG_CHOICE_NOT_OFFERED' });
      const again = await client.agent.get(`/realms/main/login-actions/authenticate?tab_id=${first.tabId}`).set(JSON_ACCEPT);
      expect(again.body).toMatchObject({ view: 'identify-email', step: first.step, choices: first.choices });
      expect(await codesSent()).toEqual([]);
      expect((await client.submit(first, { email: ANN, choice: CODE })).body).toMatchObject({ view: 'email-otp' });
    },
  );

  test('HTML: the default button sends no choice, the other sends the code; a tampered choice shows the page again with a message', async () => {
    const browser = new TestBrowser(suite.server);
    const page = await browser.start(LOGIN);
    const html = unescapeHtml(page.text);
    expect(html).toMatch(/<button class="fg-button fg-button--primary" type="submit">Email me a sign-in link<\/button>/);
    expect(html).toContain(`<button class="fg-button fg-button--secondary" type="submit" name="choice" value="${CODE}">Email me a code</button>`);

    const form = formTo(page.text, '/login-actions/authenticate');
    const tampered = await browser.post(form, { email: ANN, choice: 'browser/forms/methods/passkey' });
    expect(tampered.status).toBe(400);
    expect(tampered.text).toContain('That way to sign in is not offered here.');
    expect(tampered.text).toContain('fg-page-identify-email');
    expect(await codesSent()).toEqual([]);

    const chosen = await browser.answer(tampered, { email: ANN, choice: CODE });
    expect(chosen.text).toContain('fg-page-email-otp');
    expect((await nthMailTo(ANN, 1)).parsed.subject).toBe('Your sign-in code');
    expect(await codesSent()).toEqual(['email-otp']);
  });
});
