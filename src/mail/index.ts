/** Email: rendering, the persistent outbox, delivery and transports. */

export * from './backoff';
export * from './delivery-worker';
export * from './email-renderer';
export * from './email-templates';
export * from './mail-transport';
export * from './mail.service';
export * from './outbox-message';
export * from './outbox-store';
export * from './transports/create-mail-transport';
export * from './transports/dev-outbox.transport';
export * from './transports/smtp.transport';
