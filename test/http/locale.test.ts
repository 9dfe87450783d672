import request from 'supertest';
import type { StepDocument } from '../../src/http/contracts';
import { createTestApp, type TestApp } from '../support/test-app';
import { DEMO_LOGIN, JSON_ACCEPT, TestBrowser } from './http-kit';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('page locale: ui_locales, then Accept-Language, then the realm default', () => {
  test('ui_locales wins over the browser and is kept for the whole sign-in', async () => {
    const browser = new TestBrowser(t.app);
    browser.agent.set('Accept-Language', 'en');
    const page = await browser.start(`${DEMO_LOGIN}&ui_locales=fr%20de`);
    expect(page.text).toContain('<html lang="de">');
    expect(page.text).toContain('E-Mail-Adresse');
    const code = await browser.answer(page, { email: 'ann@example.com' });
    expect(code.text).toContain('<html lang="de">');
    expect(code.text).toContain('Code eingeben');
  });

  test('Accept-Language picks a supported locale; an unsupported one falls back to the realm default', async () => {
    const german = await new TestBrowser(t.app).agent.get(DEMO_LOGIN).set(JSON_ACCEPT).set('Accept-Language', 'fr;q=0.9, de-CH;q=0.8');
    expect((german.body as StepDocument).locale).toBe('de');
    expect((german.body as StepDocument).fields[0]!.labelText).toBe('E-Mail-Adresse');
    const french = await new TestBrowser(t.app).agent.get(DEMO_LOGIN).set(JSON_ACCEPT).set('Accept-Language', 'fr');
    expect((french.body as StepDocument).locale).toBe('en');
  });

  test('every page has lang, error pages included', async () => {
    const de = { 'Accept-Language': 'de' };
    for (const path of ['/realms/main/logout', '/realms/nope/login', '/nothing', '/realms/main/login-actions/authenticate?tab_id=x']) {
      const res = await request(t.app).get(path).set(de);
      expect([path, /<html lang="de">/.test(res.text)]).toEqual([path, true]);
    }
    const notFound = await request(t.app).get('/realms/nope/login').set(de);
    expect(notFound.text).toContain('Hier gibt es keine Anmeldung.');
    const json = await request(t.app).get('/realms/nope/login').set(de).set(JSON_ACCEPT);
    expect(json.body.message).toBe('Hier gibt es keine Anmeldung. Bitte prüfen Sie die verwendete Adresse.');
  });
});
