import { clientsView } from './clients.js';
import { requiredActionsView } from './required-actions.js';
import { userProfileView } from './user-profile.js';

/** Routes of the clients, required-actions and user-profile views. */
export const configRoutes = [
  { section: 'clients', realm: true, nav: 'Clients', view: clientsView },
  { section: 'required-actions', realm: true, nav: 'Required actions', view: requiredActionsView },
  { section: 'user-profile', realm: true, nav: 'User profile', view: userProfileView },
];
