// @ts-check
import { apiTokensView } from './views/api-tokens.js';
import { auditView } from './views/audit.js';
import { bindingsView } from './views/bindings.js';
import { clientsView } from './views/clients.js';
import { eventsView } from './views/events.js';
import { flowCheckView } from './views/flow-check.js';
import { flowEditorView } from './views/flow-editor.js';
import { flowsView } from './views/flows.js';
import { mailView } from './views/mail.js';
import { requiredActionsView } from './views/required-actions.js';
import { transferView } from './views/transfer.js';
import { userProfileView } from './views/user-profile.js';
import { userView } from './views/user.js';
import { usersView } from './views/users.js';

/**
 * What a view gets: the realm of the hash and the parts after the section
 * (`#/<realm>/flows/<alias>/check` gives `['<alias>', 'check']`).
 * @typedef {{ realm: string, params: string[] }} ViewContext
 */
/**
 * A view: what it shows, once its data is loaded.
 * @typedef {(context: ViewContext) => Promise<import('./ui-types').Child>} View
 */
/**
 * One route of the console. `section` is the hash part after the realm; `sub` is absent (the
 * section's page), `*` (one item: `#/<realm>/flows/<alias>`) or a word after the item
 * (`#/<realm>/flows/<alias>/check`). `realm: false` views live under `#/-/`. `nav` is the label of
 * the navigation link, for views that have one.
 * @typedef {{ section: string, sub?: string, realm: boolean, nav?: string, view: View }} Route
 */

/**
 * Every view of the console, in the order of the navigation (realm views first, then those of no
 * realm). A view is added here and nowhere else.
 * @type {readonly Route[]}
 */
export const ROUTES = [
  { section: 'flows', realm: true, nav: 'Flows', view: flowsView },
  { section: 'flows', sub: '*', realm: true, view: flowEditorView },
  { section: 'flows', sub: 'check', realm: true, view: flowCheckView },
  { section: 'bindings', realm: true, nav: 'Bindings', view: bindingsView },
  { section: 'users', realm: true, nav: 'Users', view: usersView },
  { section: 'users', sub: '*', realm: true, view: userView },
  { section: 'events', realm: true, nav: 'Events', view: eventsView },
  { section: 'clients', realm: true, nav: 'Clients', view: clientsView },
  { section: 'required-actions', realm: true, nav: 'Required actions', view: requiredActionsView },
  { section: 'user-profile', realm: true, nav: 'User profile', view: userProfileView },
  { section: 'transfer', realm: true, nav: 'Import/export', view: transferView },
  { section: 'audit', realm: false, nav: 'Admin audit', view: auditView },
  { section: 'tokens', realm: false, nav: 'API tokens', view: apiTokensView },
  { section: 'mail', realm: false, nav: 'Mail outbox', view: mailView },
];
