import { allowAccessAuthenticator } from '../../authenticators/allow-access';
import { conditionUserAttribute } from '../../authenticators/condition-user-attribute';
import { conditionUserConfigured } from '../../authenticators/condition-user-configured';
import { cookieAuthenticator } from '../../authenticators/cookie';
import { denyAccessAuthenticator } from '../../authenticators/deny-access';
import { emailOtpAuthenticator } from '../../authenticators/email-otp';
import { identifyEmailAuthenticator } from '../../authenticators/identify-email';
import { magicLinkAuthenticator } from '../../authenticators/magic-link';
import { passkeyAuthenticator, registerPasskeyAction } from '../../authenticators/passkey';
import { termsAndConditionsAction } from '../../authenticators/terms-and-conditions';
import { updateProfileAction } from '../../authenticators/update-profile';
import { verifyEmailAction } from '../../authenticators/verify-email';
import type { PluginDefinition, PluginRegistry } from '../engine';

/**
 * The one explicit list of built-in plugins, in the order the admin catalog shows them. Removing a
 * feature is deleting its `authenticators/<id>/` folder and its line here.
 */
export const BUILTIN_PLUGINS: readonly PluginDefinition[] = Object.freeze([
  cookieAuthenticator,
  identifyEmailAuthenticator,
  magicLinkAuthenticator,
  emailOtpAuthenticator,
  passkeyAuthenticator,
  allowAccessAuthenticator,
  denyAccessAuthenticator,
  conditionUserConfigured,
  conditionUserAttribute,
  updateProfileAction,
  termsAndConditionsAction,
  verifyEmailAction,
  registerPasskeyAction,
]);

/** Registers every built-in with source `built-in`. Throws `FG_DUPLICATE_PLUGIN_ID` if one is already there. */
export function registerBuiltins(registry: PluginRegistry): void {
  for (const plugin of BUILTIN_PLUGINS) registry.register(plugin, 'built-in');
}
