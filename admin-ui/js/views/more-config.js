/** Routes of the clients, required-actions and user-profile views. */
export const configRoutes = [];
