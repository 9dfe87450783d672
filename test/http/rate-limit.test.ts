import { createTestApp, type TestApp } from '../support/test-app';
import { DEMO_LOGIN, JSON_ACCEPT, TestBrowser, formTo } from './http-kit';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ config: { loginStartsPerMinute: 3, loginPostsPerMinute: 2 } });
});
afterEach(() => t.close());

describe('per-IP rate limits on the login pages', () => {
  test('starting sign-ins: over the limit is 429 with Retry-After, as a page and as JSON; the wait restores it', async () => {
    const browser = new TestBrowser(t.app);
    for (let i = 0; i < 3; i++) expect((await browser.agent.get(DEMO_LOGIN)).status).toBe(303);

    const page = await browser.agent.get(DEMO_LOGIN);
    expect(page.status).toBe(429);
    expect(page.headers['retry-after']).toBe('20');
    expect(page.text).toContain('FG_RATE_LIMITED');
    expect(page.text).toContain('Please wait 20 seconds');

    const json = await browser.agent.get(DEMO_LOGIN).set(JSON_ACCEPT);
    expect(json.status).toBe(429);
    expect(json.body).toMatchObject({ type: 'error', code: 'FG_RATE_LIMITED', retryAfterSeconds: 20 });
    expect(json.headers['retry-after']).toBe('20');

    t.clock.advanceSeconds(20);
    expect((await browser.agent.get(DEMO_LOGIN)).status).toBe(303);
  });

  test('form posts have their own, lower limit; the step pages themselves are not limited', async () => {
    const browser = new TestBrowser(t.app);
    const page = await browser.start();
    const form = formTo(page.text, '/login-actions/authenticate');
    expect((await browser.post(form, { email: 'not an email' })).status).toBe(303);
    expect((await browser.post(form, { email: 'not an email' })).status).toBe(409);
    const limited = await browser.post(form, { email: 'not an email' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await browser.agent.get(page.request.url.replace(/^https?:\/\/[^/]+/, ''))).status).toBe(200);
  });
});
