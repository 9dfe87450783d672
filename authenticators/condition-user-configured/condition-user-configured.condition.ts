import { defineCondition, EMPTY_CONFIG_SCHEMA } from '../../src/spi';
import type { SiblingExecution, UserView } from '../../src/spi';

/** Plugin id of the "user configured" condition. */
export const CONDITION_USER_CONFIGURED_ID = 'condition-user-configured';

/**
 * Keycloak's `conditional-user-configured`: the sub-flow runs only when the identified user can
 * actually do its steps. Among the other enabled authenticator executions of the same sub-flow,
 * every REQUIRED one must be configured for the user; when there is no REQUIRED one, any
 * ALTERNATIVE will do; with none at all it matches. Without an identified user it does not match.
 */
export const conditionUserConfigured = defineCondition({
  id: CONDITION_USER_CONFIGURED_ID,
  displayName: 'Condition - user configured',
  helpText: "Runs the sub-flow only if the identified user is set up for its steps (all REQUIRED ones, or any ALTERNATIVE one when none is REQUIRED).",
  requiresUser: true,
  configSchema: EMPTY_CONFIG_SCHEMA,

  async matches(ctx) {
    const user = ctx.user;
    if (!user) return false;
    const enabled = ctx.siblings.filter((s) => s.requirement !== 'DISABLED');
    const required = enabled.filter((s) => s.requirement === 'REQUIRED');
    if (required.length > 0) return every(required, user);
    const alternatives = enabled.filter((s) => s.requirement === 'ALTERNATIVE');
    if (alternatives.length > 0) return some(alternatives, user);
    return true;
  },
});

// Sequential on purpose: stops at the first answer that decides, so no needless lookups.
async function every(siblings: readonly SiblingExecution[], user: UserView): Promise<boolean> {
  for (const s of siblings) if (!(await s.configuredFor(user))) return false;
  return true;
}

async function some(siblings: readonly SiblingExecution[], user: UserView): Promise<boolean> {
  for (const s of siblings) if (await s.configuredFor(user)) return true;
  return false;
}
