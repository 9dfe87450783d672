/** Message bundles, locale negotiation and message lookup for pages and emails. */
export * from './message-bundles';
export * from './negotiate-locale';
export * from './translate';
export * from './handlebars-params';
