import { existsSync } from 'node:fs';
import path from 'node:path';
import { ContainerModule } from 'inversify';
import type { PluginRegistry } from '../../engine';
import type { ServerConfig } from '../../config/server-config';
import { DEFAULT_MAIL_SEND_TIMEOUT_MS, DeliveryWorker, EmailRenderer, MailService, createMailTransport } from '../../mail';
import { TEMPLATES_DIR } from '../paths';
import { TYPES } from '../tokens';

/** Mail: the transport (SMTP or the development outbox), rendering, the outbox service and its delivery worker. */
export const mailModule = new ContainerModule(({ bind }) => {
  bind(TYPES.MailTransport).toDynamicValue((c) => {
    const config = c.get(TYPES.Config);
    const timeoutMs = sendTimeoutMs(config);
    return createMailTransport({
      ...(config.smtpUrl !== undefined && { smtpUrl: config.smtpUrl }),
      logger: c.get(TYPES.Logger),
      // No stage of a send may take longer than the whole send is allowed to.
      connectionTimeoutMs: timeoutMs,
      greetingTimeoutMs: timeoutMs,
      socketTimeoutMs: timeoutMs,
    });
  });
  bind(TYPES.DeliveryWorker).toDynamicValue((c) => {
    const options = { sendTimeoutMs: sendTimeoutMs(c.get(TYPES.Config)) };
    return new DeliveryWorker({ outbox: c.get(TYPES.MailOutbox), transport: c.get(TYPES.MailTransport), clock: c.get(TYPES.Clock), logger: c.get(TYPES.Logger), options });
  });
  bind(TYPES.MailService).toDynamicValue((c) => {
    const config = c.get(TYPES.Config);
    // One set of bundles for pages and emails: the theme's, the plugins' and the shipped messages.
    const renderer = new EmailRenderer({ templateDirs: emailTemplateDirs(c.get(TYPES.PluginRegistry), config.themeDir), bundles: c.get(TYPES.MessageBundles), publicUrl: config.publicUrl });
    return new MailService({ outbox: c.get(TYPES.MailOutbox), renderer, clock: c.get(TYPES.Clock), from: config.mailFrom, worker: c.get(TYPES.DeliveryWorker) });
  });
});

/**
 * Where email templates come from, later winning: the shipped `templates/email`, each plugin's
 * `<templatesDir>/email` (registration order) when it has one, then the theme's `email`.
 */
function emailTemplateDirs(registry: PluginRegistry, themeDir?: string): string[] {
  const plugins = [...registry.listAuthenticators(), ...registry.listRequiredActions()]
    .map((p) => p.definition.templatesDir)
    .filter((dir): dir is string => dir !== undefined)
    .map((dir) => path.join(dir, 'email'))
    .filter((dir) => existsSync(dir));
  return [path.join(TEMPLATES_DIR, 'email'), ...plugins, ...(themeDir ? [path.join(themeDir, 'email')] : [])];
}

function sendTimeoutMs(config: ServerConfig): number {
  return config.mailSendTimeoutMs ?? DEFAULT_MAIL_SEND_TIMEOUT_MS;
}
