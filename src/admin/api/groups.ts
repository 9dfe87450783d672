import { apiTokensGroup } from './api-tokens/api-tokens.routes';
import { auditListGroup } from './audit-list/audit-list.routes';
import { bindingsGroup } from './bindings/bindings.routes';
import { catalogGroup } from './catalog/catalog.routes';
import { clientsGroup } from './clients/clients.routes';
import { consoleSessionGroup } from './console-session/console-session.routes';
import { eventsGroup } from './events/events.routes';
import { flowCheckGroup } from './flow-check/flow-check.routes';
import { keysGroup } from './keys/keys.routes';
import { executionsGroup } from './flows/executions.routes';
import { flowsGroup } from './flows/flows.routes';
import { mailGroup } from './mail/mail.routes';
import { profileGroup } from './profile/profile.routes';
import { realmTransferGroup } from './realm-transfer/realm-transfer.routes';
import { realmsGroup } from './realms/realms.routes';
import { requiredActionsGroup } from './required-actions/required-actions.routes';
import type { AdminRouteGroup } from './route-table';
import { sessionsGroup } from './sessions/sessions.routes';
import { pendingActionsGroup } from './users/pending-actions.routes';
import { passkeysGroup } from './users/passkeys.routes';
import { usersGroup } from './users/users.routes';

/**
 * Every route group of the admin API, in mounting order. Add a group by appending its table to
 * the list of its part; each group owns its folder under src/admin/api/.
 */
export const ADMIN_ROUTE_GROUPS: readonly AdminRouteGroup[] = [
  // ---- Sign-in, API tokens, realms, clients, catalog, flows, bindings, import/export ----
  consoleSessionGroup,
  apiTokensGroup,
  realmsGroup,
  clientsGroup,
  keysGroup,
  catalogGroup,
  flowsGroup,
  executionsGroup,
  bindingsGroup,
  realmTransferGroup,
  // ---- Data: users, sessions, events, audit, mail outbox, required actions, user profile ----
  usersGroup,
  pendingActionsGroup,
  passkeysGroup,
  sessionsGroup,
  eventsGroup,
  auditListGroup,
  mailGroup,
  requiredActionsGroup,
  profileGroup,
  // ---- Flow check ----
  flowCheckGroup,
];
