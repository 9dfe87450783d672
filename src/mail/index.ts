/** Email: rendering, the persistent outbox, delivery and transports. */
import { MailOutbox1795321664363 } from './migrations/1795321664363-mail-outbox';
import { OutboxMessageEntity } from './outbox-message.entity';

export * from './absolute-url';
export * from './backoff';
export * from './delivery-worker';
export * from './email-renderer';
export * from './email-templates';
export * from './mail-transport';
export * from './mail.service';
export * from './outbox-message';
export * from './outbox.repository';
export * from './transports/create-mail-transport';
export * from './transports/dev-outbox.transport';
export * from './transports/smtp.transport';
export { MailOutbox1795321664363, OutboxMessageEntity };

/** The mail entities, for the data source's `entities`. */
export const MAIL_ENTITIES = [OutboxMessageEntity];

/** The mail migrations, oldest first, for the data source's `migrations`. */
export const MAIL_MIGRATIONS = [MailOutbox1795321664363];
