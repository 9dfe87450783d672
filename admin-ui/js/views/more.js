import { configRoutes } from './more-config.js';
import { dataRoutes } from './more-data.js';

/** Routes of the realm-configuration views (clients, required actions, profile) and the data views (audit, import/export, API tokens). */
export const extraRoutes = [...configRoutes, ...dataRoutes];
