/** Routes of the views that are not built yet (clients, required actions, profile, audit, import/export, API tokens). */
export const extraRoutes = [];
