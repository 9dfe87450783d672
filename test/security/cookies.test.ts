import express from 'express';
import request from 'supertest';
import {
  BROWSER_COOKIE,
  browserCookieOptions,
  cookieOptions,
  readCookie,
  secureCookies,
  sessionCookieName,
  sessionCookieOptions,
} from '../../src/security/cookies';

const req = (cookie?: string | string[]) => ({ headers: cookie === undefined ? {} : { cookie } });

describe('readCookie', () => {
  it('finds a cookie among others, whatever the spacing', () => {
    const header = 'a=1; fg_browser=abc_-DEF;fg_session_main=tok ;  z=9';
    expect(readCookie(req(header), 'fg_browser')).toBe('abc_-DEF');
    expect(readCookie(req(header), 'fg_session_main')).toBe('tok');
    expect(readCookie(req(header), 'z')).toBe('9');
  });

  it('matches the whole name only', () => {
    expect(readCookie(req('fg_browser_x=1; xfg_browser=2'), 'fg_browser')).toBeUndefined();
    expect(readCookie(req('fg_session_main=1'), 'fg_session_mai')).toBeUndefined();
  });

  it('answers undefined without a header, without the cookie, or for an empty value', () => {
    expect(readCookie(req(), 'fg_browser')).toBeUndefined();
    expect(readCookie(req(''), 'fg_browser')).toBeUndefined();
    expect(readCookie(req('other=1'), 'fg_browser')).toBeUndefined();
    expect(readCookie(req('fg_browser='), 'fg_browser')).toBeUndefined();
    expect(readCookie(req('fg_browser'), 'fg_browser')).toBeUndefined();
  });

  it('takes the first of duplicates: the browser lists the most specific path first', () => {
    expect(readCookie(req('fg_session_main=specific; fg_session_main=general'), 'fg_session_main')).toBe('specific');
  });

  it('unquotes and percent-decodes values the way express encodes them', () => {
    expect(readCookie(req('v="quoted"'), 'v')).toBe('quoted');
    expect(readCookie(req('v=a%20b%2Fc'), 'v')).toBe('a b/c');
  });

  it('refuses malformed values rather than guessing', () => {
    for (const header of ['v=%E0%A4%A', 'v=a b', 'v="unterminated', 'v=a"b', 'v=a\\b', 'v=\u00e9']) {
      expect(readCookie(req(header), 'v')).toBeUndefined();
    }
  });

  it('reads headers given as a list', () => {
    expect(readCookie(req(['a=1', 'v=2']), 'v')).toBe('2');
  });
});

describe('cookie options', () => {
  it('are HttpOnly and SameSite=Lax by default, with max-age in milliseconds for express', () => {
    expect(cookieOptions({ secure: true, path: '/', maxAgeSeconds: 60 })).toEqual({
      httpOnly: true,
      secure: true,
      sameSite: 'lax',
      path: '/',
      maxAge: 60_000,
    });
    expect(cookieOptions({ secure: false, path: '/x', httpOnly: false, sameSite: 'strict' })).toEqual({
      httpOnly: false,
      secure: false,
      sameSite: 'strict',
      path: '/x',
    });
  });

  it('refuse what browsers would drop or what would break the header', () => {
    const invalid = expect.objectContaining({ code: 'FG_SECURITY_INVALID_ARGUMENT' });
    expect(() => cookieOptions({ secure: false, path: '/', sameSite: 'none' })).toThrow(invalid);
    expect(cookieOptions({ secure: true, path: '/', sameSite: 'none' }).sameSite).toBe('none');
    for (const path of ['', 'realms', '/a;b', '/a b', '/a\nb']) expect(() => cookieOptions({ secure: true, path })).toThrow(invalid);
    for (const maxAgeSeconds of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => cookieOptions({ secure: true, path: '/', maxAgeSeconds })).toThrow(invalid);
    }
  });

  it('are secure exactly when the public URL is https', () => {
    expect(secureCookies('https://login.example.com')).toBe(true);
    expect(secureCookies('HTTPS://login.example.com/base')).toBe(true);
    expect(secureCookies('http://localhost:8080')).toBe(false);
  });

  it('name one session cookie per realm and refuse names that are no realm names', () => {
    expect(sessionCookieName('main')).toBe('fg_session_main');
    expect(sessionCookieName('team-2')).toBe('fg_session_team-2');
    for (const realm of ['', 'Main', 'a;b', 'a=b', 'a b', '-x', 'x'.repeat(101)]) {
      expect(() => sessionCookieName(realm)).toThrow(expect.objectContaining({ code: 'FG_SECURITY_INVALID_ARGUMENT' }));
    }
  });
});

describe('cookies through express', () => {
  const app = express();
  app.get('/realms/:realm/login', (rq, res) => {
    const secure = rq.query.https === '1';
    res.cookie(BROWSER_COOKIE, 'browser-id', browserCookieOptions(secure));
    res.cookie(sessionCookieName(rq.params.realm), 'session-token', sessionCookieOptions(rq.params.realm, secure));
    res.json({ browser: readCookie(rq, BROWSER_COOKIE) ?? null, session: readCookie(rq, sessionCookieName(rq.params.realm)) ?? null });
  });
  app.get('/realms/:realm/logout', (rq, res) => {
    res.clearCookie(sessionCookieName(rq.params.realm), sessionCookieOptions(rq.params.realm, false));
    res.end();
  });

  const setCookies = (res: request.Response): string[] => {
    const header = res.headers['set-cookie'] as unknown;
    return Array.isArray(header) ? (header as string[]) : [];
  };

  it('sets a long-lived browser cookie and a browser-session cookie scoped to the realm', async () => {
    const res = await request(app).get('/realms/main/login').expect(200);
    const [browser, session] = setCookies(res);
    expect(browser).toMatch(/^fg_browser=browser-id; Max-Age=31536000; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    expect(session).toBe('fg_session_main=session-token; Path=/realms/main; HttpOnly; SameSite=Lax');
  });

  it('adds Secure when asked to', async () => {
    const res = await request(app).get('/realms/main/login?https=1').expect(200);
    const cookies = setCookies(res);
    expect(cookies).toHaveLength(2);
    for (const cookie of cookies) expect(cookie).toMatch(/; Secure(;|$)/);
  });

  it('reads back what it set', async () => {
    const res = await request(app)
      .get('/realms/main/login')
      .set('Cookie', 'fg_browser=browser-id; fg_session_main=session-token; fg_session_other=x')
      .expect(200);
    expect(res.body).toEqual({ browser: 'browser-id', session: 'session-token' });
  });

  it('clears the session cookie on the same path it was set on', async () => {
    const res = await request(app).get('/realms/main/logout').expect(200);
    expect(setCookies(res)).toEqual([expect.stringMatching(/^fg_session_main=; Path=\/realms\/main; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/)]);
  });
});
