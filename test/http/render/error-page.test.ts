import type { ErrorDocument } from '../../../src/http/contracts';
import { errorPageModel } from '../../../src/http/render';
import { context, shippedRenderer } from './render-kit';

const doc = (overrides: Partial<ErrorDocument>): ErrorDocument => ({ type: 'error', code: 'FG_PLUGIN_ERROR', message: 'A sign-in step failed', requestId: 'req-1', ...overrides });

describe('errorPageModel', () => {
  it.each([
    ['FG_STALE_STEP', 'error.pageExpired'],
    ['FG_AUTH_SESSION_EXPIRED', 'error.loginTimeout'],
    ['FG_UNKNOWN_REALM', 'error.realmNotFound'],
    ['FG_UNKNOWN_CLIENT', 'error.unknownClient'],
    ['FG_INVALID_REDIRECT_URI', 'error.invalidRedirectUri'],
    ['FG_PLUGIN_ERROR', 'error.generic'],
    ['FG_NOT_IN_THE_REGISTRY', 'error.generic'],
    ['constructor', 'error.generic'],
  ])('explains %s with %s', (code, key) => {
    expect(errorPageModel(doc({ code }))).toMatchObject({ messageKey: key, code, requestId: 'req-1', message: 'A sign-in step failed' });
  });

  it('passes the seconds of a rate limit, and falls back to the generic text without them', () => {
    expect(errorPageModel(doc({ code: 'FG_RATE_LIMITED', retryAfterSeconds: 12 }))).toMatchObject({ messageKey: 'error.rateLimited', messageParams: { seconds: 12 } });
    expect(errorPageModel(doc({ code: 'FG_RATE_LIMITED' }))).toMatchObject({ messageKey: 'error.generic', messageParams: {} });
  });

  it("prefers the caller's key (a failed sign-in's message) and keeps the actions", () => {
    const restart = { method: 'GET', href: '/realms/main/login' } as const;
    const model = errorPageModel(doc({ code: 'FG_LOGIN_FAILED', reason: 'access_denied', actions: { restart } }), 'error.noSignInMethod');
    expect(model).toMatchObject({ messageKey: 'error.noSignInMethod', actions: { restart } });
  });

  it('gives models the shipped error page renders in both languages (strict)', () => {
    const { renderer } = shippedRenderer();
    const model = errorPageModel(doc({ code: 'FG_RATE_LIMITED', retryAfterSeconds: 5 })) as unknown as Record<string, unknown>;
    expect(renderer.render('error', model, context('en'))).toContain('Please wait 5 seconds');
    expect(renderer.render('error', model, context('de'))).toContain('Bitte warten Sie 5 Sekunden');
  });
});
