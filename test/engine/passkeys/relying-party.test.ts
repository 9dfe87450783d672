import { assertRelyingParty, loadDocuments, PluginRegistry, relyingPartyOf } from '../../../src/engine';
import { registerBuiltins } from '../../../src/plugins/builtins';
import { hasErrorCode } from '../../../src/spi';

const realm = (passkeys?: Record<string, unknown>) => ({ name: 'main', displayName: 'Flowgate', settings: { loginTimeoutSeconds: 1800, defaultLocale: 'en', supportedLocales: ['en'], ...(passkeys && { passkeys }) } });

describe('the realm relying party (#21)', () => {
  it('comes from publicUrl, or from settings.passkeys', () => {
    expect(relyingPartyOf(realm(), 'http://localhost:3000')).toEqual({ id: 'localhost', name: 'Flowgate', origins: ['http://localhost:3000'] });
    expect(relyingPartyOf(realm({ rpId: 'example.com' }), 'https://login.example.com/base')).toEqual({ id: 'example.com', name: 'Flowgate', origins: ['https://login.example.com'] });
  });

  it('refuses an rpId that the origins are not on, naming the setting', () => {
    const error = (() => {
      try {
        assertRelyingParty(realm({ rpId: 'other.com' }), 'https://login.example.com');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(hasErrorCode(error, 'FG_PASSKEY_RELYING_PARTY')).toBe(true);
    expect(error?.message).toContain('settings.passkeys.rpId');
    expect(() => assertRelyingParty(realm({ rpId: 'ample.com' }), 'https://login.example.com')).toThrow(/settings\.passkeys\.rpId/);
    expect(() => assertRelyingParty(realm({ origins: ['http://login.example.com'] }), 'https://login.example.com')).toThrow(/settings\.passkeys\.origins/);
    expect(() => assertRelyingParty(realm({ rpId: 'example.com', origins: ['https://a.example.com', 'https://example.com:8443'] }), 'https://x.org')).not.toThrow();
    expect(() => assertRelyingParty(realm(), 'http://flowgate.internal')).not.toThrow();
  });

  it('is checked when a realm file names both its rpId and its origins', () => {
    const registry = new PluginRegistry();
    registerBuiltins(registry);
    const doc = (passkeys: unknown) => ({
      file: 'main.realm.json',
      text: JSON.stringify({ realm: 'main', settings: { passkeys }, bindings: { browser: 'browser' } }),
    });
    const flow = { file: 'browser.json', text: JSON.stringify({ alias: 'browser', executions: [{ authenticator: 'allow-access', requirement: 'REQUIRED' }] }) };
    expect(() => loadDocuments([flow, doc({ rpId: 'example.com', origins: ['https://login.example.com'] })], registry)).not.toThrow();
    let thrown: unknown;
    try {
      loadDocuments([flow, doc({ rpId: 'example.com', origins: ['https://example.org'] })], registry);
    } catch (e) {
      thrown = e;
    }
    const errors = (thrown as { errors?: Array<{ code: string; message: string }> }).errors ?? [];
    expect(errors.map((e) => e.code)).toEqual(['FG_PASSKEY_RELYING_PARTY']);
    expect(errors[0]!.message).toContain('/settings/passkeys/rpId');
  });
});
