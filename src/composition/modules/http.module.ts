import path from 'node:path';
import { ContainerModule } from 'inversify';
import { openGeoIpDatabase } from '../../http/coarse-location';
import { createPageRenderer, type HandlebarsPageRenderer } from '../../http/render';
import type { MessageBundles } from '../../i18n';
import { BROWSER_KEY_PURPOSE, CSRF_KEY_PURPOSE, DEVICE_KEY_PURPOSE, deriveKey } from '../../security';
import type { ServerAppDeps } from '../app';
import { TEMPLATES_DIR } from '../paths';
import { token, TYPES } from '../tokens';

// The renderer and the bundles are made together (the bundles include the theme's and the plugins'); bound apart.
const PAGE_ASSETS = token<{ renderer: HandlebarsPageRenderer; bundles: MessageBundles }>('PageAssets');

/** What the login pages' app is built with: `createApp(container.get(APP_DEPS))`. */
export const APP_DEPS = token<ServerAppDeps>('AppDeps');

/** The login pages: page rendering and message bundles, the CSRF and browser-id keys, and the app's deps. */
export const httpModule = new ContainerModule(({ bind }) => {
  bind(PAGE_ASSETS).toDynamicValue((c) => {
    const config = c.get(TYPES.Config);
    return createPageRenderer({ templatesRoot: TEMPLATES_DIR, ...(config.themeDir !== undefined && { themeDir: config.themeDir }), plugins: c.get(TYPES.PluginRegistry) });
  });
  bind(TYPES.PageRenderer).toDynamicValue((c) => c.get(PAGE_ASSETS).renderer);
  bind(TYPES.MessageBundles).toDynamicValue((c) => c.get(PAGE_ASSETS).bundles);
  bind(TYPES.CsrfKey).toDynamicValue((c) => deriveKey(c.get(TYPES.ServerSecret), CSRF_KEY_PURPOSE));
  bind(APP_DEPS).toDynamicValue((c) => {
    const config = c.get(TYPES.Config);
    const dataSource = c.get(TYPES.DataSource);
    return {
      config,
      admin: c.get(TYPES.AdminApiDeps),
      logger: c.get(TYPES.Logger),
      executor: c.get(TYPES.FlowExecutor),
      authSessions: c.get(TYPES.AuthSessionStore),
      realms: c.get(TYPES.RealmStore),
      users: c.get(TYPES.UserStore),
      userSessions: c.get(TYPES.UserSessionStore),
      events: c.get(TYPES.EventStore),
      limiter: c.get(TYPES.RateLimiter),
      renderer: c.get(TYPES.PageRenderer),
      bundles: c.get(TYPES.MessageBundles),
      csrfKey: c.get(TYPES.CsrfKey),
      authorizations: c.get(TYPES.OidcAuthorizations),
      // Opened once, at start; a broken file stops the boot.
      ...(config.geoIpDatabase !== undefined && { locator: openGeoIpDatabase(config.geoIpDatabase) }),
      protocol: c.get(TYPES.OidcRoutes),
      browserKey: deriveKey(c.get(TYPES.ServerSecret), BROWSER_KEY_PURPOSE),
      knownDevices: c.get(TYPES.KnownDeviceStore),
      passkeys: c.get(TYPES.PasskeyStore),
      deviceKey: deriveKey(c.get(TYPES.ServerSecret), DEVICE_KEY_PURPOSE),
      // Static files come from the theme's `static/` first, then the shipped one.
      staticDirs: [...(config.themeDir ? [path.join(config.themeDir, 'static')] : []), path.join(TEMPLATES_DIR, 'static')],
      storage: c.get(TYPES.StorageHealth),
    };
  });
});
