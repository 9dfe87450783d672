import { apiTokensView } from './api-tokens.js';
import { auditView } from './audit.js';
import { transferView } from './transfer.js';

/** Routes of the import/export, admin audit and API tokens views. */
export const dataRoutes = [
  { section: 'transfer', realm: true, nav: 'Import/export', view: transferView },
  { section: 'audit', realm: false, nav: 'Admin audit', view: auditView },
  { section: 'tokens', realm: false, nav: 'API tokens', view: apiTokensView },
];
