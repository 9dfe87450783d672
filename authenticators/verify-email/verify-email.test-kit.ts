import type { LinkContext, LinkInfo, RequiredActionContext, RequiredActionTriggerContext, UserView } from '../../src/spi';
import { createAuthenticatorContext, InMemoryUsers, type FakeAuthenticatorContext } from '../../src/plugin-kit';
import type { VerifyEmailConfig } from '.';

/**
 * Fake contexts of the verify-email action around one user (Ann), sharing users, notes, mail and
 * clock: `action` for challenge/process, `trigger` for evaluateTriggers, `link(...)` for onLink.
 */
export function createPluginContextFor(seed: { emailVerified: boolean }) {
  const users = new InMemoryUsers([], 'test');
  const user: UserView = users.add({ email: 'ann@example.com', emailVerified: seed.emailVerified });
  // The schema's defaults (the harness and HTTP tests run the schema itself).
  const config: VerifyEmailConfig = { linkLifetimeSeconds: 43200, resendCooldownSeconds: 60 };
  const base: FakeAuthenticatorContext<VerifyEmailConfig> = createAuthenticatorContext<VerifyEmailConfig>({ users, user, config, plugin: 'verify-email', execution: { id: 'required-action/verify-email' } });
  let required = false;
  const trigger = Object.assign(base, { require: async () => void (required = true) }) as unknown as RequiredActionTriggerContext<VerifyEmailConfig>;
  return {
    ctx: {
      user,
      action: base as RequiredActionContext<VerifyEmailConfig> & FakeAuthenticatorContext<VerifyEmailConfig>,
      trigger,
      link: (link: LinkInfo): LinkContext<VerifyEmailConfig> => Object.assign(Object.create(base) as object, { link, sameBrowser: true }) as LinkContext<VerifyEmailConfig>,
    },
    required: () => required,
  };
}
