import type { PluginDefinition } from '../../../src/plugin-kit';
import { conditionEmailDomain } from './email-domain.condition';
import { emailDomainAuthenticator } from './email-domain.authenticator';

export * from './email-domain.authenticator';
export * from './email-domain.condition';

/** The package's two plugins, as the server config's `plugins` entry loads them. */
export const plugins: PluginDefinition[] = [
  emailDomainAuthenticator,
  conditionEmailDomain,
];
