import { bindingsView } from './views/bindings.js';
import { eventsView } from './views/events.js';
import { flowCheckView } from './views/flow-check.js';
import { flowEditorView } from './views/flow-editor.js';
import { flowsView } from './views/flows.js';
import { mailView } from './views/mail.js';
import { userView } from './views/user.js';
import { usersView } from './views/users.js';
import { extraRoutes } from './views/more.js';

/**
 * The console's views. `section` is the hash part after the realm; `sub` is absent (the section's
 * page), `*` (one item: `#/<realm>/flows/<alias>`) or a word after the item
 * (`#/<realm>/flows/<alias>/check`). `realm: false` views live under `#/-/`. `nav` is the label of
 * the navigation link, for views that have one. A view is `async ({ realm, params }) => nodes`.
 */
export const ROUTES = [
  { section: 'flows', realm: true, nav: 'Flows', view: flowsView },
  { section: 'flows', sub: '*', realm: true, view: flowEditorView },
  { section: 'flows', sub: 'check', realm: true, view: flowCheckView },
  { section: 'bindings', realm: true, nav: 'Bindings', view: bindingsView },
  { section: 'users', realm: true, nav: 'Users', view: usersView },
  { section: 'users', sub: '*', realm: true, view: userView },
  { section: 'events', realm: true, nav: 'Events', view: eventsView },
  ...extraRoutes,
  { section: 'mail', realm: false, nav: 'Mail outbox', view: mailView },
];
