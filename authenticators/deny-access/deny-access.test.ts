import { failure } from '../../src/spi';
import { createAuthenticatorContext, resolvePluginConfig } from '../../src/plugin-kit';
import { ACCESS_DENIED_ERROR, ACCESS_DENIED_MESSAGE, denyAccessAuthenticator as plugin } from './deny-access.authenticator';

describe('deny-access', () => {
  it('fails with the default message key', async () => {
    const config = resolvePluginConfig(plugin, {});
    expect(config).toEqual({ message: ACCESS_DENIED_MESSAGE });
    expect(await plugin.authenticate(createAuthenticatorContext({ config }))).toEqual(failure('access_denied', 'error.accessDenied'));
  });

  it('fails with the configured message key', async () => {
    const config = resolvePluginConfig(plugin, { message: 'error.contractorsUseVpn' });
    expect(await plugin.authenticate(createAuthenticatorContext({ config }))).toEqual({
      type: 'failure',
      error: ACCESS_DENIED_ERROR,
      message: 'error.contractorsUseVpn',
    });
  });

  it.each([
    ['markup', { message: '<b>Go away</b>' }],
    ['free text', { message: 'You may not sign in here.' }],
    ['an empty key', { message: '' }],
    ['a non-string', { message: 42 }],
    ['an unknown option', { mesage: 'error.typo' }],
  ])('refuses a config with %s', (_label, config) => {
    expect(() => resolvePluginConfig(plugin, config)).toThrow(expect.objectContaining({ code: 'FG_PLUGIN_CONFIG_INVALID' }));
  });
});
