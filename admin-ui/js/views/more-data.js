/** Routes of the admin audit, import/export and API tokens views. */
export const dataRoutes = [];
